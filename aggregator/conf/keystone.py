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
"""Options of the ``[keystone]`` group: the Aggregator's service account.

The Aggregator uses this account, in the reseller's own Keystone, for the
calls it makes on its own behalf (for instance to look up the projects that
tenants place in aggregator regions). Credentials towards providers are
stored per provider in the database, not here.
"""

from keystoneauth1 import loading as ks_loading
from oslo_config import cfg

GROUP = 'keystone'


def _group() -> cfg.OptGroup:
    # A new OptGroup each time: see conf/api.py.
    return cfg.OptGroup(
        GROUP, title='Reseller Keystone service account',
        help="The Aggregator's own account in the reseller's Keystone.")


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_group(_group())
    ks_loading.register_session_conf_options(conf, GROUP)
    ks_loading.register_auth_conf_options(conf, GROUP)


def list_opts() -> dict[cfg.OptGroup, list[cfg.Opt]]:
    opts = (ks_loading.get_session_conf_options() +
            ks_loading.get_auth_common_conf_options() +
            ks_loading.get_auth_plugin_conf_options('password'))
    return {_group(): opts}
