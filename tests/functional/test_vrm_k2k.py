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
"""K2K through a binding the VRM activated: the reseller's identity lands
in the virtual region's domain and reaches only the placed project, whose
limits the provider's Glance enforces."""

from __future__ import annotations

from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import session as ks_session

from tests.functional import k2k_fixtures
from tests.functional import vrm_base


class TestK2KThroughBinding(vrm_base.VRMTestCase):
    provider = 'p2'

    def setUp(self) -> None:
        super().setUp()
        # The reseller's real SAML entity id: one test at a time per
        # provider may have it trusted (Keystone: one IdP per remote id).
        self.useFixture(k2k_fixtures.ProviderLock(self.topology,
                                                  self.provider))

    def register_service_provider(self, binding: dict) -> str:
        reseller = self.keystone_admin('aggregator-admin')
        sp_id = self.unique(self.provider)
        auth_url = ('%s/OS-FEDERATION/identity_providers/%s/protocols/%s/'
                    'auth' % (binding['auth_url'],
                              binding['identity_provider_id'],
                              binding['protocol']))
        reseller.federation.service_providers.create(
            id=sp_id, auth_url=auth_url, sp_url=binding['sp_url'],
            relay_state_prefix=auth_url + '?rs=', enabled=True)
        self.addCleanup(reseller.federation.service_providers.delete, sp_id)
        return sp_id

    def k2k(self, sp_id: str, **scope) -> ks_session.Session:
        idp = self.password_session('tenant-x').auth
        return ks_session.Session(
            auth=k2k_fixtures.Keystone2Keystone(idp, sp_id, **scope))

    def test_login_lands_in_virtual_region_and_placed_project(self):
        vr = self.create_region(approval='auto')
        partner, client = self.onboard(self.reseller_metadata())
        binding = self.request_binding(client, vr)
        self.assertEqual('active', binding['status'])   # auto approval
        # Reached by assertions about the reseller's project T (tenant-x's
        # token's project)...
        tenant = self.cloud('tenant-x')['auth']
        placed = client.post(
            '/v1/bindings/%s/projects' % binding['id'],
            json={'project': {'name': 'T', 'quota': {
                'image': {'image_count_total': 1}}, 'access': {
                    'project': tenant['project_name'],
                    'project_domain': tenant['project_domain_name']}}}
        ).json()['project']
        # ... and a placement for another reseller project, which x's
        # identity scoped to T must not reach.
        other = client.post(
            '/v1/bindings/%s/projects' % binding['id'],
            json={'project': {'name': 'O', 'access': {
                'project': 'other', 'project_domain':
                    tenant['project_domain_name']}}}).json()['project']
        # A project of the same domain that was not placed by this binding.
        stray = self.ks.projects.create(name=self.unique('stray'),
                                        domain=vr['domain_id'])
        self.addCleanup(self.ks.projects.delete, stray)

        sp_id = self.register_service_provider(binding)
        unscoped = self.k2k(sp_id)
        access = unscoped.auth.get_access(unscoped)
        # A partner-level identity in the virtual region's domain.
        self.assertEqual(vr['domain_id'], access.user_domain_id)
        self.assertEqual('partner-' + partner['name'], access.username)
        self.assertNotIn(self.cloud('tenant-x')['auth']['username'],
                         access.username.split('-'))
        projects = unscoped.get(binding['auth_url'] + '/auth/projects'
                                ).json()['projects']
        self.assertEqual([placed['project_id']], [p['id'] for p in projects])

        scoped = self.k2k(sp_id, project_id=placed['project_id'])
        self.assertEqual(placed['project_id'],
                         scoped.auth.get_access(scoped).project_id)
        for unreachable in (stray.id, other['project_id']):
            self.assertRaises(ks_exc.Unauthorized, self.k2k(
                sp_id, project_id=unreachable).get_token)

        # Glance enforces the placement's limit (1 image) from Keystone.
        filt = {'service_type': 'image', 'region_name': self.region}
        body = {'disk_format': 'raw', 'container_format': 'bare'}
        first = scoped.post('/v2/images', endpoint_filter=filt,
                            json=dict(body, name='one'))
        self.addCleanup(scoped.delete, '/v2/images/%s' % first.json()['id'],
                        endpoint_filter=filt, raise_exc=False)
        second = scoped.post('/v2/images', endpoint_filter=filt,
                             json=dict(body, name='two'), raise_exc=False)
        self.assertEqual(413, second.status_code, second.text)

        # Suspension: the identity provider no longer lets anyone in, and
        # provider tokens issued through it stop being valid.
        issued = scoped.get_token()
        self.assertEqual('suspended', self.admin.action(
            binding['id'], 'suspend').json()['binding']['status'])
        self.assertRaises(ks_exc.NotFound, self.ks.tokens.validate, issued)
        self.assertRaises((ks_exc.Unauthorized, ks_exc.Forbidden),
                          self.k2k(sp_id).get_token)
        self.assertEqual('active', self.admin.action(
            binding['id'], 'resume').json()['binding']['status'])
        self.assertTrue(self.k2k(sp_id).get_token())
