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
"""Suspension has one authority per side.

A provider's suspension of a binding is lifted by the provider only, a
partner's (the reseller's) by the partner only; while either stands the
binding stays suspended. On the Aggregator, a region PATCH lifts only the
reseller's own suspension, and the reseller's suspension stands there
whatever the provider reports. The state machine is
``virtual_region_manager.bindings.transition``; the real services are
exercised in tests/functional/test_vrm_lifecycle.py.
"""

import os
import types

from alembic import autogenerate
from alembic import command
from alembic import migration as alembic_migration
import fixtures
import sqlalchemy as sa
import testtools

from aggregator.db import api as agg_db
from aggregator.db import models as agg_models
from aggregator import errors as agg_errors
from aggregator import federation
from aggregator import regions
from aggregator import vrm_client
from csf_common.db import migration
from tests.unit import test_provider_refresh
from tests.unit import test_vrm_jobs
from virtual_region_manager import bindings
from virtual_region_manager.db import models
from virtual_region_manager import errors
from virtual_region_manager import jobs
from virtual_region_manager import recovery

PROVIDER, PARTNER = bindings.PROVIDER, bindings.PARTNER


class TransitionTest(testtools.TestCase):
    """The pure state machine: who may lift what."""

    def test_either_side_suspends_an_active_binding(self):
        for side in (PROVIDER, PARTNER):
            move = bindings.transition('suspend', 'active', {}, side, 'why')
            self.assertEqual(('active', {side: 'why'}, 'suspend'), move)

    def test_the_other_side_adds_its_own_without_a_job(self):
        move = bindings.transition('suspend', 'suspended', {PROVIDER: 'a'},
                                   PARTNER, 'b')
        self.assertEqual(('suspended', {PROVIDER: 'a', PARTNER: 'b'}, None),
                         move)

    def test_a_side_suspends_once(self):
        exc = self.assertRaises(errors.Conflict, bindings.transition,
                                'suspend', 'suspended', {PARTNER: ''},
                                PARTNER)
        self.assertIn('already suspended by the partner', str(exc))

    def test_a_side_cannot_lift_the_other_sides_suspension(self):
        # The partner cannot lift the provider's; the provider cannot
        # re-open what the partner closed for its tenants.
        for holder, other in ((PROVIDER, PARTNER), (PARTNER, PROVIDER)):
            exc = self.assertRaises(errors.Conflict, bindings.transition,
                                    'resume', 'suspended',
                                    {holder: 'unpaid, says alice'}, other)
            self.assertIn('suspended by the %s; only the %s can resume it'
                          % (holder, holder), str(exc))
            # It says which side, not who or why (status_reason says why).
            self.assertNotIn('alice', str(exc))

    def test_both_suspended_one_resume_leaves_it_suspended(self):
        both = {PROVIDER: 'a', PARTNER: 'b'}
        for side, other in ((PROVIDER, PARTNER), (PARTNER, PROVIDER)):
            move = bindings.transition('resume', 'suspended', both, side)
            self.assertEqual(('suspended', {other: both[other]}, None), move)

    def test_the_last_side_resumes_it(self):
        move = bindings.transition('resume', 'suspended', {PARTNER: ''},
                                   PARTNER)
        self.assertEqual(('suspended', {}, 'resume'), move)

    def test_a_resume_under_way_runs_again_or_is_superseded(self):
        # Suspended and held by nobody: the resume job was interrupted.
        self.assertEqual('resume', bindings.transition(
            'resume', 'suspended', {}, PROVIDER).job)
        self.assertEqual('suspend', bindings.transition(
            'suspend', 'suspended', {}, PARTNER).job)

    def test_terminate_by_either_side_keeps_the_record(self):
        held = {PROVIDER: 'a'}
        for side in (PROVIDER, PARTNER):
            self.assertEqual(('suspended', held, 'terminate'),
                             bindings.transition('terminate', 'suspended',
                                                 held, side))

    def test_illegal_statuses_and_missing_side(self):
        self.assertRaises(errors.Conflict, bindings.transition,
                          'resume', 'active', {}, PARTNER)
        self.assertRaises(errors.Conflict, bindings.transition,
                          'suspend', 'pending', {}, PROVIDER)
        self.assertRaises(ValueError, bindings.transition,
                          'resume', 'suspended', {PROVIDER: ''}, None)

    def test_reason_of_what_is_held(self):
        self.assertEqual('a; b', bindings.suspension_reason(
            {PARTNER: 'b', PROVIDER: 'a'}))
        self.assertEqual('b', bindings.suspension_reason({PARTNER: 'b'}))
        self.assertEqual('', bindings.suspension_reason(None))


class FakeKeystone(test_vrm_jobs.FakeKeystone):
    """The stand-in, with the identity provider's enabled flag."""

    def __init__(self) -> None:
        super().__init__()
        self.enabled: dict = {}

    def get_identity_provider(self, idp_id):
        return self._find('identity_provider', idp_id)

    def set_identity_provider(self, idp_id, *, enabled):
        self._up()
        self.enabled[idp_id] = enabled

    def shown_catalog(self):
        return types.SimpleNamespace(endpoints=self.endpoints)

    def endpoints(self, region_id, services):
        return {service: [{'url': 'http://p/' + service}]
                for service in services}


class BindingSuspensionTest(test_vrm_jobs.DatabaseTestCase):
    """act() on a VRM database of the test's own."""

    def setUp(self) -> None:
        super().setUp()
        self.pk = FakeKeystone()
        self.binding_id = test_vrm_jobs.add_pending_binding()
        bindings.act(self.conf, self.pk, self.binding_id, 'approve', {},
                     side=PROVIDER)
        self.idp = bindings.object_id(self.binding_id)

    def act(self, action: str, side: str, body=None) -> models.Binding:
        return bindings.act(self.conf, self.pk, self.binding_id, action,
                            body, side=side)

    def shown(self, binding) -> tuple:
        return binding.status, sorted(binding.suspensions or {})

    def test_provider_suspension_is_the_providers_to_lift(self):
        binding = self.act('suspend', PROVIDER, {'reason': 'unpaid'})
        self.assertEqual(('suspended', [PROVIDER]), self.shown(binding))
        self.assertEqual('unpaid', binding.status_reason)
        self.assertFalse(self.pk.enabled[self.idp])
        self.assertRaises(errors.Conflict, self.act, 'resume', PARTNER)
        self.assertEqual(('suspended', [PROVIDER]),
                         self.shown(bindings.get(self.binding_id)))
        self.assertFalse(self.pk.enabled[self.idp])
        binding = self.act('resume', PROVIDER)
        self.assertEqual(('active', []), self.shown(binding))
        self.assertEqual('', binding.status_reason)
        self.assertTrue(self.pk.enabled[self.idp])

    def test_partner_suspension_is_the_partners_to_lift(self):
        self.act('suspend', PARTNER)
        exc = self.assertRaises(errors.Conflict, self.act, 'resume',
                                PROVIDER)
        self.assertIn('only the partner can resume it', str(exc))
        self.assertFalse(self.pk.enabled[self.idp])
        self.assertEqual(('active', []),
                         self.shown(self.act('resume', PARTNER)))
        self.assertTrue(self.pk.enabled[self.idp])

    def test_both_suspended_needs_both_resumes(self):
        self.act('suspend', PROVIDER, {'reason': 'audit'})
        binding = self.act('suspend', PARTNER, {'reason': 'churn'})
        self.assertEqual(('suspended', [PARTNER, PROVIDER]),
                         self.shown(binding))
        self.assertEqual('audit; churn', binding.status_reason)
        binding = self.act('resume', PROVIDER)
        self.assertEqual(('suspended', [PARTNER]), self.shown(binding))
        self.assertEqual('churn', binding.status_reason)
        self.assertFalse(self.pk.enabled[self.idp])
        self.assertEqual(('active', []),
                         self.shown(self.act('resume', PARTNER)))
        self.assertTrue(self.pk.enabled[self.idp])

    def test_view_shows_who_suspended(self):
        self.act('suspend', PARTNER)
        view = bindings.view(self.conf, self.pk, bindings.get(
            self.binding_id))
        self.assertEqual([PARTNER], view['suspended_by'])

    def test_resume_under_way_does_not_reopen_a_new_suspension(self):
        self.act('suspend', PROVIDER)
        # The provider resumes, and its job waits for Keystone ...
        self.pk.down = True
        self.assertRaises(jobs.Deferred, self.act, 'resume', PROVIDER)
        self.pk.down = False
        self.assertEqual(('suspended', []),
                         self.shown(bindings.get(self.binding_id)))
        # ... the partner suspends meanwhile: the resume never finishes.
        self.act('suspend', PARTNER)
        self.lease_runs_out()
        recovery.recover(self.conf, self.pk)
        self.assertEqual(('suspended', [PARTNER]),
                         self.shown(bindings.get(self.binding_id)))
        self.assertFalse(self.pk.enabled[self.idp])
        self.assertEqual(['superseded'], [
            j.status for j in self.jobs_of(binding_id=self.binding_id,
                                           kind='resume')])


class MigrationTest(testtools.TestCase):
    """The migrations make what the models say, and 0003 says who."""

    def setUp(self) -> None:
        super().setUp()
        path = os.path.join(self.useFixture(fixtures.TempDir()).path,
                            'vrm.db')
        self.engine = sa.create_engine('sqlite:///' + path)
        self.addCleanup(self.engine.dispose)
        self.cfg = migration.alembic_cfg(
            'virtual_region_manager.db:migrations')

    def upgrade(self, revision: str) -> None:
        with self.engine.begin() as connection:
            self.cfg.attributes['connection'] = connection
            command.upgrade(self.cfg, revision)

    def test_models_match_migrations(self):
        self.upgrade('head')
        with self.engine.connect() as connection:
            context = alembic_migration.MigrationContext.configure(
                connection)
            self.assertEqual([], autogenerate.compare_metadata(
                context, models.Base.metadata))

    def test_a_binding_suspended_before_is_the_providers(self):
        self.upgrade('0002')
        with self.engine.begin() as connection:
            for n, status in enumerate(('suspended', 'active')):
                connection.execute(sa.text(
                    "insert into bindings (id, virtual_region_id, "
                    "partner_id, status, status_reason, description, "
                    "projects_on_terminate, created_at, updated_at) values "
                    "(:id, 'vr', 'p', :status, 'unpaid', '', 'retain', "
                    "'2026-01-01', '2026-01-01')"),
                    {'id': 'b%d' % n, 'status': status})
        self.upgrade('head')
        with self.engine.connect() as connection:
            rows = dict(connection.execute(sa.text(
                'select id, suspensions from bindings')).all())
        self.assertEqual({'b0': '{"provider": "unpaid"}', 'b1': None}, rows)


class FakeVRM:
    """A provider's VRM holding one binding, with the VRM's rules."""

    def __init__(self, *, legacy: bool = False) -> None:
        self.status = 'active'
        self.held: dict = {}
        self.legacy = legacy      # a VRM that does not say who suspended
        self.calls: list = []

    def binding(self, binding_id):
        found = {'id': binding_id, 'status': self.status,
                 'endpoints': {'image': 'http://p/image'},
                 'auth_url': 'http://p/v3', 'sp_url': 'http://p/ecp',
                 'identity_provider_id': 'vrm-b', 'protocol': 'saml2'}
        if not self.legacy:
            found['suspended_by'] = sorted(self.held)
        return found

    def action(self, binding_id, name, args=None):
        self.calls.append(name)
        if self.legacy:
            wanted = {'suspend': ('active', 'suspended'),
                      'resume': ('suspended', 'active')}[name]
            if self.status != wanted[0]:
                raise agg_errors.Conflict('Provider P1: cannot %s.' % name)
            self.status = wanted[1]
        else:
            self.as_side(PARTNER, name)
        return self.binding(binding_id)

    def as_side(self, side: str, name: str) -> None:
        """An action by one side, as the real VRM decides it."""
        try:
            move = bindings.transition(name, self.status, self.held, side)
        except errors.Conflict as exc:
            raise agg_errors.Conflict('Provider P1: %s' % exc)
        self.held = move.suspensions
        if move.job == 'suspend':
            self.status = 'suspended'
        elif move.job == 'resume':
            self.status = 'active'


class RegionSuspensionTest(testtools.TestCase):
    """Region PATCH and the refresher against a fake VRM."""

    def setUp(self) -> None:
        super().setUp()
        self.logged = self.useFixture(fixtures.FakeLogger())
        self.conf = test_provider_refresh.use_database(self)
        with agg_db.writer() as session:
            provider = agg_models.Provider(
                name='P1', vrm_url='http://vrm.test',
                auth_url='http://ks/v3', credential_id='c',
                credential_secret=b'x', available=True)
            session.add(provider)
            session.flush()
            session.add(agg_models.Region(
                name='V1', provider_id=provider.id, virtual_region_id='vr',
                binding_id='b', status='active'))
        self.vrm = FakeVRM()
        self.useFixture(fixtures.MockPatchObject(
            vrm_client.VRMClient, '__init__', lambda *a, **k: None))
        self.patch(vrm_client.VRMClient, 'binding', self.vrm.binding)
        self.patch(vrm_client.VRMClient, 'action', self.vrm.action)
        self.patch(federation, 'register', lambda *a: None)
        self.patch(federation, 'unregister', lambda *a: None)
        self.patch(regions.offerings, 'get', lambda *a: None)

    def patch_status(self, status: str):
        return regions.update(self.conf, 'V1', {'status': status})

    def shown(self) -> tuple:
        view = regions.view(regions.get('V1'))
        return view['status'], view['suspended_by']

    def refresh(self) -> None:
        regions.refresh(self.conf, regions.get('V1'))

    def test_provider_suspension_is_not_the_resellers_to_lift(self):
        self.vrm.as_side(PROVIDER, 'suspend')
        self.refresh()
        self.assertEqual(('suspended', ['provider']), self.shown())
        exc = self.assertRaises(agg_errors.Conflict, self.patch_status,
                                'active')
        self.assertEqual('Region V1 is suspended by its provider; only the '
                         'provider can resume it.', str(exc))
        self.assertNotIn('P1', str(exc))
        self.assertEqual([], self.vrm.calls)
        self.vrm.as_side(PROVIDER, 'resume')
        self.refresh()
        self.assertEqual(('active', []), self.shown())

    def test_reseller_suspension_survives_the_providers_resume(self):
        self.patch_status('suspended')
        self.assertEqual(('suspended', ['reseller']), self.shown())
        self.assertEqual({PARTNER: ''}, self.vrm.held)
        self.assertRaises(agg_errors.Conflict, self.vrm.as_side, PROVIDER,
                          'resume')
        self.assertEqual(('active', []), (
            self.patch_status('active').status, sorted(self.vrm.held)))

    def test_both_suspended_the_reseller_lifts_its_own_only(self):
        self.vrm.as_side(PROVIDER, 'suspend')
        self.patch_status('suspended')
        self.assertEqual({PROVIDER, PARTNER}, set(self.vrm.held))
        self.assertEqual(('suspended', ['provider', 'reseller']),
                         self.shown())
        self.assertEqual('suspended', self.patch_status('active').status)
        self.assertEqual(('suspended', ['provider']), self.shown())
        self.vrm.as_side(PROVIDER, 'resume')
        self.refresh()
        self.assertEqual(('active', []), self.shown())

    def test_both_suspended_the_provider_lifts_its_own_only(self):
        self.vrm.as_side(PROVIDER, 'suspend')
        self.patch_status('suspended')
        self.vrm.as_side(PROVIDER, 'resume')
        self.refresh()
        self.assertEqual(('suspended', ['reseller']), self.shown())
        self.assertEqual('active', self.patch_status('active').status)

    def test_a_vrm_that_does_not_keep_it_cannot_clear_it(self):
        # A VRM from before (or a provider that dropped the reseller's
        # suspension): the region stays suspended here, and the refresher
        # suspends the binding again.
        self.vrm.legacy = True
        self.patch_status('suspended')
        self.vrm.status = 'active'          # the provider resumed it
        self.vrm.calls.clear()
        regions.follow(self.conf, regions.get('V1'),
                       self.vrm.binding('b'))
        self.assertEqual('suspended', regions.get('V1').status)
        self.refresh()
        self.assertEqual(['suspend'], self.vrm.calls)
        self.assertIn("does not hold the reseller's suspension",
                      self.logged.output)
        self.assertEqual('suspended', self.vrm.status)
        self.assertEqual('suspended', regions.get('V1').status)
        self.assertEqual('active', self.patch_status('active').status)

    def test_legacy_vrm_provider_suspension_is_not_lifted(self):
        self.vrm.legacy = True
        self.vrm.status = 'suspended'       # by the provider
        self.refresh()
        self.assertRaises(agg_errors.Conflict, self.patch_status, 'active')
        self.assertEqual([], self.vrm.calls)

    def test_refresher_never_drops_a_suspension_made_meanwhile(self):
        with agg_db.writer() as session:
            session.execute(sa.update(agg_models.Region).values(
                service_provider_id='sp'))
        self.vrm.as_side(PROVIDER, 'suspend')
        stale = regions.get('V1')

        def unregister(conf, sp_id):
            # The reseller's PATCH commits while the refresher works.
            with agg_db.writer() as session:
                session.execute(sa.update(agg_models.Region).values(
                    binding={regions.RESELLER_SUSPENDED: True}))
        self.patch(federation, 'unregister', unregister)
        regions.follow(self.conf, stale, self.vrm.binding('b'))
        self.assertEqual(('suspended', ['provider', 'reseller']),
                         self.shown())
        self.assertIsNone(regions.get('V1').service_provider_id)

    def test_a_stale_refresher_does_not_suspend_a_resumed_region(self):
        # The refresher listed V1 while the reseller's suspension stood;
        # the reseller resumed it before the refresher got to it.
        self.patch_status('suspended')
        stale = regions.get('V1')
        self.assertEqual('active', self.patch_status('active').status)
        self.vrm.calls.clear()
        regions.refresh(self.conf, stale)
        self.assertEqual([], self.vrm.calls)
        self.assertEqual(('active', []), self.shown())
        self.assertEqual({}, self.vrm.held)

    def test_a_resume_during_a_re_assertion_wins(self):
        # The refresher finds the provider lost the reseller's suspension
        # and re-asserts it; the reseller's resume lands in between.
        self.vrm.legacy = True
        self.patch_status('suspended')
        self.vrm.status = 'active'
        self.vrm.legacy = False
        self.vrm.held = {}
        real = self.vrm.action

        def action(client, binding_id, name, *args):
            if name == 'suspend':
                regions._set_reseller_suspension(regions.get('V1').id,
                                                 False)
            return real(binding_id, name, *args)
        self.patch(vrm_client.VRMClient, 'action', action)
        self.refresh()
        self.assertEqual('active', self.vrm.status)
        self.assertEqual({}, self.vrm.held)
        self.assertEqual(('active', []), self.shown())

    def test_a_failed_resume_keeps_the_resellers_suspension(self):
        self.patch_status('suspended')

        def refuse(*args):
            raise agg_errors.ProviderUnavailable(provider='P1')
        self.patch(vrm_client.VRMClient, 'action', refuse)
        self.assertRaises(agg_errors.ProviderUnavailable, self.patch_status,
                          'active')
        self.assertTrue(regions.reseller_suspended(regions.get('V1')))

    def test_tenants_do_not_see_who(self):
        self.patch_status('suspended')
        self.assertNotIn('suspended_by',
                         regions.view(regions.get('V1'), admin=False))

    def test_idempotent_patches(self):
        self.assertEqual('active', self.patch_status('active').status)
        self.patch_status('suspended')
        self.patch_status('suspended')
        self.assertEqual(['suspend'], self.vrm.calls)
