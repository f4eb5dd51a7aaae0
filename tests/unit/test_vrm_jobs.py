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
"""Jobs when the provider's Keystone stops answering in the middle.

A step that cannot reach Keystone leaves its job to the recovery loop
(back-off, no rollback, the binding or placement keeps its status); an
operation that makes the job moot supersedes it. On a SQLite database of
the test's own, with a stand-in for the provider's Keystone (the real one
is killed in tests/functional/test_keystone_faults.py).
"""

import datetime
import os
import threading

import fixtures
from keystoneauth1 import exceptions as ks_exc
import sqlalchemy as sa
import testtools

from tests.unit import base
from virtual_region_manager import access
from virtual_region_manager import bindings
from virtual_region_manager.db import api as db
from virtual_region_manager.db import models
from virtual_region_manager import errors
from virtual_region_manager import jobs
from virtual_region_manager import placement_users
from virtual_region_manager import placements
from virtual_region_manager import provider_keystone
from virtual_region_manager import recovery

LEASE = 30
RETRY = 2


class RetryDelayTest(testtools.TestCase):

    def test_doubles_up_to_the_cap(self):
        self.assertEqual([2, 4, 8, 16, 30, 30, 30], [
            jobs.retry_delay(n, first=2, cap=30) for n in range(7)])

    def test_never_below_the_first_delay(self):
        self.assertEqual(10, jobs.retry_delay(3, first=10, cap=5))

    def test_huge_attempts_stay_bounded(self):
        self.assertEqual(30, jobs.retry_delay(10 ** 6, first=2, cap=30))


class KeystoneUnavailableTest(testtools.TestCase):
    """Which answers of Keystone's side mean "not reachable now"."""

    def pk_raising(self, exc):
        pk = provider_keystone.ProviderKeystone(session=None,
                                                endpoint_override='x')

        def request(*args, **kwargs):
            raise exc
        pk.api.request = request
        return pk

    def test_gone_slow_or_behind_a_gateway(self):
        for exc in (ks_exc.ConnectFailure(), ks_exc.ConnectTimeout(),
                    ks_exc.ServiceUnavailable(), ks_exc.BadGateway(),
                    ks_exc.GatewayTimeout()):
            self.assertRaises(errors.KeystoneUnavailable,
                              self.pk_raising(exc).find_group, 'g', 'd')

    def test_its_own_errors_are_not_unavailability(self):
        self.assertRaises(ks_exc.InternalServerError,
                          self.pk_raising(ks_exc.InternalServerError())
                          .find_group, 'g', 'd')


class FakeKeystone:
    """What activation, placement and termination call, kept in a dict.

    ``die_after`` names a method: Keystone stops answering once that call
    succeeded (the kill -9 of the functional test); ``down`` is whether
    it answers now.
    """

    def __init__(self) -> None:
        self.down = False
        self.die_after: str | None = None
        self.made: dict = {}
        self.counter = 0

    def _up(self) -> None:
        if self.down:
            raise errors.KeystoneUnavailable()

    def _died(self, method: str) -> None:
        if self.die_after == method:
            self.down, self.die_after = True, None

    def _make(self, kind: str, key, method: str) -> str:
        self._up()
        if (kind, key) not in self.made:
            self.counter += 1
            self.made[(kind, key)] = '%s-%d' % (kind, self.counter)
        self._died(method)
        return self.made[(kind, key)]

    def _find(self, kind: str, key) -> dict | None:
        self._up()
        found = self.made.get((kind, key))
        return {'id': found} if found else None

    def _drop(self, kind: str, key=None, *, value=None) -> None:
        self._up()
        for found in [k for k, v in self.made.items() if k[0] == kind and (
                k[1] == key or v == value)]:
            del self.made[found]

    def kinds(self) -> list[str]:
        return sorted(kind for kind, _ in self.made)

    # --- the ProviderKeystone methods the jobs use -----------------------
    def put_mapping(self, mapping_id, rules):
        self._make('mapping', mapping_id, 'put_mapping')

    def delete_mapping(self, mapping_id):
        self._drop('mapping', mapping_id)

    def identity_provider_for_remote_id(self, remote_id):
        self._up()

    def put_identity_provider(self, idp_id, **kwargs):
        self._make('identity_provider', idp_id, 'put_identity_provider')

    def delete_identity_provider(self, idp_id):
        self._drop('identity_provider', idp_id)
        self._drop('protocol', idp_id)

    def put_protocol(self, idp_id, protocol, mapping_id):
        self._make('protocol', idp_id, 'put_protocol')

    def registered_limits(self, region_id):
        self._up()
        return {}

    def ensure_group(self, name, domain_id):
        return self._make('group', name, 'ensure_group')

    def find_group(self, name, domain_id):
        return self._find('group', name)

    def delete_group(self, group_id):
        self._drop('group', value=group_id)

    def ensure_project(self, name, domain_id, description=''):
        return self._make('project', name, 'ensure_project')

    def find_project(self, name, domain_id):
        return self._find('project', name)

    def delete_project(self, project_id):
        self._drop('project', value=project_id)

    def set_limits(self, quota, *, region_id, project_id=None,
                   domain_id=None):
        self._make('limits', project_id or domain_id, 'set_limits')

    def delete_limits(self, *, project_id=None, domain_id=None):
        self._drop('limits', project_id or domain_id)

    def ensure_user(self, name, domain_id, password):
        return self._make('user', name, 'ensure_user')

    def find_user(self, name, domain_id):
        return self._find('user', name)

    def delete_user(self, user_id):
        self._drop('user', value=user_id)

    def add_user_to_group(self, user_id, group_id):
        self._make('member', (user_id, group_id), 'add_user_to_group')

    def remove_user_from_group(self, user_id, group_id):
        self._drop('member', (user_id, group_id))

    def grant_group_on_project(self, group_id, project_id, role):
        self._make('grant', (group_id, project_id), 'grant_group_on_project')

    def revoke_group_on_project(self, group_id, project_id, role):
        self._drop('grant', (group_id, project_id))


class DatabaseTestCase(base.ServiceTestCase):
    """A VRM database of the test's own and a configuration for it."""

    SERVICE = 'vrm'

    def setUp(self) -> None:
        super().setUp()
        tmp = self.useFixture(fixtures.TempDir()).path
        self.conf = self.make_conf()
        self.conf.set_override('connection', 'sqlite:///%s'
                               % os.path.join(tmp, 'vrm.db'), 'database')
        self.conf.set_override('lease_seconds', LEASE, 'jobs')
        self.conf.set_override('recovery_interval', RETRY, 'jobs')
        self.idp_dir = os.path.join(tmp, 'idps')
        os.mkdir(self.idp_dir)
        self.conf.set_override('trusted_idp_dir', self.idp_dir, 'federation')
        self.conf.set_override('reload_command', 'true', 'federation')
        # A recovery thread left by a test that imported the WSGI module
        # would claim this test's jobs: stop it (it reads the global db).
        for thread in threading.enumerate():
            if thread.name == 'vrm-recovery':
                thread.stop.set()
                thread.join(timeout=30)
        previous = db._CONTEXT._context
        self.addCleanup(setattr, db._CONTEXT, '_context', previous)
        db.configure(self.conf)
        models.Base.metadata.create_all(db._CONTEXT.engine())
        self.pk = FakeKeystone()

    def job(self, job_id: str) -> models.Job:
        with db.reader() as session:
            job = session.get(models.Job, job_id)
            session.expunge(job)
            return job

    def jobs_of(self, **where) -> list[models.Job]:
        with db.reader() as session:
            found = session.scalars(sa.select(models.Job).filter_by(
                **where).order_by(models.Job.created_at)).all()
            session.expunge_all()
            return list(found)

    def lease_runs_out(self) -> None:
        """Time passes: every lease is over."""
        with db.writer() as session:
            session.execute(sa.update(models.Job).values(
                lease_until=models._now() - datetime.timedelta(seconds=1)))

    def seconds_left(self, job_id: str) -> float:
        return (self.job(job_id).lease_until - models._now()).total_seconds()


class DeferredJobTest(DatabaseTestCase):

    def test_unreachable_keystone_defers_with_back_off(self):
        job_id = jobs.record('activate', binding_id='b1',
                             lease_seconds=LEASE)
        ran = []

        def gone():
            raise errors.KeystoneUnavailable()
        steps = [('first', lambda: ran.append('first')), ('second', gone),
                 ('third', lambda: ran.append('third'))]
        exc = self.assertRaises(jobs.Deferred, jobs.run, job_id, 'activate',
                                steps, lease_seconds=LEASE,
                                retry_interval=RETRY)
        self.assertIsInstance(exc, errors.KeystoneUnavailable)
        self.assertEqual(('second', RETRY), (exc.step, exc.retry_in))
        self.assertIn("'second'", str(exc))
        self.assertEqual(['first'], ran)
        job = self.job(job_id)
        self.assertEqual(('running', 'second'), (job.status, job.step))
        self.assertTrue(job.error.startswith('second: '), job.error)
        self.assertTrue(0 < self.seconds_left(job_id) <= RETRY)
        # Not taken over before its time; then claimed, and it backs off.
        self.assertEqual([], jobs.interrupted())
        self.lease_runs_out()
        [again] = jobs.interrupted()
        self.assertTrue(jobs.claim(again, lease_seconds=LEASE))
        exc = self.assertRaises(jobs.Deferred, jobs.run, job_id, 'activate',
                                steps, lease_seconds=LEASE,
                                retry_interval=RETRY)
        self.assertEqual(2 * RETRY, exc.retry_in)
        self.assertTrue(RETRY < self.seconds_left(job_id) <= 2 * RETRY)
        # Keystone is back: the job finishes and forgets the error.
        steps[1] = ('second', lambda: ran.append('second'))
        self.assertTrue(jobs.run(job_id, 'activate', steps,
                                 lease_seconds=LEASE, retry_interval=RETRY))
        job = self.job(job_id)
        self.assertEqual(('done', ''), (job.status, job.error))
        self.assertEqual(['first', 'first', 'first', 'second', 'third'], ran)

    def test_other_errors_are_not_deferred(self):
        job_id = jobs.record('activate', lease_seconds=LEASE)

        def broken():
            raise errors.ProviderMisconfigured()
        self.assertRaises(errors.ProviderMisconfigured, jobs.run, job_id,
                          'activate', [('only', broken)],
                          lease_seconds=LEASE, retry_interval=RETRY)
        # Its caller fails it (or rolls it back); nothing was deferred.
        self.assertEqual('', self.job(job_id).error)

    def test_superseded_job_stops_before_its_next_step(self):
        job_id = jobs.record('place_project', binding_id='b1',
                             placement_id='p1', lease_seconds=LEASE)
        other = jobs.record('place_project', binding_id='b2',
                            placement_id='p2', lease_seconds=LEASE)
        ran = []

        def terminated_meanwhile():
            ran.append('first')
            with db.writer() as session:
                self.assertEqual(1, jobs.supersede(
                    session, by='terminate', binding_id='b1'))
        self.assertFalse(jobs.run(
            job_id, 'place_project',
            [('first', terminated_meanwhile),
             ('second', lambda: ran.append('second'))],
            lease_seconds=LEASE))
        self.assertEqual(['first'], ran)
        job = self.job(job_id)
        self.assertEqual(('superseded', 'superseded by terminate'),
                         (job.status, job.error))
        # Never taken over; the other binding's job is untouched.
        self.lease_runs_out()
        self.assertEqual([other], [j.id for j in jobs.interrupted()])

    def test_supersede_by_placement(self):
        mine = jobs.record('place_project', binding_id='b1',
                           placement_id='p1', lease_seconds=LEASE)
        jobs.record('place_project', binding_id='b1', placement_id='p2',
                    lease_seconds=LEASE)
        with db.writer() as session:
            self.assertEqual(1, jobs.supersede(
                session, by='remove_project', placement_id='p1'))
        self.assertEqual([mine], [j.id for j in self.jobs_of(
            status='superseded')])


def add_pending_binding() -> str:
    """A virtual region, a partner and its pending binding; its id."""
    with db.writer() as session:
        vr = models.VirtualRegion(name='gold', region_id='R4',
                                  domain_id='dom-gold',
                                  services=['image'], metadata_={})
        partner = models.Partner(name='a', idp_entity_id='https://a/idp',
                                 idp_metadata='<md/>', status='active')
        session.add_all([vr, partner])
        session.flush()
        binding = models.Binding(virtual_region_id=vr.id,
                                 partner_id=partner.id)
        session.add(binding)
        session.flush()
        return binding.id


class KeystoneGoneMidOperationTest(DatabaseTestCase):
    """Activation and placement across a Keystone that dies and returns."""

    def setUp(self) -> None:
        super().setUp()
        self.binding_id = add_pending_binding()

    def binding(self) -> models.Binding:
        return bindings.get(self.binding_id)

    def test_activation_waits_then_finishes_without_restart(self):
        self.pk.die_after = 'put_mapping'
        exc = self.assertRaises(jobs.Deferred, bindings.act, self.conf,
                                self.pk, self.binding_id, 'approve', {})
        self.assertIn(self.binding_id, str(exc))
        self.assertEqual('identity_provider', exc.step)
        # Nothing rolled back, nothing failed: it waits, and says so.
        self.assertEqual(['mapping'], self.pk.kinds())
        binding = self.binding()
        self.assertEqual('approved', binding.status)
        self.assertIn("Keystone stopped answering", binding.status_reason)
        [job] = self.jobs_of(binding_id=self.binding_id)
        self.assertEqual(('running', 'identity_provider'),
                         (job.status, job.step))
        # Still down when recovery first tries: it backs off.
        self.lease_runs_out()
        self.assertEqual(1, recovery.recover(self.conf, self.pk))
        self.assertEqual('running', self.job(job.id).status)
        self.assertTrue(RETRY < self.seconds_left(job.id) <= 2 * RETRY)
        # Back: the next try finishes it.
        self.pk.down = False
        self.lease_runs_out()
        self.assertEqual(1, recovery.recover(self.conf, self.pk))
        binding = self.binding()
        self.assertEqual(('active', ''),
                         (binding.status, binding.status_reason))
        self.assertEqual(['identity_provider', 'mapping', 'protocol'],
                         self.pk.kinds())
        self.assertTrue(os.path.exists(os.path.join(
            self.idp_dir, 'vrm-%s.xml' % self.binding_id)))
        self.assertEqual('done', self.job(job.id).status)

    def test_terminate_supersedes_a_waiting_activation(self):
        self.pk.die_after = 'put_identity_provider'
        self.assertRaises(jobs.Deferred, bindings.act, self.conf, self.pk,
                          self.binding_id, 'approve', {})
        self.pk.down = False
        terminated = bindings.act(self.conf, self.pk, self.binding_id,
                                  'terminate', {'projects': 'delete'})
        self.assertEqual('terminated', terminated.status)
        self.assertEqual([], self.pk.kinds())
        # The activation never comes back to remake what was removed.
        self.lease_runs_out()
        self.assertEqual(0, recovery.recover(self.conf, self.pk))
        self.assertEqual([], self.pk.kinds())
        self.assertEqual('terminated', self.binding().status)
        self.assertEqual(['superseded', 'done'], [
            j.status for j in self.jobs_of(binding_id=self.binding_id)])

    def active_binding(self) -> tuple:
        bindings.act(self.conf, self.pk, self.binding_id, 'approve', {})
        binding = self.binding()
        self.assertEqual('active', binding.status)
        with db.reader() as session:
            vr = session.get(models.VirtualRegion,
                             binding.virtual_region_id)
            partner = session.get(models.Partner, binding.partner_id)
            session.expunge_all()
        return binding, partner, vr

    def test_placement_waits_then_finishes_without_restart(self):
        binding, partner, vr = self.active_binding()
        self.pk.die_after = 'ensure_group'
        exc = self.assertRaises(jobs.Deferred, placements.create, self.conf,
                                self.pk, binding, partner, vr,
                                {'name': 't1'})
        self.assertIn("'t1'", str(exc))
        self.assertEqual('project', exc.step)
        [placed] = placements.list_for(self.binding_id)
        self.assertEqual('creating', placed.status)
        self.assertEqual(['group', 'identity_provider', 'mapping',
                          'protocol'], self.pk.kinds())
        self.pk.down = False
        self.lease_runs_out()
        self.assertEqual(1, recovery.recover(self.conf, self.pk))
        [placed] = placements.list_for(self.binding_id)
        self.assertEqual('active', placed.status)
        self.assertEqual(['grant', 'group', 'identity_provider', 'limits',
                          'mapping', 'project', 'protocol'],
                         self.pk.kinds())

    def test_removing_a_waiting_placement_supersedes_it(self):
        binding, partner, vr = self.active_binding()
        self.pk.die_after = 'ensure_project'
        self.assertRaises(jobs.Deferred, placements.create, self.conf,
                          self.pk, binding, partner, vr, {'name': 't1'})
        [placed] = placements.list_for(self.binding_id)
        self.pk.down = False
        placements.delete(self.conf, self.pk, self.binding_id, placed.id)
        self.assertEqual([], placements.list_for(self.binding_id))
        self.lease_runs_out()
        self.assertEqual(0, recovery.recover(self.conf, self.pk))
        self.assertEqual(['identity_provider', 'mapping', 'protocol'],
                         self.pk.kinds())


class _Placed(DatabaseTestCase):
    """A placement of an active binding, on the fake Keystone."""

    def setUp(self) -> None:
        super().setUp()
        self.binding_id = add_pending_binding()

    binding = KeystoneGoneMidOperationTest.binding
    active_binding = KeystoneGoneMidOperationTest.active_binding

    def placed(self):
        binding, partner, vr = self.active_binding()
        return placements.create(self.conf, self.pk, binding, partner, vr,
                                 {'name': 't1'})


class PlacementCredentialTest(_Placed):
    """A placement's credential user lives and dies with the placement."""

    def test_set_then_removed_with_the_placement(self):
        placed = self.placed()
        found = placements.set_credential(self.conf, self.pk,
                                          self.binding_id, placed.id, 's' * 40)
        self.assertEqual(placed.project_id, found['project_id'])
        self.assertIn('user', self.pk.kinds())
        self.assertIn('member', self.pk.kinds())
        placements.delete(self.conf, self.pk, self.binding_id, placed.id)
        self.assertNotIn('user', self.pk.kinds())

    def test_only_on_an_active_placement(self):
        placed = self.placed()
        placements.set_status(placed.id, 'creating')
        self.assertRaises(errors.Conflict, placements.set_credential,
                          self.conf, self.pk, self.binding_id, placed.id,
                          's' * 40)
        self.assertNotIn('user', self.pk.kinds())
        self.assertRaises(errors.NotFound, placements.set_credential,
                          self.conf, self.pk, self.binding_id, 'nope',
                          's' * 40)

    def test_a_placement_removed_meanwhile_leaves_no_user(self):
        placed = self.placed()
        real = self.pk.add_user_to_group

        def removed_meanwhile(user_id, group_id):
            real(user_id, group_id)
            placements.set_status(placed.id, 'deleting')
        self.pk.add_user_to_group = removed_meanwhile
        self.assertRaises(errors.Conflict, placements.set_credential,
                          self.conf, self.pk, self.binding_id, placed.id,
                          's' * 40)
        self.assertNotIn('user', self.pk.kinds())


class PlacementUserTest(_Placed):
    """Each partner end user its own user; they go with the placement."""

    def put(self, placed, key, role='member'):
        return placements.set_user(self.conf, self.pk, self.binding_id,
                                   placed.id, key, 's' * 40, role)

    def memberships(self) -> set:
        return {key for kind, key in self.pk.made if kind == 'member'}

    def group(self, placed, role):
        return self.pk.find_group(access.group_name(placed.id, role),
                                  'd')['id']

    def test_each_key_its_own_user_in_the_group_of_its_role(self):
        placed = self.placed()
        x, y = self.put(placed, 'x' * 16), self.put(placed, 'y' * 16)
        self.assertNotEqual(x['user_id'], y['user_id'])
        self.assertEqual(placed.project_id, x['project_id'])
        member = self.group(placed, 'member')
        self.assertEqual({(x['user_id'], member), (y['user_id'], member)},
                         self.memberships())
        # x now only reads: in the reader group, out of the member one.
        self.put(placed, 'x' * 16, 'reader')
        self.assertEqual({(x['user_id'], self.group(placed, 'reader')),
                          (y['user_id'], member)}, self.memberships())
        self.assertEqual(x['user_id'],
                         self.pk.find_user(placement_users.user_name(
                             placed.id, 'x' * 16), 'd')['id'])
        placements.remove_user(self.pk, self.binding_id, placed.id, 'y' * 16)
        self.assertIsNone(self.pk.find_user(placement_users.user_name(
            placed.id, 'y' * 16), 'd'))
        self.assertRaises(errors.NotFound, placements.remove_user, self.pk,
                          self.binding_id, placed.id, 'y' * 16)

    def test_all_removed_with_the_placement(self):
        placed = self.placed()
        for key in ('x' * 16, 'y' * 16):
            self.put(placed, key)
        placements.delete(self.conf, self.pk, self.binding_id, placed.id)
        self.assertNotIn('user', self.pk.kinds())

    def test_a_user_made_before_keystone_died_is_removed_later(self):
        placed = self.placed()
        self.pk.die_after = 'ensure_user'
        self.assertRaises(errors.KeystoneUnavailable, self.put, placed,
                          'x' * 16)
        self.pk.down = False
        self.assertIn('user', self.pk.kinds())
        placements.delete(self.conf, self.pk, self.binding_id, placed.id)
        self.assertNotIn('user', self.pk.kinds())

    def test_only_on_an_active_placement(self):
        placed = self.placed()
        placements.set_status(placed.id, 'creating')
        self.assertRaises(errors.Conflict, self.put, placed, 'x' * 16)
        self.assertNotIn('user', self.pk.kinds())

    def test_a_placement_removed_meanwhile_leaves_no_user(self):
        placed = self.placed()
        real = self.pk.add_user_to_group

        def removed_meanwhile(user_id, group_id):
            real(user_id, group_id)
            placements.set_status(placed.id, 'deleting')
        self.pk.add_user_to_group = removed_meanwhile
        self.assertRaises(errors.Conflict, self.put, placed, 'x' * 16)
        self.assertNotIn('user', self.pk.kinds())

    def test_a_placement_has_at_most_its_users(self):
        self.conf.set_override('max_placement_users', 2, 'virtual_regions')
        placed = self.placed()
        for key in ('x' * 16, 'y' * 16):
            self.put(placed, key)
        exc = self.assertRaises(errors.Conflict, self.put, placed, 'z' * 16)
        self.assertIn('max_placement_users', str(exc))
        self.assertIsNone(self.pk.find_user(placement_users.user_name(
            placed.id, 'z' * 16), 'd'))
        # Those it has may still change; one gone makes room again.
        self.put(placed, 'x' * 16, 'reader')
        placements.remove_user(self.pk, self.binding_id, placed.id, 'y' * 16)
        self.put(placed, 'z' * 16)

    def test_a_placement_removed_while_its_user_is_made_leaves_none(self):
        placed = self.placed()
        real = self.pk.add_user_to_group

        def group_gone(user_id, group_id):
            # The removal ran meanwhile: its group is gone.
            placements.set_status(placed.id, 'deleting')
            raise ks_exc.NotFound()
        self.pk.add_user_to_group = group_gone
        self.assertRaises(errors.Conflict, self.put, placed, 'x' * 16)
        self.pk.add_user_to_group = real
        self.assertNotIn('user', self.pk.kinds())
        self.assertEqual([], placement_users_rows(placed.id))


def placement_users_rows(placement_id: str) -> list:
    with db.reader() as session:
        return session.scalars(sa.select(models.PlacementUser.key).where(
            models.PlacementUser.placement_id == placement_id)).all()
