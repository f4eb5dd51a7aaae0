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
"""The reseller's real Horizon logs the demo tenant in against the reseller
Keystone (the dashboard's browser tests are test_dashboard_*.py)."""

from __future__ import annotations

import re

import requests

from tests.functional import base


class TestResellerHorizonLogin(base.FunctionalTestCase):

    def _login(self, username: str, password: str) -> requests.Response:
        url = self.service('reseller-horizon')['url']
        web = requests.Session()
        page = web.get(url + '/auth/login/', timeout=30)
        self.assertEqual(200, page.status_code)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"',
                          page.text).group(1)
        return web.post(url + '/auth/login/', timeout=60, data={
            'csrfmiddlewaretoken': token, 'region': 'default',
            'username': username, 'password': password,
            'fake_email': '', 'fake_password': ''},
            headers={'Referer': url + '/auth/login/'})

    def test_tenant_logs_in_and_sees_project_t(self):
        auth = self.cloud('tenant-x')['auth']
        resp = self._login(auth['username'], auth['password'])
        self.assertEqual(200, resp.status_code, resp.url)
        self.assertNotIn('/auth/login/', resp.url)
        # The reseller's Horizon lands tenants on their regions.
        self.assertIn('/project/virtual_regions/', resp.url)
        self.assertIn('Reseller A Cloud', resp.text)
        # The project picker names the worked example's project T.
        self.assertRegex(resp.text, r'<span[^>]*>\s*%s\s*</span>'
                         % re.escape(auth['project_name']))
        self.assertIn(auth['username'], resp.text)

    def test_wrong_password_is_refused(self):
        resp = self._login(self.cloud('tenant-x')['auth']['username'],
                           'not-the-password')
        self.assertTrue(resp.url.endswith('/auth/login/'), resp.url)
        self.assertIn('Invalid credentials', resp.text)
