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
"""Options of the ``[keystone]`` group: a service's own account.

A service uses this account, in its operator's Keystone, for the calls it
makes on its own behalf. The options are keystoneauth1's session and
password-plugin options.
"""

from keystoneauth1 import loading as ks_loading
from oslo_config import cfg

GROUP = 'keystone'
# Seconds a call to Keystone may take: a Keystone that hangs, rather than
# dies, must not hold a job step or a request for ever.
DEFAULT_TIMEOUT = 60


def _session_opts() -> list[cfg.Opt]:
    opts = ks_loading.get_session_conf_options()
    for opt in opts:
        if opt.dest == 'timeout':
            opt.default = DEFAULT_TIMEOUT
    return opts


class KeystoneOptions:
    """The ``[keystone]`` group, titled and described for one service.

    Or another group of the same options (``group``): an account for
    calls to another service, as Nova's ``[neutron]``.
    """

    def __init__(self, *, title: str, help: str, group: str = GROUP) -> None:
        self.title = title
        self.help = help
        self.group = group

    def _group(self) -> cfg.OptGroup:
        # A new OptGroup each time: see ApiOptions._group.
        return cfg.OptGroup(self.group, title=self.title, help=self.help)

    def register_opts(self, conf: cfg.ConfigOpts) -> None:
        conf.register_group(self._group())
        conf.register_opts(_session_opts(), group=self.group)
        ks_loading.register_auth_conf_options(conf, self.group)

    def list_opts(self) -> dict[cfg.OptGroup, list[cfg.Opt]]:
        opts = (_session_opts() +
                ks_loading.get_auth_common_conf_options() +
                ks_loading.get_auth_plugin_conf_options('password'))
        return {self._group(): opts}
