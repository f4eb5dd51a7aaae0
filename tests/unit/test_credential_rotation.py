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
"""Rotating the key of partner credentials, without downtime.

encryption_key encrypts; it and [credentials] decryption_keys decrypt;
``aggregator-manage credentials re-encrypt`` moves every stored
credential to encryption_key, after which the old key can go.
"""

import io

from cryptography import fernet
import fixtures
import sqlalchemy as sa
import testtools

from aggregator.cmd import manage
from aggregator import crypto
from aggregator.db import api as db
from aggregator.db import models
from aggregator import errors
from tests.unit import test_provider_refresh

OLD = fernet.Fernet.generate_key().decode()
NEW = fernet.Fernet.generate_key().decode()


def _keys(conf, encryption_key, *decryption_keys) -> None:
    conf.set_override('encryption_key', encryption_key, 'credentials')
    conf.set_override('decryption_keys', list(decryption_keys),
                      'credentials')


class RotationTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conf = test_provider_refresh.use_database(self)
        _keys(self.conf, OLD)
        self.stored = {}
        with db.writer() as session:
            for name in ('P1', 'P2'):
                secret = 'secret-of-%s' % name
                session.add(models.Provider(
                    name=name, vrm_url='http://vrm.test',
                    auth_url='http://ks/v3', credential_id='c-' + name,
                    credential_secret=crypto.encrypt(self.conf, secret)))
                self.stored[name] = secret
            session.flush()
            region = models.Region(
                name='V1', provider_id=session.scalar(sa.select(
                    models.Provider.id).where(models.Provider.name == 'P1')),
                virtual_region_id='vr', status='active')
            session.add(region)
            session.flush()
            for project in ('T', 'U'):
                placement = models.Placement(
                    project_id=project, region_id=region.id,
                    remote_name='t-' + project, status='active')
                session.add(placement)
                session.flush()
                # Two users of T, one of U; U's not given at the VRM yet.
                for user in (('x', 'y') if project == 'T' else ('x',)):
                    secret = 'secret-of-%s-in-%s@V1' % (user, project)
                    session.add(models.PlacementUser(
                        placement_id=placement.id, user_id=user,
                        key='k-%s-%s' % (project, user),
                        role='member' if project == 'T' else None,
                        secret=crypto.encrypt(self.conf, secret)))
                    self.stored['%s@%s@V1' % (user, project)] = secret

    def secrets(self) -> dict:
        with db.reader() as session:
            found = {row.name: row.credential_secret for row in
                     session.scalars(sa.select(models.Provider))}
            users = sa.select(models.PlacementUser,
                              models.Placement.project_id).join(
                models.Placement,
                models.Placement.id == models.PlacementUser.placement_id)
            for row, project in session.execute(users):
                found['%s@%s@V1' % (row.user_id, project)] = row.secret
            return found

    def manage(self, *args: str) -> tuple[int, str, str]:
        path = self.useFixture(fixtures.TempDir()).path + '/agg.conf'
        with open(path, 'w') as fh:
            fh.write('[database]\nconnection = %s\n'
                     '[credentials]\nencryption_key = %s\n'
                     'decryption_keys = %s\n'
                     % (self.conf.database.connection,
                        self.conf.credentials.encryption_key,
                        ','.join(self.conf.credentials.decryption_keys)))
        out = self.useFixture(fixtures.MonkeyPatch('sys.stdout',
                                                   io.StringIO())).new_value
        err = self.useFixture(fixtures.MonkeyPatch('sys.stderr',
                                                   io.StringIO())).new_value
        previous = db._CONTEXT._context
        self.addCleanup(setattr, db._CONTEXT, '_context', previous)
        status = manage.main(['--config-file', path, *args])
        return status, out.getvalue(), err.getvalue()

    def test_old_credentials_read_while_the_new_key_encrypts(self):
        _keys(self.conf, NEW, OLD)
        for name, token in self.secrets().items():
            self.assertEqual(self.stored[name],
                             crypto.decrypt(self.conf, token))
        made = crypto.encrypt(self.conf, 'fresh')
        _keys(self.conf, NEW)
        self.assertEqual('fresh', crypto.decrypt(self.conf, made))

    def test_without_the_old_key_old_credentials_do_not_open(self):
        _keys(self.conf, NEW)
        token = self.secrets()['P1']
        self.assertRaises(fernet.InvalidToken, crypto.decrypt, self.conf,
                          token)

    def test_reencrypt_makes_the_new_key_enough(self):
        _keys(self.conf, NEW, OLD)
        status, out, err = self.manage('credentials', 're-encrypt')
        self.assertEqual((0, ''), (status, err))
        self.assertIn('Re-encrypted 2 partner credential(s) and 3 placement '
                      'user password(s)', out)
        _keys(self.conf, NEW)           # the old key is gone
        for name, token in self.secrets().items():
            self.assertEqual(self.stored[name],
                             crypto.decrypt(self.conf, token))
            self.assertNotIn(self.stored[name], out)
        _keys(self.conf, OLD)
        self.assertRaises(fernet.InvalidToken, crypto.decrypt, self.conf,
                          self.secrets()['P1'])

    def test_an_unreadable_credential_changes_nothing(self):
        before = self.secrets()
        _keys(self.conf, NEW)           # OLD forgotten too early
        status, out, err = self.manage('credentials', 're-encrypt')
        self.assertEqual(1, status)
        self.assertIn('P1, P2', err)
        self.assertIn('nothing was re-encrypted', err)
        for secret in self.stored.values():
            self.assertNotIn(secret, err)
        self.assertNotIn(OLD, err)
        self.assertNotIn(NEW, err)
        self.assertEqual(before, self.secrets())

    def test_a_bad_key_is_named_by_option_only(self):
        _keys(self.conf, NEW, 'not-a-key')
        exc = self.assertRaises(errors.AggregatorError, crypto.encrypt,
                                self.conf, 'x')
        self.assertIn('decryption_keys', str(exc))
        self.assertNotIn('not-a-key', str(exc))
        self.assertNotIn(NEW, str(exc))

    def test_shared_cache_values_survive_the_rotation(self):
        sealed = crypto.cache_fernet(self.conf).encrypt(b'state')
        _keys(self.conf, NEW, OLD)
        self.assertEqual(b'state',
                         crypto.cache_fernet(self.conf).decrypt(sealed))
        _keys(self.conf, NEW)
        self.assertRaises(fernet.InvalidToken,
                          crypto.cache_fernet(self.conf).decrypt, sealed)

    def test_opaque_names_follow_the_encrypting_key(self):
        # Placements keep the name they were given (it is stored); new
        # ones after a rotation are keyed by the new key.
        name = crypto.opaque_name(self.conf, 'project', 'V1')
        _keys(self.conf, OLD, NEW)
        self.assertEqual(name, crypto.opaque_name(self.conf, 'project',
                                                  'V1'))
        _keys(self.conf, NEW, OLD)
        self.assertNotEqual(name, crypto.opaque_name(self.conf, 'project',
                                                     'V1'))
