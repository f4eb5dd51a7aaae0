#    Licensed under the Apache License, Version 2.0 (the "License"); you may
#    not use this file except in compliance with the License. You may obtain
#    a copy of the License at
#
#         http://www.apache.org/licenses/LICENSE-2.0
#
#    Unless required by applicable law or agreed to in writing, software
#    distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
#    WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
#    License for the specific language governing permissions and limitations
#    under the License.
"""Policy enforcement, with a service's rules in code as defaults."""

from collections.abc import Iterable

from oslo_config import cfg
from oslo_policy import policy


def make_enforcer(conf: cfg.ConfigOpts,
                  rules: Iterable[policy.RuleDefault]) -> policy.Enforcer:
    """Return an enforcer for ``conf`` with ``rules`` registered as defaults.

    The enforcer reads the ``[oslo_policy]`` options of ``conf``; an
    operator's policy file only needs to list the rules it overrides.
    """
    enforcer = policy.Enforcer(conf)
    enforcer.register_defaults(rules)
    return enforcer


def get_enforcer(rules: Iterable[policy.RuleDefault]) -> policy.Enforcer:
    """Return an enforcer for the oslopolicy-* tools.

    Those tools parse their command line into the global ``cfg.CONF`` and
    call a service's ``oslo.policy.enforcer`` entry point, so this is the
    one place that uses it.
    """
    return make_enforcer(cfg.CONF, rules)
