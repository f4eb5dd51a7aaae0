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
"""The short variant of the proxy load test: 20 s at concurrency 16.

A tenant lists images in a proxy region of its own for 20 seconds with 16
concurrent clients; no request may fail and the Aggregator's resident
memory (uwsgi master and workers) may grow by at most 30 MB. The
2-minute run is ``python -m tests.functional.load_proxy`` (see there).
"""

from __future__ import annotations

import json
import sys

from tests.functional import k2k_fixtures
from tests.functional import load_proxy
from tests.functional import test_aggregator
from tests.functional import test_proxy_failure

DURATION = 20
CONCURRENCY = 16
MAX_RSS_GROWTH_MB = 30


class ProxyRegionTestCase(test_aggregator.AggregatorTestCase):
    """Makes proxy regions bound with the reseller's real IdP."""

    # A proxy region at a provider, tenant x's project placed in it.
    proxy_region = test_proxy_failure.TestProviderDown.proxy_region

    def setUp(self) -> None:
        super().setUp()
        self.useFixture(k2k_fixtures.ProviderLock(self.topology, 'p1'))

    def usable_proxy_region(self) -> str:
        """A proxy region at P1's Glance where tenant x's project works.

        A topology seeded with the worked example (V1) has one already,
        and its partner holds the reseller's IdP at P1, so none can be
        made there; otherwise make one. Only read through it.
        """
        resp = self.agg('GET', '/v1/projects/%s/regions'
                        % self.tenant_project, sess=self.tenant)
        if resp.status_code == 200:
            for region in resp.json()['regions']:
                name = region.get('name') or region.get('region')
                shown = self.agg('GET', '/v1/regions/%s' % name).json()
                if (shown['region'].get('token_mode') == 'proxy'
                        and self.agg('GET', '/proxy/%s/image/v2/images'
                                     % name, sess=self.tenant
                                     ).status_code == 200):
                    return name
        return self.proxy_region('p1', self.service('p1-glance')['region'])


class TestProxyLoad(ProxyRegionTestCase):

    def test_bounded_load_no_error_bounded_memory(self):
        region = self.usable_proxy_region()
        aggregator = self.service('reseller-aggregator')
        result = load_proxy.run(
            '%s/%s/image' % (aggregator['proxy_url'], region),
            self.tenant.get_token(), duration=DURATION,
            concurrency=CONCURRENCY, pid=aggregator['pid'])
        sys.stderr.write('proxy load: %s\n' % json.dumps(result))
        self.assertEqual(0, result['alive_threads'])
        self.assertGreater(result['requests'], CONCURRENCY)
        self.assertEqual(0, result['errors'], result['first_errors'])
        self.assertLessEqual(result['rss_growth_mb'], MAX_RSS_GROWTH_MB,
                             result)
