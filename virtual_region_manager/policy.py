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
"""Policy enforcement for the Virtual Region Manager API."""

from oslo_config import cfg
from oslo_policy import policy

from virtual_region_manager import policies


def make_enforcer(conf: cfg.ConfigOpts) -> policy.Enforcer:
    """Return an enforcer for ``conf`` with the in-code defaults registered.

    The enforcer reads the ``[oslo_policy]`` options of ``conf``; an
    operator's policy file only needs to list the rules it overrides.
    """
    enforcer = policy.Enforcer(conf)
    enforcer.register_defaults(policies.list_rules())
    return enforcer


def get_enforcer() -> policy.Enforcer:
    """Entry point for the oslopolicy-* tools (``oslo.policy.enforcer``).

    Those tools parse their command line into the global ``cfg.CONF``, so
    this is the one place that uses it.
    """
    return make_enforcer(cfg.CONF)
