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
"""Each service's WSGI module, manage command and configuration file.

The functions behind them are tested once, in
tests/unit/common/test_entry_points.py.
"""

import importlib
import os
import sys
import threading

import fixtures

from tests.unit import base


class _EntryPointTests:

    def test_config_file(self):
        self.assertEqual(self.info['project'], self.spec.project)
        self.assertEqual(self.info['config_file_env'],
                         self.spec.config_file_env)
        self.assertEqual(self.info['config_file'],
                         self.spec.default_config_file)

    def test_application_reads_config_file(self):
        path = self.write_conf(
            '[api]\npublic_endpoint = https://api.example.com\n' +
            self.info.get('required_conf', ''))
        self.useFixture(fixtures.EnvironmentVariable(
            self.info['config_file_env'], path))
        name = '%s.wsgi.api' % self.info['package'].__name__
        sys.modules.pop(name, None)
        self.addCleanup(sys.modules.pop, name, None)
        before = set(threading.enumerate())
        # uwsgi and mod_wsgi look "application" up in the module's dict.
        app = vars(importlib.import_module(name))['application']
        # The background loop it started (refresher, job recovery) must
        # not outlive the test and its configuration.
        for thread in set(threading.enumerate()) - before:
            if hasattr(thread, 'stop'):
                self.addCleanup(thread.join, 30)
                self.addCleanup(thread.stop.set)
        response = self.request(app, '/')
        self.assertEqual('https://api.example.com/v1/',
                         response.json['versions'][0]['links'][0]['href'])

    def test_manage_db_sync(self):
        db = os.path.join(self.useFixture(fixtures.TempDir()).path,
                          'svc.sqlite')
        path = self.write_conf(
            '[database]\nconnection = sqlite:///%s\n' % db)
        stdout = self.capture('stdout')
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
