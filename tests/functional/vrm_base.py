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
"""Helpers for functional tests of a provider's VRM: sessions for the
provider admin and for partners, found through the provider's catalog."""

from __future__ import annotations

from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session

from tests.functional import base

SERVICE_TYPE = 'virtual-region-manager'
METADATA = {
    'schema_version': '1',
    'location': {'country': 'DE', 'jurisdiction': 'EU', 'city': 'Frankfurt'},
    'services': {'image': {'api_versions': ['v2']}},
    'flavors': [{'name': 'g1.small', 'vcpus': 1, 'ram_mb': 2048,
                 'disk_gb': 20, 'cpu_performance_factor': 1.2}],
    'network': {'tenant_networks': True, 'floating_ips': True},
    'instance_metadata': {'config_drive': True, 'metadata_service': True},
    'sla': {'availability': '99.9%'},
}


class VRMClient:
    """A keystoneauth1 session bound to one provider's VRM."""

    def __init__(self, sess: ks_session.Session, region: str, *,
                 endpoint: str | None = None) -> None:
        self.session = sess
        self.filter = {'service_type': SERVICE_TYPE, 'interface': 'public',
                       'region_name': region}
        self.endpoint = endpoint     # instead of the catalog's

    def request(self, method: str, path: str, **kwargs):
        kwargs.setdefault('raise_exc', False)
        if self.endpoint:
            kwargs['endpoint_override'] = self.endpoint
        return self.session.request(path, method,
                                    endpoint_filter=self.filter, **kwargs)

    def get(self, path, **kw):
        return self.request('GET', path, **kw)

    def post(self, path, **kw):
        return self.request('POST', path, **kw)

    def put(self, path, **kw):
        return self.request('PUT', path, **kw)

    def patch(self, path, **kw):
        return self.request('PATCH', path, **kw)

    def delete(self, path, **kw):
        return self.request('DELETE', path, **kw)

    def action(self, binding_id: str, name: str, args=None):
        return self.post('/v1/bindings/%s/action' % binding_id,
                         json={name: args})


class VRMTestCase(base.FunctionalTestCase):
    provider = 'p1'

    def setUp(self) -> None:
        super().setUp()
        self.region = self.service('%s-vrm' % self.provider)['region']
        self.admin = VRMClient(
            self.password_session('provider-%s-admin' % self.provider),
            self.region)
        self.ks = self.keystone_admin('provider-%s-admin' % self.provider)

    def partner_client(self, credential: dict) -> VRMClient:
        auth = v3.ApplicationCredential(
            auth_url=self.service('%s-keystone' % self.provider)['auth_url'],
            application_credential_id=credential['id'],
            application_credential_secret=credential['secret'])
        return VRMClient(ks_session.Session(auth=auth), self.region)

    def reseller_metadata(self) -> tuple[str, str]:
        idp = self.service('reseller-keystone')
        with open(idp['idp_metadata']) as fh:
            return idp['idp_entity_id'], fh.read()

    def fake_idp(self) -> tuple[str, str]:
        """Entity id and metadata of an IdP nobody else uses."""
        entity, metadata = self.reseller_metadata()
        fake = 'https://%s.example.invalid/idp' % self.unique('idp')
        return fake, metadata.replace(entity, fake)

    def create_region(self, **overrides) -> dict:
        body = {'name': self.unique('vr'), 'region_id': self.region,
                'services': ['image'], 'metadata': METADATA,
                'quota': {'image': {'image_count_total': 10,
                                    'image_size_total': 1000}},
                'approval': 'manual', 'visibility': 'public'}
        body.update(overrides)
        resp = self.admin.post('/v1/virtual-regions',
                               json={'virtual_region': body})
        self.assertEqual(201, resp.status_code, resp.text)
        vr = resp.json()['virtual_region']
        self.addCleanup(self.admin.delete,
                        '/v1/virtual-regions/%s' % vr['id'])
        return vr

    def onboard(self, entity_metadata: tuple[str, str] | None = None
                ) -> tuple[dict, VRMClient]:
        entity, metadata = entity_metadata or self.fake_idp()
        resp = self.admin.post('/v1/partners', json={'partner': {
            'name': self.unique('partner'), 'idp_entity_id': entity,
            'idp_metadata': metadata}})
        self.assertEqual(201, resp.status_code, resp.text)
        partner = resp.json()['partner']
        self.addCleanup(self.admin.delete, '/v1/partners/%s' % partner['id'])
        return partner, self.partner_client(
            partner['application_credential'])

    def request_binding(self, client: VRMClient, vr: dict) -> dict:
        resp = client.post('/v1/bindings', json={'binding': {
            'virtual_region_id': vr['id']}})
        self.assertEqual(201, resp.status_code, resp.text)
        binding = resp.json()['binding']
        # Terminated before the region and the partner are deleted.
        self.addCleanup(self.admin.action, binding['id'], 'terminate',
                        {'projects': 'delete'})
        return binding
