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
"""Both clients: paths, bodies, query strings, endpoint lookup, errors."""

from keystoneauth1 import exceptions as ks_exc
import testtools

from csf_client import aggregator
from csf_client import exceptions
from csf_client import vrm
from tests.unit.client import fakes


class ClientTestCase(testtools.TestCase):
    client_class = None

    def client(self, answer=None, **kwargs):
        self.session = fakes.Session(answer)
        return self.client_class(self.session, **kwargs)

    def assertCall(self, method, url, json=None, params=None):
        last = self.session.last
        self.assertEqual((method, url), (last['method'], last['url']))
        self.assertEqual(json, last.get('json'))
        self.assertEqual(params, last.get('params'))


class TestEndpointAndErrors(ClientTestCase):
    client_class = vrm.VRMClient

    def test_catalog_lookup_by_service_type(self):
        self.client(fakes.response(200, {'partners': []}),
                    region_name='R4', interface='internal').list_partners()
        flt = self.session.last['endpoint_filter']
        self.assertEqual('virtual-region-manager', flt['service_type'])
        self.assertEqual('R4', flt['region_name'])
        self.assertEqual('internal', flt['interface'])
        self.assertIsNone(self.session.last.get('endpoint_override'))
        self.assertFalse(self.session.last['raise_exc'])

    def test_endpoint_override_and_timeout(self):
        self.client(fakes.response(200, {'partners': []}),
                    endpoint_override='http://vrm.test:9871',
                    timeout=7).list_partners()
        self.assertEqual('http://vrm.test:9871',
                         self.session.last['endpoint_override'])
        self.assertEqual(7, self.session.last['timeout'])

    def test_api_error_is_typed(self):
        client = self.client(fakes.api_error(409, 'vrm.conflict', 'busy'))
        exc = self.assertRaises(exceptions.Conflict,
                                client.delete_virtual_region, 'v')
        self.assertEqual('vrm.conflict', exc.code)

    def test_connection_failure_is_unavailable_without_status(self):
        client = self.client(ks_exc.ConnectFailure('refused'))
        exc = self.assertRaises(exceptions.ServiceUnavailable,
                                client.list_offerings)
        self.assertIsNone(exc.status_code)
        self.assertIsInstance(exc.__cause__, ks_exc.ConnectFailure)

    def test_timeout_is_unavailable(self):
        client = self.client(ks_exc.ConnectTimeout('slow'))
        self.assertRaises(exceptions.ServiceUnavailable,
                          client.list_offerings)

    def test_refused_credentials(self):
        for error in (ks_exc.Unauthorized(), ks_exc.NotFound()):
            client = self.client(error)
            self.assertRaises(exceptions.AuthenticationFailed,
                              client.list_offerings)

    def test_no_endpoint_in_catalog(self):
        client = self.client(ks_exc.EndpointNotFound())
        exc = self.assertRaises(exceptions.EndpointNotFound,
                                client.list_offerings)
        self.assertIn('virtual-region-manager', exc.message)

    def test_no_content(self):
        client = self.client(fakes.response(204))
        self.assertIsNone(client.delete_partner('p'))


class TestVRMClient(ClientTestCase):
    client_class = vrm.VRMClient

    def test_virtual_regions(self):
        vr = {'id': 'v1', 'name': 'gold'}
        client = self.client(fakes.response(201, {'virtual_region': vr}))
        self.assertEqual(vr, client.create_virtual_region(
            name='gold', region_id='R4', services=['image'], metadata={},
            description=None))
        self.assertCall('POST', '/v1/virtual-regions', json={
            'virtual_region': {'name': 'gold', 'region_id': 'R4',
                               'services': ['image'], 'metadata': {}}})
        client.update_virtual_region('v1', approval='auto', quota=None)
        self.assertCall('PATCH', '/v1/virtual-regions/v1',
                        json={'virtual_region': {'approval': 'auto'}})
        client.get_virtual_region('v1')
        self.assertCall('GET', '/v1/virtual-regions/v1')

    def test_partners(self):
        client = self.client(fakes.response(201, {'partner': {'id': 'p'}}))
        client.create_partner('A', 'https://idp', '<xml/>')
        self.assertCall('POST', '/v1/partners', json={'partner': {
            'name': 'A', 'idp_entity_id': 'https://idp',
            'idp_metadata': '<xml/>'}})

    def test_bindings_and_actions(self):
        client = self.client(fakes.response(200, {'binding': {'id': 'b'}}))
        client.create_binding('v1')
        self.assertCall('POST', '/v1/bindings', json={'binding': {
            'virtual_region_id': 'v1', 'api_version': 'v1'}})
        for call, body in (
                (lambda: client.approve_binding('b'), {'approve': None}),
                (lambda: client.resume_binding('b'), {'resume': None}),
                (lambda: client.reject_binding('b', reason='no'),
                 {'reject': {'reason': 'no'}}),
                (lambda: client.suspend_binding('b'), {'suspend': None}),
                (lambda: client.terminate_binding('b'),
                 {'terminate': {'projects': 'retain'}}),
                (lambda: client.terminate_binding('b', projects='delete'),
                 {'terminate': {'projects': 'delete'}})):
            self.assertEqual({'id': 'b'}, call())
            self.assertCall('POST', '/v1/bindings/b/action', json=body)

    def test_placements(self):
        client = self.client(fakes.response(201, {'project': {'id': 'x'}}))
        client.create_placement('b', 't-1', {'image': {'n': 1}})
        self.assertCall('POST', '/v1/bindings/b/projects', json={
            'project': {'name': 't-1', 'quota': {'image': {'n': 1}}}})
        client.delete_placement('b', 'x')
        self.assertCall('DELETE', '/v1/bindings/b/projects/x')


class TestAggregatorClient(ClientTestCase):
    client_class = aggregator.AggregatorClient

    def test_service_type(self):
        self.client(fakes.response(200, {'regions': []})).list_regions()
        self.assertEqual('aggregator', self.session.last[
            'endpoint_filter']['service_type'])

    def test_offering_search_query(self):
        client = self.client(fakes.response(200, {'offerings': [{'id': 1}]}))
        self.assertEqual([{'id': 1}], client.list_offerings(
            service='image', metadata={'jurisdiction': 'EU',
                                       'location.country': 'DE'}))
        self.assertCall('GET', '/v1/offerings', params={
            'service': 'image', 'metadata.jurisdiction': 'EU',
            'metadata.location.country': 'DE'})
        client.list_offerings()
        self.assertCall('GET', '/v1/offerings')

    def test_provider_credential(self):
        client = self.client(fakes.response(201, {'provider': {'id': 'p'}}))
        client.create_provider('P1', 'http://vrm', 'http://ks/v3', 'cid',
                               'sec')
        self.assertCall('POST', '/v1/providers', json={'provider': {
            'name': 'P1', 'vrm_url': 'http://vrm', 'auth_url': 'http://ks/v3',
            'application_credential': {'id': 'cid', 'secret': 'sec'}}})

    def test_regions(self):
        client = self.client(fakes.response(200, {'region': {'name': 'V'}}))
        client.create_region('V', 'p', 'v1')
        self.assertCall('POST', '/v1/regions', json={'region': {
            'name': 'V', 'provider_id': 'p', 'virtual_region_id': 'v1',
            'token_mode': 'proxy'}})
        client.update_region('V', status='suspended', description=None)
        self.assertCall('PATCH', '/v1/regions/V',
                        json={'region': {'status': 'suspended'}})

    def test_placements(self):
        client = self.client(fakes.response(200, {'project': {}}))
        client.create_placement('V1', 'a' * 32)
        self.assertCall('POST', '/v1/regions/V1/projects',
                        json={'project': {'project_id': 'a' * 32}})
        client.delete_placement('V1', 'a' * 32)
        self.assertCall('DELETE', '/v1/regions/V1/projects/' + 'a' * 32)
        self.session.answer = fakes.response(200, {'regions': []})
        self.assertEqual([], client.list_project_regions('a' * 32))
        self.assertCall('GET', '/v1/projects/%s/regions' % ('a' * 32))
