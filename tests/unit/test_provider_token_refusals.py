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
"""Provider tokens when the region's K2K login has gone stale.

- The Aggregator's reseller token predates the region's service provider
  (the region was activated since): the K2K login takes a new reseller
  token instead of failing.
- The region's shared unscoped token names the group of a placement that
  was removed since: the provider's Keystone answers the rescope with a
  500 (MappedGroupNotFound), and the Aggregator logs in anew.
"""

from keystoneauth1 import exceptions as ks_exc
from keystoneauth1.identity import v3
import testtools

from aggregator.proxy import tokens
from tests.unit import test_db

SP_AUTH = ('http://sp.example.com/v3/OS-FEDERATION/identity_providers/'
           'idp/protocols/saml2/auth')


class _Reseller:
    """The Aggregator's own reseller identity: a token listing SPs."""

    def __init__(self, *, lists_sp_after: int) -> None:
        self.tokens = 1
        self.lists_sp_after = lists_sp_after

    def get_sp_auth_url(self, session, sp_id):
        return SP_AUTH if self.tokens > self.lists_sp_after else None

    def invalidate(self):
        self.tokens += 1        # the next call gets a new token
        return True


class TestStaleResellerToken(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.logins = []
        self.patch(v3.Keystone2Keystone, 'get_unscoped_auth_ref',
                   lambda plugin, session: self.logins.append(1) or
                   test_db.access_ref('unscoped'))

    def test_region_activated_since_our_token_is_found(self):
        reseller = _Reseller(lists_sp_after=1)
        plugin = tokens.Keystone2Keystone(reseller, 'sp')
        self.assertEqual('unscoped',
                         plugin.get_unscoped_auth_ref(None).auth_token)
        self.assertEqual(2, reseller.tokens)    # one new reseller token
        self.assertEqual(1, len(self.logins))

    def test_known_provider_keeps_our_token(self):
        reseller = _Reseller(lists_sp_after=0)
        tokens.Keystone2Keystone(reseller, 'sp').get_unscoped_auth_ref(None)
        self.assertEqual(1, reseller.tokens)

    def test_unknown_provider_is_a_clear_error(self):
        reseller = _Reseller(lists_sp_after=99)
        plugin = tokens.Keystone2Keystone(reseller, 'sp')
        self.assertRaises(ks_exc.ServiceProviderNotFound,
                          plugin.get_unscoped_auth_ref, None)
        self.assertEqual([], self.logins)


class TestRemovedPlacementGroup(test_db.ProviderTokensTestCase):

    def rescope(self, plugin, auth_ref):
        if auth_ref.auth_token == 'unscoped-1' and plugin.project_id == 'p2':
            # p1's placement (and its group) was removed meanwhile.
            raise ks_exc.InternalServerError('MappedGroupNotFound')
        return super().rescope(plugin, auth_ref)

    def test_a_new_login_serves_the_next_project(self):
        agg = self.tokens()
        self.assertEqual('unscoped-1@p1', agg.token(self.Region, 'p1'))
        self.assertEqual('unscoped-2@p2', agg.token(self.Region, 'p2'))
        self.assertEqual(2, len(self.logins))

    def test_a_fresh_login_answering_500_still_fails(self):
        agg = self.tokens()

        def broken(plugin, auth_ref):
            raise ks_exc.InternalServerError('down')
        self.rescope = broken
        self.assertRaises(ks_exc.InternalServerError, agg.token,
                          self.Region, 'p1')
        self.assertEqual(1, len(self.logins))
