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
"""Every configuration option of the Virtual Region Manager, registered in
one place.

The groups are those of ``csf_common.conf`` with the VRM's defaults and
help texts. Code receives a ``ConfigOpts`` and reads
``conf.<group>.<option>``; nothing reads configuration at import time.
"""

from oslo_config import cfg

from csf_common import conf as common_conf
from csf_common.conf import api
from csf_common.conf import database
from csf_common.conf import keystone
from csf_common.conf import keystone_authtoken
from virtual_region_manager.conf import federation
from virtual_region_manager.conf import jobs
from virtual_region_manager.conf import partners
from virtual_region_manager.conf import virtual_regions

# In the order of the sample configuration file.
GROUPS = (
    api.ApiOptions(
        service='Virtual Region Manager', command='virtual-region-manager',
        wsgi_app='virtual_region_manager.wsgi.api:application',
        default_port=9871, example_url='https://cloud.example.com/vrm'),
    database.DatabaseOptions(
        default_connection=('sqlite:////var/lib/virtual-region-manager/'
                            'virtual-region-manager.sqlite')),
    # The Virtual Region Manager uses this account, in the provider's
    # Keystone, to set up bindings: identity providers, mappings, groups,
    # role assignments and the projects of partners' tenants. Give it the
    # least privilege that works.
    keystone.KeystoneOptions(
        title='Provider Keystone service account',
        help="The Virtual Region Manager's own account in the provider's "
             "Keystone."),
    # Neutron keeps its own quota (not Keystone's unified limits): the
    # VRM sets a placed project's network quota with this account.
    keystone.KeystoneOptions(
        group='neutron',
        title="Provider Neutron quota account",
        help="An account with the admin role on a project of the "
             "provider's Keystone (Neutron accepts no system-scoped "
             "token), with which the Virtual Region Manager sets the "
             "network quota of placed projects. Without it, virtual "
             "regions offer no network quota."),
    # Incoming tokens are issued by the provider's Keystone.
    keystone_authtoken,
    federation,
    virtual_regions,
    partners,
    jobs,
)


def register_opts(conf: cfg.ConfigOpts) -> None:
    """Register the options of every group on ``conf``."""
    common_conf.register_opts(conf, GROUPS)
