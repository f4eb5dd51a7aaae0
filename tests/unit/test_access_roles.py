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
"""Access roles: pass-through placements are reached by a role named
after the project's id, held by exactly those with a role on it.

Against an in-memory reseller Keystone and a fake VRM (the functional
test_pass_through shows the same against real Keystones and K2K).
"""

import time

from aggregator import access_roles
from aggregator import errors
from aggregator import federation
from aggregator import placements
from aggregator import pseudonyms
from aggregator import reseller_keystone
from aggregator import vrm_client
from tests.unit import test_placement_users as base

ACCESS = federation.access


class FakeKeystone:
    """Roles and direct assignments, as Keystone's v3 API lists them."""

    def __init__(self):
        self.roles = {'r-member': 'member', 'r-reader': 'reader'}
        self.assignments = []       # (role id, scope, kind, actor id)
        self.projects = {'T', 'Q'}
        self.members = {'auditors': ['a1', 'a2']}

    def __call__(self, conf):
        return self

    def project(self, project_id):
        return {'id': project_id} if project_id in self.projects else None

    def listed_project_ids(self):
        return set(self.projects)

    def ensure_role(self, name):
        for role_id, role in self.roles.items():
            if role == name:
                return role_id
        self.roles['r-' + name] = name
        return 'r-' + name

    def delete_role(self, name):
        for role_id in [r for r, n in self.roles.items() if n == name]:
            del self.roles[role_id]
            self.assignments = [a for a in self.assignments
                                if a[0] != role_id]

    def role_assignments(self, *, project_id=None, role_id=None,
                         effective=False):
        found = []
        for role, scope, kind, actor in self.assignments:
            if project_id and scope.get('project', {}).get('id') != \
                    project_id:
                continue
            if role_id and role != role_id:
                continue
            actors = [(kind, actor)]
            if effective and kind == 'group':
                # Keystone's effective list: the group's members instead.
                actors = [('user', m) for m in self.members.get(actor, ())]
            found.extend({'role': {'id': role, 'name': self.roles[role]},
                          'scope': scope, k: {'id': a}} for k, a in actors)
        return found

    def roles_named(self, prefix):
        return [{'id': r, 'name': n} for r, n in self.roles.items()
                if n.startswith(prefix)]

    def give(self, role_id, scope, kind, actor):
        self.assignments.append((role_id, scope, kind, actor))

    def grant_on_project(self, role_id, project_id, kind, actor):
        self.give(role_id, {'project': {'id': project_id}}, kind, actor)

    def revoke(self, role_id, scope, kind, actor):
        self.assignments.remove((role_id, scope, kind, actor))

    def holders(self, role_name, project_id='T'):
        return sorted((kind, actor) for role, scope, kind, actor
                      in self.assignments if self.roles[role] == role_name
                      and scope == {'project': {'id': project_id}})


class _WithKeystone(base._Aggregator):
    """The in-memory reseller Keystone, and the real access."""

    def setUp(self):
        super().setUp()
        # Swept a moment ago: refreshes do not sweep unless a test asks.
        self.patch(pseudonyms, '_swept', {'at': time.monotonic()})
        self.keystone = FakeKeystone()
        self.patch(reseller_keystone, 'ResellerKeystone', self.keystone)
        # The real one (the base class makes every access None).
        self.patch(federation, 'access', ACCESS)
        self.given = []
        self.patch(vrm_client.VRMClient, 'set_access',
                   lambda client, binding_id, placement_id, access:
                   self.given.append((placement_id, access)))


class AccessRolesTest(_WithKeystone):

    def test_placing_gives_the_role_to_those_with_a_role_there(self):
        ks = self.keystone
        ks.grant_on_project('r-member', 'T', 'user', 'x')
        ks.grant_on_project('r-reader', 'T', 'group', 'auditors')
        ks.grant_on_project('r-member', 'Q', 'user', 'y')
        placed = placements.create(self.conf, self.region('V2'), 'T', {})
        role = placed.access['role']
        # Opaque to the provider: nothing of the project's id or name.
        self.assertTrue(role.startswith('csf-'))
        self.assertNotIn('T', role[4:])
        self.assertEqual({'member': ['member', 'admin'],
                          'reader': ['reader', 'member', 'admin']},
                         placed.access['roles'])
        self.assertEqual(placed.access, self.vrm.access)
        self.assertEqual([('group', 'auditors'), ('user', 'x')],
                         ks.holders(role))
        self.assertEqual([], ks.holders(role, 'Q'))

    def test_the_refresher_keeps_holders_in_step(self):
        ks = self.keystone
        ks.grant_on_project('r-member', 'T', 'user', 'x')
        placed = placements.create(self.conf, self.region('V2'), 'T', {})
        role = placed.access['role']
        role_id = ks.ensure_role(role)
        # x loses its role; z gets one; someone gives the access role on
        # another project and on a domain.
        ks.revoke('r-member', {'project': {'id': 'T'}}, 'user', 'x')
        ks.grant_on_project('r-reader', 'T', 'user', 'z')
        ks.grant_on_project(role_id, 'Q', 'user', 'y')
        ks.give(role_id, {'domain': {'id': 'd'}}, 'group', 'g')
        # (and z's pseudonym given, x's taken back: pseudonyms.py)
        self.assertEqual(6, placements.follow_projects(self.conf))
        self.assertEqual([('user', 'z')], ks.holders(role))
        self.assertEqual([(role_id, {'project': {'id': 'T'}}, 'user', 'z')],
                         [a for a in ks.assignments if a[0] == role_id])
        # In step: nothing more to do, and the access was not sent again.
        self.assertEqual(0, placements.follow_projects(self.conf))
        self.assertEqual([], self.given)

    def test_one_role_per_project_kept_across_key_rotation(self):
        first = placements.create(self.conf, self.region('V2'), 'T', {})
        self.conf.set_override('encryption_key', 'r' * 43 + '=',
                               'credentials')
        self.assertEqual(first.access['role'],
                         access_roles.name(self.conf, 'T'))
        # Another project's is another role.
        self.assertNotEqual(first.access['role'],
                            access_roles.name(self.conf, 'Q'))

    def test_a_placement_by_names_moves_to_the_role_once(self):
        self.patch(federation, 'access', lambda conf, region, pid: {
            'project': 'old-' + pid, 'project_domain': 'Default'})
        placements.create(self.conf, self.region('V2'), 'T', {})
        # A proxy placement has no access to move.
        placements.create(self.conf, self.region('V1'), 'T', {})
        self.assertEqual(1, placements.follow_projects(self.conf))
        (placement_id, access), = self.given
        self.assertEqual('vp-' + placements.crypto.opaque_name(
            self.conf, 'T', 'V2'), placement_id)
        self.assertEqual(access_roles.access(self.conf, 'T'), access)
        self.assertEqual(access, placements.for_region(
            self.region('V2'))[0].access)
        self.assertEqual(0, placements.follow_projects(self.conf))

    def test_a_provider_away_is_asked_again_next_time(self):
        self.patch(federation, 'access', lambda conf, region, pid: {
            'project': 'old', 'project_domain': 'Default'})
        placements.create(self.conf, self.region('V2'), 'T', {})

        def away(*args):
            raise errors.ProviderUnavailable(provider='P1')
        self.patch(vrm_client.VRMClient, 'set_access', away)
        self.assertEqual(0, placements.follow_projects(self.conf))
        self.assertEqual({'project': 'old', 'project_domain': 'Default'},
                         placements.for_region(self.region('V2'))[0].access)

    def test_the_role_goes_with_the_last_placement(self):
        self.patch(vrm_client.VRMClient, 'remove',
                   lambda client, binding_id, placement_id: None)
        self.keystone.grant_on_project('r-member', 'T', 'user', 'x')
        placed = placements.create(self.conf, self.region('V2'), 'T', {})
        role = placed.access['role']
        placements.delete(self.conf, self.region('V2'), 'T')
        self.assertNotIn(role, self.keystone.roles.values())
        self.assertEqual([], self.keystone.holders(role))

    def test_a_placement_the_vrm_refused_leaves_no_role(self):
        def refused(*args, **kwargs):
            raise errors.Conflict('no')
        self.patch(vrm_client.VRMClient, 'place', refused)
        self.keystone.grant_on_project('r-member', 'T', 'user', 'x')
        self.assertRaises(errors.Conflict, placements.create, self.conf,
                          self.region('V2'), 'T', {})
        self.assertEqual({'member', 'reader'},
                         set(self.keystone.roles.values()))

    def test_an_unknown_project_is_not_placed(self):
        exc = self.assertRaises(errors.NotFound, placements.create,
                                self.conf, self.region('V2'), 'gone', {})
        self.assertIn('gone', str(exc))
        self.assertEqual({'member', 'reader'},
                         set(self.keystone.roles.values()))


class PseudonymsTest(_WithKeystone):
    """Each user of a pass-through project: a pseudonym role of its own."""

    def pseudonym(self, user):
        return pseudonyms.name(self.conf, user)

    def test_each_user_holds_its_own_pseudonym_on_the_project(self):
        ks = self.keystone
        ks.grant_on_project('r-member', 'T', 'user', 'x')
        ks.grant_on_project('r-reader', 'T', 'group', 'auditors')
        ks.grant_on_project('r-member', 'Q', 'user', 'y')
        placed = placements.create(self.conf, self.region('V2'), 'T', {})
        self.assertEqual('csf-u-', placed.access['pseudonym_prefix'])
        for user in ('x', 'a1', 'a2'):
            role = self.pseudonym(user)
            self.assertTrue(role.startswith('csf-u-'), role)
            self.assertNotIn(user, role[6:])
            self.assertEqual([('user', user)], ks.holders(role))
        self.assertEqual(3, len({self.pseudonym(u) for u in
                                 ('x', 'a1', 'a2')}))
        self.assertEqual([], ks.holders(self.pseudonym('y'), 'Q'))
        self.assertEqual([], ks.holders(self.pseudonym('y')))

    def test_the_refresher_keeps_pseudonyms_their_users_own(self):
        ks = self.keystone
        for user in ('x', 'z'):
            ks.grant_on_project('r-member', 'T', 'user', user)
        placements.create(self.conf, self.region('V2'), 'T', {})
        # Someone gives x's pseudonym to z, and to a group; x leaves.
        x_role = ks.ensure_role(self.pseudonym('x'))
        ks.grant_on_project(x_role, 'T', 'user', 'z')
        ks.grant_on_project(x_role, 'T', 'group', 'auditors')
        ks.revoke('r-member', {'project': {'id': 'T'}}, 'user', 'x')
        placements.follow_projects(self.conf)
        self.assertEqual([], ks.holders(self.pseudonym('x')))
        self.assertEqual([('user', 'z')], ks.holders(self.pseudonym('z')))
        # x's role, held by nobody now, goes at the sweep.
        self.assertEqual(1, pseudonyms.sweep(self.conf, ks, force=True))
        self.assertNotIn(self.pseudonym('x'), ks.roles.values())
        self.assertIn(self.pseudonym('z'), ks.roles.values())

    def test_they_go_with_the_last_placement(self):
        self.patch(vrm_client.VRMClient, 'remove',
                   lambda client, binding_id, placement_id: None)
        self.keystone.grant_on_project('r-member', 'T', 'user', 'x')
        placements.create(self.conf, self.region('V2'), 'T', {})
        placements.delete(self.conf, self.region('V2'), 'T')
        self.assertEqual({'member', 'reader'},
                         set(self.keystone.roles.values()))
