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
"""Proxy mode with the unmodified ``openstack`` CLI: tenant x uses its
project in a proxy region, and every request reaches the provider's Glance
in the provider project that backs the placement."""

from __future__ import annotations

import filecmp
import http.client
import json
import os
import subprocess
import urllib.parse

import fixtures

from tests.functional import k2k_fixtures
from tests.functional import test_aggregator


class TestProxyWithCLI(test_aggregator.AggregatorTestCase):
    provider = 'p1'

    def setUp(self) -> None:
        super().setUp()
        # K2K with the reseller's real IdP: one live binding at a time.
        self.useFixture(k2k_fixtures.ProviderLock(self.topology,
                                                  self.provider))

    def cli(self, *args: str) -> str:
        env = dict(os.environ, OS_CLIENT_CONFIG_FILE=os.path.join(
            self.topology['root'], 'clouds.yaml'))
        out = subprocess.run([test_aggregator.OPENSTACK, *args], env=env,
                             capture_output=True, text=True, timeout=300)
        self.assertEqual(0, out.returncode, out.stderr)
        return out.stdout

    def test_image_round_trip_through_the_proxy(self):
        vr = self.create_region(approval='auto')
        partner, _ = self.onboard(self.reseller_metadata())
        resp = self.agg('POST', '/v1/providers', json={'provider': {
            'name': self.unique('P'),
            'vrm_url': self.service('p1-vrm')['url'],
            'auth_url': self.service('p1-keystone')['auth_url'],
            'application_credential': partner['application_credential']}})
        self.assertEqual(201, resp.status_code, resp.text)
        provider = resp.json()['provider']
        self.addCleanup(self.agg, 'DELETE', '/v1/providers/%s'
                        % provider['id'])
        region = self.create_agg_region(provider, vr, mode='proxy')
        self.assertEqual('active', region['status'])
        self.assertEqual(201, self.place(region['name'],
                                         self.tenant_project).status_code)
        placed = self.agg('GET', '/v1/regions/%s/projects'
                          % region['name']).json()['projects']
        self.assertEqual([self.tenant_project],
                         [p['project_id'] for p in placed])

        tmp = self.useFixture(fixtures.TempDir()).path
        data = os.path.join(tmp, 'disk.raw')
        with open(data, 'wb') as fh:
            fh.write(os.urandom(3 * 1024 * 1024))
        tenant = ['--os-cloud', 'tenant-x', '--os-region-name',
                  region['name']]
        name = self.unique('img')
        image = json.loads(self.cli(
            *tenant, 'image', 'create', '--file', data, '--disk-format',
            'raw', '--container-format', 'bare', name, '-f', 'json'))
        self.addCleanup(subprocess.run, [
            test_aggregator.OPENSTACK, *tenant, 'image', 'delete',
            image['id']], env=dict(os.environ, OS_CLIENT_CONFIG_FILE=os.path
                                   .join(self.topology['root'],
                                         'clouds.yaml')),
            capture_output=True, timeout=120)
        self.assertEqual('active', image['status'])
        listed = json.loads(self.cli(*tenant, 'image', 'list', '-f',
                                     'json'))
        self.assertIn(image['id'], [i['ID'] for i in listed])
        shown = json.loads(self.cli(*tenant, 'image', 'show', image['id'],
                                    '-f', 'json'))
        self.assertEqual(name, shown['name'])
        # No provider URL leaks into what the tenant sees.
        glance = self.service('p1-glance')['url']
        self.assertNotIn(glance, json.dumps(shown))
        saved = os.path.join(tmp, 'saved.raw')
        self.cli(*tenant, 'image', 'save', '--file', saved, image['id'])
        self.assertTrue(filecmp.cmp(data, saved, shallow=False))

        # At P1, the image lives in the provider project backing T.
        remote = self.admin.get('/v1/bindings/%s/projects'
                                % region['binding_id']).json()['projects']
        at_p1 = json.loads(self.cli('--os-cloud', 'provider-p1-admin',
                                    'image', 'show', image['id'], '-f',
                                    'json'))
        self.assertEqual(remote[0]['project_id'], at_p1['owner'])
        self.assertNotEqual(self.tenant_project, at_p1['owner'])

        self.cli(*tenant, 'image', 'delete', image['id'])
        listed = json.loads(self.cli(*tenant, 'image', 'list', '-f',
                                     'json'))
        self.assertNotIn(image['id'], [i['ID'] for i in listed])

        # A project not placed in the region is refused by the proxy.
        other = self.unplaced_project()
        resp = self.agg('GET', '/proxy/%s/image/v2/images' % region['name'],
                        sess=self.password_session(
                            'tenant-x', project_name=other.name))
        self.assertEqual(403, resp.status_code, resp.text)
        # Path tricks do not leave the service (sent raw: HTTP clients
        # would resolve the dot segments themselves).
        url = urllib.parse.urlsplit(self.agg_url)
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        conn.request('GET', '/proxy/%s/image/v2/%%2e%%2e/%%2e%%2e/v3'
                     % region['name'],
                     headers={'X-Auth-Token': self.tenant.get_token()})
        raw = conn.getresponse()
        self.assertEqual(400, raw.status, raw.read())
        conn.close()
