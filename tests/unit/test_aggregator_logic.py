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
"""Pure rules of the Aggregator: offerings search, secrets, catalog URLs,
what tenants see of a region."""

import datetime
import types
from unittest import mock

from cryptography import fernet
import fixtures
from keystoneauth1 import exceptions as ks_exc
from oslo_config import cfg
import testtools

from aggregator.catalog import driver
from aggregator import crypto
from aggregator import endpoints
from aggregator import errors
from aggregator import federation
from aggregator import offerings
from aggregator import regions
from aggregator import reseller_keystone

OFFERING = {
    'id': 'vr1', 'services': ['image'],
    'metadata': {'location': {'country': 'DE', 'jurisdiction': 'EU'},
                 'flavors': [{'name': 'g1'}],
                 'network': {'floating_ips': True},
                 'extra': {'tier': 'gold'}},
}


class OfferingSearchTest(testtools.TestCase):

    def test_service(self):
        self.assertTrue(offerings.matches(OFFERING, service='image'))
        self.assertFalse(offerings.matches(OFFERING, service='compute'))

    def test_metadata_dotted_path_and_bare_key(self):
        for filters, expected in (
                ({'location.country': 'DE'}, True),
                ({'location.country': 'de'}, True),
                ({'jurisdiction': 'EU'}, True),
                ({'jurisdiction': 'US'}, False),
                ({'network.floating_ips': 'true'}, True),
                ({'tier': 'gold'}, True),
                ({'location.city': 'Paris'}, False),
                ({'nothing.here': 'x'}, False)):
            self.assertEqual(expected, offerings.matches(
                OFFERING, metadata_filters=filters), filters)


class CryptoTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conf = types.SimpleNamespace(credentials=types.SimpleNamespace(
            encryption_key=fernet.Fernet.generate_key().decode()))

    def test_round_trip_and_no_clear_text(self):
        token = crypto.encrypt(self.conf, 's3cret-value')
        self.assertNotIn(b's3cret-value', token)
        self.assertEqual('s3cret-value', crypto.decrypt(self.conf, token))

    def test_opaque_name_hides_the_project(self):
        project = 'a' * 32
        name = crypto.opaque_name(self.conf, project, 'V1')
        self.assertTrue(name.startswith('t-'))
        self.assertNotIn(project, name)
        self.assertEqual(name, crypto.opaque_name(self.conf, project, 'V1'))
        self.assertNotEqual(name, crypto.opaque_name(self.conf, project,
                                                     'V2'))

    def test_no_key_is_an_error(self):
        self.conf.credentials.encryption_key = None
        self.assertRaises(errors.AggregatorError, crypto.encrypt, self.conf,
                          'x')


class RegionViewTest(testtools.TestCase):
    region = types.SimpleNamespace(
        id='r' * 32, name='V1', status='active', token_mode='pass-through',
        description='', provider_id='p', virtual_region_id='vr',
        binding_id='b', service_provider_id='csf-rrrr',
        binding={'endpoints': {'image': []}},
        created_at=datetime.datetime(2026, 1, 1))
    metadata = {'schema_version': '1.0',
                'location': {'country': 'DE', 'jurisdiction': 'EU',
                             'city': 'Frankfurt', 'datacenter': 'P1-FRA-2'},
                'sla': {'availability': '99.9'},
                'prices': {'gb_month': '0.02'}, 'extra': {'rack': 'r12'}}

    def setUp(self):
        super().setUp()
        self.offerings = self.useFixture(fixtures.MockPatchObject(
            regions.offerings, 'get', return_value={
                'id': 'vr', 'metadata': self.metadata})).mock

    def test_tenant_does_not_see_the_provider(self):
        view = regions.view(self.region, admin=False)
        for key in ('provider_id', 'virtual_region_id', 'binding_id'):
            self.assertNotIn(key, view)
        self.assertEqual(['image'], view['services'])
        # Pass-through: how to reach the region with one's own identity.
        self.assertEqual('csf-rrrr', view['service_provider_id'])

    def test_tenant_sees_provider_neutral_metadata(self):
        view = regions.view(self.region, admin=False)
        self.offerings.assert_called_once_with('p', 'vr')
        self.assertEqual({'schema_version': '1.0',
                          'location': {'country': 'DE', 'jurisdiction': 'EU',
                                       'city': 'Frankfurt'},
                          'sla': {'availability': '99.9'}}, view['metadata'])
        # The cached offering itself is left whole.
        self.assertIn('datacenter', self.metadata['location'])

    def test_withdrawn_offering_leaves_metadata_empty(self):
        self.offerings.return_value = None
        self.assertEqual({}, regions.view(self.region)['metadata'])

    def test_a_list_reads_the_offerings_once(self):
        cached = {('p', 'vr'): {'id': 'vr', 'metadata': self.metadata}}
        view = regions.view(self.region, admin=False, cached=cached)
        self.assertEqual('EU', view['metadata']['location']['jurisdiction'])
        self.assertEqual({}, regions.view(self.region, cached={})[
            'metadata'])
        self.offerings.assert_not_called()

    def test_admin_sees_everything(self):
        view = regions.view(self.region, admin=True)
        self.assertEqual('p', view['provider_id'])
        self.assertEqual(self.metadata, view['metadata'])


class CatalogUrlTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.catalog = driver.Catalog.__new__(driver.Catalog)
        conf = cfg.ConfigOpts()
        conf.register_opts(driver.OPTS, group=driver.GROUP)
        conf([], default_config_files=[])
        conf.set_override('proxy_url', 'https://agg.example.com/proxy/',
                          group=driver.GROUP)
        self.catalog.conf = conf

    def test_proxy_region_points_at_the_proxy(self):
        region = types.SimpleNamespace(name='V1', token_mode='proxy')
        self.assertEqual(
            'https://agg.example.com/proxy/V1/image',
            self.catalog._endpoint_url(region, 'image', [
                {'interface': 'public', 'url': 'http://provider:9292'}]))

    def test_pass_through_region_never_points_at_the_provider(self):
        # Reached by K2K only: a reseller token never goes there.
        region = types.SimpleNamespace(name='V2', token_mode='pass-through')
        self.assertIsNone(self.catalog._endpoint_url(
            region, 'image', [{'interface': 'internal', 'url': 'http://i'},
                              {'interface': 'public',
                               'url': 'http://provider:9292'}]))

    def test_each_shown_region_has_the_resellers_identity(self):
        static = [{'type': 'identity', 'id': 'ks', 'name': 'keystone',
                   'endpoints': [{'id': 'e1', 'interface': 'public',
                                  'region_id': 'RegionOne',
                                  'region': 'RegionOne',
                                  'url': 'https://ks.example.com'}]}]
        binding = {'endpoints': {'compute': [], 'image': []}}
        regions = [types.SimpleNamespace(name=name, id=name * 8,
                                         token_mode=mode, binding=binding)
                   for name, mode in (('V1', 'proxy'),
                                      ('V2', 'pass-through'))]
        self.patch(driver.sql.Catalog, 'get_v3_catalog',
                   lambda self, user_id, project_id: [dict(
                       static[0], endpoints=list(static[0]['endpoints']))])
        self.catalog.regions_for_project = lambda project_id: regions
        found = {svc['type']: svc for svc in
                 self.catalog.get_v3_catalog('u', 'p')}
        self.assertEqual(
            [('RegionOne', 'https://ks.example.com'),
             ('V1', 'https://ks.example.com')],
            [(e['region_id'], e['url'])
             for e in found['identity']['endpoints']])
        # The pass-through region shows nothing, not even identity.
        self.assertEqual(['V1'], [e['region_id'] for e in
                                  found['compute']['endpoints']])


class PlacementAccessTest(testtools.TestCase):
    """Who the Aggregator lets reach a placed project at the provider."""

    def region(self, mode: str):
        return types.SimpleNamespace(token_mode=mode, name='V1')

    def test_proxy_regions_admit_nobody_by_k2k(self):
        # The proxy uses the placement's own credential, not K2K.
        self.assertIsNone(federation.access(None, self.region('proxy'),
                                            'p-id'))


class ServiceProviderRaceTest(testtools.TestCase):
    """Two workers registering a region's K2K service provider at once."""

    def test_conflict_on_create_updates_instead(self):
        keystone = reseller_keystone.ResellerKeystone.__new__(
            reseller_keystone.ResellerKeystone)
        keystone.api = mock.Mock()
        keystone.api.get.side_effect = ks_exc.NotFound()
        keystone.api.put.side_effect = ks_exc.Conflict()
        keystone.put_service_provider('csf-1', auth_url='http://sp/auth',
                                      sp_url='http://sp/ECP')
        keystone.api.patch.assert_called_once()
        self.assertEqual('/OS-FEDERATION/service_providers/csf-1',
                         keystone.api.patch.call_args[0][0])
        self.assertEqual('http://sp/ECP', keystone.api.patch.call_args[1][
            'json']['service_provider']['sp_url'])


class EndpointRootTest(testtools.TestCase):
    """The proxy serves a service's root; the catalog adds the version."""

    def test_a_version_path_is_split_off(self):
        for url, want in (
                ('http://nova:8774/v2.1', ('http://nova:8774', '/v2.1')),
                ('http://nova:8774/v2.1/', ('http://nova:8774', '/v2.1')),
                ('http://h/compute/v2.1', ('http://h/compute', '/v2.1')),
                ('http://glance:9292', ('http://glance:9292', '')),
                ('http://h/identity/v3', ('http://h/identity', '/v3')),
                ('http://h/v2.1x', ('http://h/v2.1x', ''))):
            self.assertEqual(want, endpoints.split(url))

    def test_the_catalog_shows_the_providers_version_path(self):
        catalog = driver.Catalog.__new__(driver.Catalog)
        conf = cfg.ConfigOpts()
        conf.register_opts(driver.OPTS, group=driver.GROUP)
        conf([], default_config_files=[])
        conf.set_override('proxy_url', 'https://agg/proxy',
                          group=driver.GROUP)
        catalog.conf = conf
        region = types.SimpleNamespace(name='V1', token_mode='proxy')
        self.assertEqual('https://agg/proxy/V1/compute/v2.1',
                         catalog._endpoint_url(region, 'compute', [
                             {'interface': 'public',
                              'url': 'http://nova:8774/v2.1'}]))
