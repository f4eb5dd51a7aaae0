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
"""A VRM killed between two steps of a job finishes it after a restart.

The test runs a VRM of its own (own port, own database, the same provider
Keystone and SAML SP as the shared one), so that killing it disturbs no
other test. ``VRM_TEST_CRASH_AFTER=<job>:<step>`` makes that VRM SIGKILL its
whole process group right after the named step, as a power cut would.
"""

from __future__ import annotations

import json
import os
import time

import fixtures
from keystoneauth1 import exceptions as ks_exc
import requests

from tests.functional import vrm_base
from tools.topology import process
from tools.topology import vrm


class PrivateVRM(fixtures.Fixture):
    """A second VRM process for provider ``provider``, started by the test."""

    def __init__(self, topology: dict, provider: str, name: str) -> None:
        super().__init__()
        self.topology = topology
        self.provider = provider
        self.name = name

    def _setUp(self) -> None:
        services = self.topology['services']
        shared = services['%s-vrm' % self.provider]
        sp = services['%s-keystone-sp' % self.provider]
        with open(os.path.join(self.topology['root'], 'secrets.json')) as fh:
            password = json.load(fh)['%s-vrm' % self.provider]
        self.vrm = vrm.VRM(
            name=self.name, cloud=self.provider, root=self.topology['root'],
            port=process.free_port(), region=shared['region'],
            keystone_url=services['%s-keystone' % self.provider]['url'],
            service_password=password, sp_url=sp['sp_url'],
            trusted_idp_dir=sp['trusted_idp_dir'],
            reload_argv=sp['reload_command'])
        self.vrm.prepare()
        self.addCleanup(lambda: self.vrm.stop())
        self.url = self.vrm.url

    def start(self, crash_after: str | None = None) -> None:
        self.vrm.stop()
        # After a crash, a dying process of the old VRM may still hold the
        # port for a moment (seen once: the restart failed on bind).
        process.wait_port_free(self.vrm.port)
        self.vrm.extra_env = ({'VRM_TEST_CRASH_AFTER': crash_after}
                              if crash_after else {})
        self.vrm.start()
        self.vrm.wait_ready(timeout=120)

    def wait_dead(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while process.alive(self.vrm.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not process.alive(self.vrm.pid), 'the VRM did not crash'


class TestCrashRecovery(vrm_base.VRMTestCase):
    provider = 'p1'

    def setUp(self) -> None:
        super().setUp()
        self.private = self.useFixture(
            PrivateVRM(self.topology, self.provider, self.unique('p1-vrm')))
        self.private.start()
        self.admin = vrm_base.VRMClient(self.admin.session, self.region,
                                        endpoint=self.private.url)

    def wait_status(self, binding_id: str, wanted: str,
                    timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        binding = None
        while time.monotonic() < deadline:
            resp = self.admin.get('/v1/bindings/%s' % binding_id)
            if resp.status_code == 200:
                binding = resp.json()['binding']
                if binding['status'] == wanted:
                    return binding
            time.sleep(1)
        self.fail('binding %s did not become %s: %s'
                  % (binding_id, wanted, binding))

    def crash_during(self, action: str, binding_id: str, body=None) -> None:
        try:
            resp = self.admin.action(binding_id, action, body)
        except (ks_exc.ConnectFailure, requests.ConnectionError):
            resp = None
        self.assertIsNone(resp, 'the VRM answered instead of crashing: %s'
                          % (resp and resp.text))
        self.private.wait_dead()

    def idp(self, binding_id: str):
        try:
            return self.ks.federation.identity_providers.get(
                'vrm-' + binding_id)
        except ks_exc.NotFound:
            return None

    def wait_placed(self, client, binding_id: str, name: str,
                    timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        found = None
        while time.monotonic() < deadline:
            resp = client.get('/v1/bindings/%s/projects' % binding_id)
            if resp.status_code == 200:
                found = {p['name']: p for p in resp.json()['projects']}
                if found.get(name, {}).get('status') == 'active':
                    return found[name]
            time.sleep(0.5)
        self.fail('placement %s not active: %s' % (name, found))

    def test_crash_in_activation_placement_and_termination(self):
        vr = self.create_region()
        _, client = self.onboard()
        client = vrm_base.VRMClient(client.session, self.region,
                                    endpoint=self.private.url)
        binding = self.request_binding(client, vr)
        sp_dir = self.service('%s-keystone-sp' % self.provider)[
            'trusted_idp_dir']
        metadata_file = os.path.join(sp_dir, 'vrm-%s.xml' % binding['id'])

        # Killed after the identity provider, before protocol and file.
        self.private.start(crash_after='activate:identity_provider')
        self.crash_during('approve', binding['id'])
        self.assertIsNotNone(self.idp(binding['id']))
        self.assertFalse(os.path.exists(metadata_file))
        # Restarted: the recovery finishes the activation.
        self.private.start()
        active = self.wait_status(binding['id'], 'active')
        self.assertEqual('vrm-' + binding['id'],
                         active['identity_provider_id'])
        self.assertEqual(['saml2'], [p.id for p in
                                     self.ks.federation.protocols.list(
                                         'vrm-' + binding['id'])])
        self.assertTrue(os.path.exists(metadata_file))

        # Killed while placing a project, after its limits, before its
        # group is granted and the mapping lets anyone reach it.
        self.private.start(crash_after='place_project:limits')
        try:
            resp = client.post('/v1/bindings/%s/projects' % binding['id'],
                               json={'project': {'name': 't1', 'access': {
                                   'project': 'T', 'project_domain': 'D'}}})
        except (ks_exc.ConnectFailure, requests.ConnectionError):
            resp = None
        self.assertIsNone(resp, resp and resp.text)
        self.private.wait_dead()
        # Restarted: the placement is finished, group granted, rule made.
        self.private.start()
        placed = self.wait_placed(client, binding['id'], 't1')
        group = self.ks.groups.list(domain=vr['domain_id'],
                                    name='vrm-p-' + placed['id'])[0]
        self.assertEqual(1, len(self.ks.role_assignments.list(
            project=placed['project_id'], group=group)))
        rules = self.ks.federation.mappings.get('vrm-' + binding['id']).rules
        self.assertIn(group.name, json.dumps(rules))

        # Killed in the middle of termination: file and IdP gone, mapping
        # and the placement's group still there.
        self.private.start(crash_after='terminate:identity_provider')
        self.crash_during('terminate', binding['id'], {'projects': 'delete'})
        self.assertIsNone(self.idp(binding['id']))
        self.assertTrue(self.ks.federation.mappings.get(
            'vrm-' + binding['id']))
        self.assertTrue(self.ks.groups.list(domain=vr['domain_id'],
                                            name=group.name))
        self.private.start()
        self.wait_status(binding['id'], 'terminated')
        # No orphan: mapping, group, project, file all gone.
        self.assertRaises(ks_exc.NotFound, self.ks.federation.mappings.get,
                          'vrm-' + binding['id'])
        self.assertEqual([], self.ks.groups.list(domain=vr['domain_id'],
                                                 name=group.name))
        self.assertRaises(ks_exc.NotFound, self.ks.projects.get,
                          placed['project_id'])
        self.assertFalse(os.path.exists(metadata_file))
        self.assertEqual('terminated', self.admin.get(
            '/v1/bindings/%s' % binding['id']).json()['binding']['status'])
