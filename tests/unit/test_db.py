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
"""csf_common.db: the leadership lease and the shared cache plumbing."""

import json
import os
import threading
import time
import types

from cryptography import fernet
import fixtures
from keystoneauth1 import access
from keystoneauth1.identity import v3
from oslo_config import cfg
import testtools

from aggregator import conf as agg_conf
from aggregator import crypto
from aggregator import errors
from aggregator.proxy import tokens
from aggregator import sync
from csf_common import cache
from csf_common.db import leader

KEY = fernet.Fernet.generate_key().decode()


class TestLeadershipOnSQLite(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.url = 'sqlite:///%s' % os.path.join(
            self.useFixture(fixtures.TempDir()).path, 'svc.db')

    def test_one_holder_then_the_next(self):
        first = leader.Leadership(self.url, 'refresher')
        second = leader.Leadership(self.url, 'refresher')
        self.addCleanup(first.release)
        self.addCleanup(second.release)
        self.assertTrue(first.held())
        self.assertFalse(second.held())
        self.assertTrue(first.held())       # still ours, asked again
        first.release()
        self.assertTrue(second.held())
        self.assertFalse(first.held())

    def test_names_are_independent(self):
        one = leader.Leadership(self.url, 'a')
        other = leader.Leadership(self.url, 'b')
        self.addCleanup(one.release)
        self.addCleanup(other.release)
        self.assertTrue(one.held())
        self.assertTrue(other.held())

    def test_in_memory_database_is_private(self):
        self.assertTrue(leader.Leadership('sqlite://', 'x').held())

    def test_lock_key_is_stable_signed_32_bits(self):
        key = leader.lock_key('aggregator-refresher')
        self.assertEqual(key, leader.lock_key('aggregator-refresher'))
        self.assertNotEqual(key, leader.lock_key('other'))
        for name in ('a', 'aggregator-refresher', 'x' * 300):
            self.assertTrue(-2 ** 31 <= leader.lock_key(name) < 2 ** 31)

    def test_unreachable_database_is_not_leadership(self):
        lease = leader.Leadership(
            'postgresql+psycopg2://u:p@127.0.0.1:1/none', 'x')
        self.assertFalse(lease.held())


def _conf(**cache_opts):
    conf = cfg.ConfigOpts()
    agg_conf.register_opts(conf)
    conf([])
    # Shared values are sealed with a key derived from this one.
    conf.set_override('encryption_key', KEY, group='credentials')
    for key, value in cache_opts.items():
        conf.set_override(key, value, group='cache')
    return conf


def _auth_state(token: str) -> str:
    body = {'token': {'methods': ['saml2'],
                      'expires_at': '2999-01-01T00:00:00.000000Z',
                      'user': {'id': 'u', 'name': 'u',
                               'domain': {'id': 'd', 'name': 'd'}},
                      'project': {'id': 'pp', 'name': 'pp',
                                  'domain': {'id': 'd', 'name': 'd'}}}}
    ref = access.create(body=body, auth_token=token)
    return json.dumps({'auth_token': ref.auth_token, 'body': ref._data})


class TestSharedProviderTokens(testtools.TestCase):
    """Provider tokens' state in an oslo.cache region.

    oslo.cache's in-memory backend stands in for memcached: every
    ProviderTokens of the test shares it.
    """

    def setUp(self):
        super().setUp()
        self.conf = _conf(enabled=True,
                          backend='oslo_cache.dict')

    def test_cache_options_registered_and_off_by_default(self):
        conf = _conf()
        self.assertFalse(conf.cache.enabled)
        self.assertFalse(cache.shared(conf))
        self.assertIs(cache.NO_VALUE, cache.region(conf).get('anything'))

    def test_state_is_shared_and_retired_per_region(self):
        one = tokens.SharedState(self.conf)
        key = one.key('r1', 'sp', 'pp')
        one.set(key, _auth_state('tok-1'))
        # Another worker (same cache) finds it under the same key.
        other = tokens.SharedState(self.conf)
        self.assertEqual(key, other.key('r1', 'sp', 'pp'))
        self.assertIn('tok-1', other.get(key))
        # A region's retirement changes its keys for every worker; other
        # regions keep theirs.
        key2 = one.key('r2', 'sp', 'pp')
        other.retire('r1')
        self.assertNotEqual(key, one.key('r1', 'sp', 'pp'))
        self.assertIsNone(one.get(one.key('r1', 'sp', 'pp')))
        self.assertEqual(key2, one.key('r2', 'sp', 'pp'))

    def test_a_project_is_retired_alone(self):
        one = tokens.SharedState(self.conf)
        mine, theirs = one.key('r1', 'sp', 'pp1'), one.key('r1', 'sp', 'pp2')
        unscoped = one.key('r1', 'sp', '')
        one.set(theirs, _auth_state('tok-2'))
        # A token refused for pp1 retires pp1's, in every worker ...
        tokens.SharedState(self.conf).retire('r1', 'pp1')
        self.assertNotEqual(mine, one.key('r1', 'sp', 'pp1'))
        # ... and neither the region's other tenants' nor its login.
        self.assertEqual(theirs, one.key('r1', 'sp', 'pp2'))
        self.assertIn('tok-2', one.get(one.key('r1', 'sp', 'pp2')))
        self.assertEqual(unscoped, one.key('r1', 'sp', ''))

    def test_forget_of_a_placement_retires_only_its_token(self):
        class Region:
            id = 'r1'
            service_provider_id = 'sp'

        provider = tokens.ProviderTokens(self.conf)
        theirs = provider._shared.key('r1', 'sp', 'pp2')
        provider.forget(Region, 'pp1')
        self.assertEqual(theirs, provider._shared.key('r1', 'sp', 'pp2'))
        provider.forget(Region)     # the login failed: the whole region
        self.assertNotEqual(theirs, provider._shared.key('r1', 'sp', 'pp2'))

    def test_a_warm_worker_does_not_log_in_again(self):
        first = tokens.ProviderTokens(self.conf)
        second = tokens.ProviderTokens(self.conf)
        placement, user = _as(self.conf, 'pp')
        key = first._shared.key('r1', user.provider_user_id + '/member',
                                'pp')
        first._shared.set(key, _auth_state('provider-token'))
        logins = []
        self.patch(v3.Password, 'get_auth_ref',
                   lambda plugin, session: logins.append(1))
        self.assertEqual('provider-token', first.token(_REGION, placement,
                                                       user))
        self.assertEqual('provider-token', second.token(_REGION, placement,
                                                        user))
        self.assertEqual([], logins)

    def test_broken_cache_is_a_miss(self):
        shared = tokens.SharedState(_conf(
            enabled=True, backend='dogpile.cache.pymemcache',
            memcache_servers=['127.0.0.1:1'], socket_timeout=0.2))
        self.assertIsNone(shared.get(shared.key('r', 'sp', 'p')))
        shared.set('k', 'v')        # logged, not raised


class TestRefresherLeadership(testtools.TestCase):
    """Of the refresher loops sharing a database, one refreshes at a time."""

    def setUp(self):
        super().setUp()
        url = 'sqlite:///%s' % os.path.join(
            self.useFixture(fixtures.TempDir()).path, 'agg.db')
        self.conf = types.SimpleNamespace(
            database=types.SimpleNamespace(connection=url),
            providers=types.SimpleNamespace(refresh_interval=0.01))
        self.calls = []
        self.useFixture(fixtures.MockPatchObject(
            sync, 'refresh_all', lambda conf: self.calls.append(
                threading.current_thread())))

    def wait_for(self, count: int) -> None:
        for _ in range(500):        # at most 5 s
            if len(self.calls) >= count:
                return
            time.sleep(0.01)
        self.fail('only %d refreshes' % len(self.calls))

    def stop(self, thread) -> None:
        thread.stop.set()
        thread.join(5)
        self.assertFalse(thread.is_alive())

    def test_one_refresher_then_the_next(self):
        first = sync.start(self.conf)
        self.wait_for(1)            # the first holds the lease
        second = sync.start(self.conf)
        self.addCleanup(self.stop, second)
        self.wait_for(len(self.calls) + 10)
        self.assertEqual({first}, set(self.calls))
        # The leader stops (its lease goes with it): the other takes over.
        self.stop(first)
        done = len(self.calls)
        self.wait_for(done + 3)
        self.assertEqual({second}, set(self.calls[done + 1:]))


def access_ref(token: str):
    """A provider token (AccessInfo) whose id is ``token``."""
    return access.create(body=json.loads(_auth_state(token))['body'],
                         auth_token=token)


_REGION = types.SimpleNamespace(id='r1', name='V1',
                                binding={'auth_url': 'http://p1/v3'})


def _as(conf, project_id: str, secret: str = 'sekret', user: str = 'u',
        role: str = 'member'):
    """A proxy placement, and one of its users (password encrypted)."""
    return (types.SimpleNamespace(provider_project_id=project_id),
            types.SimpleNamespace(
                provider_user_id='%s-%s' % (user, project_id), role=role,
                secret=crypto.encrypt(conf, secret)))


class TestProviderTokens(testtools.TestCase):
    """Provider tokens by each placement user's own credential (no K2K)."""

    def setUp(self):
        super().setUp()
        self.logins = []
        self.patch(v3.Password, 'get_auth_ref',
                   lambda plugin, session: self.login(plugin))

    def login(self, plugin):
        method = plugin.auth_methods[0]
        self.logins.append((plugin.auth_url, method.user_id,
                            method.password, plugin.project_id))
        return access_ref('%s@%s#%d' % (method.user_id, plugin.project_id,
                                        len(self.logins)))

    def test_each_placement_logs_in_with_its_own_credential(self):
        conf = _conf()
        agg = tokens.ProviderTokens(conf)
        self.assertEqual('u-p1@p1#1', agg.token(_REGION, *_as(conf, 'p1')))
        self.assertEqual('u-p2@p2#2', agg.token(_REGION, *_as(conf, 'p2')))
        # Kept until it nears expiry.
        self.assertEqual('u-p1@p1#1', agg.token(_REGION, *_as(conf, 'p1')))
        self.assertEqual([('http://p1/v3', 'u-p1', 'sekret', 'p1'),
                          ('http://p1/v3', 'u-p2', 'sekret', 'p2')],
                         self.logins)

    def test_each_user_of_a_placement_logs_in_as_itself(self):
        conf = _conf()
        agg = tokens.ProviderTokens(conf)
        self.assertEqual('u-p1@p1#1', agg.token(_REGION, *_as(conf, 'p1')))
        self.assertEqual('v-p1@p1#2', agg.token(
            _REGION, *_as(conf, 'p1', 'other', user='v')))
        self.assertEqual('u-p1@p1#1', agg.token(_REGION, *_as(conf, 'p1')))
        self.assertEqual(['sekret', 'other'],
                         [login[2] for login in self.logins])

    def test_a_user_moved_to_the_other_group_gets_a_new_token(self):
        conf = _conf(enabled=True, backend='oslo_cache.dict')
        agg = tokens.ProviderTokens(conf)
        self.assertEqual('u-p1@p1#1', agg.token(_REGION, *_as(conf, 'p1')))
        # Demoted: never the token it had as a member, here or shared.
        self.assertEqual('u-p1@p1#2', agg.token(
            _REGION, *_as(conf, 'p1', role='reader')))
        self.assertEqual('u-p1@p1#2', tokens.ProviderTokens(conf).token(
            _REGION, *_as(conf, 'p1', role='reader')))

    def test_forget_drops_one_placement_and_uses_its_new_secret(self):
        conf = _conf()
        agg = tokens.ProviderTokens(conf)
        agg.token(_REGION, *_as(conf, 'p1'))
        agg.token(_REGION, *_as(conf, 'p2'))
        agg.forget(_REGION, 'p1')
        # The credential was rotated meanwhile: the new secret is used.
        self.assertEqual('u-p1@p1#3', agg.token(
            _REGION, *_as(conf, 'p1', secret='rotated')))
        self.assertEqual('rotated', self.logins[-1][2])
        self.assertEqual('u-p2@p2#2', agg.token(_REGION, *_as(conf, 'p2')))

    def test_no_credential_yet_is_a_clear_503(self):
        agg = tokens.ProviderTokens(_conf())
        placement = types.SimpleNamespace(provider_project_id='p1')
        user = types.SimpleNamespace(provider_user_id=None, secret=None)
        exc = self.assertRaises(errors.ProviderUnavailable, agg.token,
                                _REGION, placement, user)
        self.assertIn('V1', str(exc))
        self.assertEqual([], self.logins)

    def test_workers_share_the_token_through_the_cache(self):
        conf = _conf(enabled=True, backend='oslo_cache.dict')
        tokens.ProviderTokens(conf).token(_REGION, *_as(conf, 'p1'))
        self.assertEqual('u-p1@p1#1', tokens.ProviderTokens(conf).token(
            _REGION, *_as(conf, 'p1')))
        self.assertEqual(1, len(self.logins))
