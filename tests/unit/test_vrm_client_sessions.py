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
"""The partner Session of a provider is reused across calls.

The refresher polls every provider every ``[providers] refresh_interval``
seconds; a login per poll would load each provider's Keystone with token
issues and validations for nothing.
"""

from cryptography import fernet
from keystoneauth1 import fixture as ks_fixture
from oslo_config import cfg
from requests_mock.contrib import fixture as rm_fixture
import testtools

from aggregator import conf as agg_conf
from aggregator import crypto
from aggregator import vrm_client

AUTH_URL = 'http://keystone.test/v3'
VRM_URL = 'http://vrm.test'


class _Provider:
    def __init__(self, conf, secret: str, credential_id: str = 'cred'):
        self.name = 'P'
        self.auth_url = AUTH_URL
        self.vrm_url = VRM_URL
        self.credential_id = credential_id
        self.credential_secret = crypto.encrypt(conf, secret)


class TestPartnerSession(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conf = cfg.ConfigOpts()
        agg_conf.register_opts(self.conf)
        self.conf([], default_config_files=[])
        self.conf.set_override('encryption_key',
                               fernet.Fernet.generate_key().decode(),
                               'credentials')
        self.patch(vrm_client, '_sessions', type(vrm_client._sessions)())
        self.http = self.useFixture(rm_fixture.Fixture())
        self.tokens = iter('token-%d' % n for n in range(10))
        self.logins = self.http.post(AUTH_URL + '/auth/tokens',
                                     status_code=201, json=self._new_token)
        self.http.get(VRM_URL + '/v1/offerings',
                      json={'offerings': [{'id': 'o1'}]})

    def _new_token(self, request, context):
        context.headers['X-Subject-Token'] = next(self.tokens)
        return ks_fixture.V3Token()

    def test_calls_share_one_login(self):
        provider = _Provider(self.conf, 'secret')
        for _ in range(3):
            self.assertEqual([{'id': 'o1'}], vrm_client.VRMClient(
                self.conf, provider).offerings())
        self.assertEqual(1, self.logins.call_count)
        self.assertEqual(3, len([r for r in self.http.request_history
                                 if r.url.startswith(VRM_URL)]))

    def test_a_new_credential_logs_in_anew(self):
        vrm_client.VRMClient(self.conf, _Provider(self.conf, 'a')).offerings()
        vrm_client.VRMClient(self.conf, _Provider(self.conf, 'b')).offerings()
        self.assertEqual(2, self.logins.call_count)

    def test_a_refused_token_means_one_new_login(self):
        provider = _Provider(self.conf, 'secret')
        vrm_client.VRMClient(self.conf, provider).offerings()
        self.http.get(VRM_URL + '/v1/offerings', [
            {'status_code': 401, 'json': {}},
            {'json': {'offerings': []}}])
        self.assertEqual([], vrm_client.VRMClient(
            self.conf, provider).offerings())
        self.assertEqual(2, self.logins.call_count)

    def test_sessions_are_bounded(self):
        self.patch(vrm_client, 'MAX_SESSIONS', 2)
        for n in range(3):
            vrm_client.partner_session(
                self.conf, _Provider(self.conf, 's', credential_id=str(n)))
        self.assertEqual(2, len(vrm_client._sessions))
