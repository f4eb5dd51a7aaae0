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
"""WSGI module, manage command and Keystone catalog driver."""

import io
import os

import fixtures

from tests.unit import base


class _EntryPointTests:

    def test_config_files_from_environment(self):
        wsgi_api = self.module('wsgi.api')
        env = {wsgi_api.CONFIG_FILE_ENV: '/somewhere/svc.conf'}
        self.assertEqual(['/somewhere/svc.conf'], wsgi_api.config_files(env))

    def test_default_config_file_is_optional(self):
        wsgi_api = self.module('wsgi.api')
        self.useFixture(fixtures.MonkeyPatch(
            self.package_name + '.wsgi.api.DEFAULT_CONFIG_FILE',
            '/nonexistent/svc.conf'))
        self.assertEqual([], wsgi_api.config_files({}))

    def test_init_application_reads_config_file(self):
        wsgi_api = self.module('wsgi.api')
        tmp = self.useFixture(fixtures.TempDir()).path
        path = os.path.join(tmp, 'svc.conf')
        with open(path, 'w') as f:
            f.write('[api]\npublic_endpoint = https://api.example.com\n')
        app = wsgi_api.init_application({wsgi_api.CONFIG_FILE_ENV: path})
        response = self.request(app, '/')
        self.assertEqual('https://api.example.com/v1/',
                         response.json['versions'][0]['links'][0]['href'])

    def test_unknown_module_attribute(self):
        wsgi_api = self.module('wsgi.api')
        self.assertRaises(AttributeError, getattr, wsgi_api, 'nothing')

    def test_manage_db_sync(self):
        tmp = self.useFixture(fixtures.TempDir()).path
        db = os.path.join(tmp, 'svc.sqlite')
        path = os.path.join(tmp, 'svc.conf')
        with open(path, 'w') as f:
            f.write('[database]\nconnection = sqlite:///%s\n' % db)
        stdout = io.StringIO()
        self.useFixture(fixtures.MonkeyPatch('sys.stdout', stdout))
        manage = self.module('cmd.manage')
        self.assertEqual(0, manage.main(['--config-file', path,
                                         'db', 'sync']))
        self.assertTrue(os.path.exists(db))
        self.assertIn('up to date', stdout.getvalue())


class AggregatorEntryPointTest(_EntryPointTests, base.ServiceTestCase):
    SERVICE = 'aggregator'

    def test_catalog_driver_extends_keystone_sql_driver(self):
        from keystone.catalog.backends import sql

        from aggregator.catalog import driver
        self.assertTrue(issubclass(driver.Catalog, sql.Catalog))


class VirtualRegionManagerEntryPointTest(_EntryPointTests,
                                         base.ServiceTestCase):
    SERVICE = 'vrm'
