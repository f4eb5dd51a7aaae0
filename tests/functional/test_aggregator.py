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
"""The Aggregator against the real topology: providers, offerings,
regions bound through real VRMs, placements, and the dynamic catalog in
real Keystone tokens."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import time

from tests.functional import test_vrm_recovery
from tests.functional import vrm_base
from tools.topology import postgres

OPENSTACK = os.path.join(os.path.dirname(sys.executable), 'openstack')


class AggregatorTestCase(vrm_base.VRMTestCase):
    provider = 'p1'

    def setUp(self) -> None:
        super().setUp()
        self.agg_url = self.service('reseller-aggregator')['url']
        self.reseller = self.password_session('aggregator-admin')
        self.tenant = self.password_session('tenant-x')
        self.tenant_project = self.tenant.get_project_id()

    def agg(self, method: str, path: str, *, sess=None, **kwargs):
        return (sess or self.reseller).request(
            self.agg_url + path, method, raise_exc=False, **kwargs)

    def register_provider(self, *, vrm_url: str | None = None,
                          partner: dict | None = None) -> dict:
        """Onboard a fresh partner at the provider; register it here."""
        partner = partner or self.onboard()[0]
        resp = self.agg('POST', '/v1/providers', json={'provider': {
            'name': self.unique('P'),
            'vrm_url': vrm_url or self.service(
                '%s-vrm' % self.provider)['url'],
            'auth_url': self.service('%s-keystone' % self.provider)[
                'auth_url'],
            'application_credential': partner['application_credential']}})
        self.assertEqual(201, resp.status_code, resp.text)
        provider = resp.json()['provider']
        self.addCleanup(self.agg, 'DELETE', '/v1/providers/%s'
                        % provider['id'])
        provider['_secret'] = partner['application_credential']['secret']
        return provider

    def real_partner_region(self, mode: str, **vr_overrides) -> dict:
        """A region bound through the reseller's real SAML entity id.

        The caller holds ``k2k_fixtures.ProviderLock`` for the provider.
        ``vr_overrides`` change the virtual region it is bound to.
        """
        vr = self.create_region(approval='auto', **vr_overrides)
        partner, _ = self.onboard(self.reseller_metadata())
        resp = self.agg('POST', '/v1/providers', json={'provider': {
            'name': self.unique('P'),
            'vrm_url': self.service('%s-vrm' % self.provider)['url'],
            'auth_url': self.service('%s-keystone' % self.provider)[
                'auth_url'],
            'application_credential': partner['application_credential']}})
        self.assertEqual(201, resp.status_code, resp.text)
        provider = resp.json()['provider']
        self.addCleanup(self.agg, 'DELETE', '/v1/providers/%s'
                        % provider['id'])
        region = self.create_agg_region(provider, vr, mode=mode)
        self.assertEqual('active', region['status'])
        return region

    def create_agg_region(self, provider: dict, vr: dict,
                          mode: str = 'proxy') -> dict:
        name = self.unique('V')
        resp = self.agg('POST', '/v1/regions', json={'region': {
            'name': name, 'provider_id': provider['id'],
            'virtual_region_id': vr['id'], 'token_mode': mode}})
        self.assertEqual(201, resp.status_code, resp.text)
        self.addCleanup(self.agg, 'DELETE', '/v1/regions/' + name)
        return resp.json()['region']

    def wait_region(self, name: str, status: str, timeout: float = 30):
        deadline = time.monotonic() + timeout
        region = None
        while time.monotonic() < deadline:
            region = self.agg('GET', '/v1/regions/' + name).json()['region']
            if region['status'] == status:
                return region
            time.sleep(0.5)
        self.fail('region %s not %s: %s' % (name, status, region))

    def placement_in(self, region: str, project_id: str, sess=None) -> dict:
        """The project's placement in ``region``, as its tenant sees it.

        Tests running beside this one place the same project elsewhere.
        """
        placed, = [p for p in self.agg(
            'GET', '/v1/projects/%s/regions' % project_id,
            sess=sess or self.tenant).json()['regions']
            if p['region'] == region]
        return placed

    def place(self, region: str, project_id: str, sess=None, **quota):
        resp = self.agg('POST', '/v1/regions/%s/projects' % region,
                        sess=sess or self.tenant, json={'project': {
                            'project_id': project_id,
                            'quota': quota or {}}})
        if resp.status_code in (201, 503):
            # (503: the provider may still make it; removed either way.)
            self.addCleanup(self.agg, 'DELETE', '/v1/regions/%s/projects/%s'
                            % (region, project_id))
        return resp

    def unplaced_project(self):
        ks = self.keystone_admin('aggregator-admin')
        project = ks.projects.create(name=self.unique('U'), domain='default')
        self.addCleanup(ks.projects.delete, project)
        user = ks.users.list(name=self.cloud('tenant-x')['auth'][
            'username'])[0]
        ks.roles.grant(ks.roles.list(name='member')[0], user=user,
                       project=project)
        return project

    def cli(self, *args: str, env: dict | None = None) -> str:
        """Run the unmodified ``openstack`` CLI on the topology's clouds."""
        env = dict(os.environ, OS_CLIENT_CONFIG_FILE=os.path.join(
            self.topology['root'], 'clouds.yaml'), **(env or {}))
        out = subprocess.run([OPENSTACK, *args], env=env,
                             capture_output=True, text=True, timeout=300)
        self.assertEqual(0, out.returncode, out.stderr)
        return out.stdout

    def catalog_regions(self, cloud: str, project: str | None = None
                        ) -> dict:
        """{region: [service types]} of a fresh token, via the CLI."""
        env = dict(os.environ, OS_CLIENT_CONFIG_FILE=os.path.join(
            self.topology['root'], 'clouds.yaml'))
        argv = [OPENSTACK, '--os-cloud', cloud, 'catalog', 'list',
                '-f', 'json']
        if project:
            argv += ['--os-project-name', project]
        out = subprocess.run(argv, env=env, capture_output=True, text=True,
                             timeout=120)
        self.assertEqual(0, out.returncode, out.stderr)
        found: dict = {}
        for service in json.loads(out.stdout):
            for endpoint in service['Endpoints']:
                found.setdefault(endpoint['region_id'], []).append(
                    service['Type'])
        return found


class TestProvidersAndOfferings(AggregatorTestCase):

    def test_register_search_and_remove(self):
        eu = self.create_region()
        us_meta = copy.deepcopy(vrm_base.METADATA)
        us_meta['location'] = {'country': 'US', 'jurisdiction': 'US'}
        us = self.create_region(metadata=us_meta)
        provider = self.register_provider()
        self.assertTrue(provider['available'])
        self.assertNotIn('secret', provider['application_credential'])

        def search(**params):
            resp = self.agg('GET', '/v1/offerings', params=params)
            self.assertEqual(200, resp.status_code, resp.text)
            return {o['id'] for o in resp.json()['offerings']
                    if o['provider_id'] == provider['id']}

        self.assertLessEqual({eu['id'], us['id']}, search())
        self.assertLessEqual({eu['id'], us['id']}, search(service='image'))
        self.assertEqual(set(), search(service='compute'))
        found = search(**{'service': 'image', 'metadata.jurisdiction': 'EU'})
        self.assertIn(eu['id'], found)
        self.assertNotIn(us['id'], found)
        self.assertIn(us['id'], search(**{
            'metadata.location.country': 'US'}))
        self.assertEqual(400, self.agg('GET', '/v1/offerings', params={
            'colour': 'red'}).status_code)

        # The secret is stored encrypted, never in clear (the database's
        # content: SQLite file and WAL, or a pg_dump on PostgreSQL).
        self.assertNotIn(provider['_secret'].encode(), postgres.dump(
            self.topology, 'reseller-aggregator'))
        row = self.stored_row(
            'reseller-aggregator',
            'select credential_secret from providers where id = :id',
            id=provider['id'])
        self.assertIsNotNone(row)
        self.assertTrue(bytes(row[0]).startswith(b'gAAAAA'))  # Fernet

        # Tenants see no providers, offerings, or who serves a region.
        self.assertEqual(403, self.agg('GET', '/v1/providers',
                                       sess=self.tenant).status_code)
        self.assertEqual(403, self.agg('GET', '/v1/offerings',
                                       sess=self.tenant).status_code)

    def test_dead_provider_does_not_block_search(self):
        private = self.useFixture(test_vrm_recovery.PrivateVRM(
            self.topology, self.provider, self.unique('p1-vrm')))
        private.start()
        # This provider's VRM is the private one: offerings come from it.
        self.admin = vrm_base.VRMClient(self.admin.session, self.region,
                                        endpoint=private.url)
        self.create_region()
        provider = self.register_provider(vrm_url=private.url)
        private.vrm.stop()
        # Back up before the cleanups that go through it.
        self.addCleanup(private.start)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            started = time.monotonic()
            resp = self.agg('GET', '/v1/offerings')
            elapsed = time.monotonic() - started
            self.assertEqual(200, resp.status_code)
            self.assertLess(elapsed, 1.0)
            mine = [o for o in resp.json()['offerings']
                    if o['provider_id'] == provider['id']]
            if mine and not mine[0]['available']:
                break
            time.sleep(1)
        self.assertTrue(mine)
        self.assertFalse(mine[0]['provider_available'])
        shown = self.agg('GET', '/v1/providers/%s' % provider['id']).json()
        self.assertFalse(shown['provider']['available'])
        self.assertIn('does not answer', shown['provider']['last_error'])


class TestRegionsAndCatalog(AggregatorTestCase):

    def test_region_follows_binding_and_catalog_follows_region(self):
        metadata = dict(vrm_base.METADATA, prices={'g1.small': '1 EUR/h'})
        vr = self.create_region(approval='manual', metadata=metadata)
        provider = self.register_provider()
        region = self.create_agg_region(provider, vr)
        self.assertEqual('pending', region['status'])
        # The reseller sees the offering's metadata whole; a tenant sees its
        # provider-neutral characteristics, not the wholesale prices.
        self.assertEqual(metadata, region['metadata'])
        seen = self.agg('GET', '/v1/regions/%s' % region['name'],
                        sess=self.tenant).json()['region']['metadata']
        self.assertEqual('EU', seen['location']['jurisdiction'])
        self.assertEqual(metadata['flavors'], seen['flavors'])
        self.assertNotIn('prices', seen)
        # Not active yet: nothing can be placed.
        self.assertEqual(409, self.place(region['name'],
                                         self.tenant_project).status_code)
        # The provider admin approves at the VRM; the region follows.
        self.admin.action(region['binding_id'], 'approve')
        region = self.wait_region(region['name'], 'active')
        reseller_ks = self.keystone_admin('aggregator-admin')
        sp_id = 'csf-' + region['id'][:16]
        # Proxy mode does not tell tenants how to reach the provider: no
        # K2K service provider in the reseller's Keystone (it would be in
        # every tenant's token), none in the region's view.
        self.assertNotIn(sp_id, [
            sp.id for sp in reseller_ks.federation.service_providers.list()])
        sess = self.password_session('tenant-x')
        token = sess.auth.get_access(sess)
        self.assertNotIn(sp_id, [
            sp['id'] for sp in token._data['token'].get(
                'service_providers', [])])
        self.assertNotIn('service_provider_id', region)

        # T is placed; its token's catalog shows the region, via the proxy.
        resp = self.place(region['name'], self.tenant_project,
                          image={'image_count_total': 3})
        self.assertEqual(201, resp.status_code, resp.text)
        self.assertIn('image', self.catalog_regions('tenant-x').get(
            region['name'], []))
        listed = self.agg('GET', '/v1/projects/%s/regions'
                          % self.tenant_project, sess=self.tenant).json()
        self.assertIn(region['name'], [r['region'] for r in
                                       listed['regions']])
        # The provider knows the project only by an opaque name.
        remote = self.admin.get('/v1/bindings/%s/projects'
                                % region['binding_id']).json()['projects']
        self.assertEqual(1, len(remote))
        self.assertTrue(remote[0]['name'].startswith('t-'))
        self.assertNotIn(self.tenant_project, json.dumps(remote))

        # An unplaced project of the same user sees no such region.
        other = self.unplaced_project()
        self.assertNotIn(region['name'],
                         self.catalog_regions('tenant-x', other.name))

        # Suspended by the reseller: gone from new tokens; resumed: back.
        resp = self.agg('PATCH', '/v1/regions/' + region['name'], json={
            'region': {'status': 'suspended'}})
        self.assertEqual('suspended', resp.json()['region']['status'])
        self.assertNotIn(region['name'], self.catalog_regions('tenant-x'))
        resp = self.agg('PATCH', '/v1/regions/' + region['name'], json={
            'region': {'status': 'active'}})
        self.assertEqual('active', resp.json()['region']['status'])
        self.assertIn(region['name'], self.catalog_regions('tenant-x'))

        # Suspended by the provider: the refresher notices.
        self.admin.action(region['binding_id'], 'suspend')
        self.wait_region(region['name'], 'suspended')
        self.assertNotIn(region['name'], self.catalog_regions('tenant-x'))
        self.admin.action(region['binding_id'], 'resume')
        self.wait_region(region['name'], 'active')

        # A region with placed projects is not deleted.
        self.assertEqual(409, self.agg('DELETE', '/v1/regions/'
                                       + region['name']).status_code)
        # Removing the placement deletes the project at the provider.
        self.assertEqual(204, self.agg(
            'DELETE', '/v1/regions/%s/projects/%s' % (
                region['name'], self.tenant_project),
            sess=self.tenant).status_code)
        self.assertEqual([], self.admin.get(
            '/v1/bindings/%s/projects' % region['binding_id']).json()[
                'projects'])
        # Then the region goes: binding terminated, K2K entry removed.
        self.assertEqual(204, self.agg('DELETE', '/v1/regions/'
                                       + region['name']).status_code)
        self.assertEqual(404, self.agg('GET', '/v1/regions/'
                                       + region['name']).status_code)
        self.assertEqual('terminated', self.admin.get(
            '/v1/bindings/%s' % region['binding_id']).json()['binding'][
                'status'])
        self.assertNotIn('csf-' + region['id'][:16], [
            sp.id for sp in reseller_ks.federation.service_providers.list()])
        # And a provider serving no region can be removed.
        self.assertEqual(204, self.agg('DELETE', '/v1/providers/%s'
                                       % provider['id']).status_code)
        self.assertEqual(404, self.agg('GET', '/v1/providers/%s'
                                       % provider['id']).status_code)

    def test_bad_input_and_forbidden(self):
        vr = self.create_region(approval='auto')
        provider = self.register_provider()
        region = self.create_agg_region(provider, vr)
        self.assertEqual('active', region['status'])
        before = self.agg('GET', '/v1/regions').json()['regions']

        def post_region(**changes):
            body = {'name': self.unique('V'), 'provider_id': provider['id'],
                    'virtual_region_id': vr['id']}
            body.update(changes)
            return self.agg('POST', '/v1/regions', json={'region': body})

        resp = post_region(virtual_region_id='0' * 32)
        self.assertEqual(400, resp.status_code)
        self.assertIn('virtual_region_id', resp.json()['errors'][0]['detail'])
        resp = post_region(name=region['name'])
        self.assertEqual(409, resp.status_code)
        self.assertEqual(400, post_region(token_mode='teleport').status_code)
        self.assertEqual(400, post_region(provider_id='nope').status_code)
        self.assertEqual(403, self.agg('POST', '/v1/regions',
                                       sess=self.tenant,
                                       json={'region': {}}).status_code)
        self.assertEqual(before, self.agg('GET', '/v1/regions').json()[
            'regions'])

        # A tenant cannot place a project it is not scoped to.
        admin_project = self.reseller.get_project_id()
        resp = self.place(region['name'], admin_project)
        self.assertEqual(403, resp.status_code, resp.text)
        self.assertEqual([], self.agg(
            'GET', '/v1/regions/%s/projects' % region['name']).json()[
                'projects'])
        # Nor see another project's regions.
        self.assertEqual(403, self.agg(
            'GET', '/v1/projects/%s/regions' % admin_project,
            sess=self.tenant).status_code)
        # A wrong partner credential is refused and nothing is stored.
        resp = self.agg('POST', '/v1/providers', json={'provider': {
            'name': self.unique('P'),
            'vrm_url': self.service('p1-vrm')['url'],
            'auth_url': self.service('p1-keystone')['auth_url'],
            'application_credential': {'id': '0' * 32, 'secret': 'x'}}})
        self.assertEqual(400, resp.status_code, resp.text)
        self.assertEqual('aggregator.credential_refused',
                         resp.json()['errors'][0]['code'])
