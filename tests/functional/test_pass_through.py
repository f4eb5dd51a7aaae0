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
"""Pass-through regions: the tenant's own K2K identity reaches the
provider, and only the provider project that backs its placed project.
"""

from __future__ import annotations

import json
import os
import secrets
import time

import fixtures
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import session as ks_session

from tests.functional import k2k_fixtures
from tests.functional import test_aggregator


class TestPassThrough(test_aggregator.AggregatorTestCase):

    def setUp(self) -> None:
        super().setUp()
        self.useFixture(k2k_fixtures.ProviderLock(self.topology,
                                                  self.provider))

    def k2k(self, idp_session, sp_id: str, **scope) -> ks_session.Session:
        return k2k_fixtures.session(idp_session, sp_id, **scope)

    def provider_projects(self, idp_session, sp_id: str,
                          auth_url: str) -> list[str]:
        unscoped = self.k2k(idp_session, sp_id)
        return [p['id'] for p in unscoped.get(
            auth_url + '/auth/projects').json()['projects']]

    def test_tenant_reaches_only_its_placed_project(self):
        region = self.real_partner_region('pass-through')
        sp_id = region['service_provider_id']
        auth_url = self.service('%s-keystone' % self.provider)['auth_url']
        # x places T, and another project U of x's, in the region.
        other = self.unplaced_project()
        as_other = self.password_session('tenant-x', project_name=other.name)
        self.assertEqual(201, self.place(region['name'],
                                         self.tenant_project).status_code)
        self.assertEqual(201, self.place(region['name'], other.id,
                                         sess=as_other).status_code)
        # No reseller-issued token points at the provider: the region is
        # reached by K2K alone, so no client sends it a reseller token.
        self.assertNotIn(region['name'], self.catalog_regions('tenant-x'))
        self.tenant.invalidate()
        urls = [e['url'] for s in self.tenant.auth.get_access(
            self.tenant).service_catalog.catalog for e in s['endpoints']]
        glance = self.service('%s-glance' % self.provider)['url']
        self.assertEqual([], [u for u in urls if u.startswith(glance)])
        # The Aggregator tells the tenant how to get there.
        mine = self.placement_in(region['name'], self.tenant_project)
        self.assertEqual(sp_id, mine['service_provider_id'])
        theirs = self.placement_in(region['name'], other.id, as_other)
        self.assertNotEqual(mine['provider_project_id'],
                            theirs['provider_project_id'])

        # x's identity scoped to T reaches T's provider project only...
        self.assertEqual([mine['provider_project_id']],
                         self.provider_projects(self.tenant, sp_id,
                                                auth_url))
        self.assertRaises(ks_exc.Unauthorized, self.k2k(
            self.tenant, sp_id,
            project_id=theirs['provider_project_id']).get_token)
        # ... scoped to U, U's only.
        self.assertEqual([theirs['provider_project_id']],
                         self.provider_projects(as_other, sp_id, auth_url))

        # The unmodified CLI, through the service provider, uploads into
        # the provider project that backs T.
        tmp = self.useFixture(fixtures.TempDir()).path
        data = os.path.join(tmp, 'disk.raw')
        with open(data, 'wb') as fh:
            fh.write(os.urandom(1024 * 1024))
        k2k_args = ['--os-cloud', 'tenant-x', '--os-service-provider', sp_id,
                    '--os-remote-project-id', mine['provider_project_id'],
                    '--os-region-name', self.region]
        image = json.loads(self.cli(
            *k2k_args, 'image', 'create', '--file', data, '--disk-format',
            'raw', '--container-format', 'bare', self.unique('img'),
            '-f', 'json'))
        admin = ['--os-cloud', 'provider-%s-admin' % self.provider]
        self.addCleanup(self.cli, *admin, 'image', 'delete', image['id'])
        at_provider = json.loads(self.cli(*admin, 'image', 'show',
                                          image['id'], '-f', 'json'))
        self.assertEqual(mine['provider_project_id'], at_provider['owner'])
        self.assertIn(image['id'], [i['ID'] for i in json.loads(self.cli(
            *k2k_args, 'image', 'list', '-f', 'json'))])
        # U's identity does not see T's image.
        other_args = ['--os-cloud', 'tenant-x', '--os-project-name',
                      other.name, '--os-service-provider', sp_id,
                      '--os-remote-project-id',
                      theirs['provider_project_id'],
                      '--os-region-name', self.region]
        self.assertNotIn(image['id'], [i['ID'] for i in json.loads(
            self.cli(*other_args, 'image', 'list', '-f', 'json'))])

        # Removing U's placement removes U's way in at once.
        self.assertEqual(204, self.agg(
            'DELETE', '/v1/regions/%s/projects/%s' % (region['name'],
                                                      other.id),
            sess=as_other).status_code)
        self.assertEqual([], self.provider_projects(as_other, sp_id,
                                                    auth_url))

    def test_a_new_project_of_a_deleted_ones_name_finds_nothing(self):
        """K2K assertions name projects; their placements end with them."""
        region, sp_id, auth_url = self.region_at_provider()
        ks, user, member = self.x_in_reseller_keystone()
        name = self.unique('reused')

        def project_and_session():
            project = ks.projects.create(name=name, domain='default')
            self.addCleanup(self.delete_quietly, ks, project)
            ks.roles.grant(member, user=user, project=project)
            return project, self.password_session('tenant-x',
                                                  project_name=name)

        old, as_old = project_and_session()
        self.assertEqual(201, self.place(region['name'], old.id,
                                         sess=as_old).status_code)
        placed = self.placement_in(region['name'], old.id, as_old)
        self.assertEqual([placed['provider_project_id']],
                         self.provider_projects(as_old, sp_id, auth_url))
        binding = region['binding_id']
        # The reseller deletes the project: the refresher ends its
        # placement, and the provider project goes with it.
        ks.projects.delete(old)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and placed['provider_project_id'] \
                in [p['project_id'] for p in self.admin.get(
                    '/v1/bindings/%s/projects' % binding).json()['projects']]:
            time.sleep(1)
        self.assertNotIn(placed['provider_project_id'], [
            p['project_id'] for p in self.admin.get(
                '/v1/bindings/%s/projects' % binding).json()['projects']])
        # A new project of the same name, by the same user: nothing of the
        # old one is reachable, placed or not.
        new, as_new = project_and_session()
        self.assertEqual([], self.provider_projects(as_new, sp_id,
                                                    auth_url))
        self.assertEqual(201, self.place(region['name'], new.id,
                                         sess=as_new).status_code)
        again = self.placement_in(region['name'], new.id, as_new)
        self.assertNotEqual(placed['provider_project_id'],
                            again['provider_project_id'])
        self.assertEqual([again['provider_project_id']],
                         self.provider_projects(as_new, sp_id, auth_url))

    def test_a_renamed_project_keeps_its_way_in_and_its_old_name_none(self):
        """The provider keys on the project's access role, not its name."""
        region, sp_id, auth_url = self.region_at_provider()
        ks, user, member = self.x_in_reseller_keystone()
        old_name, new_name = self.unique('before'), self.unique('after')

        def project_named(name):
            project = ks.projects.create(name=name, domain='default')
            self.addCleanup(self.delete_quietly, ks, project)
            ks.roles.grant(member, user=user, project=project)
            return project

        project = project_named(old_name)
        as_old = self.password_session('tenant-x', project_name=old_name)
        self.assertEqual(201, self.place(region['name'], project.id,
                                         sess=as_old).status_code)
        theirs = self.placement_in(region['name'], project.id, as_old)[
            'provider_project_id']
        self.assertEqual([theirs], self.provider_projects(as_old, sp_id,
                                                          auth_url))
        # What the provider matches names neither the project nor its id.
        access, = [p['access'] for p in self.admin.get(
            '/v1/bindings/%s/projects' % region['binding_id']).json()[
                'projects'] if p['project_id'] == theirs]
        self.assertEqual({'role', 'roles', 'pseudonym_prefix'}, set(access))
        self.assertNotIn(project.id, access['role'])
        self.assertIn(access['role'], self.held(ks, user, project))
        # The reseller renames it and, at once, before any refresh, gives
        # the old name to a new project of x's: under its new name x still
        # reaches its project, and the new project nothing of it.
        ks.projects.update(project, name=new_name)
        project_named(old_name)
        as_reused = self.password_session('tenant-x', project_name=old_name)
        self.assertEqual([], self.provider_projects(as_reused, sp_id,
                                                    auth_url))
        as_new = self.password_session('tenant-x', project_name=new_name)
        self.assertEqual([theirs], self.provider_projects(as_new, sp_id,
                                                          auth_url))

    def test_the_provider_gives_the_tenants_roles_and_no_more(self):
        """A reader reads; someone whose role was taken reaches nothing."""
        region, sp_id, auth_url = self.region_at_provider()
        ks, user, member = self.x_in_reseller_keystone()
        reader = ks.roles.list(name='reader')[0]
        project = ks.projects.create(name=self.unique('roles'),
                                     domain='default')
        self.addCleanup(self.delete_quietly, ks, project)
        ks.roles.grant(member, user=user, project=project)
        as_x = self.password_session('tenant-x', project_name=project.name)
        self.assertEqual(201, self.place(region['name'], project.id,
                                         sess=as_x).status_code)
        theirs = self.placement_in(region['name'], project.id, as_x)[
            'provider_project_id']

        def roles_at_provider():
            sess = self.k2k(self.password_session(
                'tenant-x', project_name=project.name), sp_id,
                project_id=theirs)
            return sorted(sess.auth.get_access(sess).role_names)
        self.assertIn('member', roles_at_provider())
        # x only reads now: the provider gives it reader, not member.
        ks.roles.grant(reader, user=user, project=project)
        ks.roles.revoke(member, user=user, project=project)
        self.assertEqual(['reader'], roles_at_provider())
        # x has no role of its own left: at once it reaches nothing (the
        # access role and pseudonym it still holds until the next refresh
        # are not enough)
        ks.roles.revoke(reader, user=user, project=project)
        left = self.held(ks, user, project)
        if left:        # (unless the refresher was quicker still)
            self.assertLessEqual(len(left), 2)
            for role in left:
                self.assertTrue(role.startswith('csf-'), role)
            # Its pseudonymous user has no group: no project, or no
            # token at all (Keystone refuses a user it maps to nothing).
            try:
                reached = self.provider_projects(self.password_session(
                    'tenant-x', project_name=project.name), sp_id, auth_url)
            except ks_exc.Unauthorized:
                reached = []
            self.assertEqual([], reached)
        # ... and the refresher takes the access role back.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and ks.role_assignments.list(
                user=user, project=project):
            time.sleep(1)
        self.assertEqual([], ks.role_assignments.list(user=user,
                                                      project=project))

    def test_each_reseller_user_is_a_provider_user_of_its_own(self):
        """Pseudonymous: one provider user per reseller user, no name."""
        region, sp_id, auth_url = self.region_at_provider()
        ks, x, member = self.x_in_reseller_keystone()
        password = secrets.token_urlsafe(16)
        y = ks.users.create(name=self.unique('y'), domain='default',
                            password=password)
        self.addCleanup(ks.users.delete, y)
        projects = []
        for _ in range(2):
            project = ks.projects.create(name=self.unique('pt'),
                                         domain='default')
            self.addCleanup(self.delete_quietly, ks, project)
            ks.roles.grant(member, user=x, project=project)
            projects.append(project)
        ks.roles.grant(member, user=y, project=projects[0])
        for project in projects:
            self.assertEqual(201, self.place(
                region['name'], project.id, sess=self.password_session(
                    'tenant-x', project_name=project.name)).status_code)
        provider_project = self.placement_in(
            region['name'], projects[0].id, self.password_session(
                'tenant-x', project_name=projects[0].name))[
                    'provider_project_id']

        def at_provider(project, **who):
            sess = self.k2k(self.password_session(
                'tenant-x', project_name=project.name, **who), sp_id)
            return sess.auth.get_access(sess)
        as_x, as_y = (at_provider(projects[0]), at_provider(
            projects[0], username=y.name, password=password))
        self.assertNotEqual(as_x.user_id, as_y.user_id)
        # The same user in its other project: the same provider user.
        self.assertEqual(as_x.user_id, at_provider(projects[1]).user_id)
        p_ks = self.keystone_admin('provider-%s-admin' % self.provider)
        for reseller, found in ((x, as_x), (y, as_y)):
            user = p_ks.users.get(found.user_id)
            for word in (reseller.id, reseller.name):
                self.assertNotIn(word, user.name)
            self.assertTrue(user.name.startswith('csf-u-'), user.name)
        # Both reach the placed project's provider project, each as itself.
        scoped = self.k2k(self.password_session(
            'tenant-x', project_name=projects[0].name, username=y.name,
            password=password), sp_id, project_id=provider_project)
        self.assertEqual(as_y.user_id, scoped.get_user_id())

    def region_at_provider(self):
        """A pass-through region, its service provider id and auth URL."""
        region = self.real_partner_region('pass-through')
        return (region, region['service_provider_id'],
                self.service('%s-keystone' % self.provider)['auth_url'])

    def x_in_reseller_keystone(self):
        """The reseller's Keystone (admin), user x and the member role."""
        ks = self.keystone_admin('aggregator-admin')
        user = ks.users.list(name=self.cloud('tenant-x')['auth'][
            'username'])[0]
        return ks, user, ks.roles.list(name='member')[0]

    @staticmethod
    def held(ks, user, project) -> list[str]:
        """The names of the roles ``user`` holds on ``project`` itself."""
        return [ks.roles.get(a.role['id']).name for a in
                ks.role_assignments.list(user=user, project=project)]

    @staticmethod
    def delete_quietly(ks, project) -> None:
        try:
            ks.projects.delete(project)
        except ks_exc.NotFound:
            pass
