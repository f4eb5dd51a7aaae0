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
"""Every API operation of both services against every role, live.

The expectation tables below are written by hand from the documented
policy defaults, independently of ``*/policies/``: a changed default, a
new operation without a row, or a handler that looks a target up before
it checks the policy makes this test fail.

Outcomes: ``A`` allowed (neither 401 nor 403, and never a 5xx), ``F``
forbidden (403), ``U`` unauthenticated (401: no token, or a token of
another operator's Keystone), ``H`` hidden (404: a partner never learns of
another partner's binding, by design of the VRM).
"""

from __future__ import annotations

import re
import uuid

from keystoneauth1 import session as ks_session

from aggregator import handler as agg_handler
from aggregator.policies import aggregator as agg_policies
from tests.functional import test_aggregator
from tests.functional import test_vrm_recovery
from tests.functional import vrm_base
from virtual_region_manager import handler as vrm_handler
from virtual_region_manager.policies import vrm as vrm_policies

ROLES = ('reseller_admin', 'tenant', 'other_tenant', 'provider_admin',
         'partner', 'other_partner', 'no_token')
MISSING = 'missing-' + uuid.uuid4().hex[:8]

# rule: (method, path, expected per role in ROLES order). Paths use the
# fixture objects: {region} a region nobody has, {project} tenant x's
# project, {missing} an id nobody has.
AGGREGATOR = {
    'aggregator:providers:list': ('GET', '/v1/providers', 'AFFUUUU'),
    'aggregator:providers:create': ('POST', '/v1/providers', 'AFFUUUU'),
    'aggregator:providers:show': ('GET', '/v1/providers/{missing}',
                                  'AFFUUUU'),
    'aggregator:providers:delete': ('DELETE', '/v1/providers/{missing}',
                                    'AFFUUUU'),
    'aggregator:offerings:list': ('GET', '/v1/offerings', 'AFFUUUU'),
    'aggregator:regions:list': ('GET', '/v1/regions', 'AAAUUUU'),
    'aggregator:regions:create': ('POST', '/v1/regions', 'AFFUUUU'),
    'aggregator:regions:show': ('GET', '/v1/regions/{region}', 'AAAUUUU'),
    'aggregator:regions:update': ('PATCH', '/v1/regions/{region}',
                                  'AFFUUUU'),
    'aggregator:regions:delete': ('DELETE', '/v1/regions/{region}',
                                  'AFFUUUU'),
    'aggregator:placements:list': ('GET', '/v1/regions/{region}/projects',
                                   'AAAUUUU'),
    'aggregator:placements:create': ('POST',
                                     '/v1/regions/{region}/projects',
                                     'AAFUUUU'),
    'aggregator:placements:delete': (
        'DELETE', '/v1/regions/{region}/projects/{project}', 'AAFUUUU'),
    'aggregator:project_regions:list': (
        'GET', '/v1/projects/{project}/regions', 'AAFUUUU'),
    'aggregator:proxy': ('GET', '/proxy/{region}/image/v2/images',
                         'AAAUUUU'),
}

# {vr} a throwaway virtual region, {partner} the partner's own record,
# {binding} a pending binding of the partner (not of the other partner).
# Rows run in this order; the binding actions walk it pending -> rejected
# and never activate it.
VRM = {
    'vrm:virtual_regions:list': ('GET', '/v1/virtual-regions', 'UUUAFFU'),
    'vrm:virtual_regions:create': ('POST', '/v1/virtual-regions',
                                   'UUUAFFU'),
    'vrm:virtual_regions:show': ('GET', '/v1/virtual-regions/{vr}',
                                 'UUUAFFU'),
    'vrm:virtual_regions:update': ('PATCH', '/v1/virtual-regions/{vr}',
                                   'UUUAFFU'),
    'vrm:virtual_regions:delete': ('DELETE', '/v1/virtual-regions/{missing}',
                                   'UUUAFFU'),
    'vrm:partners:list': ('GET', '/v1/partners', 'UUUAFFU'),
    'vrm:partners:create': ('POST', '/v1/partners', 'UUUAFFU'),
    'vrm:partners:show': ('GET', '/v1/partners/{partner}', 'UUUAFFU'),
    'vrm:partners:delete': ('DELETE', '/v1/partners/{missing}', 'UUUAFFU'),
    'vrm:offerings:list': ('GET', '/v1/offerings', 'UUUAAAU'),
    'vrm:bindings:list': ('GET', '/v1/bindings', 'UUUAAAU'),
    'vrm:bindings:create': ('POST', '/v1/bindings', 'UUUFAAU'),
    'vrm:bindings:show': ('GET', '/v1/bindings/{binding}', 'UUUAAHU'),
    'vrm:projects:list': ('GET', '/v1/bindings/{binding}/projects',
                          'UUUAAHU'),
    'vrm:projects:create': ('POST', '/v1/bindings/{binding}/projects',
                            'UUUFAHU'),
    'vrm:projects:delete': (
        'DELETE', '/v1/bindings/{binding}/projects/{missing}', 'UUUAAHU'),
    # pending: suspend and resume are refused (409) once allowed.
    'vrm:bindings:suspend': ('POST', '/v1/bindings/{binding}/action',
                             'UUUAAHU'),
    'vrm:bindings:resume': ('POST', '/v1/bindings/{binding}/action',
                            'UUUAAHU'),
    # pending -> rejected; then approve is a 409, terminate ends it.
    'vrm:bindings:reject': ('POST', '/v1/bindings/{binding}/action',
                            'UUUAFHU'),
    'vrm:bindings:approve': ('POST', '/v1/bindings/{binding}/action',
                             'UUUAFHU'),
    'vrm:bindings:terminate': ('POST', '/v1/bindings/{binding}/action',
                               'UUUAAHU'),
}

EXPECTED_STATUS = {'F': 403, 'U': 401, 'H': 404}


def documented_operations(rules) -> set:
    return {r.name for r in rules if getattr(r, 'operations', None)}


def shape(path: str) -> str:
    """Placeholders blanked: '/v1/regions/{name}' -> '/v1/regions/{}'."""
    if path.startswith('/proxy/'):
        return '/proxy/{}/{}/{}'
    return re.sub(r'\{[^}]*\}', '{}', path)


def routes(declarations) -> set:
    """(METHOD, path shape) of every API route but version discovery."""
    return {(method, shape(path)) for path, methods in declarations.items()
            if path.startswith(('/v1/', '/proxy/')) and path != '/v1/'
            for method in methods}


def rows(table: dict) -> set:
    return {(method, shape(path)) for method, path, _ in table.values()}


class TestPolicyMatrix(test_aggregator.AggregatorTestCase):
    provider = 'p1'

    def setUp(self) -> None:
        super().setUp()
        self.vrm_url = self.service('%s-vrm' % self.provider)['url']

    def role_sessions(self) -> None:
        """A session per role; the partners are onboarded here.

        The VRM side runs on a VRM of this test's own (same code, same
        provider Keystone): its jobs compete with no other test's.
        """
        vrm = self.useFixture(test_vrm_recovery.PrivateVRM(
            self.topology, self.provider, self.unique('p1-vrm')))
        vrm.start()
        self.vrm_url = vrm.url
        self.admin = vrm_base.VRMClient(self.admin.session, self.region,
                                        endpoint=vrm.url)
        self.partner, partner_client = self.onboard()
        self.other_partner, other_client = self.onboard()
        self.sessions = {
            'reseller_admin': self.reseller,
            'tenant': self.tenant,
            'other_tenant': self.other_tenant(),
            'provider_admin': self.admin.session,
            'partner': partner_client.session,
            'other_partner': other_client.session,
            'no_token': ks_session.Session(),
        }

    def other_tenant(self) -> ks_session.Session:
        """A reseller user, member of a project of its own only."""
        ks = self.keystone_admin('aggregator-admin')
        tag = uuid.uuid4().hex[:10]
        project = ks.projects.create(name='pm-' + tag, domain='default')
        self.addCleanup(ks.projects.delete, project)
        user = ks.users.create(name='pm-' + tag, domain='default',
                               password='pw-' + tag)
        self.addCleanup(ks.users.delete, user)
        ks.roles.grant(ks.roles.list(name='member')[0], user=user,
                       project=project)
        return self.password_session(
            'tenant-x', username=user.name, password='pw-' + tag,
            project_name=project.name)

    def call(self, base: str, role: str, method: str, path: str, body):
        sess = self.sessions[role]
        kwargs = {'json': body} if body is not None else {}
        return sess.request(base + path, method, raise_exc=False,
                            authenticated=role != 'no_token', **kwargs)

    def run_table(self, table: dict, base: str, fill: dict, bodies) -> list:
        """Call every row for every role (allowed roles last)."""
        wrong = []
        for rule, (method, path, expected) in table.items():
            url = path.format(**fill)
            order = sorted(range(len(ROLES)), key=lambda i: expected[i] == 'A')
            for i in order:
                role = ROLES[i]
                resp = self.call(base, role, method, url, bodies(rule, role))
                status = resp.status_code
                if expected[i] == 'A':
                    ok = status not in (401, 403) and status < 500
                else:
                    ok = status == EXPECTED_STATUS[expected[i]]
                if not ok:
                    wrong.append('%s as %s: %s %s -> %d (expected %s) %s'
                                 % (rule, role, method, url, status,
                                    expected[i], resp.text[:200]))
        return wrong

    def test_tables_cover_every_operation(self):
        self.assertEqual(documented_operations(agg_policies.list_rules()),
                         set(AGGREGATOR))
        self.assertEqual(documented_operations(vrm_policies.list_rules()),
                         set(VRM))
        # One rule guards the proxy for every method: GET stands for all.
        proxy = {(m, '/proxy/{}/{}/{}') for m in agg_handler.PROXY_METHODS}
        self.assertEqual(routes(agg_handler.ROUTE_DECLARATIONS),
                         rows(AGGREGATOR) | proxy)
        self.assertEqual(routes(vrm_handler.ROUTE_DECLARATIONS), rows(VRM))

    def test_aggregator_matrix(self):
        self.role_sessions()
        fill = {'region': self.unique('nowhere'), 'missing': MISSING,
                'project': self.tenant_project}
        p1 = self.service('%s-keystone' % self.provider)['auth_url']

        def bodies(rule, role):
            return {
                'aggregator:providers:create': {'provider': {
                    'name': self.unique('P'), 'vrm_url': self.vrm_url,
                    'auth_url': p1, 'application_credential': {
                        'id': MISSING, 'secret': 'not-a-secret'}}},
                'aggregator:regions:create': {'region': {
                    'name': self.unique('V'), 'provider_id': MISSING,
                    'virtual_region_id': MISSING, 'token_mode': 'proxy'}},
                'aggregator:regions:update': {'region': {
                    'token_mode': 'proxy'}},
                'aggregator:placements:create': {'project': {
                    'project_id': self.tenant_project, 'quota': {}}},
            }.get(rule)

        wrong = self.run_table(AGGREGATOR, self.agg_url, fill, bodies)
        self.assertEqual([], wrong, '\n'.join(wrong))

    def test_vrm_matrix(self):
        self.role_sessions()
        vr = self.create_region(approval='manual')
        binding = self.request_binding(vrm_base.VRMClient(
            self.sessions['partner'], self.region, endpoint=self.vrm_url), vr)
        self.names: dict = {}
        fill = {'vr': vr['id'], 'partner': self.partner['id'],
                'binding': binding['id'], 'missing': MISSING}
        actions = {'vrm:bindings:%s' % a: {a: None} for a in (
            'suspend', 'resume', 'reject', 'approve')}
        actions['vrm:bindings:terminate'] = {'terminate': {
            'projects': 'delete'}}

        def bodies(rule, role):
            if rule == 'vrm:virtual_regions:create':
                body = {'name': self.track('virtual-regions',
                                           self.unique('vr')),
                        'region_id': self.region,
                        'services': ['image'], 'approval': 'manual',
                        'visibility': 'private',
                        'metadata': vrm_base.METADATA}
                return {'virtual_region': body}
            if rule == 'vrm:partners:create':
                entity, metadata = self.fake_idp()
                return {'partner': {'name': self.track(
                    'partners', self.unique('partner')),
                                    'idp_entity_id': entity,
                                    'idp_metadata': metadata}}
            if rule == 'vrm:bindings:create':
                return {'binding': {'virtual_region_id': MISSING}}
            if rule == 'vrm:virtual_regions:update':
                return {'virtual_region': {'description': role}}
            if rule == 'vrm:projects:create':
                return {'project': {'name': self.unique('t')}}
            return actions.get(rule)

        wrong = self.run_table(VRM, self.vrm_url, fill, bodies)
        self.assertEqual([], wrong, '\n'.join(wrong))
        # Only the provider admin's creations went through, once each.
        self.assertEqual({'virtual-regions': 1, 'partners': 1},
                         {k: len(self.made(k)) for k in self.names})

    def made(self, kind: str) -> list:
        """The ids of the ``kind`` objects this test's bodies named."""
        resp = self.admin.get('/v1/%s' % kind)
        self.assertEqual(200, resp.status_code, resp.text)
        return [o['id'] for o in resp.json()[kind.replace('-', '_')]
                if o['name'] in self.names[kind]]

    def track(self, kind: str, name: str) -> str:
        if not self.names:
            self.addCleanup(self.remove_made)
        self.names.setdefault(kind, []).append(name)
        return name

    def remove_made(self) -> None:
        for kind in self.names:
            for oid in self.made(kind):
                self.admin.delete('/v1/%s/%s' % (kind, oid))
