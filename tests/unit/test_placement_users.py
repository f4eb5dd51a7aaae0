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
"""Each reseller user of a proxy placement is its own provider user.

Against a fake VRM: a user's first proxied request has the VRM make its
provider user, with a random key and a password of the Aggregator's
choosing, stored only encrypted; each user its own, asked for once, moved
between the member and reader groups as the tenant's role changes; a VRM
that does not answer leaves the row for the next request, which gives
the same password. Those who lose their role on the project lose their
provider user at the next refresh. The migration adds what the models
say.
"""

import os
import types

from alembic import autogenerate
from alembic import command
from alembic import migration as alembic_migration
import fixtures
import sqlalchemy as sa
import testtools

from aggregator import crypto
from aggregator.db import api as db
from aggregator.db import models
from aggregator import errors
from aggregator import federation
from aggregator.handlers import proxy
from aggregator import placement_users
from aggregator import placements
from aggregator import regions
from aggregator import vrm_client
from csf_common.db import migration
from tests.unit import test_provider_refresh

KEY = 'k' * 43 + '='


class FakeVRM:
    def __init__(self):
        self.users = {}         # (placement, key) -> (secret, role)
        self.calls = []
        self.moves = []         # set_user calls without a password
        self.down = False

    def place(self, binding_id, name, quota, access=None):
        self.access = access
        return {'id': 'vp-' + name, 'project_id': 'pp-' + name}

    def set_user(self, binding_id, placement_id, key, secret, role):
        self.calls.append(('set', placement_id, key, role))
        if self.down:
            raise errors.ProviderUnavailable(provider='P1')
        if secret is None:      # a move: the user keeps its password
            if (placement_id, key) not in self.users:
                raise errors.InvalidInput('credential.secret: new user')
            self.moves.append((placement_id, key, role))
            secret = self.users[(placement_id, key)][0]
        self.users[(placement_id, key)] = (secret, role)
        return {'key': key, 'user_id': 'pu-' + key, 'user_domain_id': 'd',
                'project_id': 'pp', 'role': role}

    def remove_user(self, binding_id, placement_id, key):
        self.calls.append(('remove', placement_id, key))
        if self.down:
            raise errors.ProviderUnavailable(provider='P1')
        if self.users.pop((placement_id, key), None) is None:
            raise errors.NotFound('no such user')


class _Aggregator(testtools.TestCase):
    """A database with provider P1, proxy region V1, pass-through V2."""

    def setUp(self):
        super().setUp()
        self.conf = test_provider_refresh.use_database(self)
        self.conf.set_override('encryption_key', KEY, 'credentials')
        with db.writer() as session:
            provider = test_provider_refresh.provider_row(name='P1',
                                                          available=True)
            session.add(provider)
            session.flush()
            for name, mode in (('V1', 'proxy'), ('V2', 'pass-through')):
                session.add(models.Region(
                    name=name, provider_id=provider.id, binding_id='b',
                    virtual_region_id='vr', status='active', token_mode=mode,
                    binding={'auth_url': 'http://p1/v3'}))
        self.vrm = FakeVRM()
        self.patch(placement_users, 'SETTLE_SECONDS', 0)
        self.useFixture(fixtures.MockPatchObject(
            vrm_client.VRMClient, '__init__', lambda *a, **k: None))
        for name in ('place', 'set_user', 'remove_user'):
            self.patch(vrm_client.VRMClient, name, getattr(self.vrm, name))
        self.patch(federation, 'access', lambda conf, region, pid: None)

    def region(self, name):
        with db.reader() as session:
            found = session.scalar(sa.select(models.Region).where(
                models.Region.name == name))
            session.expunge(found)
            return found


class PlacementUserTest(_Aggregator):

    def user(self, placed, user_id, role='member'):
        return placement_users.credential(self.conf, self.region('V1'),
                                          placed, user_id, role)

    def test_each_user_its_own_provider_user_kept_encrypted(self):
        placed = placements.create(self.conf, self.region('V1'), 'T', {})
        self.assertEqual([], self.vrm.calls)    # none before its first use
        x, y = self.user(placed, 'user-x'), self.user(placed, 'user-y')
        self.assertNotEqual(x.key, y.key)
        self.assertNotEqual(x.provider_user_id, y.provider_user_id)
        for row in (x, y):
            secret, role = self.vrm.users[(placed.remote_placement_id,
                                           row.key)]
            self.assertEqual('member', role)
            self.assertGreaterEqual(len(secret), 32)
            self.assertNotIn(secret.encode(), row.secret)
            self.assertEqual(secret, crypto.decrypt(self.conf, row.secret))
            # The VRM's name for the user tells nothing of it.
            self.assertNotIn(row.user_id, row.key)
        self.assertNotEqual(
            self.vrm.users[(placed.remote_placement_id, x.key)][0],
            self.vrm.users[(placed.remote_placement_id, y.key)][0])
        # Asked for once: its next requests find it.
        self.assertEqual(x.id, self.user(placed, 'user-x').id)
        self.assertEqual(2, len(self.vrm.calls))

    def test_a_role_change_moves_it_to_the_other_group(self):
        placed = placements.create(self.conf, self.region('V1'), 'T', {})
        member = self.user(placed, 'user-x')
        reader = self.user(placed, 'user-x', 'reader')
        self.assertEqual((member.id, member.key, 'reader'),
                         (reader.id, reader.key, reader.role))
        self.assertEqual(
            [('set', placed.remote_placement_id, member.key, 'member'),
             ('set', placed.remote_placement_id, member.key, 'reader')],
            self.vrm.calls)
        self.assertEqual(
            crypto.decrypt(self.conf, member.secret),
            self.vrm.users[(placed.remote_placement_id, member.key)][0])
        # A move sends no password: Keystone would revoke its tokens.
        self.assertEqual([(placed.remote_placement_id, member.key,
                           'reader')], self.vrm.moves)

    def test_a_vrm_that_did_not_answer_gets_the_same_password_later(self):
        placed = placements.create(self.conf, self.region('V1'), 'T', {})
        self.vrm.down = True
        self.assertRaises(errors.ProviderUnavailable, proxy._provider_user,
                          self.conf, self.region('V1'), placed,
                          types.SimpleNamespace(user_id='user-x',
                                                project_id='T'), 'member')
        row, = placement_users.for_placement(placed.id)
        self.assertIsNone(row.role)
        self.assertIsNone(row.provider_user_id)
        self.vrm.down = False
        given = self.user(placed, 'user-x')
        self.assertEqual(row.key, given.key)
        self.assertEqual(crypto.decrypt(self.conf, row.secret),
                         self.vrm.users[(placed.remote_placement_id,
                                         row.key)][0])

    def test_an_unanswered_move_is_asked_again(self):
        placed = placements.create(self.conf, self.region('V1'), 'T', {})
        self.user(placed, 'user-x')
        self.vrm.down = True
        self.assertRaises(errors.ProviderUnavailable, self.user, placed,
                          'user-x', 'reader')
        # The VRM may have moved it or not: the row no longer says member.
        row, = placement_users.for_placement(placed.id)
        self.assertIsNone(row.role)
        self.vrm.down = False
        self.assertEqual('member', self.user(placed, 'user-x').role)
        self.assertEqual(3, len([c for c in self.vrm.calls
                                 if c[0] == 'set']))

    def test_a_user_retired_while_being_made_goes_at_the_vrm_too(self):
        placed = placements.create(self.conf, self.region('V1'), 'T', {})
        real = self.vrm.set_user

        def retired_meanwhile(client, *args):
            found = real(*args)
            with placements.db.writer() as session:
                session.execute(placements.sa.delete(
                    placements.models.PlacementUser))
            return found
        self.patch(vrm_client.VRMClient, 'set_user', retired_meanwhile)
        self.assertRaises(errors.NotFound, self.user, placed, 'user-x')
        self.assertEqual({}, self.vrm.users)

    def test_a_refused_token_gives_the_user_again(self):
        placed = placements.create(self.conf, self.region('V1'), 'T', {})
        user = self.user(placed, 'user-x')
        self.vrm.users.clear()       # deleted at the provider, say
        seen = []

        class Tokens:
            def token(self, region, placement, row):
                seen.append(row.provider_user_id)
                if len(seen) == 1:
                    raise RuntimeError('401 from the provider Keystone')
                return 'provider-token'

            def forget(self, region, project_id=None):
                seen.append(('forget', project_id))
        self.patch(proxy.time, 'sleep', lambda seconds: None)
        token, again = proxy._token(self.conf, Tokens(), self.region('V1'),
                                    placed, user, 'member')
        self.assertEqual('provider-token', token)
        self.assertEqual([user.provider_user_id,
                          ('forget', placed.provider_project_id),
                          user.provider_user_id], seen)
        self.assertIn((placed.remote_placement_id, user.key),
                      self.vrm.users)

    def test_the_proxy_acts_with_the_tenants_rights(self):
        def ctx(*roles):
            return types.SimpleNamespace(roles=list(roles), project_id='T')
        self.assertEqual('member', proxy.credential_role(ctx('member')))
        self.assertEqual('member', proxy.credential_role(ctx('admin')))
        self.assertEqual('member', proxy.credential_role(
            ctx('reader', 'member')))
        self.assertEqual('reader', proxy.credential_role(ctx('reader')))
        # An access role alone (its other role just taken), or a role of
        # the reseller's own, reaches nothing.
        for roles in ((), ('csf-0123',), ('auditor',)):
            exc = self.assertRaises(errors.PolicyNotAuthorized,
                                    proxy.credential_role, ctx(*roles))
            self.assertIn('project T', str(exc))

    def test_pass_through_placements_have_none(self):
        placements.create(self.conf, self.region('V2'), 'T', {})
        self.assertEqual([], self.vrm.calls)

    def test_those_who_left_the_project_lose_their_provider_user(self):
        placed = placements.create(self.conf, self.region('V1'), 'T', {})
        rows = {u: self.user(placed, u)
                for u in ('stays', 'by-group', 'left', 'access-only')}

        class Keystone:
            def role_assignments(self, project_id, effective):
                assert (project_id, effective) == ('T', True)
                return [
                    {'user': {'id': 'stays'}, 'role': {'name': 'member'}},
                    # Keystone's effective list: a group's members.
                    {'user': {'id': 'by-group'}, 'role': {'name': 'reader'},
                     'links': {'membership': 'groups/g'}},
                    {'user': {'id': 'access-only'},
                     'role': {'name': 'csf-0123'}},
                    {'group': {'id': 'g'}, 'role': {'name': 'member'}}]
        region = self.region('V1')
        self.assertEqual(2, placement_users.follow_members(
            self.conf, Keystone(), region, placed))
        self.assertEqual(['by-group', 'stays'], sorted(
            u.user_id for u in placement_users.for_placement(placed.id)))
        self.assertEqual(
            {(placed.remote_placement_id, rows[u].key)
             for u in ('stays', 'by-group')}, set(self.vrm.users))
        # A VRM that does not answer: the row stays for the next refresh.
        self.vrm.down = True
        self.assertEqual(0, placement_users.follow_members(
            self.conf, type('Nobody', (), {
                'role_assignments': lambda *a, **k: []})(), region, placed))
        self.assertEqual(2, len(placement_users.for_placement(placed.id)))

    def test_a_removed_placement_takes_its_rows(self):
        placed = placements.create(self.conf, self.region('V1'), 'T', {})
        self.user(placed, 'user-x')
        self.patch(vrm_client.VRMClient, 'remove',
                   lambda client, binding_id, placement_id: None)
        placements.delete(self.conf, self.region('V1'), 'T')
        self.assertEqual([], placement_users.for_placement(placed.id))


class TokenModeChangeTest(_Aggregator):

    def test_refused_while_projects_are_placed(self):
        placements.create(self.conf, self.region('V1'), 'T', {})
        exc = self.assertRaises(errors.Conflict, regions.update, self.conf,
                                'V1', {'token_mode': 'pass-through'})
        self.assertIn('token_mode', str(exc))
        self.assertEqual('proxy', self.region('V1').token_mode)
        # The same mode, or a region with nothing placed: fine.
        regions.update(self.conf, 'V1', {'token_mode': 'proxy'})
        self.assertEqual('proxy', regions.update(
            self.conf, 'V2', {'token_mode': 'proxy'}).token_mode)


class MigrationTest(testtools.TestCase):

    def test_models_match_migrations(self):
        path = os.path.join(self.useFixture(fixtures.TempDir()).path,
                            'agg.db')
        engine = sa.create_engine('sqlite:///' + path)
        self.addCleanup(engine.dispose)
        cfg = migration.alembic_cfg('aggregator.db:migrations')
        with engine.begin() as connection:
            cfg.attributes['connection'] = connection
            command.upgrade(cfg, 'head')
        with engine.connect() as connection:
            context = alembic_migration.MigrationContext.configure(
                connection)
            self.assertEqual([], autogenerate.compare_metadata(
                context, models.Base.metadata))


class FollowProjectsTest(_Aggregator):
    """Placements follow the reseller's projects (class: name reuse)."""

    def keystone(self, listed, deleted=()):
        class Keystone:
            def __init__(self, conf):
                pass

            def listed_project_ids(self):
                return set(listed)          # may be truncated

            def project(self, project_id):
                return None if project_id in deleted else {
                    'id': project_id}
        self.patch(placements.reseller_keystone, 'ResellerKeystone',
                   Keystone)

    def test_only_projects_keystone_confirms_gone_are_ended(self):
        for project in ('kept', 'unlisted', 'deleted'):
            placements.create(self.conf, self.region('V1'), project, {})
        self.keystone({'kept'}, deleted={'deleted'})
        removed = []
        self.patch(vrm_client.VRMClient, 'remove',
                   lambda client, binding_id, placement_id:
                   removed.append(placement_id))
        self.assertEqual(1, placements.follow_projects(self.conf))
        self.assertEqual(['vp-' + placements.crypto.opaque_name(
            self.conf, 'deleted', 'V1')], removed)
        left = sorted(p.project_id for p in placements.for_region(
            self.region('V1')))
        self.assertEqual(['kept', 'unlisted'], left)
        # Nothing placed: Keystone is not even asked.
        self.patch(placements.reseller_keystone, 'ResellerKeystone', None)
        for project in left:
            placements.delete(self.conf, self.region('V1'), project)
        self.assertEqual(0, placements.follow_projects(self.conf))
