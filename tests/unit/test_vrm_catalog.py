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
"""The provider's public endpoints, read in two calls for any view."""

import types

from keystoneauth1 import session as ks_session
from requests_mock.contrib import fixture as rm_fixture
import testtools

from virtual_region_manager import bindings
from virtual_region_manager import provider_keystone

KEYSTONE = 'http://keystone.test/v3'
SERVICES = [{'id': 's-img', 'type': 'image'},
            {'id': 's-img2', 'type': 'image'},
            {'id': 's-cmp', 'type': 'compute'}]
ENDPOINTS = [
    {'service_id': 's-img', 'region_id': 'R4', 'interface': 'public',
     'url': 'http://glance-r4'},
    {'service_id': 's-img2', 'region_id': 'R4', 'interface': 'public',
     'url': 'http://glance2-r4'},
    {'service_id': 's-img', 'region_id': 'R7', 'interface': 'public',
     'url': 'http://glance-r7'},
    {'service_id': 's-img', 'region_id': 'R4', 'interface': 'internal',
     'url': 'http://glance-internal'},
    {'service_id': 's-cmp', 'region_id': 'R7', 'interface': 'public',
     'url': 'http://nova-r7'},
]


class TestCatalog(testtools.TestCase):

    def test_endpoints_of_a_region_by_type(self):
        catalog = provider_keystone.Catalog(SERVICES, ENDPOINTS)
        self.assertEqual(
            {'image': [{'interface': 'public', 'url': 'http://glance-r4',
                        'region_id': 'R4'},
                       {'interface': 'public', 'url': 'http://glance2-r4',
                        'region_id': 'R4'}],
             'compute': []},
            catalog.endpoints('R4', ['image', 'compute', 'volume']))
        self.assertEqual(['http://nova-r7'], [
            e['url'] for e in catalog.endpoints('R7', ['compute'])[
                'compute']])


class TestPublicCatalog(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.http = self.useFixture(rm_fixture.Fixture())
        self.services = self.http.get(KEYSTONE + '/services',
                                      json={'services': SERVICES})
        self.endpoints = self.http.get(KEYSTONE + '/endpoints',
                                       json={'endpoints': ENDPOINTS[:3]})
        self.pk = provider_keystone.ProviderKeystone(
            ks_session.Session(), endpoint_override=KEYSTONE)

    def test_two_calls_for_any_number_of_services(self):
        found = self.pk.endpoints('R4', ['image', 'compute'])
        self.assertEqual(['image', 'compute'], list(found))
        self.assertEqual(1, self.services.call_count)
        self.assertEqual(1, self.endpoints.call_count)
        self.assertEqual({'interface': ['public']},
                         self.endpoints.last_request.qs)

    def test_views_keep_the_catalog_a_while(self):
        self.pk.catalog_cache_time = 30
        for _ in range(3):
            self.pk.shown_catalog().endpoints('R4', ['image'])
        self.assertEqual(1, self.endpoints.call_count)
        # A fresh read (a virtual region being created) replaces it.
        self.http.get(KEYSTONE + '/endpoints', json={'endpoints': []})
        self.assertEqual({'image': []}, self.pk.endpoints('R4', ['image']))
        self.assertEqual({'image': []}, self.pk.shown_catalog().endpoints(
            'R4', ['image']))

    def test_no_cache_time_reads_every_view(self):
        for _ in range(2):
            self.pk.shown_catalog()
        self.assertEqual(2, self.endpoints.call_count)

    def test_one_catalog_serves_every_region(self):
        catalog = self.pk.public_catalog()
        self.assertEqual({'interface': ['public']},
                         self.endpoints.last_request.qs)
        for region in ('R4', 'R7', 'R4'):
            catalog.endpoints(region, ['image'])
        self.assertEqual(1, self.endpoints.call_count)

    def test_a_binding_view_reads_again_for_a_missing_service(self):
        # The catalog was read before the virtual region's endpoint was
        # added (another worker made the region): the binding still shows
        # it.
        self.pk.catalog_cache_time = 30
        self.http.get(KEYSTONE + '/endpoints', json={'endpoints': []})
        self.assertEqual({'image': []}, self.pk.shown_catalog().endpoints(
            'R4', ['image']))
        self.http.get(KEYSTONE + '/endpoints',
                      json={'endpoints': ENDPOINTS[:1]})
        vr = types.SimpleNamespace(region_id='R4', services=['image'])
        self.assertEqual(['http://glance-r4'], [
            e['url'] for e in bindings._endpoints(self.pk, vr)['image']])
        # While it has them all, the kept catalog serves.
        before = self.endpoints.call_count
        bindings._endpoints(self.pk, vr)
        self.assertEqual(before, self.endpoints.call_count)
