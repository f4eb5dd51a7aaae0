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
"""Tenant x in the reseller's real Horizon, in headless Chromium.

The worked example: x sees V1 and V2, compares them, places project T in
V2, works there by Horizon's keystone provider switch (V2 is pass-through:
K2K as x itself) and comes back, switches Horizon's region selector to V1
and sees T's image there, served by provider P1 through the Aggregator's
proxy, then removes the placement in V2 again.
"""

from __future__ import annotations

import json
import os
import subprocess

import fixtures

from tests.functional import k2k_fixtures
from tests.functional import test_aggregator
from tests.functional import test_dashboard_browser
from tests.functional import test_worked_example
from tools.topology import worked_example

IMAGE = {'service_type': 'image', 'interface': 'public', 'region_name': 'V1'}


class TestTenantDashboard(test_aggregator.AggregatorTestCase):

    def setUp(self) -> None:
        super().setUp()
        # The worked example uses the reseller's real IdP at both providers.
        for provider in ('p1', 'p2'):
            self.useFixture(k2k_fixtures.ProviderLock(self.topology,
                                                      provider))
        found = {r['name'] for r in self.agg('GET', '/v1/regions').json()[
            'regions']}
        if not {'V1', 'V2'} <= found:
            # Not seeded: seed it now and take it away again at the end.
            self.addCleanup(test_worked_example.TestWorkedExample.undo, self)
        worked_example.seed(self.topology)
        # A fresh token: its catalog shows V1, where T is placed.
        self.tenant = self.password_session('tenant-x')
        self.image = self._image_in_v1()

    def _image_in_v1(self) -> dict:
        resp = self.tenant.post('/v2/images', endpoint_filter=IMAGE, json={
            'name': self.unique('dashboard-image'), 'disk_format': 'raw',
            'container_format': 'bare'}, raise_exc=False)
        self.assertEqual(201, resp.status_code, resp.text)
        image = resp.json()
        self.addCleanup(self.tenant.delete, '/v2/images/%s' % image['id'],
                        endpoint_filter=IMAGE, raise_exc=False)
        return image

    def _placed_in(self) -> list:
        """Which of V1 and V2 T is placed in.

        Tests running beside this one place T in regions of their own.
        """
        return sorted(r['region'] for r in self.agg(
            'GET', '/v1/projects/%s/regions' % self.tenant_project,
            sess=self.tenant).json()['regions']
            if r['region'] in ('V1', 'V2'))

    def _work_in_pass_through_v2(self) -> None:
        """V2 is pass-through: x reaches it as itself, by K2K.

        The reseller's token never goes to P2, so V2 is not in its
        catalog (nor in Horizon's region selector); Switch to Region
        takes Horizon's keystone provider switch to V2's service provider
        and the project V2 made for T, and the provider menu goes back.
        """
        browser, page = self.browser, self.browser.page
        self.assertEqual(0, self._region_links('V2').count())
        placement = self.placement_in('V2', self.tenant_project)
        with page.expect_navigation(url='**/project/images/'):
            browser.row_action('regions', 'V2', 'Switch to Region')
        # Horizon says why a switch failed in its messages (K2K refused).
        self.assertEqual(
            placement['service_provider_id'],
            page.locator('.keystone-provider-title').inner_text().strip(),
            page.locator('.messages, .alert').all_inner_texts())
        # Horizon is scoped to the provider project (it remembers it).
        recent = {c['name']: c['value'] for c in page.context.cookies()}
        self.assertEqual(placement['provider_project_id'],
                         recent.get('recent_project'))
        page.locator('#images').wait_for()
        self.assertEqual(0, page.locator('.alert-danger').count())
        browser.shot('v2-by-k2k')
        # Back to the reseller's Keystone by the provider menu, in T.
        page.locator('.keystone-provider-title').click()
        with page.expect_navigation():
            page.locator('#keystone_provider_list a',
                         has_text='Reseller A Cloud').click()
        browser.go('/auth/switch/%s/?next=/project/virtual_regions/'
                   % self.tenant_project)
        page.wait_for_url('**/project/virtual_regions/')
        self.assertEqual('Reseller A Cloud', page.locator(
            '.keystone-provider-title').inner_text().strip())

    def _region_links(self, region: str):
        """The region selector's entries for ``region``."""
        return self.browser.page.locator(
            'a[href*="/auth/switch_services_region/%s/"]' % region)

    def test_compare_place_switch_region_and_see_images(self):
        browser = self.browser = self.useFixture(
            test_dashboard_browser.Browser(self, 'reseller-horizon'))
        page = browser.page
        browser.login('tenant-x')
        # The tenant lands on Project > Virtual Regions.
        page.wait_for_url('**/project/virtual_regions/')
        # Tests running beside this one give x other projects, one of
        # which Horizon may have chosen at login: work in T, as a user
        # does with Horizon's project switcher.
        browser.go('/auth/switch/%s/?next=/project/virtual_regions/'
                   % self.tenant_project)
        page.wait_for_url('**/project/virtual_regions/')
        for region in ('V1', 'V2'):
            browser.row('regions', region).wait_for()
        self.assertIn('active',
                      browser.row('regions', 'V1').inner_text())
        self.assertIn('No', browser.row('regions', 'V2').inner_text())
        self.assertIn('Reseller A Cloud', page.title())
        browser.shot('virtual-regions')

        # Compare V1 and V2 side by side.
        for region in ('V1', 'V2'):
            browser.select_row('regions', region)
        page.click('#regions__action_compare')
        page.wait_for_url('**/project/virtual_regions/compare/**')
        heads = page.locator('#region-comparison th.region-name')
        self.assertEqual(['V1', 'V2'], heads.all_inner_texts())
        token_mode = page.locator('#region-comparison tr',
                                  has_text='token_mode')
        self.assertIn('proxy', token_mode.inner_text())
        self.assertIn('pass-through', token_mode.inner_text())
        # The regions' provider-neutral characteristics, side by side.
        jurisdiction = page.locator('#region-comparison tr',
                                    has_text='location.jurisdiction')
        self.assertEqual(['EU', 'US'], jurisdiction.locator(
            'td').all_inner_texts()[-2:])
        self.assertEqual(0, page.locator('#region-comparison tr',
                                         has_text='prices').count())
        browser.shot('compare-v1-v2')

        # Place T in V2 with a quota request.
        browser.go('/project/virtual_regions/')
        self.addCleanup(self.agg, 'DELETE', '/v1/regions/V2/projects/%s'
                        % self.tenant_project)
        browser.row_action('regions', 'V2', 'Place Project in Region')
        page.locator('#id_quota').fill(
            '{"image": {"image_count_total": 5}}')
        browser.shot('place-in-v2')
        browser.modal_submit()
        self.assertIn('placed in region V2', browser.message())
        self.assertEqual(['V1', 'V2'], self._placed_in())
        self.assertNotIn('No', browser.row('regions', 'V2').locator(
            'td').nth(7).inner_text())
        browser.shot('placed-in-v2')
        self._work_in_pass_through_v2()

        # Horizon's own region selector: switch to V1, see T's image.
        page.locator('.dropdown-toggle', has_text='RegionOne').first.click()
        with page.expect_navigation():
            self._region_links('V1').first.click()
        browser.go('/project/images/')
        image = browser.row('images', self.image['id'])
        self.assertIn(self.image['name'], image.inner_text())
        # T owns it, as far as Horizon can tell: its row actions are there.
        self.assertEqual(1, image.get_by_text('Delete Image').count())
        # The header's project/region menu names the current region.
        menus = [t.replace(' ', '') for t in page.locator(
            '.dropdown-toggle').all_inner_texts()]
        self.assertTrue(any(t.endswith('V1') for t in menus), menus)
        self.assertFalse(any('RegionOne' in t for t in menus), menus)
        browser.shot('v1-images')

        # Remove the placement in V2 again (with Horizon's confirmation).
        browser.go('/project/virtual_regions/')
        browser.row_action('regions', 'V2', 'Remove Placement')
        browser.confirm()
        self.assertIn('Removed Placement', browser.message())
        self.assertEqual(['V1'], self._placed_in())
        self.assertEqual(0, self._region_links('V2').count())
        browser.shot('placement-removed')

    def test_compute_and_network_panels_in_v1(self):
        """Stock compute and network panels of Horizon, through the proxy.

        Networks, Security Groups, Key Pairs, Launch Instance and the
        instance's life, in T's words.
        """
        if not self.topology.get('iaas'):
            self.skipTest('this topology runs no IaaS')
        browser = self.browser = self.useFixture(
            test_dashboard_browser.Browser(self, 'reseller-horizon'))
        page = browser.page
        browser.login('tenant-x')
        page.wait_for_url('**/project/virtual_regions/')
        browser.go('/auth/switch/%s/?next=/project/virtual_regions/'
                   % self.tenant_project)
        page.wait_for_url('**/project/virtual_regions/')
        browser.go('/auth/switch_services_region/V1/?next=/project/networks/')
        page.wait_for_url('**/project/networks/')

        # Networks: the worked example's net1 (made through the API: see
        # admin/iaas.rst on Horizon's Create Network at a provider whose
        # Neutron runs on PostgreSQL), with its subnet, in T's words.
        net = self.cli_json('network', 'show', worked_example.NETWORK)
        browser.go('/project/networks/')
        row = browser.row('networks', net['id'])
        row.wait_for()
        self.assertIn(worked_example.SUBNET, row.inner_text())
        page.goto(browser.url + '/project/networks/%s/detail' % net['id'])
        page.get_by_text(self.tenant_project).first.wait_for()
        browser.shot('network')

        # Security Groups: Create Security Group.
        group_name = self.unique('sg')
        browser.go('/project/security_groups/')
        page.click('#security_groups__action_create')
        page.fill('#id_name', group_name)
        browser.modal_submit()
        page.wait_for_url('**/security_groups/*/')
        group = self.cli_json('security', 'group', 'show', group_name)
        self.addCleanup(self.cli_region, 'security', 'group', 'delete',
                        group['id'])
        self.assertEqual(self.tenant_project, group['project_id'])
        browser.shot('security-group-created')

        # Key Pairs: Import Public Key; the key pair is x's own.
        key_name = self.unique('key')
        tmp = self.useFixture(fixtures.TempDir()).path
        subprocess.run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '',
                        '-f', os.path.join(tmp, 'id')], check=True,
                       timeout=60)
        with open(os.path.join(tmp, 'id.pub')) as fh:
            public_key = fh.read().strip()
        browser.go('/project/key_pairs/')
        page.get_by_text('Import Public Key', exact=True).first.click()
        dialog = page.locator('.modal-dialog')
        dialog.locator('input[name="name"]').fill(key_name)
        dialog.locator('textarea').fill(public_key)
        browser.shot('import-key-pair')
        dialog.locator('.modal-footer .btn-primary').click()
        page.get_by_text(key_name).first.wait_for()
        self.addCleanup(self.cli_region, 'keypair', 'delete', key_name,
                        check=False)
        key = self.cli_json('keypair', 'show', key_name)
        self.assertEqual(self.tenant.get_user_id(), key['user_id'])
        self.assertEqual(public_key.split()[1],
                         self.cli_region('keypair', 'show', '--public-key',
                                         key_name).split()[1])
        browser.shot('key-pairs')

        # Launch Instance (the wizard): image, flavor, and T's one network
        # (net1), which the wizard takes by itself.
        vm_name = self.unique('vm')
        browser.go('/project/instances/')
        page.click('#instances__action_launch-ng')
        wizard = page.locator('.modal-dialog')
        wizard.locator('#name').fill(vm_name)
        finish = wizard.locator('button.finish')

        def allocate(step: str, row: str, loaded: str) -> None:
            """Allocate ``row`` in ``step``, once its table is loaded."""
            wizard.get_by_text(step, exact=True).first.click()
            wizard.locator('tr', has_text=loaded).first.wait_for()
            wizard.locator('tr', has_text=row).locator(
                'button.btn-default').first.click()
        allocate('Source', 'iaas-fake', 'iaas-fake')
        allocate('Flavor', 'm1.tiny', 'g1.medium')
        browser.shot('launch-wizard')
        for _ in range(2):
            # A busy Horizon may miss an allocation made while its step
            # was still settling: the wizard stays invalid; make it again.
            try:
                finish.click(timeout=30_000)
                break
            except test_dashboard_browser.sync_api.TimeoutError:
                browser.shot('launch-wizard-invalid')
                wizard.get_by_text('Flavor', exact=True).first.click()
                allocated = wizard.locator('tr', has_text='m1.tiny').locator(
                    'button.btn-default').first
                allocated.click()       # back to available
                allocate('Flavor', 'm1.tiny', 'g1.medium')
        else:
            self.fail('Launch Instance stayed disabled')
        server = None
        for _ in range(60):     # at most about 2 minutes
            found = [s for s in self.cli_json('server', 'list')
                     if s['Name'] == vm_name]
            if found and found[0]['Status'] in ('ACTIVE', 'ERROR'):
                server = found[0]
                break
            page.wait_for_timeout(2000)
        self.assertIsNotNone(server, 'no server %s' % vm_name)
        self.addCleanup(self.cli_region, 'server', 'delete', '--wait',
                        server['ID'], check=False)
        self.assertEqual('ACTIVE', server['Status'])
        self.assertIn(worked_example.NETWORK, json.dumps(server['Networks']))
        browser.go('/project/instances/')
        row = browser.row('instances', server['ID'])
        row.get_by_text('Active').first.wait_for()
        self.assertIn('m1.tiny', row.inner_text())
        browser.shot('instance-active')
        page.goto(browser.url + '/project/instances/%s/' % server['ID'])
        overview = page.locator('.detail').first
        overview.wait_for()
        self.assertIn(self.tenant_project, overview.inner_text())
        for word in self.provider_words():
            self.assertNotIn(word, page.content())
        browser.shot('instance-overview')

        # Delete Instance, with Horizon's confirmation.
        browser.go('/project/instances/')
        browser.select_row('instances', server['ID'])
        page.click('#instances__action_delete')
        browser.confirm()
        for _ in range(60):
            if not [s for s in self.cli_json('server', 'list')
                    if s['ID'] == server['ID']]:
                break
            page.wait_for_timeout(2000)
        self.assertEqual([], [s for s in self.cli_json('server', 'list')
                              if s['ID'] == server['ID']])
        browser.go('/project/instances/')
        page.locator('#instances').wait_for()
        self.assertEqual(0, browser.row('instances', server['ID']).count())

    def cli_region(self, *args: str, check: bool = True) -> str:
        argv = ['--os-cloud', 'tenant-x', '--os-region-name', 'V1', *args]
        if check:
            return self.cli(*argv)
        subprocess.run([test_aggregator.OPENSTACK, *argv], env=dict(
            os.environ, OS_CLIENT_CONFIG_FILE=os.path.join(
                self.topology['root'], 'clouds.yaml')),
            capture_output=True, timeout=300)
        return ''

    def cli_json(self, *args: str):
        return json.loads(self.cli_region(*args, '-f', 'json'))

    def provider_words(self) -> list[str]:
        """What names P1 to someone who reads the page."""
        words = []
        for name in ('p1-nova-api', 'p1-neutron-api', 'p1-glance'):
            url = self.service(name)['url']
            words.append(url.split('//', 1)[1].split('/', 1)[0])
        return words
