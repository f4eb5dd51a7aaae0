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
"""A proxied request's words: the provider's on one side, the tenant's."""

import json
import types

from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
import testtools

from aggregator import crypto
from aggregator.proxy import translation

PP, RP = 'a' * 32, 'b' * 32            # provider / reseller project
CU, RU = 'c' * 32, 'd' * 32           # the tenant: provider, reseller id
OU, ORU = 'e' * 32, '1' * 32          # another user of the project
PD, RD = 'f' * 32, 'default'           # provider domain / reseller domain
GLANCE = 'http://127.0.0.1:9292'
NOVA = 'http://127.0.0.1:8774/v2.1'
KEYSTONE = 'http://127.0.0.1:5000/v3'
AGG = 'http://127.0.0.1:8080'


def proxy_base(stype):
    return '%s/proxy/V1/%s' % (AGG, stype)


def words():
    region = types.SimpleNamespace(name='V1', binding={
        'region_id': 'R7', 'domain_id': PD, 'auth_url': KEYSTONE,
        'sp_url': 'http://127.0.0.1:5001/v3/mellon',
        'endpoints': {'image': [{'url': GLANCE}],
                      'compute': [{'url': NOVA}]}})
    placement = types.SimpleNamespace(provider_project_id=PP)
    users = [types.SimpleNamespace(provider_user_id=CU, user_id=RU),
             types.SimpleNamespace(provider_user_id=OU, user_id=ORU)]
    ctx = types.SimpleNamespace(project_id=RP, user_id=RU,
                                project_domain_id=RD)
    return translation.for_request(region, placement, ctx, 'image', GLANCE,
                                   proxy_base, AGG + '/proxy', users)


class TestToTenant(testtools.TestCase):

    def test_a_provider_error_names_nothing_of_the_provider(self):
        # What Glance, Nova or keystonemiddleware may say in an error.
        text = ('Project %s is over a limit in region R7 for user %s; '
                'domain %s; see %s/v2/images or %s/servers (Keystone at '
                '%s, host 127.0.0.1:5001).' % (PP, CU, PD, GLANCE, NOVA,
                                               KEYSTONE))
        out = words().to_tenant(text)
        for theirs in (PP, CU, PD, 'R7', GLANCE, NOVA, KEYSTONE,
                       '127.0.0.1:9292', '127.0.0.1:8774',
                       '127.0.0.1:5000', '127.0.0.1:5001'):
            self.assertNotIn(theirs, out)
        self.assertEqual(
            'Project %s is over a limit in region V1 for user %s; domain '
            '%s; see %s/v2/images or %s/v2.1/servers (Keystone at %s/v3, host '
            '127.0.0.1:8080).' % (RP, RU, RD, proxy_base('image'),
                                  proxy_base('compute'), AGG), out)

    def test_the_projects_other_users_are_their_reseller_selves(self):
        self.assertEqual('users %s %s' % (RU, ORU),
                         words().to_tenant('users %s %s' % (CU, OU)))

    def test_ids_and_region_are_replaced_whole_only(self):
        text = 'R71 xR7 R7-east AUTH_%s %s1' % (PP, PP)
        self.assertEqual('R71 xR7 V1-east AUTH_%s %s1' % (RP, PP),
                         words().to_tenant(text))

    def test_json_escaped_urls(self):
        text = '{"self": "%s\\/v2\\/images\\/1"}' % GLANCE.replace('/', '\\/')
        self.assertEqual('{"self": "%s\\/v2\\/images\\/1"}'
                         % proxy_base('image').replace('/', '\\/'),
                         words().to_tenant(text))

    def test_bodies_keep_bytes_they_do_not_translate(self):
        data = b'\xff\xfe project ' + PP.encode() + b' \xe9t\xe9'
        self.assertEqual(b'\xff\xfe project ' + RP.encode() + b' \xe9t\xe9',
                         words().body_to_tenant(data, None))
        self.assertEqual(RP.encode(), words().body_to_tenant(
            PP.encode(), 'no-such-charset'))

    @settings(max_examples=300, derandomize=True, database=None,
              deadline=None)
    @given(st.lists(st.one_of(
        st.sampled_from([GLANCE, NOVA, KEYSTONE, '127.0.0.1:5001',
                         GLANCE.replace('/', '\\/'), PP, CU, PD, ' ', '/',
                         '"']),
        st.text(alphabet='xyz/:."', max_size=5)), max_size=20))
    def test_no_provider_url_or_host_survives(self, parts):
        out = words().to_tenant(''.join(parts))
        for host in ('127.0.0.1:9292', '127.0.0.1:8774', '127.0.0.1:5000',
                     '127.0.0.1:5001'):
            self.assertNotIn(host, out)


class TestToProvider(testtools.TestCase):

    def test_each_user_goes_as_its_own_provider_user(self):
        text = '/v2.1/%s/servers?user_id=%s' % (RP, RU)
        self.assertEqual('/v2.1/%s/servers?user_id=%s' % (PP, CU),
                         words().to_provider(text))
        text = '/v2.1/os-keypairs?user_id=%s' % ORU
        self.assertEqual('/v2.1/os-keypairs?user_id=%s' % OU,
                         words().to_provider(text))

    def test_urls_and_region_are_not_sent_back(self):
        # Only ids cross towards the provider: a tenant's text that names
        # V1 or the proxy stays as the tenant wrote it.
        text = 'V1 %s' % proxy_base('image')
        self.assertEqual(text, words().to_provider(text))

    def test_nothing_to_translate(self):
        empty = translation.Translation()
        self.assertEqual('x R7', empty.to_tenant('x R7'))
        self.assertEqual('x', empty.to_provider('x'))


class TestPseudonyms(testtools.TestCase):
    """Ids of other provider projects and users never reach the tenant."""

    def test_other_ids_in_id_fields_get_a_stable_pseudonym(self):
        other = '9' * 32
        words = translation.Translation(
            [(PP, RP), (CU, RU)], pseudonym=lambda v: 'p' + v[:31])
        text = ('[{"owner": "%s", "checksum": "%s"}, {"owner": "%s", '
                '"user_id":"%s", "project_id": "%s", "name": "%s"}]'
                % (other, other, PP, CU, other, other))
        self.assertEqual(
            '[{"owner": "%s", "checksum": "%s"}, {"owner": "%s", '
            '"user_id":"%s", "project_id": "%s", "name": "%s"}]'
            % ('p' + other[:31], other, RP, RU, 'p' + other[:31], other),
            words.to_tenant(text))

    def test_without_pseudonyms_other_ids_stay(self):
        text = '{"owner": "%s"}' % ('9' * 32)
        self.assertEqual(text, translation.Translation().to_tenant(text))

    def test_a_pseudonym_is_keyed_and_per_region(self):
        conf = types.SimpleNamespace(credentials=types.SimpleNamespace(
            encryption_key='k' * 43 + '='))
        one = crypto.pseudonym(conf, 'V1', PP)
        self.assertEqual(one, crypto.pseudonym(conf, 'V1', PP))
        self.assertNotEqual(one, crypto.pseudonym(conf, 'V2', PP))
        self.assertRegex(one, '^[0-9a-f]{32}$')
        self.assertNotIn(PP, one)
        other = types.SimpleNamespace(credentials=types.SimpleNamespace(
            encryption_key='j' * 43 + '='))
        self.assertNotEqual(one, crypto.pseudonym(other, 'V1', PP))


class Neighbours:
    """U is placed in the region too (its provider project: NP)."""

    def __init__(self, placed):
        self.placed = dict(placed)          # reseller -> provider
        self.asked = []

    def tenant_of(self, provider_id):
        self.asked.append(provider_id)
        return {v: k for k, v in self.placed.items()}.get(provider_id)

    def provider_of(self, project_id):
        self.asked.append(project_id)
        return self.placed.get(project_id)


U, NP, NOWHERE = '2' * 32, '3' * 32, '4' * 32


class TestSharing(testtools.TestCase):
    """Projects shared with: by reseller id here, provider id there."""

    def words(self):
        self.neighbours = Neighbours({U: NP})
        return translation.Translation(
            [(PP, RP), (CU, RU)], pseudonym=lambda v: 'p' + v[:31],
            neighbours=self.neighbours)

    def test_a_placed_neighbour_is_its_reseller_self(self):
        text = ('{"target_tenant": "%s", "project_id": "%s", '
                '"owner": "%s"}' % (NP, PP, NOWHERE))
        self.assertEqual('{"target_tenant": "%s", "project_id": "%s", '
                         '"owner": "%s"}' % (U, RP, 'p' + NOWHERE[:31]),
                         self.words().to_tenant(text))

    def test_the_tenant_names_a_neighbour_by_its_reseller_id(self):
        words = self.words()
        self.assertEqual('/v2/images/i/members/%s?owner=%s' % (NP, PP),
                         words.to_provider('/v2/images/i/members/%s'
                                           '?owner=%s' % (U, RP)))
        self.assertEqual('/v2.0/rbac-policies?target_project_id=%s' % NP,
                         words.to_provider('/v2.0/rbac-policies?'
                                           'target_project_id=%s' % U))
        # Anything else of that shape (a checksum, free text naming the
        # neighbour) is left alone: only sharing names another project.
        self.assertEqual('?checksum=%s' % NOWHERE,
                         words.to_provider('?checksum=%s' % NOWHERE))
        self.assertEqual('/v2.1/servers/s/metadata/%s' % U,
                         words.to_provider('/v2.1/servers/s/metadata/%s'
                                           % U))
        # The tenant's own, once translated, is not looked up again.
        self.assertNotIn(PP, self.neighbours.asked)

    def test_a_body_shares_only_with_placed_projects(self):
        words = self.words()
        body = ('{"rbac_policy": {"target_tenant": "%s", "object_id": '
                '"n"}}' % U).encode()
        self.assertEqual(body.replace(U.encode(), NP.encode()),
                         words.body_to_provider(body))
        self.assertEqual(b'{"member": "%s"}' % NP.encode(),
                         words.body_to_provider(b'{"member": "%s"}'
                                                % U.encode()))
        self.assertEqual(b'{"project_id": "%s"}' % PP.encode(),
                         words.body_to_provider(b'{"project_id": "%s"}'
                                                % RP.encode()))
        for field in ('target_tenant', 'member', 'project_id'):
            exc = self.assertRaises(
                translation.NotPlaced, words.body_to_provider,
                b'{"%s": "%s"}' % (field.encode(), NOWHERE.encode()))
            self.assertIn('%s: project %s is not placed' % (field, NOWHERE),
                          str(exc))
        # Not a project field: not a sharing, passed as it is.
        self.assertEqual(b'{"checksum": "%s"}' % NOWHERE.encode(),
                         words.body_to_provider(b'{"checksum": "%s"}'
                                                % NOWHERE.encode()))
        self.assertEqual({'metadata': {'note': U}}, json.loads(
            words.body_to_provider(b'{"metadata": {"note": "%s"}}'
                                   % U.encode())))
        # Read as JSON: escapes, the wildcard and JSON patches are seen.
        escaped = NOWHERE[:31].encode() + b'\\u00%x' % ord(NOWHERE[31])
        for bad in (b'{"rbac_policy": {"target_tenant": "%s"}}' % escaped,
                    b'{"rbac_policy": {"target_tenant": "*"}}',
                    b'[{"op": "replace", "path": "/owner", "value": "%s"}]'
                    % NOWHERE.encode()):
            self.assertRaises(translation.NotPlaced, words.body_to_provider,
                              bad)
        self.assertEqual(
            [{'op': 'replace', 'path': '/owner', 'value': NP}],
            json.loads(words.body_to_provider(
                b'[{"op": "replace", "path": "/owner", "value": "%s"}]'
                % U.encode())))
        self.assertEqual(b'not json %s' % PP.encode(),
                         words.body_to_provider(b'not json %s'
                                                % RP.encode()))
