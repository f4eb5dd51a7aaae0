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
"""Commands the topology logs never show their secrets."""

import os
import tempfile

import testtools

from tools.topology import process


class MaskedTest(testtools.TestCase):

    def test_secret_options_are_hidden(self):
        self.assertEqual(
            ['keystone-manage', 'bootstrap', '--bootstrap-password=***',
             '--bootstrap-username', 'admin', '--os-password', '***',
             '--file', 'a'],
            process.masked(['keystone-manage', 'bootstrap',
                            '--bootstrap-password=s3cr3t',
                            '--bootstrap-username', 'admin',
                            '--os-password', 'hunter2', '--file', 'a']))

    def test_run_logs_the_masked_command(self):
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, 'out.log')
            process.run(['true', '--admin-password=s3cr3t'], log_path=log)
            with open(log) as fh:
                text = fh.read()
        self.assertIn('--admin-password=***', text)
        self.assertNotIn('s3cr3t', text)
