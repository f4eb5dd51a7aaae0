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
"""Provider tokens in the shared cache cannot be read, lifted or forged.

Whoever can read memcached or the dbm file sees sealed values only; a
value changed, copied to another key or sealed with another deployment's
key is a miss.
"""

import os
import pickle

from cryptography import fernet
import fixtures
from oslo_config import cfg
import testtools

from aggregator import conf as agg_conf
from aggregator.proxy import tokens
from csf_common import cache
from csf_common.conf import cache as cache_conf

TOKEN = 'gAAAAA-provider-token-of-tenant-a'
STATE = {'auth_url': 'https://p1.example.com/identity/v3',
         'state': '{"auth_token": "%s"}' % TOKEN}


def _conf(key=None, **cache_opts):
    conf = cfg.ConfigOpts()
    agg_conf.register_opts(conf)
    conf([])
    if key is not False:
        conf.set_override('encryption_key',
                          key or fernet.Fernet.generate_key().decode(),
                          group='credentials')
    for name, value in cache_opts.items():
        conf.set_override(name, value, group='cache')
    return conf


class SealedSharedStateTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conf = _conf(enabled=True, backend='oslo_cache.dict')
        self.shared = tokens.SharedState(self.conf)
        self.key = self.shared.key('r1', 'sp', 'pp-a')
        self.raw = cache.region(self.conf)

    def test_stored_value_does_not_hold_the_token(self):
        self.shared.set(self.key, STATE)
        stored = self.raw.get(self.key)
        self.assertNotIn(TOKEN, pickle.dumps(stored).decode('latin-1'))
        self.assertNotIn('p1.example.com', str(stored))
        self.assertEqual(STATE, self.shared.get(self.key))
        # A string state (keystoneauth's auth state) round-trips as well.
        self.shared.set(self.key, STATE['state'])
        self.assertEqual(STATE['state'], self.shared.get(self.key))

    def test_a_tampered_value_is_a_miss(self):
        self.shared.set(self.key, STATE)
        sealed = self.raw.get(self.key)
        middle = len(sealed) // 2
        flipped = 'A' if sealed[middle] != 'A' else 'B'
        for junk in (sealed[:middle] + flipped + sealed[middle + 1:],
                     sealed[:-4], '', 'not a token', 42, {'state': STATE},
                     STATE['state'], b'\x00\xff'):
            self.raw.set(self.key, junk)
            self.assertIsNone(self.shared.get(self.key), repr(junk))

    def test_a_value_copied_to_another_key_is_a_miss(self):
        # Tenant A's provider token must never serve tenant B's project.
        other = self.shared.key('r1', 'sp', 'pp-b')
        self.shared.set(self.key, STATE)
        self.raw.set(other, self.raw.get(self.key))
        self.assertIsNone(self.shared.get(other))
        self.assertEqual(STATE, self.shared.get(self.key))

    def test_another_deployments_key_does_not_open_it(self):
        self.shared.set(self.key, STATE)
        stranger = _conf(enabled=True, backend='oslo_cache.dict')
        cache.region(stranger).set(self.key, self.raw.get(self.key))
        self.assertIsNone(tokens.SharedState(stranger).get(self.key))

    def test_workers_with_the_same_key_share(self):
        key = self.conf.credentials.encryption_key
        self.shared.set(self.key, STATE)
        worker = _conf(key, enabled=True, backend='oslo_cache.dict')
        cache.region(worker).set(self.key, self.raw.get(self.key))
        self.assertEqual(STATE, tokens.SharedState(worker).get(self.key))

    def test_no_credential_key_shares_nothing(self):
        conf = _conf(False, enabled=True, backend='oslo_cache.dict')
        shared = tokens.SharedState(conf)
        key = shared.key('r1', 'sp', 'pp-a')
        shared.set(key, STATE)
        self.assertIs(cache.NO_VALUE, cache.region(conf).get(key))
        self.assertIsNone(shared.get(key))

    def test_generations_are_shared_without_the_credentials_group(self):
        # A tool reading only [cache] (the fuzz test) sees retirements.
        bare = cfg.ConfigOpts()
        cache_conf.register_opts(bare)
        bare([])
        bare.set_override('enabled', True, group='cache')
        bare.set_override('backend', 'oslo_cache.dict', group='cache')
        shared = tokens.SharedState(bare)
        before = shared._generation('r1')
        shared.retire('r1')
        self.assertNotEqual(before, shared._generation('r1'))
        shared.set('k', STATE)
        self.assertIsNone(shared.get('k'))


class SealedDbmFileTest(testtools.TestCase):
    """The demo's token cache: a dbm file every worker reads."""

    def test_the_file_does_not_hold_the_token(self):
        folder = self.useFixture(fixtures.TempDir()).path
        conf = _conf(enabled=True, backend='dogpile.cache.dbm',
                     backend_argument=['filename:%s' % os.path.join(
                         folder, 'cache.dbm')])
        shared = tokens.SharedState(conf)
        key = shared.key('r1', 'sp', 'pp-a')
        shared.set(key, STATE)
        self.assertEqual(STATE, shared.get(key))
        found = b''
        for name in os.listdir(folder):
            with open(os.path.join(folder, name), 'rb') as fh:
                found += fh.read()
        self.assertIn(b'gAAAAA', found)          # a Fernet token is there
        self.assertNotIn(TOKEN.encode(), found)
        self.assertNotIn(b'p1.example.com', found)
