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
"""The topology is real: K2K federation and Glance behind real Keystones."""

from __future__ import annotations

import hashlib
import os
import re

from keystoneauth1 import session as ks_session
import requests

from tests.functional import base
from tests.functional import k2k_fixtures

ECP_PATH = '/auth/OS-FEDERATION/saml2/ecp'
PAOS = 'application/vnd.paos+xml'


class K2KMixin:
    provider: str

    def setUp(self) -> None:
        super().setUp()
        self.trust = self.useFixture(
            k2k_fixtures.K2KTrust(self, self.provider))

    def k2k_session(self, **scope) -> ks_session.Session:
        idp = self.password_session('tenant-x').auth
        plugin = k2k_fixtures.Keystone2Keystone(idp, self.trust.sp_id, **scope)
        return ks_session.Session(auth=plugin)

    def test_k2k_to_project_scoped_token_and_glance(self):
        # Unscoped provider token through the real ECP exchange ...
        unscoped = self.k2k_session()
        self.assertTrue(unscoped.get_token())
        projects = unscoped.get(
            self.service('%s-keystone' % self.provider)['auth_url'] +
            '/auth/projects').json()['projects']
        self.assertEqual([self.trust.project.id], [p['id'] for p in projects])

        # ... rescoped to the provider project the mapping allows ...
        scoped = self.k2k_session(project_id=self.trust.project.id)
        access = scoped.auth.get_access(scoped)
        self.assertEqual(self.trust.project.id, access.project_id)
        self.assertEqual(self.trust.domain.id, access.user_domain_id)
        # The provider sees the partner identity, not the tenant's name.
        self.assertEqual(k2k_fixtures.PARTNER_USER, access.username)
        region = self.service('%s-glance' % self.provider)['region']
        self.assertIn(region, access.service_catalog.get_endpoints(
            service_type='image')['image'][0]['region_id'])

        # ... which works against the provider's real Glance.
        image = self._upload(scoped, region)
        # (The provider's public images, iaas-fake say, are not T's.)
        listed = scoped.get('/v2/images?owner=%s' % self.trust.project.id,
                            endpoint_filter={'service_type': 'image',
                                             'region_name': region}).json()
        self.assertEqual([image['id']], [i['id'] for i in listed['images']])
        self.assertEqual(self.trust.project.id, listed['images'][0]['owner'])

    def _upload(self, sess: ks_session.Session, region: str) -> dict:
        filt = {'service_type': 'image', 'region_name': region}
        image = sess.post('/v2/images', endpoint_filter=filt, json={
            'name': self.unique('k2k-image'), 'disk_format': 'raw',
            'container_format': 'bare'}).json()
        self.addCleanup(sess.delete, '/v2/images/%s' % image['id'],
                        endpoint_filter=filt, raise_exc=False)
        data = os.urandom(256 * 1024)
        sess.put('/v2/images/%s/file' % image['id'], endpoint_filter=filt,
                 data=data,
                 headers={'Content-Type': 'application/octet-stream'})
        got = sess.get('/v2/images/%s/file' % image['id'],
                       endpoint_filter=filt)
        self.assertEqual(hashlib.sha256(data).hexdigest(),
                         hashlib.sha256(got.content).hexdigest())
        return image

    # --- the provider validates assertions like production does ----------
    def _ecp_assertion(self) -> str:
        idp = self.password_session('tenant-x')
        token = idp.get_token()
        resp = requests.post(
            self.service('reseller-keystone')['auth_url'] + ECP_PATH,
            json={'auth': {'identity': {'methods': ['token'],
                                        'token': {'id': token}},
                           'scope': {'service_provider':
                                     {'id': self.trust.sp_id}}}},
            headers={'X-Auth-Token': token}, timeout=30)
        self.assertEqual(200, resp.status_code, resp.text)
        return resp.text

    def _present(self, assertion: str) -> requests.Response:
        return requests.post(self.trust.sp['sp_url'], data=assertion,
                             headers={'Content-Type': PAOS},
                             allow_redirects=False, timeout=30)

    def test_genuine_assertion_accepted_once(self):
        assertion = self._ecp_assertion()
        first = self._present(assertion)
        self.assertIn(first.status_code, (302, 303), first.text[:300])
        # A replayed assertion is refused.
        again = self._present(assertion)
        self.assertEqual(400, again.status_code)

    def test_tampered_assertion_refused(self):
        assertion = self._ecp_assertion()
        tampered, count = re.subn(
            r'(<saml:AttributeValue[^>]*>)x(</saml:AttributeValue>)',
            r'\1admin\2', assertion)
        self.assertEqual(1, count, 'the user attribute was not found')
        resp = self._present(tampered)
        self.assertEqual(400, resp.status_code, resp.text[:300])
        self.assertNotIn('X-Subject-Token', resp.headers)

    def test_unsigned_assertion_refused(self):
        assertion = self._ecp_assertion()
        unsigned, count = re.subn(
            r'<(\w+:)?Signature[ >].*?</\1Signature>', '', assertion,
            flags=re.S)
        self.assertGreater(count, 0, 'no signature found to strip')
        resp = self._present(unsigned)
        self.assertGreaterEqual(resp.status_code, 400, resp.text[:300])
        self.assertNotIn(resp.status_code, (302, 303))


class TestK2KProviderP1(K2KMixin, base.FunctionalTestCase):
    provider = 'p1'


class TestK2KProviderP2(K2KMixin, base.FunctionalTestCase):
    provider = 'p2'
