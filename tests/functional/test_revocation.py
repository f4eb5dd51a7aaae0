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
"""The revocation bound (doc/source/admin/revocation.rst), measured.

Each stops within 60 s (BOUND), as the defaults and the devstack plugin
set the knobs:

- A reseller token revoked at the reseller's Keystone stops working at
  the proxy within the Aggregator's ``[keystone_authtoken]
  token_cache_time`` (60 s by default).
- A provider's suspension stops a proxy region within the Aggregator's
  ``[providers] refresh_interval``, and a pass-through tenant's own K2K
  token at the provider's service within that service's
  ``token_cache_time`` (60 s as the devstack plugin sets it).
"""

from __future__ import annotations

import sys
import time

import requests

from csf_common.conf import keystone_authtoken
from tests.functional import k2k_fixtures
from tests.functional import test_aggregator

# The revocation bound: seconds after which a revoked token or a
# suspension stops everything it covers (doc/source/admin/revocation.rst).
BOUND = keystone_authtoken.TOKEN_CACHE_TIME
# Polling every POLL seconds: the moment seen is up to POLL late.
POLL = 2
# Calls per poll: enough to reach every worker process of a service.
BURST = 8
# Seconds a burst may take: the last one starts before BOUND + POLL + SLACK.
SLACK = 8


class _Bound:
    """A test of one bound, with the reseller's IdP at ``provider``."""

    def setUp(self) -> None:
        super().setUp()
        self.useFixture(k2k_fixtures.ProviderLock(self.topology,
                                                  self.provider))

    def burst(self, call) -> list[int]:
        """The statuses of BURST calls at once.

        Each worker process of a service may keep its own token cache
        (no memcached): a burst reaches all of them, or nearly.
        """
        return [call().status_code for _ in range(BURST)]

    def prime(self, call, status: int = 200) -> None:
        """Every worker has validated (and cached) the token."""
        self.assertEqual([status] * BURST * 2,
                         self.burst(call) + self.burst(call))

    def until(self, what: str, bound: float, status, call) -> float:
        """Seconds until every call of a burst answers ``status``.

        At most ``bound`` (and the polling's own granularity).
        """
        start = time.monotonic()
        # A burst takes its time too, more on a loaded machine.
        deadline = start + bound + POLL + SLACK
        seen = set()
        while time.monotonic() < deadline:
            answers = self.burst(call)
            seen.update(answers)
            if answers == [status] * BURST:
                elapsed = time.monotonic() - start
                sys.stderr.write('%s: stopped after %.1f s (bound %d s)\n'
                                 % (what, elapsed, bound))
                return elapsed
            time.sleep(POLL)
        self.fail('%s: still %s after %d s (bound %d s)'
                  % (what, sorted(seen), deadline - start, bound))


class TestProxyRegion(_Bound, test_aggregator.AggregatorTestCase):
    provider = 'p1'

    def images(self, region: str, token: str) -> requests.Response:
        return requests.get(
            '%s/proxy/%s/image/v2/images' % (self.agg_url, region),
            headers={'X-Auth-Token': token}, timeout=30)

    def test_suspension_and_revocation_stop_the_proxy_within_the_bound(self):
        region = self.real_partner_region('proxy')['name']
        self.assertEqual(201, self.place(region,
                                         self.tenant_project).status_code)
        token = self.password_session('tenant-x').get_token()
        self.prime(lambda: self.images(region, token))

        # The provider suspends the binding: the Aggregator follows it.
        binding = self.agg('GET', '/v1/regions/' + region).json()[
            'region']['binding_id']
        self.admin.action(binding, 'suspend')
        self.until('provider suspension', BOUND, 503,
                   lambda: self.images(region, token))
        self.admin.action(binding, 'resume')
        self.wait_region(region, 'active')
        self.prime(lambda: self.images(region, token))

        # The tenant's token is revoked at the reseller's Keystone: the
        # proxy trusted it from its cache, then no more.
        auth_url = self.cloud('tenant-x')['auth']['auth_url']
        headers = {'X-Auth-Token': token, 'X-Subject-Token': token}
        self.assertEqual(204, requests.delete(
            auth_url + '/auth/tokens', headers=headers,
            timeout=30).status_code)
        other = self.password_session('tenant-x').get_token()
        self.assertEqual(404, requests.get(
            auth_url + '/auth/tokens', timeout=30, headers={
                'X-Auth-Token': other,
                'X-Subject-Token': token}).status_code)
        self.until('reseller token revocation', BOUND, 401,
                   lambda: self.images(region, token))
        # Another token of the same tenant still works.
        self.assertEqual(200, self.images(region, other).status_code)


class TestPassThroughRegion(_Bound, test_aggregator.AggregatorTestCase):
    provider = 'p2'

    def test_suspension_stops_the_tenants_k2k_token_within_the_bound(self):
        region = self.real_partner_region('pass-through')
        self.assertEqual(201, self.place(region['name'],
                                         self.tenant_project).status_code)
        placed = self.placement_in(region['name'], self.tenant_project)
        token = k2k_fixtures.session(
            self.tenant, region['service_provider_id'],
            project_id=placed['provider_project_id']).get_token()
        glance = self.service('%s-glance' % self.provider)

        def images():
            return requests.get(glance['url'] + '/v2/images', timeout=30,
                                headers={'X-Auth-Token': token})
        self.prime(images)
        self.admin.action(region['binding_id'], 'suspend')
        self.addCleanup(self.admin.action, region['binding_id'], 'resume')
        self.until('provider suspension (K2K token at %s)' % glance['name'],
                   BOUND, 401, images)
