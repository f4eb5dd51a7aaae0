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
"""Proxy placements have a credential of their own, kept encrypted.

Against a fake VRM: placing in a proxy region sets the placement's
credential at the VRM with a password of the Aggregator's choosing,
stored only encrypted; a placement the VRM could not give one (or one
from before) gets it at the proxy's first use; pass-through placements
have none. The migration adds what the models say.
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
from aggregator import placements
from aggregator import regions
from aggregator import vrm_client
from csf_common.db import migration
from tests.unit import test_provider_refresh

KEY = 'k' * 43 + '='


class FakeVRM:
    def __init__(self):
        self.secrets = {}
        self.down = False

    def place(self, binding_id, name, quota, access=None):
        self.access = access
        return {'id': 'vp-' + name, 'project_id': 'pp-' + name}

    def set_credential(self, binding_id, placement_id, secret, role):
        if self.down:
            raise errors.ProviderUnavailable(provider='P1')
        self.secrets[(placement_id, role)] = secret
        return {'user_id': 'cu-%s-%s' % (placement_id, role),
                'user_domain_id': 'd', 'project_id': 'pp', 'role': role}


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
        self.useFixture(fixtures.MockPatchObject(
            vrm_client.VRMClient, '__init__', lambda *a, **k: None))
        for name in ('place', 'set_credential'):
            self.patch(vrm_client.VRMClient, name, getattr(self.vrm, name))
        self.patch(federation, 'access', lambda conf, region, pid: None)

    def region(self, name):
        with db.reader() as session:
            found = session.scalar(sa.select(models.Region).where(
                models.Region.name == name))
            session.expunge(found)
            return found


class PlacementCredentialTest(_Aggregator):

    def test_a_proxy_placement_gets_credentials_kept_encrypted(self):
        placed = placements.create(self.conf, self.region('V1'), 'T', {})
        vp = placed.remote_placement_id
        member, reader = (self.vrm.secrets[(vp, role)]
                          for role in ('member', 'reader'))
        self.assertNotEqual(member, reader)
        self.assertGreaterEqual(len(member), 32)
        self.assertEqual('cu-%s-member' % vp, placed.credential_user_id)
        self.assertEqual('cu-%s-reader' % vp, placed.reader_user_id)
        for secret, stored in ((member, placed.credential_secret),
                               (reader, placed.reader_secret)):
            self.assertNotIn(secret.encode(), stored)
            self.assertEqual(secret, crypto.decrypt(self.conf, stored))
        # Each placement its own.
        other = placements.create(self.conf, self.region('V1'), 'U', {})
        self.assertNotEqual(member, self.vrm.secrets[
            (other.remote_placement_id, 'member')])

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
        placed = placements.create(self.conf, self.region('V2'), 'T', {})
        self.assertIsNone(placed.credential_user_id)
        self.assertEqual({}, self.vrm.secrets)

    def test_a_vrm_that_did_not_answer_gives_it_at_first_use(self):
        self.vrm.down = True
        placed = placements.create(self.conf, self.region('V1'), 'T', {})
        self.assertEqual('active', placed.status)
        self.assertIsNone(placed.credential_user_id)
        self.vrm.down = False
        seen = []

        class Tokens:
            def token(self, region, placement, role='member'):
                seen.append(placement.credential_user_id)
                return 'provider-token'

            def forget(self, region, project_id=None):
                pass
        token, placement = proxy._token(self.conf, Tokens(),
                                        self.region('V1'), placed, 'reader')
        self.assertEqual('provider-token', token)
        self.assertEqual([None], seen)      # the member credential: not yet
        self.assertIsNotNone(placements.for_region(
            self.region('V1'), 'T')[0].reader_user_id)
        self.assertEqual('cu-%s-reader' % placed.remote_placement_id,
                         placement.reader_user_id)


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
