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
"""Options of the ``[keystone_authtoken]`` group, from keystonemiddleware.

They configure how incoming tokens, issued by the operator's Keystone (the
reseller's or the provider's), are validated. The module itself is an
option group: list it in a service's ``conf.GROUPS``.
"""

from keystonemiddleware import auth_token
from oslo_config import cfg

GROUP = 'keystone_authtoken'


def _opts() -> list[cfg.Opt]:
    return [opt for group, opts in auth_token.list_opts()
            if group == GROUP for opt in opts]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_opts(_opts(), group=GROUP)


def list_opts() -> dict[str, list[cfg.Opt]]:
    return {GROUP: _opts()}
