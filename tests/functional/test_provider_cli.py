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
"""Each provider's real Glance answers the unmodified `openstack` CLI with
the clouds.yaml the topology writes (what a newcomer does after
`make demo`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import fixtures

from tests.functional import base

OPENSTACK = os.path.join(os.path.dirname(sys.executable), 'openstack')


class TestProviderImagesWithCLI(base.FunctionalTestCase):

    def openstack(self, cloud: str, *args: str) -> str:
        env = dict(os.environ, OS_CLIENT_CONFIG_FILE=os.path.join(
            self.topology['root'], 'clouds.yaml'))
        result = subprocess.run([OPENSTACK, '--os-cloud', cloud, *args],
                                env=env, capture_output=True, text=True,
                                timeout=120)
        self.assertEqual(0, result.returncode, result.stderr)
        return result.stdout

    def _round_trip(self, provider: str) -> None:
        cloud = 'provider-%s-admin' % provider
        path = os.path.join(self.useFixture(fixtures.TempDir()).path,
                            'disk.raw')
        with open(path, 'wb') as fh:
            fh.write(os.urandom(1024 * 1024))
        name = self.unique('cli-image')
        image = json.loads(self.openstack(
            cloud, 'image', 'create', '--file', path, '--disk-format', 'raw',
            '--container-format', 'bare', '--private', name, '-f', 'json'))
        self.addCleanup(self.openstack, cloud, 'image', 'delete',
                        image['id'])
        self.assertEqual('active', image['status'])
        listed = json.loads(self.openstack(cloud, 'image', 'list',
                                           '-f', 'json'))
        self.assertIn(name, [i['Name'] for i in listed])
        # The image is stored by this provider's Glance, in its own folder.
        stored = os.path.join(
            self.service('%s-glance' % provider)['image_dir'], image['id'])
        self.assertEqual(1024 * 1024, os.path.getsize(stored))

    def test_p1_image_round_trip(self):
        self._round_trip('p1')

    def test_p2_image_round_trip(self):
        self._round_trip('p2')
