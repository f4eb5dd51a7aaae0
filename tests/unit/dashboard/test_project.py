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
"""Project > Virtual Regions with the api layer stubbed."""

from unittest import mock
from urllib import parse

from csf_client import exceptions as csf_exceptions
from django.urls import reverse

from tests.unit.dashboard import base

INDEX = reverse('horizon:project:virtual_regions:index')


def refreshed(project_id):
    """Where a changed placement leads: a new token, then the index."""
    return '%s?next=%s' % (reverse('switch_project_id', args=[project_id]),
                           INDEX)


V1 = {'id': 'r1', 'name': 'V1', 'status': 'active', 'token_mode': 'proxy',
      'services': ['image'], 'description': 'gold',
      'metadata': {'location': {'jurisdiction': 'EU', 'city': 'Frankfurt'},
                   'flavors': [{'name': 'g1', 'vcpus': 2}]}}
V2 = {'id': 'r2', 'name': 'V2', 'status': 'active',
      'token_mode': 'pass-through', 'services': ['image'],
      'description': 'silver',
      'metadata': {'location': {'jurisdiction': 'US', 'city': 'Ashburn'},
                   'flavors': [{'name': 'g1', 'vcpus': 2}]}}


class VirtualRegionsTests(base.TestCase):

    def setUp(self):
        super().setUp()
        self.regions = self.patch_api('aggregator.region_list')
        self.placed = self.patch_api('aggregator.project_region_list')
        self.regions.return_value = [V1, V2]
        self.placed.return_value = [{'region': 'V1', 'status': 'active'}]

    def test_index_lists_regions_and_placement(self):
        res = self.client.get(INDEX)
        self.assertEqual(200, res.status_code)
        rows = {r.datum['name']: r.datum
                for r in res.context['table'].get_rows()}
        self.assertEqual(['V1', 'V2'], sorted(rows))
        self.assertTrue(rows['V1']['placed'])
        self.assertFalse(rows['V2']['placed'])
        self.assertContains(res, 'Frankfurt')
        self.placed.assert_called_once_with(mock.ANY, self.tenant.id)

    def test_switch_to_region_uses_horizon_switches(self):
        """Proxy: the region selector; pass-through: K2K, then the project."""
        self.placed.return_value = [
            {'region': 'V1', 'status': 'active'},
            {'region': 'V2', 'status': 'active',
             'service_provider_id': 'csf-0123456789abcdef',
             'provider_project_id': 'pp2'}]
        res = self.client.get(INDEX)
        self.assertContains(res, '%s?next=%s' % (
            reverse('switch_services_region', args=['V1']),
            parse.quote(reverse('horizon:project:images:index'), safe='')))
        inner = '%s?next=%s' % (
            reverse('switch_project_id', args=['pp2']),
            parse.quote(reverse('horizon:project:images:index'), safe=''))
        self.assertContains(res, '%s?next=%s' % (
            reverse('switch_keystone_provider',
                    args=['csf-0123456789abcdef']),
            parse.quote(inner, safe='')))
        self.assertContains(res, 'regions__row_V2__action_switch')

    def test_no_switch_where_the_project_is_not_placed_and_active(self):
        self.placed.return_value = [{'region': 'V1', 'status': 'creating'}]
        res = self.client.get(INDEX)
        self.assertNotContains(res, 'regions__row_V1__action_switch')
        self.assertNotContains(res, 'regions__row_V2__action_switch')

    def test_index_shows_an_error_message_not_a_traceback(self):
        self.regions.side_effect = csf_exceptions.ServiceUnavailable(
            'Aggregator down')
        res = self.client.get(INDEX)
        self.assertEqual(200, res.status_code)
        self.assertEqual([], res.context['table'].data)
        self.assertMessageCount(res, error=1)

    def test_index_paginates(self):
        many = [dict(V1, name='V%02d' % i) for i in range(30)]
        self.regions.return_value = many
        with self.settings(API_RESULT_PAGE_SIZE=10):
            first = self.client.get(INDEX)
            names = [r['name'] for r in first.context['table'].data]
            self.assertEqual(['V%02d' % i for i in range(10)], names)
            self.assertTrue(first.context['table'].has_more_data())
            second = self.client.get(INDEX + '?marker=V09')
        self.assertEqual('V10', second.context['table'].data[0]['name'])
        self.assertTrue(second.context['table'].has_prev_data())

    def test_compare_two_regions(self):
        res = self.client.get(
            reverse('horizon:project:virtual_regions:compare') +
            '?region=V1&region=V2')
        self.assertEqual(200, res.status_code)
        rows = {r['key']: r for r in res.context['rows']}
        self.assertEqual(['EU', 'US'],
                         rows['metadata.location.jurisdiction']['values'])
        self.assertTrue(rows['metadata.location.jurisdiction']['differs'])
        self.assertFalse(rows['metadata.flavors.g1.vcpus']['differs'])
        self.assertEqual(['Yes', 'No'], rows['placed']['values'])

    def test_compare_needs_two_regions(self):
        res = self.client.get(
            reverse('horizon:project:virtual_regions:compare') +
            '?region=V1')
        self.assertRedirectsNoFollow(res, INDEX)

    def test_compare_action_redirects_with_the_selection(self):
        res = self.client.post(INDEX, {
            'action': 'regions__compare', 'object_ids': ['V1', 'V2']})
        self.assertRedirectsNoFollow(
            res, reverse('horizon:project:virtual_regions:compare') +
            '?region=V1&region=V2')

    @base.stub('aggregator.placement_create')
    def test_place_project_with_quota(self, create):
        create.return_value = {'project_id': self.tenant.id,
                               'region': 'V2', 'status': 'active'}
        url = reverse('horizon:project:virtual_regions:place', args=['V2'])
        self.assertEqual(200, self.client.get(url).status_code)
        res = self.client.post(url, {
            'region': 'V2', 'quota': '{"image": {"image_count_total": 5}}'})
        self.assertNoFormErrors(res)
        self.assertRedirectsNoFollow(res, refreshed(self.tenant.id))
        create.assert_called_once_with(
            mock.ANY, 'V2', self.tenant.id,
            quota={'image': {'image_count_total': 5}})

    @base.stub('aggregator.placement_create')
    def test_place_project_rejects_bad_json(self, create):
        url = reverse('horizon:project:virtual_regions:place', args=['V2'])
        res = self.client.post(url, {'region': 'V2', 'quota': '{nope'})
        self.assertFormErrors(res, 1)
        create.assert_not_called()

    @base.stub('aggregator.placement_create')
    def test_place_project_refused_shows_the_services_message(self, create):
        create.side_effect = csf_exceptions.Conflict('already placed')
        url = reverse('horizon:project:virtual_regions:place', args=['V2'])
        res = self.client.post(url, {'region': 'V2', 'quota': ''})
        self.assertRedirectsNoFollow(res, INDEX)
        self.assertMessageCount(error=1)

    @base.stub('aggregator.placement_delete')
    def test_remove_placement(self, delete):
        res = self.client.post(INDEX, {
            'action': 'regions__remove_placement__V1'})
        self.assertRedirectsNoFollow(res, refreshed(self.tenant.id))
        delete.assert_called_once_with(mock.ANY, 'V1', self.tenant.id)
