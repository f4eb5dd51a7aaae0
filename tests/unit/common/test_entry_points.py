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
"""Configuration files of the WSGI application; the manage command."""

import dataclasses
import os

import fixtures

from csf_common.cmd import manage
from csf_common import wsgi
from tests.unit.common import base


class WsgiTest(base.CommonTestCase):

    def test_config_files_from_environment(self):
        env = {'CSF_FAKE_CONFIG_FILE': '/somewhere/svc.conf'}
        self.assertEqual(['/somewhere/svc.conf'],
                         wsgi.config_files(base.SERVICE, env))

    def test_default_config_file(self):
        self.assertEqual('/etc/csf-fake-service/csf-fake-service.conf',
                         base.SERVICE.default_config_file)

    def test_default_config_file_is_optional(self):
        self.assertFalse(os.path.exists(base.SERVICE.default_config_file))
        self.assertEqual([], wsgi.config_files(base.SERVICE, {}))

    def test_default_config_file_when_present(self):
        service = dataclasses.replace(base.SERVICE, project='svc')
        self.useFixture(fixtures.MonkeyPatch(
            'os.path.exists', lambda path: path == '/etc/svc/svc.conf'))
        self.assertEqual(['/etc/svc/svc.conf'],
                         wsgi.config_files(service, {}))

    def test_init_application_reads_config_file(self):
        path = self.write_conf(
            '[api]\npublic_endpoint = https://api.example.com\n')
        app = wsgi.init_application(base.SERVICE, base.deploy_fake,
                                    {'CSF_FAKE_CONFIG_FILE': path})
        response = self.request(app, '/')
        self.assertEqual('https://api.example.com/v1/',
                         response.json['versions'][0]['links'][0]['href'])


class ManageTest(base.CommonTestCase):

    def _sync(self, connection: str) -> int:
        path = self.write_conf('[database]\nconnection = %s\n'
                               'max_retries = 0\n' % connection)
        return manage.main(base.SERVICE, metadata=base.METADATA,
                           argv=['--config-file', path, 'db', 'sync'])

    def test_manage_db_sync(self):
        db = os.path.join(self.useFixture(fixtures.TempDir()).path,
                          'svc.sqlite')
        stdout = self.capture('stdout')
        self.assertEqual(0, self._sync('sqlite:///' + db))
        self.assertTrue(os.path.exists(db))
        self.assertIn('up to date (1 tables)', stdout.getvalue())

    def test_manage_db_sync_unreachable(self):
        stderr = self.capture('stderr')
        self.assertEqual(1, self._sync('sqlite:////nonexistent/x/db'))
        self.assertIn('Cannot reach the database', stderr.getvalue())
