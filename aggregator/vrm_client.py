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
"""Calls to a provider's VRM, as its partner (application credential).

A thin wrapper over ``csf_client.vrm.VRMClient``: every call goes
through a keystoneauth1 Session with bounded connect and read timeouts to
the provider's registered VRM URL. A provider that cannot be reached
raises ``ProviderUnavailable``; what the VRM refuses comes back as the
Aggregator's own error kinds with the VRM's message.

The Session of a provider's credential is kept for the life of the
process: its partner token and pooled connections serve every later call
(the refresher's polls included) until the token nears its expiry, and a
401 makes keystoneauth log in again, instead of one login at the
provider's Keystone per call.
"""

from __future__ import annotations

import collections
import functools
import threading

from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session

from aggregator import crypto
from aggregator import errors
from csf_client import exceptions as client_exc
from csf_client import vrm


def _mapped(method):
    """Run a client call and map its errors to the Aggregator's."""
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except client_exc.ClientException as exc:
            raise self._error(exc) from exc
    return call


# Sessions by (Keystone URL, credential id, encrypted secret, timeout):
# a changed credential is a new key. Least recently used dropped first.
MAX_SESSIONS = 1024
_sessions: collections.OrderedDict = collections.OrderedDict()
_sessions_lock = threading.Lock()


def partner_session(conf, provider) -> ks_session.Session:
    """The partner Session of ``provider``'s credential, reused."""
    key = (provider.auth_url, provider.credential_id,
           provider.credential_secret, conf.providers.timeout)
    with _sessions_lock:
        found = _sessions.get(key)
        if found is not None:
            _sessions.move_to_end(key)
            return found
    auth = v3.ApplicationCredential(
        auth_url=provider.auth_url,
        application_credential_id=provider.credential_id,
        application_credential_secret=crypto.decrypt(
            conf, provider.credential_secret))
    made = ks_session.Session(auth=auth, timeout=conf.providers.timeout)
    with _sessions_lock:
        found = _sessions.setdefault(key, made)
        _sessions.move_to_end(key)
        while len(_sessions) > MAX_SESSIONS:
            _sessions.popitem(last=False)
    return found


class VRMClient:
    def __init__(self, conf, provider) -> None:
        self.name = provider.name
        self.endpoint = provider.vrm_url.rstrip('/')
        self.session = partner_session(conf, provider)
        # Reads answer at once; changes wait for the provider's Keystone.
        self.reader = vrm.VRMClient(self.session,
                                    endpoint_override=self.endpoint,
                                    timeout=conf.providers.timeout)
        self.client = vrm.VRMClient(self.session,
                                    endpoint_override=self.endpoint,
                                    timeout=conf.providers.vrm_timeout)

    def _error(self, exc: client_exc.ClientException) -> Exception:
        if isinstance(exc, client_exc.AuthenticationFailed):
            return errors.CredentialRefused(
                "Provider %s's Keystone refuses the partner credential."
                % self.name)
        if exc.status_code is None or isinstance(
                exc, client_exc.EndpointNotFound):
            # The keystoneauth error that the client wrapped says why.
            return errors.ProviderUnavailable('Provider %s does not answer: '
                                              '%s' % (self.name,
                                                      exc.__cause__ or exc))
        if exc.status_code >= 500:
            return errors.ProviderUnavailable(
                'Provider %s failed (%d).' % (self.name, exc.status_code))
        kind = {404: errors.NotFound, 409: errors.Conflict}.get(
            exc.status_code, errors.InvalidInput)
        return kind('Provider %s: %s' % (self.name, exc.message))

    @_mapped
    def offerings(self) -> list[dict]:
        return self.reader.list_offerings()

    @_mapped
    def create_binding(self, virtual_region_id: str) -> dict:
        return self.client.create_binding(virtual_region_id,
                                          api_version='v1')

    @_mapped
    def binding(self, binding_id: str) -> dict:
        return self.reader.get_binding(binding_id)

    @_mapped
    def bindings(self) -> list[dict]:
        return self.reader.list_bindings()

    @_mapped
    def action(self, binding_id: str, name: str,
               args: dict | None = None) -> dict:
        return self.client.binding_action(binding_id, name, args)

    @_mapped
    def place(self, binding_id: str, name: str, quota: dict,
              **extra) -> dict:
        return self.client.create_placement(binding_id, name, quota, **extra)

    @_mapped
    def placements(self, binding_id: str) -> list[dict]:
        return self.reader.list_placements(binding_id)

    @_mapped
    def set_access(self, binding_id: str, placement_id: str,
                   access: dict) -> dict:
        return self.client.set_placement_access(binding_id, placement_id,
                                                access)

    @_mapped
    def set_user(self, binding_id: str, placement_id: str, key: str,
                 secret: str | None, role: str = 'member') -> dict:
        return self.client.set_placement_user(binding_id, placement_id, key,
                                              secret, role)

    @_mapped
    def remove_user(self, binding_id: str, placement_id: str,
                    key: str) -> None:
        self.client.delete_placement_user(binding_id, placement_id, key)

    @_mapped
    def remove(self, binding_id: str, placement_id: str) -> None:
        self.client.delete_placement(binding_id, placement_id)
