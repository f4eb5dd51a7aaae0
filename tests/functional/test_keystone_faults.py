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
"""kill -9 of a provider's Keystone in the middle of a VRM job.

The test class runs a provider of its own: a real Keystone (own port,
SQLite database, fernet keys) seeded as ``tools.topology`` seeds P1's, and
a real VRM in front of it whose trusted-IdP reload is ``true`` in a
private folder (no K2K here). The shared topology's Keystones are never
touched. ``VRM_TEST_KILL_AFTER=<job>:<step>:<pid>`` makes that VRM SIGKILL
the Keystone's process group right after the named step, so the next step
finds Keystone gone:

- binding activation, after its mapping: the approval answers 503, the
  binding stays ``approved`` saying why, and the recovery loop retries
  with a back-off; once Keystone is restarted the binding becomes
  ``active`` with one identity provider, mapping and protocol -- no VRM
  restart;
- project placement, after its group: the same for the placement, which
  becomes ``active`` with one project, group, grant and limit; terminating
  the binding (projects: delete) then leaves nothing at the provider.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import secrets
import sqlite3
import sys
import time
import uuid

from keystoneauth1 import exceptions as ks_exc
from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session
from keystoneclient.v3 import client as ks_client
from testtools import content

from tests.functional import vrm_base
from tools.topology import glance
from tools.topology import keystone
from tools.topology import process
from tools.topology import seed
from tools.topology import vrm

REGION = 'RK'
# Where the catalog says the region's Glance is; nothing calls it here.
IMAGE_URL = 'http://127.0.0.1:9/image'


class PrivateProvider:
    """A provider Keystone and its VRM, started by one test class."""

    def __init__(self, root: str) -> None:
        tag = uuid.uuid4().hex[:8]
        cloud = 'kf-' + tag
        self.admin_password = secrets.token_urlsafe(12)
        self.keystone = keystone.Keystone(
            name='%s-keystone' % cloud, cloud=cloud, root=root,
            region=REGION, admin_password=self.admin_password,
            port=process.free_port())
        self.idp_dir = self.keystone.path('trusted-idps')
        os.makedirs(self.idp_dir, exist_ok=True)
        self.vrm = vrm.VRM(
            name='%s-vrm' % cloud, cloud=cloud, root=root,
            port=process.free_port(), region=REGION,
            keystone_url=self.keystone.url,
            service_password=secrets.token_urlsafe(12),
            sp_url=self.keystone.auth_url + '/mellon/paosResponse',
            trusted_idp_dir=self.idp_dir, reload_argv=['true'], processes=1)

    def start(self) -> None:
        self.keystone.prepare()
        self.start_keystone()
        ks = self.keystone_admin()
        account = seed.service_user(ks, vrm.SERVICE_USER,
                                    self.vrm.service_password)
        seed.grant_system(ks, account, 'admin')
        seed.role(ks, 'vrm_partner')
        seed.service_with_endpoint(ks, name='glance', type='image',
                                   region=REGION, url=IMAGE_URL)
        seed.registered_limits(ks, service_type='image', region=REGION,
                               defaults=glance.REGISTERED_LIMITS)
        self.vrm.prepare()
        self.start_vrm()

    def stop(self) -> None:
        self.vrm.stop()
        self.keystone.stop()

    def start_keystone(self) -> None:
        self.keystone.start()
        self.keystone.wait_ready(timeout=120)

    def start_vrm(self, kill_after: str | None = None) -> None:
        """(Re)start the VRM; ``kill_after`` a "<job>:<step>" or None."""
        self.vrm.stop()
        self.vrm.extra_env = {} if not kill_after else {
            'VRM_TEST_KILL_AFTER': '%s:%d' % (kill_after, self.keystone.pid)}
        self.vrm.start()
        self.vrm.wait_ready(timeout=120)

    def admin_session(self) -> ks_session.Session:
        return ks_session.Session(auth=v3.Password(
            auth_url=self.keystone.auth_url, username=keystone.ADMIN_USER,
            password=self.admin_password, user_domain_id='default',
            project_name=keystone.ADMIN_PROJECT,
            project_domain_id='default'))

    def keystone_admin(self) -> ks_client.Client:
        return ks_client.Client(session=self.admin_session(),
                                endpoint_override=self.keystone.auth_url,
                                interface='public')

    @contextlib.contextmanager
    def vrm_db(self):
        """The VRM's own database, read-only."""
        conn = sqlite3.connect('file:%s?mode=ro' % self.vrm.path('vrm.db'),
                               uri=True)
        conn.row_factory = sqlite3.Row
        try:
            yield conn
        finally:
            conn.close()


class TestKeystoneKilledMidJob(vrm_base.VRMTestCase):

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        started = time.monotonic()
        cls.provider_ = PrivateProvider(cls.topology['root'])
        try:
            cls.provider_.start()
        except BaseException:
            cls.provider_.stop()
            raise
        cls.setup_seconds = time.monotonic() - started
        print('\nprivate provider Keystone and VRM ready in %.1f s'
              % cls.setup_seconds, file=sys.stderr)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.provider_.stop()
        super().tearDownClass()

    def setUp(self) -> None:
        super().setUp()
        self.region = REGION
        self.admin = vrm_base.VRMClient(
            self.provider_.admin_session(), REGION,
            endpoint=self.provider_.vrm.url)
        self.ks = self.provider_.keystone_admin()

    def partner_client(self, credential: dict) -> vrm_base.VRMClient:
        auth = v3.ApplicationCredential(
            auth_url=self.provider_.keystone.auth_url,
            application_credential_id=credential['id'],
            application_credential_secret=credential['secret'])
        return vrm_base.VRMClient(ks_session.Session(auth=auth), REGION,
                                  endpoint=self.provider_.vrm.url)

    # --- the fault -----------------------------------------------------
    def keystone_killed_by(self, request) -> tuple[dict, int]:
        """Make ``request``; the VRM kills Keystone in the middle of it.

        Returns the error the VRM answered and the VRM's PID.
        """
        pid = self.provider_.keystone.pid
        vrm_pid = self.provider_.vrm.pid
        # Whatever happens next, the test's cleanups need a Keystone.
        self.addCleanup(self.keystone_up)
        resp = request()
        self.assertEqual(503, resp.status_code, resp.text)
        self.assertFalse(process.alive(pid), 'Keystone was not killed')
        self.assertTrue(process.alive(vrm_pid))
        return resp.json()['errors'][0], vrm_pid

    def keystone_up(self) -> None:
        if not process.alive(self.provider_.keystone.pid):
            self.provider_.start_keystone()

    def job(self, **where) -> dict:
        clause = ' and '.join('%s = ?' % k for k in where)
        with self.provider_.vrm_db() as conn:
            rows = conn.execute('select * from jobs where %s' % clause,
                                tuple(where.values())).fetchall()
        self.assertEqual(1, len(rows), [dict(r) for r in rows])
        return dict(rows[0])

    def retried_while_down(self, job: dict) -> dict:
        """Recovery took the job over, failed again, and backs off."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            job = self.job(id=job['id'])
            # Deferred (not merely claimed: a claim leases for 30 s).
            if job['attempts'] >= 1 and _back_off(job) < 10:
                break
            time.sleep(0.2)
        self.assertEqual('running', job['status'])
        self.assertEqual(1, job['attempts'], job)
        self.assertIn('not reachable', job['error'])
        # First try 2 s after the failure ([jobs] recovery_interval in the
        # topology), then twice as long: the lease says when.
        self.assertAlmostEqual(4, _back_off(job), delta=0.5)
        return job

    def restart_keystone(self) -> float:
        started = time.monotonic()
        self.provider_.start_keystone()
        return time.monotonic() - started

    def wait_for(self, get, wanted: str, timeout: float = 90) -> dict:
        deadline = time.monotonic() + timeout
        found = None
        while time.monotonic() < deadline:
            found = get()
            if found and found['status'] == wanted:
                return found
            time.sleep(0.5)
        self.fail('not %s after %d s: %s' % (wanted, timeout, found))

    def binding(self, binding_id: str) -> dict:
        resp = self.admin.get('/v1/bindings/%s' % binding_id)
        self.assertEqual(200, resp.status_code, resp.text)
        return resp.json()['binding']

    def report(self, what: str, **figures) -> None:
        self.addDetail(what, content.text_content(json.dumps(figures)))
        print('\n%s: %s' % (what, figures), file=sys.stderr)

    # --- what the binding made in Keystone ------------------------------
    def idps_trusting(self, entity: str) -> list[str]:
        return [idp.id for idp in self.ks.federation.identity_providers.list()
                if entity in (idp.remote_ids or [])]

    def assert_binding_objects(self, binding_id: str, entity: str) -> None:
        oid = 'vrm-' + binding_id
        self.assertEqual([oid], self.idps_trusting(entity))
        self.assertEqual(['saml2'], [
            p.id for p in self.ks.federation.protocols.list(oid)])
        self.assertEqual(oid, self.ks.federation.protocols.get(
            oid, 'saml2').mapping_id)
        self.assertEqual([oid], [m.id for m in
                                 self.ks.federation.mappings.list()
                                 if m.id == oid])
        self.assertTrue(os.path.exists(os.path.join(
            self.provider_.idp_dir, oid + '.xml')))

    # --- the tests -------------------------------------------------------
    def test_killed_during_binding_activation(self):
        self.provider_.start_vrm(kill_after='activate:mapping')
        vr = self.create_region()
        partner, client = self.onboard()
        binding = self.request_binding(client, vr)

        error, vrm_pid = self.keystone_killed_by(
            lambda: self.admin.action(binding['id'], 'approve'))
        killed = time.monotonic()
        self.assertEqual('vrm.keystone_unavailable', error['code'])
        self.assertIn(binding['id'], error['detail'])
        self.assertIn("'identity_provider'", error['detail'])
        # Nothing failed for good: the job waits, and is retried.
        job = self.retried_while_down(self.job(binding_id=binding['id']))
        # Each try runs the job from its first step, which finds no one.
        self.assertEqual('mapping', job['step'])
        with self.provider_.vrm_db() as conn:
            status, reason = conn.execute(
                'select status, status_reason from bindings where id = ?',
                (binding['id'],)).fetchone()
        self.assertEqual('approved', status)
        self.assertIn('Keystone stopped answering', reason)

        restart = self.restart_keystone()
        ready = time.monotonic()
        active = self.wait_for(lambda: self.binding(binding['id']),
                               'active')
        done = time.monotonic()
        self.assertEqual('', active['status_reason'])
        self.assertEqual('vrm-' + binding['id'],
                         active['identity_provider_id'])
        self.assertEqual(vrm_pid, self.provider_.vrm.pid)
        self.assertTrue(process.alive(vrm_pid), 'the VRM was restarted')
        self.assert_binding_objects(binding['id'], partner['idp_entity_id'])
        self.assertEqual([], self.ks.groups.list(domain=vr['domain_id']))
        job = self.job(id=job['id'])
        self.assertEqual('done', job['status'])
        self.report('activation', attempts=job['attempts'],
                    keystone_down_s=round(ready - killed, 1),
                    keystone_restart_s=round(restart, 1),
                    active_after_keystone_s=round(done - ready, 1))

    def test_killed_during_project_placement(self):
        self.provider_.start_vrm(kill_after='place_project:group')
        vr = self.create_region(approval='auto')
        partner, client = self.onboard()
        binding = self.request_binding(client, vr)
        self.assertEqual('active', binding['status'])
        path = '/v1/bindings/%s/projects' % binding['id']

        error, vrm_pid = self.keystone_killed_by(lambda: client.post(
            path, json={'project': {
                'name': 't1', 'quota': {'image': {'image_count_total': 2}},
                'access': {'project': 'T', 'project_domain': 'D'}}}))
        killed = time.monotonic()
        self.assertEqual('vrm.keystone_unavailable', error['code'])
        self.assertIn("'t1'", error['detail'])
        self.assertIn("'project'", error['detail'])
        job = self.retried_while_down(self.job(
            binding_id=binding['id'], kind='place_project'))
        self.assertEqual('group', job['step'])
        with self.provider_.vrm_db() as conn:
            [status] = conn.execute(
                'select status from placements where id = ?',
                (job['placement_id'],)).fetchone()
        self.assertEqual('creating', status)

        restart = self.restart_keystone()
        ready = time.monotonic()

        def placement():
            resp = client.get(path)
            self.assertEqual(200, resp.status_code, resp.text)
            [found] = resp.json()['projects']
            return found
        placed = self.wait_for(placement, 'active')
        done = time.monotonic()
        self.assertTrue(process.alive(vrm_pid), 'the VRM was restarted')
        self.assertEqual(vrm_pid, self.provider_.vrm.pid)
        # One project, one group, one grant, one limit; in the mapping.
        group_name = 'vrm-p-' + placed['id']
        self.assertEqual([placed['project_id']], [
            p.id for p in self.ks.projects.list(domain=vr['domain_id'])])
        [group] = self.ks.groups.list(domain=vr['domain_id'])
        self.assertEqual(group_name, group.name)
        self.assertEqual(1, len(self.ks.role_assignments.list(
            project=placed['project_id'], group=group)))
        self.assertEqual([('image_count_total', 2)], [
            (lim.resource_name, lim.resource_limit) for lim in
            self.ks.limits.list(project_id=placed['project_id'])])
        rules = self.ks.federation.mappings.get('vrm-' + binding['id']).rules
        self.assertIn(group_name, json.dumps(rules))
        self.assert_binding_objects(binding['id'], partner['idp_entity_id'])
        self.report('placement', attempts=self.job(id=job['id'])['attempts'],
                    keystone_down_s=round(ready - killed, 1),
                    keystone_restart_s=round(restart, 1),
                    active_after_keystone_s=round(done - ready, 1))

        # Terminated with its projects: no orphan at the provider.
        resp = self.admin.action(binding['id'], 'terminate',
                                 {'projects': 'delete'})
        self.assertEqual(200, resp.status_code, resp.text)
        self.assertEqual('terminated', self.binding(binding['id'])['status'])
        self.assertEqual([], self.idps_trusting(partner['idp_entity_id']))
        self.assertRaises(ks_exc.NotFound, self.ks.federation.mappings.get,
                          'vrm-' + binding['id'])
        self.assertEqual([], self.ks.projects.list(domain=vr['domain_id']))
        self.assertEqual([], self.ks.groups.list(domain=vr['domain_id']))
        self.assertEqual([], self.ks.limits.list(
            project_id=placed['project_id']))
        self.assertFalse(os.path.exists(os.path.join(
            self.provider_.idp_dir, 'vrm-%s.xml' % binding['id'])))


def _back_off(job: dict) -> float:
    """Seconds from the job's last update to the end of its lease."""
    return (datetime.datetime.fromisoformat(job['lease_until']) -
            datetime.datetime.fromisoformat(job['updated_at'])
            ).total_seconds()
