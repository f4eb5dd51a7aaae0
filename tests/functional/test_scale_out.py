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
"""Scale-out: two Aggregator processes, one state.

A second, independent Aggregator (its own uwsgi master and workers, its
own port) runs on the topology's database and cache. A tenant's requests
alternate between the two, API and proxy, and every answer agrees: no
state lives in a process. On the PostgreSQL topology (with memcached) the
provider token is also shared: alternating requests never log in to the
provider again.
"""

from __future__ import annotations

import json
import os

import fixtures

from tests.functional import k2k_fixtures
from tests.functional import test_aggregator
from tools.topology import aggregator as agg_service
from tools.topology import process

# keystoneauth's K2K plugin asks the provider for this, once per login.
K2K_MARK = '/protocols/saml2/auth'


class SecondAggregator(fixtures.Fixture):
    """Another Aggregator on the topology's database and cache."""

    def __init__(self, topology: dict) -> None:
        super().__init__()
        self.topology = topology

    def _setUp(self) -> None:
        services = self.topology['services']
        first = services['reseller-aggregator']
        with open(os.path.join(self.topology['root'], 'secrets.json')) as fh:
            pw = json.load(fh)
        self.service = agg_service.Aggregator(
            name='reseller-aggregator-2', cloud='reseller',
            root=self.topology['root'], port=process.free_port(),
            region=first['region'],
            keystone_url=services['reseller-keystone']['url'],
            service_password=pw['reseller-aggregator'],
            encryption_key=pw['aggregator-encryption-key'],
            database_url=first.get('connection'),
            memcached_servers=(services.get('memcached') or {}).get(
                'servers'),
            memcache_secret_key=pw.get('memcache-secret-key'))
        if self.service.database_url is None:       # SQLite: the same file
            self.service.database_url = 'sqlite:///%s' % first['database']
        self.service.prepare()
        self.service.start()
        self.addCleanup(process.stop, self.service.pid)
        self.service.wait_ready()

    @property
    def url(self) -> str:
        return self.service.url


class TestTwoAggregators(test_aggregator.AggregatorTestCase):
    provider = 'p1'

    def setUp(self) -> None:
        super().setUp()
        self.second = self.useFixture(SecondAggregator(self.topology))
        self.urls = [self.agg_url, self.second.url]

    def at(self, n: int, method: str, path: str, **kwargs):
        return self.agg(method, path, url=self.urls[n % 2], **kwargs)

    def agg(self, method: str, path: str, *, sess=None, url=None,
            **kwargs):
        return (sess or self.reseller).request(
            (url or self.agg_url) + path, method, raise_exc=False, **kwargs)

    def k2k_logins(self) -> int:
        log = os.path.join(self.service('%s-keystone-sp' % self.provider)[
            'state_dir'], 'access.log')
        with open(log, errors='replace') as fh:
            return sum(1 for line in fh if K2K_MARK in line)

    def proxy_region(self) -> str:
        """A proxy-mode region bound through the reseller's real IdP."""
        vr = self.create_region(approval='auto')
        partner, _ = self.onboard(self.reseller_metadata())
        resp = self.agg('POST', '/v1/providers', json={'provider': {
            'name': self.unique('P'),
            'vrm_url': self.service('%s-vrm' % self.provider)['url'],
            'auth_url': self.service('%s-keystone' % self.provider)[
                'auth_url'],
            'application_credential': partner['application_credential']}})
        self.assertEqual(201, resp.status_code, resp.text)
        provider_id = resp.json()['provider']['id']
        self.addCleanup(self.agg, 'DELETE', '/v1/providers/' + provider_id)
        region = self.create_agg_region(resp.json()['provider'], vr)
        self.assertEqual('active', region['status'])
        return region['name']

    def test_api_state_is_shared(self):
        provider = self.register_provider()         # through the first
        for n in range(4):
            resp = self.at(n, 'GET', '/v1/providers/%s' % provider['id'])
            self.assertEqual(200, resp.status_code, resp.text)
            self.assertEqual(provider['name'],
                             resp.json()['provider']['name'])
            listed = self.at(n, 'GET', '/v1/providers').json()['providers']
            self.assertIn(provider['id'], {p['id'] for p in listed})
        self.assertEqual(204, self.at(1, 'DELETE', '/v1/providers/%s'
                                      % provider['id']).status_code)
        for n in range(2):
            self.assertEqual(404, self.at(n, 'GET', '/v1/providers/%s'
                                          % provider['id']).status_code)

    def test_tenant_alternates_through_both_proxies(self):
        self.useFixture(k2k_fixtures.ProviderLock(self.topology,
                                                  self.provider))
        region = self.proxy_region()
        project = self.unplaced_project()
        tenant = self.password_session('tenant-x', project_id=project.id,
                                       project_name=None,
                                       project_domain_name=None)
        resp = self.place(region, project.id, sess=tenant)
        self.assertEqual(201, resp.status_code, resp.text)

        def proxy(n: int, method: str, path: str, **kwargs):
            return tenant.request(
                '%s/proxy/%s/image%s' % (self.urls[n % 2], region, path),
                method, raise_exc=False, **kwargs)

        # Created through one, seen and changed through the other.
        resp = proxy(0, 'POST', '/v2/images', json={
            'name': self.unique('two'), 'disk_format': 'raw',
            'container_format': 'bare'})
        self.assertEqual(201, resp.status_code, resp.text)
        image = resp.json()
        self.addCleanup(proxy, 0, 'DELETE', '/v2/images/' + image['id'])
        warm = self.k2k_logins()
        for n in range(1, 9):
            listed = proxy(n, 'GET', '/v2/images').json()['images']
            self.assertIn(image['id'], [i['id'] for i in listed])
            self.assertEqual(200, proxy(n, 'GET', '/v2/images/' +
                                        image['id']).status_code)
        # The regions and placements, as each process shows them.
        for n in range(2):
            placed = self.at(n, 'GET', '/v1/projects/%s/regions'
                             % project.id, sess=tenant).json()['regions']
            self.assertEqual([region], [p['region'] for p in placed])
        self.assertEqual(204, proxy(1, 'DELETE', '/v2/images/' +
                                    image['id']).status_code)
        self.assertEqual(404, proxy(0, 'GET', '/v2/images/' +
                                    image['id']).status_code)
        logins = self.k2k_logins() - warm
        if self.topology.get('database') == 'postgresql':
            # memcached shares the provider token among all processes.
            self.assertEqual(0, logins)
        else:
            # Per-process tokens: at most one login per other worker.
            self.assertLessEqual(logins, 3)
