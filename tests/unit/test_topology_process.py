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
import shutil
import subprocess
import sys
import tempfile
import time

import testtools

from tools.topology import process
from tools.topology import topology


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


class OwnedTest(testtools.TestCase):
    """Only processes the topology started are stopped by their PID."""

    def _sleeper(self, *argv: str, env: dict | None = None) -> int:
        proc = subprocess.Popen(
            [sys.executable, '-c', 'import time; time.sleep(30)', *argv],
            env=env)
        self.addCleanup(proc.wait)
        self.addCleanup(proc.kill)
        # Until the new program is in place, /proc shows it empty.
        for _ in range(200):
            with open('/proc/%d/cmdline' % proc.pid, 'rb') as fh:
                if b'time.sleep' in fh.read():
                    break
            time.sleep(0.01)
        return proc.pid

    def test_marked_in_its_environment(self):
        pid = self._sleeper(env=dict(os.environ, **{
            process.MARKER: '/srv/topology/p1-vrm'}))
        self.assertTrue(process.owned(pid, '/srv/topology/p1-vrm'))
        self.assertFalse(process.owned(pid, '/srv/topology/p2-vrm'))

    def test_a_title_over_its_environment_still_names_its_folder(self):
        # nginx writes its title over its environment; its command line
        # names its service folder (-c <folder>/nginx.conf).
        env = {k: v for k, v in os.environ.items() if k != process.MARKER}
        pid = self._sleeper('-c', '/srv/topology/agg-front/nginx.conf',
                            env=env)
        self.assertTrue(process.owned(pid, '/srv/topology/agg-front'))
        # Not a folder it merely starts with, nor another's.
        self.assertFalse(process.owned(pid, '/srv/topology/agg'))
        self.assertFalse(process.owned(pid, '/srv/topology/agg-front2'))
        self.assertFalse(process.owned(os.getpid(), '/srv/topology/x'))


class TraversableTest(testtools.TestCase):
    """A root that Apache's and PostgreSQL's users cannot reach moves."""

    def test_below_a_private_folder_the_root_links_elsewhere(self):
        spill = tempfile.mkdtemp()
        os.chmod(spill, 0o755)
        self.addCleanup(shutil.rmtree, spill)
        self.patch(topology, 'SPILL_DIR', spill)
        top = tempfile.mkdtemp()        # 0700, as mktemp -d makes it
        self.addCleanup(shutil.rmtree, top)
        root = os.path.join(top, 'checkout', '.functional')
        real = topology.placed_root(root)
        self.assertTrue(real.startswith(spill + '/'), real)
        self.assertEqual(real, os.path.realpath(root))
        self.assertEqual(0o755, os.stat(real).st_mode & 0o777)
        # Again: the same folder, through the link.
        self.assertEqual(real, topology.placed_root(root))

    def test_an_old_root_below_a_private_folder_is_named(self):
        top = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, top)
        root = os.path.join(top, '.functional')
        os.mkdir(root)
        err = self.assertRaises(process.StartError,
                                topology.placed_root, root)
        self.assertIn(top, str(err))
        self.assertIn('Remove %s' % root, str(err))

    def test_a_reachable_root_stays_where_it_is(self):
        top = tempfile.mkdtemp()
        os.chmod(top, 0o755)
        self.addCleanup(shutil.rmtree, top)
        root = os.path.join(top, '.functional')
        self.assertEqual(root, topology.placed_root(root))
        self.assertFalse(os.path.lexists(root))
