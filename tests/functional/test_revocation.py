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

- A reseller token revoked at the reseller's Keystone stops working at
  the proxy within the Aggregator's ``[keystone_authtoken]
  token_cache_time`` (60 s by default).
- A provider's suspension stops a proxy region within the Aggregator's
  ``[providers] refresh_interval``, and a pass-through tenant's own K2K
  token at the provider's service within that service's
  ``token_cache_time`` (60 s as the devstack plugin sets it).
"""

from __future__ import annotations

import configparser
import time

import requests
import testtools

from csf_common.conf import keystone_authtoken
from tests.functional import k2k_fixtures
from tests.functional import test_aggregator

# Polling every POLL seconds: the moment seen is up to POLL late.
POLL = 2


def _option(path: str, section: str, name: str, default: int) -> int:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(path)
    return parser.getint(section, name, fallback=default)


class _Bound:
    """A test of one bound, with the reseller's IdP at ``provider``."""

    def setUp(self) -> None:
        super().setUp()
        self.useFixture(k2k_fixtures.ProviderLock(self.topology,
                                                  self.provider))

    def until(self, what: str, bound: float, status, call) -> float:
        """Seconds until ``call()`` answers ``status``, at most bound."""
        start = time.monotonic()
        deadline = start + bound + POLL + 1
        seen = []
        while time.monotonic() < deadline:
            resp = call()
            seen.append(resp.status_code)
            if resp.status_code == status:
                elapsed = time.monotonic() - start
                self.addDetail(what, testtools.content.text_content(
                    '%.1f s (bound %d s)' % (elapsed, bound)))
                return elapsed
            time.sleep(POLL)
        self.fail('%s: still %s after %d s (bound %d s)'
                  % (what, sorted(set(seen)), deadline - start, bound))


class TestProxyRegion(_Bound, test_aggregator.AggregatorTestCase):
    provider = 'p1'

    def setUp(self) -> None:
        super().setUp()
        agg = self.service('reseller-aggregator')['config']
        self.token_cache_time = _option(
            agg, 'keystone_authtoken', 'token_cache_time',
            keystone_authtoken.TOKEN_CACHE_TIME)
        self.refresh_interval = _option(agg, 'providers', 'refresh_interval',
                                        30)

    def images(self, region: str, token: str) -> requests.Response:
        return requests.get(
            '%s/proxy/%s/image/v2/images' % (self.agg_url, region),
            headers={'X-Auth-Token': token}, timeout=30)

    def test_suspension_and_revocation_stop_the_proxy_within_the_bound(self):
        region = self.real_partner_region('proxy')['name']
        self.assertEqual(201, self.place(region,
                                         self.tenant_project).status_code)
        token = self.password_session('tenant-x').get_token()
        self.assertEqual(200, self.images(region, token).status_code)

        # The provider suspends the binding: the Aggregator follows it.
        binding = self.agg('GET', '/v1/regions/' + region).json()[
            'region']['binding_id']
        self.admin.action(binding, 'suspend')
        self.until('provider suspension', self.refresh_interval, 503,
                   lambda: self.images(region, token))
        self.admin.action(binding, 'resume')
        self.wait_region(region, 'active')
        self.assertEqual(200, self.images(region, token).status_code)

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
        self.until('reseller token revocation', self.token_cache_time, 401,
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
        bound = _option(glance['config'], 'keystone_authtoken',
                        'token_cache_time', 300)

        def images():
            return requests.get(glance['url'] + '/v2/images', timeout=30,
                                headers={'X-Auth-Token': token})
        self.assertEqual(200, images().status_code)
        self.admin.action(region['binding_id'], 'suspend')
        self.addCleanup(self.admin.action, region['binding_id'], 'resume')
        self.until('provider suspension (K2K token at %s)' % glance['name'],
                   bound, 401, images)
