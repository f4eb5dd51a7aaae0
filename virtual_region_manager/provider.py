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
"""The VRM's own session with the provider's Keystone, from ``[keystone]``.
"""

from __future__ import annotations

from keystoneauth1 import loading as ks_loading
from oslo_config import cfg

from virtual_region_manager import provider_keystone


def keystone(conf: cfg.ConfigOpts) -> provider_keystone.ProviderKeystone:
    """Build the ProviderKeystone for the service account in ``conf``."""
    auth = ks_loading.load_auth_from_conf_options(conf, 'keystone')
    session = ks_loading.load_session_from_conf_options(conf, 'keystone',
                                                        auth=auth)
    return provider_keystone.ProviderKeystone(
        session, endpoint_override=conf.federation.auth_url,
        catalog_cache_time=conf.virtual_regions.catalog_cache_time)
