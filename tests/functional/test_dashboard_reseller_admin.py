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
"""The reseller's administrator in the real Horizon, in headless Chromium:
register a provider, find its offering by metadata, create a region bound
to it, then delete both again through the dashboard."""

from __future__ import annotations

from tests.functional import test_aggregator
from tests.functional import test_dashboard_browser
from tests.functional import vrm_base


class TestResellerAdminDashboard(test_aggregator.AggregatorTestCase):

    def _provider_named(self, name: str) -> dict | None:
        for provider in self.agg('GET', '/v1/providers').json()['providers']:
            if provider['name'] == name:
                return provider
        return None

    def _delete_provider_named(self, name: str) -> None:
        provider = self._provider_named(name)
        if provider:
            self.agg('DELETE', '/v1/providers/' + provider['id'])

    def test_register_provider_and_create_region(self):
        city = self.unique('city')
        vr = self.create_region(approval='manual', metadata=dict(
            vrm_base.METADATA, location={'country': 'DE',
                                         'jurisdiction': 'EU',
                                         'city': city}))
        partner, _ = self.onboard()
        credential = partner['application_credential']
        name, region = self.unique('P'), self.unique('V')
        self.addCleanup(self._delete_provider_named, name)
        self.addCleanup(self.agg, 'DELETE', '/v1/regions/' + region)

        browser = self.useFixture(test_dashboard_browser.Browser(
            self, 'reseller-horizon'))
        page = browser.page
        browser.login('aggregator-admin')

        # Providers > Register Provider.
        browser.go('/admin/providers/')
        page.click('#providers__action_create')
        page.fill('#id_name', name)
        page.fill('#id_vrm_url', self.service('p1-vrm')['url'])
        page.fill('#id_auth_url', self.service('p1-keystone')['auth_url'])
        page.fill('#id_credential_id', credential['id'])
        page.fill('#id_credential_secret', credential['secret'])
        browser.shot('register-provider')
        browser.modal_submit()
        self.assertIn('Provider %s registered' % name, browser.message())
        provider = self._provider_named(name)
        self.assertIsNotNone(provider)
        row = browser.row('providers', provider['id'])
        self.assertIn('Available', row.inner_text())
        browser.shot('providers')

        # Offerings: a search by metadata finds the new virtual region.
        browser.go('/admin/offerings/')
        page.fill('input[name="offerings__filter__q"]',
                  'location.city=%s' % city)
        page.click('#offerings__action_filter')
        offering = browser.row('offerings', '%s/%s' % (provider['id'],
                                                       vr['id']))
        offering.wait_for()
        # Every provider that sees the (public) virtual region lists it,
        # and nothing else matches the city.
        listed = page.locator('table tbody tr')
        self.assertEqual(listed.count(), page.locator(
            'table tbody tr', has_text=vr['name']).count())
        self.assertIn(vr['name'], offering.inner_text())
        browser.shot('offerings-by-city')

        # Create Region from the offering's row.
        offering.get_by_text('Create Region').click()
        page.fill('#id_name', region)
        page.locator('#id_token_mode').select_option('proxy', force=True)
        browser.shot('create-region')
        browser.modal_submit()
        self.assertIn('Region %s created' % region, browser.message())
        created = self.agg('GET', '/v1/regions/' + region).json()['region']
        self.assertEqual(vr['id'], created['virtual_region_id'])
        self.assertEqual('proxy', created['token_mode'])
        # Manual approval at the provider: the binding waits.
        row = browser.row('regions', region)
        self.assertIn(created['status'], row.inner_text())
        self.assertIn(name, row.inner_text())
        browser.shot('aggregator-regions')

        # Delete the region, then remove the provider (with confirmation).
        browser.row_action('regions', region, 'Delete Region')
        browser.confirm()
        self.assertIn('Deleted Region', browser.message())
        self.assertEqual(404, self.agg('GET', '/v1/regions/' +
                                       region).status_code)
        browser.go('/admin/providers/')
        browser.row_action('providers', provider['id'], 'Remove Provider')
        browser.confirm()
        self.assertIn('Removed Provider', browser.message())
        self.assertIsNone(self._provider_named(name))
        browser.shot('provider-removed')
