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
"""Admin > Aggregator panels with the api layer stubbed."""

from unittest import mock

from csf_client import exceptions as csf_exceptions
from django.urls import reverse

from tests.unit.dashboard import base

PROVIDERS = reverse('horizon:admin:providers:index')
OFFERINGS = reverse('horizon:admin:offerings:index')
REGIONS = reverse('horizon:admin:aggregator_regions:index')
P1 = {'id': 'p1id', 'name': 'P1', 'vrm_url': 'http://vrm', 'available': True,
      'auth_url': 'http://ks/v3', 'last_error': '', 'description': ''}
GOLD = {'id': 'vr1', 'virtual_region_id': 'vr1', 'provider_id': 'p1id',
        'provider_name': 'P1', 'name': 'gold', 'region_id': 'R4',
        'services': ['image'], 'approval': 'auto', 'available': True,
        'metadata': {'location': {'jurisdiction': 'EU', 'country': 'DE'}}}
V1 = {'id': 'r1', 'name': 'V1', 'status': 'active', 'token_mode': 'proxy',
      'provider_id': 'p1id', 'virtual_region_id': 'vr1', 'binding_id': 'b1',
      'services': ['image'], 'description': ''}


class ProvidersTests(base.AdminTestCase):

    def test_index(self):
        self.patch_api('aggregator.provider_list').return_value = [
            P1, dict(P1, id='p2id', name='P2', available=False,
                     last_error='timed out')]
        res = self.client.get(PROVIDERS)
        self.assertEqual(200, res.status_code)
        self.assertContains(res, 'Unavailable: timed out')

    def test_index_forbidden_shows_a_message(self):
        self.patch_api('aggregator.provider_list').side_effect = (
            csf_exceptions.Forbidden('Policy does not allow this request.'))
        res = self.client.get(PROVIDERS)
        self.assertEqual(200, res.status_code)
        self.assertMessageCount(res, error=1)

    def test_register(self):
        create = self.patch_api('aggregator.provider_create')
        create.return_value = P1
        res = self.client.post(reverse('horizon:admin:providers:create'), {
            'name': 'P1', 'vrm_url': 'http://vrm-p1:9880', 'auth_url':
            'http://ks-p1/v3', 'credential_id': 'cid',
            'credential_secret': 'sekret', 'description': ''})
        self.assertNoFormErrors(res)
        self.assertRedirectsNoFollow(res, PROVIDERS)
        create.assert_called_once_with(
            mock.ANY, 'P1', 'http://vrm-p1:9880', 'http://ks-p1/v3', 'cid',
            'sekret', description='')

    def test_register_refused_credential(self):
        self.patch_api('aggregator.provider_create').side_effect = (
            csf_exceptions.BadRequest('credential refused'))
        res = self.client.post(reverse('horizon:admin:providers:create'), {
            'name': 'P1', 'vrm_url': 'http://vrm-p1:9880', 'auth_url':
            'http://ks-p1/v3', 'credential_id': 'cid',
            'credential_secret': 'bad'})
        self.assertRedirectsNoFollow(res, PROVIDERS)
        self.assertMessageCount(error=1)

    def test_remove(self):
        self.patch_api('aggregator.provider_list').return_value = [P1]
        delete = self.patch_api('aggregator.provider_delete')
        res = self.client.post(PROVIDERS,
                               {'action': 'providers__delete__p1id'})
        self.assertRedirectsNoFollow(res, PROVIDERS)
        delete.assert_called_once_with(mock.ANY, 'p1id')


class OfferingsTests(base.AdminTestCase):

    def setUp(self):
        super().setUp()
        self.offerings = self.patch_api('aggregator.offering_list')
        self.offerings.return_value = [GOLD]

    def test_index(self):
        res = self.client.get(OFFERINGS)
        self.assertContains(res, 'gold')
        self.assertContains(res, 'EU')
        self.offerings.assert_called_once_with(mock.ANY, service=None,
                                               metadata=())

    def test_filter_on_metadata(self):
        self.client.post(OFFERINGS, {
            'offerings__filter__q_field': 'metadata',
            'offerings__filter__q': 'location.jurisdiction=EU'}, follow=True)
        self.offerings.assert_called_with(
            mock.ANY, service=None,
            metadata=(('location.jurisdiction', 'EU'),))

    def test_filter_on_service(self):
        self.client.post(OFFERINGS, {
            'offerings__filter__q_field': 'service',
            'offerings__filter__q': 'image'}, follow=True)
        self.offerings.assert_called_with(mock.ANY, service='image',
                                          metadata=())

    def test_filter_without_equals_is_explained(self):
        res = self.client.post(OFFERINGS, {
            'offerings__filter__q_field': 'metadata',
            'offerings__filter__q': 'EU'}, follow=True)
        self.assertMessageCount(res, error=1)


class AggregatorRegionsTests(base.AdminTestCase):

    def setUp(self):
        super().setUp()
        self.patch_api('aggregator.region_list').return_value = [
            V1, dict(V1, id='r2', name='V2', status='suspended')]
        self.patch_api('aggregator.provider_list').return_value = [P1]

    def test_index_names_the_provider(self):
        res = self.client.get(REGIONS)
        rows = {r['name']: r for r in res.context['table'].data}
        self.assertEqual('P1', rows['V1']['provider_name'])

    def test_create_bound_to_an_offering(self):
        self.patch_api('aggregator.offering_list').return_value = [GOLD]
        create = self.patch_api('aggregator.region_create')
        create.return_value = dict(V1, status='pending')
        url = reverse('horizon:admin:aggregator_regions:create')
        page = self.client.get(url + '?offering=p1id/vr1')
        self.assertEqual('p1id/vr1', page.context['form'].initial['offering'])
        res = self.client.post(url, {
            'name': 'V9', 'offering': 'p1id/vr1', 'token_mode': 'proxy',
            'description': ''})
        self.assertNoFormErrors(res)
        create.assert_called_once_with(mock.ANY, 'V9', 'p1id', 'vr1',
                                       token_mode='proxy', description='')

    def test_suspend_resume_delete(self):
        suspend = self.patch_api('aggregator.region_suspend')
        resume = self.patch_api('aggregator.region_resume')
        delete = self.patch_api('aggregator.region_delete')
        self.client.post(REGIONS, {'action': 'regions__suspend__V1'})
        self.client.post(REGIONS, {'action': 'regions__resume__V2'})
        self.client.post(REGIONS, {'action': 'regions__delete__V2'})
        suspend.assert_called_once_with(mock.ANY, 'V1')
        resume.assert_called_once_with(mock.ANY, 'V2')
        delete.assert_called_once_with(mock.ANY, 'V2')

    def test_suspend_not_offered_for_a_suspended_region(self):
        suspend = self.patch_api('aggregator.region_suspend')
        self.client.post(REGIONS, {'action': 'regions__suspend__V2'})
        suspend.assert_not_called()
