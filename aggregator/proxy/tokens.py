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
"""Provider tokens for the Aggregator's own partner identity.

In proxy mode the provider never sees the tenant: the Aggregator asks its
own Keystone (the reseller's, a SAML2 IdP) for an assertion about its
proxy identity, presents it to the provider's Keystone (K2K), and scopes
the result to the provider project that backs the tenant's placement.
keystoneauth1's Keystone2Keystone plugin keeps each token until shortly
before it expires; plugins are cached per (region, provider project) and
dropped when a request comes back 401 or the region stops being active.
"""

from __future__ import annotations

import threading
import time

from keystoneauth1 import exceptions as ks_exc
from keystoneauth1.identity import v3
from keystoneauth1 import loading as ks_loading
from keystoneauth1 import session as ks_session

GROUP = 'proxy_identity'


def register_opts(conf) -> None:
    ks_loading.register_auth_conf_options(conf, GROUP)


def list_opts() -> dict:
    return {GROUP: ks_loading.get_auth_common_conf_options() +
            ks_loading.get_auth_plugin_conf_options('password')}


class Keystone2Keystone(v3.Keystone2Keystone):
    """keystoneauth1's K2K plugin, trying the SAML exchange up to 3 times.

    A K2K login is two requests to the provider's web server (assertion,
    then the federated auth URL with mellon's session cookie). Every
    binding activated or terminated at that provider gracefully reloads
    its web server, which empties mellon's session cache: a reload between
    the two requests makes the second answer 500, and a new exchange then
    succeeds. A lasting failure still fails after the last attempt.
    """

    ATTEMPTS = 3

    def get_unscoped_auth_ref(self, session):
        for attempt in range(1, self.ATTEMPTS + 1):
            try:
                return super().get_unscoped_auth_ref(session)
            except ks_exc.InternalServerError:
                if attempt == self.ATTEMPTS:
                    raise
                time.sleep(1)


class ProviderTokens:
    def __init__(self, conf) -> None:
        self.conf = conf
        self._lock = threading.Lock()
        self._plugins: dict = {}
        self._idp = None
        self._session = None

    def _identity(self):
        if self._idp is None:
            self._idp = ks_loading.load_auth_from_conf_options(
                self.conf, GROUP)
        return self._idp

    def token(self, region, provider_project_id: str) -> str:
        """A provider token scoped to ``provider_project_id``."""
        key = (region.id, region.service_provider_id, provider_project_id)
        with self._lock:
            plugin = self._plugins.get(key)
            if plugin is None:
                plugin = Keystone2Keystone(
                    self._identity(), region.service_provider_id,
                    project_id=provider_project_id)
                self._plugins[key] = plugin
            if self._session is None:
                self._session = ks_session.Session(
                    timeout=self.conf.providers.timeout)
        return plugin.get_token(self._session)

    def forget(self, region, provider_project_id: str | None = None
               ) -> None:
        """Drop cached provider tokens, and our own reseller token.

        Our token lists the service providers that existed when it was
        issued; one for a region activated since is missing from it.
        """
        with self._lock:
            if self._idp is not None:
                self._idp.invalidate()
            for key in list(self._plugins):
                if key[0] == region.id and (provider_project_id is None or
                                            key[2] == provider_project_id):
                    del self._plugins[key]
