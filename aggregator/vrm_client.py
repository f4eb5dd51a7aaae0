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

Every call goes through a keystoneauth1 Session with bounded connect and
read timeouts. A provider that cannot be reached raises
``ProviderUnavailable``; what the VRM refuses comes back as the
Aggregator's own error kinds with the VRM's message.
"""

from __future__ import annotations

from keystoneauth1 import exceptions as ks_exc
from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session

from aggregator import crypto
from aggregator import errors


class VRMClient:
    def __init__(self, conf, provider) -> None:
        auth = v3.ApplicationCredential(
            auth_url=provider.auth_url,
            application_credential_id=provider.credential_id,
            application_credential_secret=crypto.decrypt(
                conf, provider.credential_secret))
        self.name = provider.name
        self.endpoint = provider.vrm_url.rstrip('/')
        self.session = ks_session.Session(auth=auth,
                                          timeout=conf.providers.timeout)

    def _call(self, method: str, path: str, **kwargs) -> dict | None:
        try:
            resp = self.session.request(
                self.endpoint + path, method, raise_exc=False, **kwargs)
        except (ks_exc.ConnectFailure, ks_exc.ConnectTimeout,
                ks_exc.RequestTimeout, ks_exc.DiscoveryFailure,
                ks_exc.SSLError) as exc:
            raise errors.ProviderUnavailable(
                'Provider %s does not answer: %s' % (self.name, exc)
            ) from exc
        except (ks_exc.Unauthorized, ks_exc.NotFound) as exc:
            # (Keystone answers 404 for an unknown application credential.)
            raise errors.CredentialRefused(
                "Provider %s's Keystone refuses the partner credential."
                % self.name) from exc
        if resp.status_code >= 500:
            raise errors.ProviderUnavailable(
                'Provider %s failed (%d).' % (self.name, resp.status_code))
        if resp.status_code >= 400:
            detail = _detail(resp)
            kind = {404: errors.NotFound, 409: errors.Conflict}.get(
                resp.status_code, errors.InvalidInput)
            raise kind('Provider %s: %s' % (self.name, detail))
        return resp.json() if resp.content else None

    def offerings(self) -> list[dict]:
        return self._call('GET', '/v1/offerings')['offerings']

    def create_binding(self, virtual_region_id: str) -> dict:
        return self._call('POST', '/v1/bindings', json={'binding': {
            'virtual_region_id': virtual_region_id,
            'api_version': 'v1'}})['binding']

    def binding(self, binding_id: str) -> dict:
        return self._call('GET', '/v1/bindings/%s' % binding_id)['binding']

    def bindings(self) -> list[dict]:
        return self._call('GET', '/v1/bindings')['bindings']

    def action(self, binding_id: str, name: str,
               args: dict | None = None) -> dict:
        return self._call('POST', '/v1/bindings/%s/action' % binding_id,
                          json={name: args})['binding']

    def place(self, binding_id: str, name: str, quota: dict) -> dict:
        return self._call('POST', '/v1/bindings/%s/projects' % binding_id,
                          json={'project': {'name': name,
                                            'quota': quota}})['project']

    def placements(self, binding_id: str) -> list[dict]:
        return self._call('GET', '/v1/bindings/%s/projects'
                          % binding_id)['projects']

    def remove(self, binding_id: str, placement_id: str) -> None:
        self._call('DELETE', '/v1/bindings/%s/projects/%s'
                   % (binding_id, placement_id))


def _detail(resp) -> str:
    try:
        return resp.json()['errors'][0]['detail']
    except Exception:  # noqa: BLE001 - any unexpected body
        return resp.text[:200]
