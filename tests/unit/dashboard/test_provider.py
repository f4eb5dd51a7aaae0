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
"""The Provider dashboard with the api layer stubbed."""

from unittest import mock

from django.urls import reverse

from aggregator_dashboard.dashboards.provider.virtual_regions import forms
from tests.unit.dashboard import base

VRS = reverse('horizon:provider:virtual_regions:index')
PARTNERS = reverse('horizon:provider:partners:index')
BINDINGS = reverse('horizon:provider:bindings:index')
GOLD = {'id': 'vr1', 'name': 'gold', 'region_id': 'R4', 'services': ['image'],
        'visibility': 'public', 'approval': 'manual', 'description': '',
        'quota': {'image': {'image_count_total': 50}},
        'metadata': {'schema_version': '1',
                     'location': {'country': 'DE', 'city': 'Frankfurt'},
                     'prices': {'g1': '1 EUR/h'}}}
PARTNER = {'id': 'pa1', 'name': 'reseller-a',
           'idp_entity_id': 'https://a.example/idp'}
BINDING = {'id': 'b1', 'virtual_region_id': 'vr1', 'partner_id': 'pa1',
           'status': 'pending'}


class VirtualRegionsTests(base.AdminTestCase):

    def test_index(self):
        self.patch_api('vrm.virtual_region_list').return_value = [GOLD]
        res = self.client.get(VRS)
        self.assertContains(res, 'gold')
        self.assertContains(res, 'image: image_count_total=50')

    def test_create_with_form_fields_and_json(self):
        create = self.patch_api('vrm.virtual_region_create')
        create.return_value = GOLD
        res = self.client.post(reverse(
            'horizon:provider:virtual_regions:create'), {
            'name': 'gold', 'region_id': 'R4', 'services': 'image, compute',
            'visibility': 'public', 'approval': 'auto', 'country': 'DE',
            'jurisdiction': 'EU', 'city': '', 'availability': '99.9%',
            'metadata_json': '{"location": {"city": "Frankfurt"}, '
                             '"prices": {"g1": "1 EUR/h"}}',
            'quota': '{"image": {"image_count_total": 50}}',
            'description': ''})
        self.assertNoFormErrors(res)
        self.assertRedirectsNoFollow(res, VRS)
        create.assert_called_once_with(
            mock.ANY, name='gold', region_id='R4',
            services=['image', 'compute'], visibility='public',
            approval='auto', quota={'image': {'image_count_total': 50}},
            description=None, metadata={
                'schema_version': '1', 'prices': {'g1': '1 EUR/h'},
                'location': {'city': 'Frankfurt', 'country': 'DE',
                             'jurisdiction': 'EU'},
                'sla': {'availability': '99.9%'}})

    def test_edit_starts_from_the_virtual_region(self):
        self.patch_api('vrm.virtual_region_get').return_value = GOLD
        update = self.patch_api('vrm.virtual_region_update')
        update.return_value = GOLD
        url = reverse('horizon:provider:virtual_regions:update',
                      args=['vr1'])
        initial = self.client.get(url).context['form'].initial
        self.assertEqual('Frankfurt', initial['city'])
        self.assertEqual('image', initial['services'])
        data = dict(initial, visibility='private', description='x')
        res = self.client.post(url, {k: v for k, v in data.items()
                                     if v is not None})
        self.assertNoFormErrors(res)
        args = update.call_args
        self.assertEqual('vr1', args.args[1])
        self.assertEqual('private', args.kwargs['visibility'])
        self.assertEqual(GOLD['metadata'], args.kwargs['metadata'])

    def test_metadata_from_fields_only(self):
        self.assertEqual(
            {'schema_version': '1', 'location': {'country': 'FR'}},
            forms.metadata_from({'country': 'FR', 'metadata_json': None}))


class PartnersTests(base.AdminTestCase):

    def test_onboard_shows_the_credential_once(self):
        create = self.patch_api('vrm.partner_create')
        create.return_value = dict(PARTNER, auth_url='http://ks/v3',
                                   application_credential={
                                       'id': 'cid', 'secret': 'sekret'})
        res = self.client.post(reverse('horizon:provider:partners:create'), {
            'name': 'reseller-a', 'idp_entity_id': 'https://a.example/idp',
            'idp_metadata': '<xml/>', 'description': ''})
        self.assertNoFormErrors(res)
        credential = reverse('horizon:provider:partners:credential')
        self.assertRedirectsNoFollow(res, credential)
        page = self.client.get(credential)
        self.assertContains(page, 'sekret')
        again = self.client.get(credential)
        self.assertRedirectsNoFollow(again, PARTNERS)
        self.assertMessageCount(error=1)

    def test_offboard(self):
        self.patch_api('vrm.partner_list').return_value = [PARTNER]
        delete = self.patch_api('vrm.partner_delete')
        self.client.post(PARTNERS, {'action': 'partners__delete__pa1'})
        delete.assert_called_once_with(mock.ANY, 'pa1')


class BindingsTests(base.AdminTestCase):

    def setUp(self):
        super().setUp()
        self.bindings = self.patch_api('vrm.binding_list')
        self.bindings.return_value = [
            BINDING, dict(BINDING, id='b2', status='active')]
        self.patch_api('vrm.virtual_region_list').return_value = [GOLD]
        self.patch_api('vrm.partner_list').return_value = [PARTNER]
        self.action = self.patch_api('vrm.binding_action')

    def test_index_names_region_and_partner(self):
        res = self.client.get(BINDINGS)
        row = res.context['table'].data[0]
        self.assertEqual('gold', row['virtual_region_name'])
        self.assertEqual('reseller-a', row['partner_name'])

    def test_approve_suspend_terminate(self):
        self.client.post(BINDINGS, {'action': 'bindings__approve__b1'})
        self.client.post(BINDINGS, {'action': 'bindings__suspend__b2'})
        self.client.post(BINDINGS, {'action': 'bindings__terminate__b2'})
        self.assertEqual([
            mock.call(mock.ANY, 'b1', 'approve', None),
            mock.call(mock.ANY, 'b2', 'suspend', None),
            mock.call(mock.ANY, 'b2', 'terminate', {'projects': 'retain'})],
            self.action.call_args_list)

    def test_actions_follow_the_state_machine(self):
        # A pending binding cannot be suspended, an active one not approved.
        self.client.post(BINDINGS, {'action': 'bindings__suspend__b1'})
        self.client.post(BINDINGS, {'action': 'bindings__approve__b2'})
        self.action.assert_not_called()
