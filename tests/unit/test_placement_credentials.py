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

    def set_credential(self, binding_id, placement_id, secret):
        if self.down:
            raise errors.ProviderUnavailable(provider='P1')
        self.secrets[placement_id] = secret
        return {'user_id': 'cu-' + placement_id, 'user_domain_id': 'd',
                'project_id': 'pp'}


class PlacementCredentialTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conf = test_provider_refresh.use_database(self)
        self.conf.set_override('encryption_key', KEY, 'credentials')
        with db.writer() as session:
            provider = models.Provider(
                name='P1', vrm_url='http://vrm.test', auth_url='http://ks/v3',
                credential_id='c', credential_secret=b'x', available=True)
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

    def test_a_proxy_placement_gets_a_credential_kept_encrypted(self):
        placed = placements.create(self.conf, self.region('V1'), 'T', {})
        secret = self.vrm.secrets[placed.remote_placement_id]
        self.assertGreaterEqual(len(secret), 32)
        self.assertEqual('cu-' + placed.remote_placement_id,
                         placed.credential_user_id)
        self.assertNotIn(secret.encode(), placed.credential_secret)
        self.assertEqual(secret, crypto.decrypt(self.conf,
                                                placed.credential_secret))
        # Each placement its own.
        other = placements.create(self.conf, self.region('V1'), 'U', {})
        self.assertNotEqual(secret,
                            self.vrm.secrets[other.remote_placement_id])

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
            def token(self, region, placement):
                seen.append(placement.credential_user_id)
                return 'provider-token'

            def forget(self, region, project_id=None):
                pass
        token, placement = proxy._token(self.conf, Tokens(),
                                        self.region('V1'), placed)
        self.assertEqual('provider-token', token)
        self.assertEqual(['cu-' + placed.remote_placement_id], seen)
        self.assertIsNotNone(placements.for_region(
            self.region('V1'), 'T')[0].credential_user_id)


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
