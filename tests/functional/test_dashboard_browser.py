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
"""Headless Chromium for the dashboard's browser tests (no tests here).

Playwright for Python drives Debian's ``/usr/bin/chromium`` (never a
downloaded browser). Each test's screenshots go to
``<topology root>/screenshots/<test name>/NN-step.png``; a failing test
gets a last one named ``failure``.
"""

from __future__ import annotations

import os
import re
import shutil

import fixtures
from playwright import sync_api
from testtools import content

from tests.functional import k2k_fixtures

CHROMIUM = '/usr/bin/chromium'
ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update',
        '--disable-sync']
# Two cores run the whole topology: Horizon pages can take a while.
TIMEOUT_MS = 200_000


class Browser(fixtures.Fixture):
    """One signed-in browser page on a Horizon of the topology."""

    def __init__(self, test, horizon: str) -> None:
        super().__init__()
        self.test = test
        self.horizon = horizon
        self.url = test.service(horizon)['url']
        self.shots = os.path.join(
            test.topology['root'], 'screenshots',
            re.sub(r'[^A-Za-z0-9_.-]+', '_', test.id().split('.')[-1]))
        self.count = 0

    def _setUp(self) -> None:
        if self.horizon == 'reseller-horizon':
            self.useFixture(k2k_fixtures.reseller_catalog_lock(
                self.test.topology, alone=False))
        shutil.rmtree(self.shots, ignore_errors=True)    # an earlier run's
        os.makedirs(self.shots)
        self.test.addDetail('screenshots', content.text_content(self.shots))
        print('screenshots: %s' % self.shots)
        self.playwright = sync_api.sync_playwright().start()
        self.addCleanup(self.playwright.stop)
        self.browser = self.playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=ARGS)
        self.addCleanup(self.browser.close)
        context = self.browser.new_context(
            viewport={'width': 1400, 'height': 900})
        self.page = context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.test.addOnException(lambda exc_info: self.shot('failure'))

    def shot(self, step: str) -> str:
        self.count += 1
        path = os.path.join(self.shots, '%02d-%s.png' % (self.count, step))
        try:
            self.page.screenshot(path=path, full_page=True)
        except sync_api.Error:
            pass    # a screenshot never hides the test's own failure
        return path

    def go(self, path: str) -> None:
        self.page.goto(self.url + path, wait_until='load')

    def login(self, cloud: str) -> None:
        auth = self.test.cloud(cloud)['auth']
        self.go('/auth/login/')
        self.page.fill('#id_username', auth['username'])
        self.page.fill('#id_password', auth['password'])
        self.page.click('#loginBtn')
        self.page.wait_for_url(re.compile(r'^(?!.*/auth/login/).*$'))

    def message(self, kind: str = 'success') -> str:
        """The text of the first Horizon message of ``kind``."""
        alert = self.page.locator('.messages .alert-%s' % kind).first
        alert.wait_for()
        return alert.inner_text()

    def row(self, table: str, object_id: str):
        # An attribute selector: ids may hold '/' (offerings).
        return self.page.locator('[id="%s__row__%s"]' % (table, object_id))

    def select_row(self, table: str, object_id: str) -> None:
        """Tick a row's (themable) checkbox the way a user does."""
        row = self.row(table, object_id)
        row.locator('.themable-checkbox label').click()
        self.test.assertTrue(row.locator(
            'input.table-row-multi-select').is_checked())

    def row_action(self, table: str, object_id: str, text: str) -> None:
        """Click a row's action, opening the row's action menu if needed."""
        row = self.row(table, object_id)
        action = row.get_by_text(text).first
        if not action.is_visible():
            row.locator('.dropdown-toggle').first.click()
        action.click()

    def modal_submit(self) -> None:
        self.page.locator('.modal-footer .btn-primary').click()

    def confirm(self) -> None:
        """Accept Horizon's confirmation dialog of a batch action."""
        self.page.locator('.modal-footer .btn-danger, '
                          '.modal-footer .btn-primary').first.click()
