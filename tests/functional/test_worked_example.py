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
"""The demo's seed of the worked example, with both providers' VRMs, and
undone again through the same APIs."""

from __future__ import annotations

from tests.functional import k2k_fixtures
from tests.functional import test_aggregator
from tools.topology import worked_example


class TestWorkedExample(test_aggregator.AggregatorTestCase):

    def setUp(self) -> None:
        super().setUp()
        # The reseller's real entity id is partner at both providers.
        for provider in ('p1', 'p2'):
            self.useFixture(k2k_fixtures.ProviderLock(self.topology,
                                                      provider))
        self.addCleanup(self.undo)

    def undo(self) -> None:
        worked_example.remove_network(self.topology)
        for region in ('V1', 'V2'):
            for placed in self.agg('GET', '/v1/regions/%s/projects'
                                   % region).json().get('projects', []):
                self.agg('DELETE', '/v1/regions/%s/projects/%s'
                         % (region, placed['project_id']))
            self.agg('DELETE', '/v1/regions/' + region)
        for provider in self.agg('GET', '/v1/providers').json()['providers']:
            if provider['name'] in ('P1', 'P2'):
                self.agg('DELETE', '/v1/providers/' + provider['id'])
        for cloud in ('p1', 'p2'):
            admin = self.password_session('provider-%s-admin' % cloud)
            url = self.service('%s-vrm' % cloud)['url']
            for partner in admin.get(url + '/v1/partners').json()['partners']:
                if partner['name'] == 'reseller-a':
                    admin.delete(url + '/v1/partners/' + partner['id'],
                                 raise_exc=False)
            for vr in admin.get(url + '/v1/virtual-regions').json()[
                    'virtual_regions']:
                if vr['name'] in ('gold', 'silver'):
                    admin.delete(url + '/v1/virtual-regions/' + vr['id'],
                                 raise_exc=False)

    def test_seed_twice_then_catalog(self):
        first = worked_example.seed(self.topology)
        again = worked_example.seed(self.topology)   # idempotent
        self.assertEqual(first, again)
        self.assertEqual(['V1', 'V2'], first['regions'])
        regions = {r['name']: r for r in self.agg('GET', '/v1/regions').json()[
            'regions']}
        self.assertEqual('active', regions['V1']['status'])
        self.assertEqual('active', regions['V2']['status'])
        self.assertEqual('proxy', regions['V1']['token_mode'])
        self.assertEqual('pass-through', regions['V2']['token_mode'])
        # T is placed in V1 only: its token shows V1 (through the proxy),
        # with compute and network where P1 runs them (gold offers all),
        # and the reseller's identity.
        catalog = self.catalog_regions('tenant-x')
        offered = (['compute', 'identity', 'image', 'network']
                   if self.topology.get('iaas') else ['identity', 'image'])
        self.assertEqual(offered, sorted(catalog['V1']))
        self.assertNotIn('V2', catalog)
        if self.topology.get('iaas'):
            # T has a network there, once, for Launch Instance.
            nets = self.password_session('tenant-x').get(
                '/v2.0/networks', endpoint_filter=worked_example.IN_V1
            ).json()['networks']
            net, = [n for n in nets if n['name'] == worked_example.NETWORK]
            self.assertEqual(1, len(net['subnets']))
        # Each region is bound at a different provider.
        providers = {p['id']: p['name'] for p in self.agg(
            'GET', '/v1/providers').json()['providers']}
        self.assertEqual('P1', providers[regions['V1']['provider_id']])
        self.assertEqual('P2', providers[regions['V2']['provider_id']])
