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
"""kill -9 in the middle of the work, then restart: nothing orphaned.

Each test kills a process it started itself (a private VRM, a private
Glance of provider P1), so the shared topology and the tests running
beside this one are not disturbed:

- a VRM killed right after it created a placed project at the provider
  finishes the placement after its restart: one project, one group, the
  placement active; removing it leaves nothing behind;
- a provider Glance killed while an image streams up through the proxy:
  after its restart the image is either complete (active, every byte) or
  cleanly not there (queued) and deletable.

- an Aggregator killed while the provider activates a new region's
  binding adopts that binding after its restart (the region becomes
  active with it, one K2K service provider), or was answered before;
  either way removing the region terminates the binding and the service
  provider;
- an Aggregator killed while the provider places a project adopts or
  removes that placement: one provider project or none.

The VRM's own crash in binding activation and termination is in
test_vrm_recovery; a provider Keystone killed mid-job in
test_keystone_faults.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time

import fixtures
from keystoneauth1 import exceptions as ks_exc
import requests
import testtools

from tests.functional import test_aggregator
from tests.functional import test_load
from tests.functional import test_proxy
from tests.functional import test_proxy_failure
from tests.functional import test_vrm_recovery
from tests.functional import vrm_base
from tools.topology import aggregator as agg_service
from tools.topology import process

UPLOAD_BYTES = 256 * 1024 * 1024


def kill_9(pid: int) -> None:
    """SIGKILL a service's whole process group (it leads its session)."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    deadline = time.monotonic() + 30
    while process.alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)


class TestVRMKilledMidPlacement(vrm_base.VRMTestCase):
    """A private VRM, as in the crash-recovery tests."""

    wait_status = test_vrm_recovery.TestCrashRecovery.wait_status

    def setUp(self) -> None:
        super().setUp()
        self.private = self.useFixture(test_vrm_recovery.PrivateVRM(
            self.topology, self.provider, self.unique('p1-vrm')))
        self.private.start()
        # Provider-admin calls go to the private VRM too.
        self.admin = vrm_base.VRMClient(self.admin.session, self.region,
                                        endpoint=self.private.url)

    def placements(self, client, binding_id: str) -> list:
        resp = client.get('/v1/bindings/%s/projects' % binding_id)
        self.assertEqual(200, resp.status_code, resp.text)
        return resp.json()['projects']

    def test_crash_after_provider_project_then_restart(self):
        vr = self.create_region(approval='auto')
        _, client = self.onboard()
        client = vrm_base.VRMClient(client.session, self.region,
                                    endpoint=self.private.url)
        binding = self.request_binding(client, vr)
        self.wait_status(binding['id'], 'active')

        self.private.start(crash_after='place_project:project')
        name = self.unique('t')
        try:
            resp = client.post('/v1/bindings/%s/projects' % binding['id'],
                               json={'project': {'name': name}})
        except (ks_exc.ConnectFailure, requests.ConnectionError):
            resp = None
        self.assertIsNone(resp, resp is not None and resp.text)
        self.private.wait_dead()
        # Dead after the project: it exists at the provider, not active.
        self.assertEqual(1, len(self.ks.projects.list(domain=vr[
            'domain_id'])))

        self.private.start()
        deadline = time.monotonic() + 90
        placed = []
        while time.monotonic() < deadline:
            placed = self.placements(client, binding['id'])
            if placed and placed[0]['status'] == 'active':
                break
            time.sleep(1)
        self.assertEqual(['active'], [p['status'] for p in placed], placed)
        projects = self.ks.projects.list(domain=vr['domain_id'])
        self.assertEqual([placed[0]['project_id']], [p.id for p in projects])
        groups = self.ks.groups.list(domain=vr['domain_id'])
        self.assertTrue(groups)

        # Removed: nothing of the placement stays at the provider.
        resp = client.delete('/v1/bindings/%s/projects/%s'
                             % (binding['id'], placed[0]['id']))
        self.assertIn(resp.status_code, (202, 204), resp.text)
        deadline = time.monotonic() + 60
        while (self.ks.projects.list(domain=vr['domain_id'])
               and time.monotonic() < deadline):
            time.sleep(1)
        self.assertEqual([], self.ks.projects.list(domain=vr['domain_id']))


class PrivateAggregator(fixtures.Fixture):
    """An Aggregator of the reseller with a database of its own."""

    def __init__(self, test) -> None:
        super().__init__()
        self.test = test

    def _setUp(self) -> None:
        services = self.test.topology['services']
        with open(os.path.join(self.test.topology['root'],
                               'secrets.json')) as fh:
            secret = json.load(fh)
        self.service = agg_service.Aggregator(
            name=self.test.unique('aggregator'), cloud='reseller',
            root=self.test.topology['root'], port=process.free_port(),
            region=services['reseller-aggregator']['region'],
            keystone_url=services['reseller-keystone']['url'],
            service_password=secret['reseller-aggregator'],
            encryption_key=secret['aggregator-encryption-key'],
            processes=1)
        self.service.prepare()
        self.start()
        self.addCleanup(lambda: process.stop(self.service.pid))

    def start(self) -> None:
        self.service.start()
        self.service.wait_ready(timeout=120)


class PrivateAggregatorTestCase(test_aggregator.AggregatorTestCase):
    """An Aggregator and a VRM of P1, both this test's own to kill."""

    def setUp(self) -> None:
        super().setUp()
        vrm = self.useFixture(test_vrm_recovery.PrivateVRM(
            self.topology, self.provider, self.unique('p1-vrm')))
        vrm.start()
        self.vrm_url = vrm.url
        self.admin = vrm_base.VRMClient(self.admin.session, self.region,
                                        endpoint=vrm.url)
        self.private = self.useFixture(PrivateAggregator(self))
        self.agg_url = self.private.service.url

    def vrm_placements(self, binding_id: str) -> list:
        resp = self.admin.get('/v1/bindings/%s/projects' % binding_id)
        self.assertEqual(200, resp.status_code, resp.text)
        return resp.json()['projects']

    def vrm_bindings(self, virtual_region_id: str) -> list:
        resp = self.admin.get('/v1/bindings')
        self.assertEqual(200, resp.status_code, resp.text)
        return [b for b in resp.json()['bindings']
                if b['virtual_region_id'] == virtual_region_id]

    def quietly(self, method: str, path: str, body: dict, answer: list,
                sess=None) -> None:
        """A request whose Aggregator may be killed while it answers."""
        try:
            resp = self.agg(method, path, sess=sess, json=body)
            answer.append('%d %s' % (resp.status_code, resp.text[:300]))
        except Exception as exc:  # noqa: BLE001 - the Aggregator killed
            answer.append(repr(exc))


class TestAggregatorKilledMidActivation(PrivateAggregatorTestCase):
    """kill -9 of an Aggregator while the VRM activates a new binding."""

    def test_binding_adopted_after_restart(self):
        vr = self.create_region(approval='auto')
        provider = self.register_provider(vrm_url=self.vrm_url)
        name = self.unique('V')
        self.addCleanup(self.agg, 'DELETE', '/v1/regions/' + name)
        answer: list = []
        thread = threading.Thread(target=self.quietly, daemon=True, args=(
            'POST', '/v1/regions', {'region': {
                'name': name, 'provider_id': provider['id'],
                'virtual_region_id': vr['id'],
                # A K2K service provider of the reseller's Keystone while
                # active: the adoption registers it, removal ends it.
                'token_mode': 'pass-through'}}, answer))
        thread.start()
        # Killed as soon as the provider has the binding.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not self.vrm_bindings(vr['id']):
            time.sleep(0.05)
        self.assertTrue(self.vrm_bindings(vr['id']), answer)
        kill_9(self.private.service.pid)
        thread.join(120)
        sys.stderr.write('aggregator killed mid-activation: %s\n' % answer)

        self.private.start()
        # The refresher adopts the binding the lost answer named.
        region = self.wait_region(name, 'active', timeout=120)
        live = [b['id'] for b in self.vrm_bindings(vr['id'])
                if b['status'] not in ('terminated', 'rejected')]
        self.assertEqual([region['binding_id']], live)
        reseller_ks = self.keystone_admin('aggregator-admin')

        def sps() -> list:
            return [sp.id for sp in
                    reseller_ks.federation.service_providers.list()
                    if sp.id == 'csf-' + region['id'][:16]]
        self.assertEqual(1, len(sps()))
        # Removing the region ends the binding and its service provider.
        resp = self.agg('DELETE', '/v1/regions/' + name)
        self.assertEqual(204, resp.status_code, resp.text)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and [
                b for b in self.vrm_bindings(vr['id'])
                if b['status'] != 'terminated']:
            time.sleep(1)
        self.assertEqual(['terminated'], [
            b['status'] for b in self.vrm_bindings(vr['id'])])
        self.assertEqual([], sps())


class TestAggregatorKilledMidPlacement(PrivateAggregatorTestCase):
    """kill -9 of an Aggregator while the VRM places the project."""

    def test_placement_adopted_or_removed_after_restart(self):
        vr = self.create_region(approval='auto')
        provider = self.register_provider(vrm_url=self.vrm_url)
        region = self.create_agg_region(provider, vr)
        region = self.wait_region(region['name'], 'active')
        binding_id = self.agg('GET', '/v1/regions/' + region['name']).json()[
            'region']['binding_id']

        answer: list = []
        thread = threading.Thread(target=self.quietly, daemon=True, args=(
            'POST', '/v1/regions/%s/projects' % region['name'],
            {'project': {'project_id': self.tenant_project}}, answer,
            self.tenant))
        thread.start()
        # Killed as soon as the provider started on the placement.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not self.vrm_placements(
                binding_id):
            time.sleep(0.05)
        self.assertTrue(self.vrm_placements(binding_id), answer)
        kill_9(self.private.service.pid)
        thread.join(120)

        self.private.start()
        # The refresher reconciles stale placements (sync.STALE, 60 s).
        deadline = time.monotonic() + 180
        mine = None
        while time.monotonic() < deadline:
            listed = self.agg('GET', '/v1/regions/%s/projects'
                              % region['name']).json()['projects']
            mine = [p for p in listed
                    if p['project_id'] == self.tenant_project]
            if not mine or mine[0]['status'] == 'active':
                break
            time.sleep(2)
        remote = [p for p in self.vrm_placements(binding_id)
                  if p['status'] != 'deleted']
        projects = self.ks.projects.list(domain=vr['domain_id'])
        sys.stderr.write('aggregator killed mid-placement: %s\n'
                         % ('adopted' if mine else 'rolled back'))
        if mine:
            # Adopted: one placement on each side, one provider project.
            self.assertEqual('active', mine[0]['status'], mine)
            self.assertEqual(1, len(remote), remote)
            self.assertEqual([remote[0]['project_id']],
                             [p.id for p in projects])
            resp = self.agg('DELETE', '/v1/regions/%s/projects/%s' % (
                region['name'], self.tenant_project))
            self.assertEqual(204, resp.status_code, resp.text)
        else:
            # Rolled back: nothing left at the provider.
            self.assertEqual([], remote)
        deadline = time.monotonic() + 60
        while (self.ks.projects.list(domain=vr['domain_id'])
               and time.monotonic() < deadline):
            time.sleep(1)
        self.assertEqual([], self.ks.projects.list(domain=vr['domain_id']))


class TestGlanceKilledMidUpload(test_load.ProxyRegionTestCase):

    def setUp(self) -> None:
        super().setUp()
        self.private = self.useFixture(test_proxy_failure.PrivateGlance(
            self, 'p1'))

    def test_direct_upload_complete_or_cleanly_absent(self):
        """At the provider itself: the Glance's own answer to a crash."""
        sess = self.password_session('provider-p1-admin')
        base = self.private.glance.url

        def call(method, path, **kwargs):
            return sess.request(base + path, method, raise_exc=False,
                                **kwargs)
        self.upload_kill_restart(call, '/v2/images')

    def test_upload_through_proxy_complete_or_cleanly_absent(self):
        """Through a proxy region: the tenant gets a clean error."""
        try:
            region = self.proxy_region('p1', self.private.region)
        except testtools.TestCase.failureException as exc:
            if 'already trusts' in str(exc) or 'idp_entity_id' in str(exc):
                # A seeded topology binds the reseller's IdP at P1 already
                # (the worked example): no second proxy region there.
                self.skipTest('the reseller IdP is bound at P1: %s' % exc)
            raise

        def call(method, path, **kwargs):
            return self.agg(method, path, sess=self.tenant, **kwargs)
        self.upload_kill_restart(call, '/proxy/%s/image/v2/images' % region)

    def upload_kill_restart(self, call, images: str) -> None:
        resp = call('POST', images, json={
            'name': self.unique('crash'), 'disk_format': 'raw',
            'container_format': 'bare'})
        self.assertEqual(201, resp.status_code, resp.text)
        image = '%s/%s' % (images, resp.json()['id'])
        self.addCleanup(call, 'DELETE', image)

        outcome = {}

        def upload():
            try:
                outcome['resp'] = call(
                    'PUT', image + '/file',
                    data=test_proxy._Zeros(UPLOAD_BYTES),
                    headers={'Content-Type': 'application/octet-stream'})
            except Exception as exc:     # noqa: BLE001 - the crash itself
                outcome['error'] = exc
        thread = threading.Thread(target=upload, daemon=True)
        thread.start()
        # Killed once bytes have landed in the provider's store.
        deadline = time.monotonic() + 60
        while (time.monotonic() < deadline and thread.is_alive()
               and not self.stored_bytes(self.private)):
            time.sleep(0.05)
        self.assertTrue(thread.is_alive(), 'the upload finished before '
                        'the kill: %s' % outcome)
        kill_9(self.private.glance.pid)
        thread.join(120)
        self.assertFalse(thread.is_alive())
        if 'resp' in outcome:
            # The caller hears of the failure: never a success.
            self.assertGreaterEqual(outcome['resp'].status_code, 500,
                                    outcome['resp'].text)

        self.private.start()
        shown = call('GET', image)
        self.assertEqual(200, shown.status_code, shown.text)
        found = shown.json()
        # Glance itself never resumes an upload its crash cut: the image
        # stays 'saving' (no size, no checksum) until deleted -- nothing
        # half-stored is ever served.
        self.assertIn(found['status'], ('active', 'queued', 'saving'), found)
        if found['status'] == 'saving':
            self.assertIsNone(found['checksum'], found)
        if found['status'] == 'active':
            self.assertEqual(UPLOAD_BYTES, found['size'])
        deleted = call('DELETE', image)
        self.assertEqual(204, deleted.status_code, deleted.text)
        self.assertEqual(404, call('GET', image).status_code)

    @staticmethod
    def stored_bytes(private) -> int:
        total = 0
        for top, _, files in os.walk(private.glance.dir):
            for name in files:
                path = os.path.join(top, name)
                if not name.endswith(('.log', '.db', '.conf', '.pid',
                                      '.ini', '-wal', '-shm')):
                    try:
                        total += os.path.getsize(path)
                    except OSError:
                        pass
        return total
