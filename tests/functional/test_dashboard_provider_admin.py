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
"""A provider's administrator in p1's own Horizon, in headless Chromium:
the Provider dashboard shows the virtual regions, onboards a partner
(showing its credential once) and approves then suspends a binding.

The test makes its own virtual region, partner and binding (a partner
with an IdP nobody else uses), so it needs no provider lock.
"""

from __future__ import annotations

from tests.functional import test_dashboard_browser
from tests.functional import vrm_base


class TestProviderAdminDashboard(vrm_base.VRMTestCase):
    provider = 'p1'

    def _binding(self, binding_id: str) -> dict:
        return self.admin.get('/v1/bindings/' + binding_id).json()['binding']

    def _delete_partner_named(self, name: str) -> None:
        for partner in self.admin.get('/v1/partners').json()['partners']:
            if partner['name'] == name:
                self.admin.delete('/v1/partners/' + partner['id'])

    def test_virtual_regions_partner_onboarding_and_binding_actions(self):
        vr = self.create_region(approval='manual')
        _partner, client = self.onboard()
        binding = self.request_binding(client, vr)
        self.assertEqual('pending', binding['status'])
        browser = self.useFixture(test_dashboard_browser.Browser(
            self, 'p1-horizon'))
        page = browser.page
        browser.login('provider-p1-admin')

        # The provider's administrators land on their virtual regions.
        page.wait_for_url('**/provider/')
        row = browser.row('virtual_regions', vr['id'])
        self.assertIn(vr['name'], row.inner_text())
        self.assertIn('manual', row.inner_text())
        browser.shot('virtual-regions')

        # Onboard a partner: the credential is shown once.
        name = self.unique('partner')
        entity, metadata = self.fake_idp()
        self.addCleanup(self._delete_partner_named, name)
        browser.go('/provider/partners/')
        page.click('#partners__action_create')
        page.fill('#id_name', name)
        page.fill('#id_idp_entity_id', entity)
        page.fill('#id_idp_metadata', metadata)
        browser.shot('onboard-partner')
        browser.modal_submit()
        page.wait_for_url('**/provider/partners/credential/')
        secret = page.locator('#partner-credential .credential-secret')
        self.assertGreater(len(secret.inner_text().strip()), 8)
        browser.shot('partner-credential')
        page.reload()
        self.assertIn('shown already', browser.message('danger'))
        self.assertEqual(0, page.locator('.credential-secret').count())

        # Bindings: approve (it becomes active), then suspend it.
        browser.go('/provider/bindings/')
        row = browser.row('bindings', binding['id'])
        self.assertIn('pending', row.inner_text())
        self.assertIn(vr['name'], row.inner_text())
        browser.shot('binding-pending')
        browser.row_action('bindings', binding['id'], 'Approve Binding')
        self.assertIn('Approved Binding', browser.message())
        self.assertEqual('active', self._binding(binding['id'])['status'])
        row = browser.row('bindings', binding['id'])
        self.assertIn('active', row.inner_text())
        browser.shot('binding-active')
        browser.row_action('bindings', binding['id'], 'Suspend Binding')
        browser.confirm()
        self.assertIn('Suspended Binding', browser.message())
        self.assertEqual('suspended',
                         self._binding(binding['id'])['status'])
        self.assertIn('suspended',
                      browser.row('bindings', binding['id']).inner_text())
        browser.shot('binding-suspended')
