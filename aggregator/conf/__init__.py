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
"""Every configuration option of the Aggregator, registered in one place.

The groups are those of ``csf_common.conf`` with the Aggregator's defaults
and help texts. Code receives a ``ConfigOpts`` and reads
``conf.<group>.<option>``; nothing reads configuration at import time.
"""

from oslo_config import cfg

from aggregator.conf import credentials
from aggregator.conf import providers
from aggregator.conf import proxy
from csf_common import conf as common_conf
from csf_common.conf import api
from csf_common.conf import cache
from csf_common.conf import database
from csf_common.conf import keystone
from csf_common.conf import keystone_authtoken

# In the order of the sample configuration file.
GROUPS = (
    api.ApiOptions(
        service='Aggregator', command='aggregator-api',
        wsgi_app='aggregator.wsgi.api:application', default_port=9870,
        example_url='https://cloud.example.com/aggregator'),
    database.DatabaseOptions(
        default_connection='sqlite:////var/lib/aggregator/aggregator.sqlite'),
    # The Aggregator uses this account, in the reseller's own Keystone, for
    # the calls it makes on its own behalf (for instance to look up the
    # projects that tenants place in aggregator regions). Credentials
    # towards providers are stored per provider in the database, not here.
    keystone.KeystoneOptions(
        title='Reseller Keystone service account',
        help="The Aggregator's own account in the reseller's Keystone."),
    # Incoming tokens are issued by the reseller's Keystone.
    keystone_authtoken,
    credentials,
    providers,
    proxy,
    # Shared by every worker process and host (memcached) when enabled.
    cache,
)


def register_opts(conf: cfg.ConfigOpts) -> None:
    """Register the options of every group on ``conf``."""
    common_conf.register_opts(conf, GROUPS)
