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
"""A provider service that goes down affects only its own region: 503
within the timeout, other regions untouched, and it recovers alone.

So that no other test loses P1's Glance, the test gives P1 a physical
region of its own (``R4-<tag>``) served by a Glance it starts and stops
itself, registered in P1's real catalog.
"""

from __future__ import annotations

import json
import os
import time

import fixtures

from tests.functional import k2k_fixtures
from tests.functional import test_aggregator
from tests.functional import vrm_base
from tools.topology import glance
from tools.topology import process
from tools.topology import seed


class PrivateGlance(fixtures.Fixture):
    """A Glance of provider ``provider`` in a new physical region."""

    def __init__(self, test, provider: str) -> None:
        super().__init__()
        self.test = test
        self.provider = provider

    def _setUp(self) -> None:
        topology = self.test.topology
        shared = topology['services']['%s-glance' % self.provider]
        keystone_url = topology['services'][
            '%s-keystone' % self.provider]['url']
        with open(os.path.join(topology['root'], 'secrets.json')) as fh:
            password = json.load(fh)['%s-glance' % self.provider]
        self.region = self.test.unique(shared['region'])
        ks = self.test.keystone_admin('provider-%s-admin' % self.provider)
        ks.regions.create(id=self.region)
        self.addCleanup(ks.regions.delete, self.region)
        self.glance = glance.Glance(
            name=self.test.unique('%s-glance' % self.provider),
            cloud=self.provider, root=topology['root'],
            port=process.free_port(), region=self.region,
            keystone_url=keystone_url, service_password=password,
            keystone_region=shared['region'])
        self.glance.prepare()
        self.glance.endpoint_id = seed.service_with_endpoint(
            ks, name='glance', type='image', region=self.region,
            url=self.glance.url)
        self.addCleanup(ks.endpoints.delete, self.glance.endpoint_id)
        seed.registered_limits(ks, service_type='image', region=self.region,
                               defaults=glance.REGISTERED_LIMITS)
        self.addCleanup(self._delete_registered_limits, ks)
        self.start()
        self.addCleanup(self.glance.stop)

    def _delete_registered_limits(self, ks) -> None:
        for limit in ks.registered_limits.list(region=self.region):
            ks.registered_limits.delete(limit)

    def start(self) -> None:
        # After a kill -9 (test_faults), the old Glance's port may still
        # be held for a moment (seen once: the restart failed on bind).
        process.wait_port_free(self.glance.port)
        self.glance.start()
        self.glance.wait_ready(timeout=120)

    def stop(self) -> None:
        self.glance.stop()


class TestProviderDown(test_aggregator.AggregatorTestCase):

    def setUp(self) -> None:
        super().setUp()
        for provider in ('p1', 'p2'):
            self.useFixture(k2k_fixtures.ProviderLock(self.topology,
                                                      provider))

    def proxy_region(self, provider: str, region_id: str) -> str:
        """A proxy region bound at ``provider``; T placed in it."""
        self.provider = provider
        self.region = self.service('%s-vrm' % provider)['region']
        self.admin = vrm_base.VRMClient(
            self.password_session('provider-%s-admin' % provider),
            self.region)
        vr = self.create_region(approval='auto', region_id=region_id)
        partner, _ = self.onboard(self.reseller_metadata())
        resp = self.agg('POST', '/v1/providers', json={'provider': {
            'name': self.unique('P'),
            'vrm_url': self.service('%s-vrm' % provider)['url'],
            'auth_url': self.service('%s-keystone' % provider)['auth_url'],
            'application_credential': partner['application_credential']}})
        self.assertEqual(201, resp.status_code, resp.text)
        self.addCleanup(self.agg, 'DELETE', '/v1/providers/%s'
                        % resp.json()['provider']['id'])
        region = self.create_agg_region(resp.json()['provider'], vr)
        self.assertEqual('active', region['status'])
        self.assertEqual(201, self.place(region['name'],
                                         self.tenant_project).status_code)
        return region['name']

    def images(self, region: str):
        return self.agg('GET', '/proxy/%s/image/v2/images' % region,
                        sess=self.tenant)

    def test_down_region_answers_503_others_untouched_then_recovers(self):
        private = self.useFixture(PrivateGlance(self, 'p1'))
        down = self.proxy_region('p1', private.region)
        other = self.proxy_region(
            'p2', self.service('p2-glance')['region'])
        self.assertEqual(200, self.images(down).status_code)
        self.assertEqual(200, self.images(other).status_code)

        private.stop()
        started = time.monotonic()
        resp = self.images(down)
        elapsed = time.monotonic() - started
        self.assertEqual(503, resp.status_code, resp.text)
        self.assertEqual('aggregator.provider_unavailable',
                         resp.json()['errors'][0]['code'])
        self.assertIn(down, resp.json()['errors'][0]['detail'])
        # Bounded by [providers] timeout (20 s in the topology).
        self.assertLess(elapsed, 20)
        self.assertEqual(200, self.images(other).status_code)

        private.start()     # same port: the provider comes back
        self.assertEqual(200, self.images(down).status_code)
