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
"""Every API operation of both services against every persona, live.

The expected outcome of each (operation, persona) is generated from the
policy-in-code defaults: each persona's real token (roles, scope) is run
through oslo.policy with the operation's default rule, so a new operation
gets its row without anyone writing it, and a handler that checks the
wrong rule or target, or looks a target up before checking, fails here.
Because generated expectations follow the defaults, hand-written
invariants guard the defaults themselves: the provider's customers, its
domain-scoped and unscoped tokens and a reseller's federated users are
refused every VRM operation; partners reach only partner operations;
a reseller reader changes nothing; and so on (``INVARIANTS``).

Outcomes: ``A`` allowed (neither 401 nor 403, and never a 5xx), ``F``
forbidden (403), ``U`` unauthenticated (401: no token, or a token of
another operator's Keystone), ``H`` hidden (404: a partner never learns of
another partner's binding, by design of the VRM).
"""

from __future__ import annotations

import dataclasses
import re
import uuid

from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session
from oslo_config import cfg
from oslo_context import context as oslo_context
from oslo_policy import opts as policy_opts
from oslo_policy import policy as oslo_policy

from aggregator import handler as agg_handler
from aggregator import policies as agg_rules
from aggregator.policies import aggregator as agg_policies
from tests.functional import k2k_fixtures
from tests.functional import test_aggregator
from tests.functional import test_vrm_recovery
from tests.functional import vrm_base
from virtual_region_manager import handler as vrm_handler
from virtual_region_manager import policies as vrm_rules
from virtual_region_manager.policies import vrm as vrm_policies

MISSING = 'missing-' + uuid.uuid4().hex[:8]
# A user key of a placement (the partner's name for one of its users).
KEY = 'a' * 32

# Personas: name -> the Keystone that issued its token (None: no token).
PERSONAS = {
    'reseller_admin': 'reseller', 'reseller_system_admin': 'reseller',
    'reseller_domain_admin': 'reseller', 'reseller_unscoped': 'reseller',
    'tenant': 'reseller', 'tenant_reader': 'reseller',
    'other_tenant': 'reseller',
    'provider_admin': 'provider', 'provider_system_admin': 'provider',
    'provider_system_reader': 'provider',
    'provider_domain_admin': 'provider', 'provider_unscoped': 'provider',
    'provider_customer': 'provider', 'provider_customer_reader': 'provider',
    'partner': 'provider', 'other_partner': 'provider',
    'no_token': None,
}
PARTNERS = ('partner', 'other_partner')
# Personas no VRM operation may allow, whatever the defaults say.
NEVER_VRM_STAFF = ('provider_customer', 'provider_customer_reader',
                   'provider_domain_admin', 'provider_unscoped')
WRITES = ('POST', 'PATCH', 'PUT', 'DELETE')

# rule: (method, path). Paths use the fixture objects: {region} a region
# nobody has, {project} tenant x's project, {missing} an id nobody has.
AGGREGATOR = {
    'aggregator:providers:list': ('GET', '/v1/providers'),
    'aggregator:providers:create': ('POST', '/v1/providers'),
    'aggregator:providers:show': ('GET', '/v1/providers/{missing}'),
    'aggregator:providers:delete': ('DELETE', '/v1/providers/{missing}'),
    'aggregator:offerings:list': ('GET', '/v1/offerings'),
    'aggregator:regions:list': ('GET', '/v1/regions'),
    'aggregator:regions:create': ('POST', '/v1/regions'),
    'aggregator:regions:show': ('GET', '/v1/regions/{region}'),
    'aggregator:regions:update': ('PATCH', '/v1/regions/{region}'),
    'aggregator:regions:delete': ('DELETE', '/v1/regions/{region}'),
    'aggregator:placements:list': ('GET', '/v1/regions/{region}/projects'),
    'aggregator:placements:create': ('POST',
                                     '/v1/regions/{region}/projects'),
    'aggregator:placements:delete': (
        'DELETE', '/v1/regions/{region}/projects/{project}'),
    'aggregator:project_regions:list': (
        'GET', '/v1/projects/{project}/regions'),
    'aggregator:proxy': ('GET', '/proxy/{region}/image/v2/images'),
}

# {vr} a throwaway virtual region, {partner} the partner's own record,
# {binding} a pending binding of the partner (not of the other partner).
# Rows run in this order; the binding actions walk it pending -> rejected
# and never activate it.
VRM = {
    'vrm:virtual_regions:list': ('GET', '/v1/virtual-regions'),
    'vrm:virtual_regions:create': ('POST', '/v1/virtual-regions'),
    'vrm:virtual_regions:show': ('GET', '/v1/virtual-regions/{vr}'),
    'vrm:virtual_regions:update': ('PATCH', '/v1/virtual-regions/{vr}'),
    'vrm:virtual_regions:delete': ('DELETE', '/v1/virtual-regions/{missing}'),
    'vrm:partners:list': ('GET', '/v1/partners'),
    'vrm:partners:create': ('POST', '/v1/partners'),
    'vrm:partners:show': ('GET', '/v1/partners/{partner}'),
    'vrm:partners:delete': ('DELETE', '/v1/partners/{missing}'),
    'vrm:offerings:list': ('GET', '/v1/offerings'),
    'vrm:bindings:list': ('GET', '/v1/bindings'),
    'vrm:bindings:create': ('POST', '/v1/bindings'),
    'vrm:bindings:show': ('GET', '/v1/bindings/{binding}'),
    'vrm:projects:list': ('GET', '/v1/bindings/{binding}/projects'),
    'vrm:projects:create': ('POST', '/v1/bindings/{binding}/projects'),
    'vrm:projects:delete': (
        'DELETE', '/v1/bindings/{binding}/projects/{missing}'),
    'vrm:projects:update': (
        'PATCH', '/v1/bindings/{binding}/projects/{missing}'),
    'vrm:projects:credential': (
        'PUT', '/v1/bindings/{binding}/projects/{missing}/credential'),
    'vrm:projects:users:update': (
        'PUT', '/v1/bindings/{binding}/projects/{missing}/users/{key}'),
    'vrm:projects:users:delete': (
        'DELETE', '/v1/bindings/{binding}/projects/{missing}/users/{key}'),
    # pending: suspend and resume are refused (409) once allowed.
    'vrm:bindings:suspend': ('POST', '/v1/bindings/{binding}/action'),
    'vrm:bindings:resume': ('POST', '/v1/bindings/{binding}/action'),
    # pending -> rejected; then approve is a 409, terminate ends it.
    'vrm:bindings:reject': ('POST', '/v1/bindings/{binding}/action'),
    'vrm:bindings:approve': ('POST', '/v1/bindings/{binding}/action'),
    'vrm:bindings:terminate': ('POST', '/v1/bindings/{binding}/action'),
}
# What a partner may do at all: its offerings, its bindings, its
# placements. Never the provider's definitions or other partners.
PARTNER_OPERATIONS = frozenset({
    'vrm:offerings:list', 'vrm:bindings:list', 'vrm:bindings:create',
    'vrm:bindings:show', 'vrm:projects:list', 'vrm:projects:create',
    'vrm:projects:delete', 'vrm:projects:credential', 'vrm:projects:update',
    'vrm:projects:users:update', 'vrm:projects:users:delete',
    'vrm:bindings:suspend', 'vrm:bindings:resume', 'vrm:bindings:terminate'})
# What a reseller's tenant (member of its project) may do at all.
TENANT_OPERATIONS = frozenset({
    'aggregator:regions:list', 'aggregator:regions:show',
    'aggregator:placements:list', 'aggregator:placements:create',
    'aggregator:placements:delete', 'aggregator:project_regions:list',
    'aggregator:proxy'})

EXPECTED_STATUS = {'F': 403, 'U': 401, 'H': 404}


@dataclasses.dataclass
class Persona:
    name: str
    cloud: str | None          # whose Keystone issued its token
    session: ks_session.Session
    credentials: oslo_context.RequestContext | None = None


def enforcer(rules) -> oslo_policy.Enforcer:
    """An enforcer of the defaults alone, scope and new defaults on."""
    conf = cfg.ConfigOpts()
    policy_opts.set_defaults(conf, enforce_scope=True,
                             enforce_new_defaults=True)
    conf([], project='csf-policy-matrix')
    found = oslo_policy.Enforcer(conf, policy_file='/nonexistent')
    found.register_defaults(rules)
    found.load_rules()
    return found


def allowed(found: oslo_policy.Enforcer, rule: str, target: dict,
            creds: oslo_context.RequestContext) -> bool:
    try:
        return bool(found.authorize(rule, target, creds, do_raise=False))
    except oslo_policy.InvalidScope:
        return False


def credentials(sess: ks_session.Session) -> oslo_context.RequestContext:
    """What keystonemiddleware tells a service about this token."""
    access = sess.auth.get_access(sess)
    return oslo_context.RequestContext(
        user_id=access.user_id, project_id=access.project_id,
        domain_id=access.domain_id if access.domain_scoped else None,
        system_scope='all' if access.system_scoped else None,
        roles=list(access.role_names))


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
    return {(method, shape(path)) for method, path in table.values()}


class TestPolicyMatrix(test_aggregator.AggregatorTestCase):
    provider = 'p1'

    def setUp(self) -> None:
        super().setUp()
        self.vrm_url = self.service('%s-vrm' % self.provider)['url']

    # --- personas ------------------------------------------------------

    def role_sessions(self) -> None:
        """A persona per kind of caller; the partners are onboarded here.

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
        reseller = self.keystone_admin('aggregator-admin')
        provider = self.keystone_admin('provider-%s-admin' % self.provider)
        sessions = {
            'reseller_admin': self.reseller,
            'reseller_system_admin': self.scoped('aggregator-admin',
                                                 system_scope='all'),
            'reseller_domain_admin': self.domain_admin(
                reseller, 'aggregator-admin'),
            'reseller_unscoped': self.scoped('aggregator-admin'),
            'tenant': self.tenant,
            'tenant_reader': self.user_of(
                reseller, 'tenant-x', 'reader',
                project=self.tenant_project),
            'other_tenant': self.user_of(reseller, 'tenant-x', 'member'),
            'provider_admin': self.admin.session,
            'provider_system_admin': self.scoped(
                'provider-%s-admin' % self.provider, system_scope='all'),
            'provider_system_reader': self.user_of(
                provider, 'provider-%s-admin' % self.provider, 'reader',
                system=True),
            'provider_domain_admin': self.domain_admin(
                provider, 'provider-%s-admin' % self.provider),
            'provider_unscoped': self.scoped(
                'provider-%s-admin' % self.provider),
            'provider_customer': self.user_of(
                provider, 'provider-%s-admin' % self.provider, 'member'),
            'provider_customer_reader': self.user_of(
                provider, 'provider-%s-admin' % self.provider, 'reader'),
            'partner': partner_client.session,
            'other_partner': other_client.session,
            'no_token': ks_session.Session(),
        }
        self.assertEqual(set(PERSONAS), set(sessions))
        self.personas = {}
        for name, sess in sessions.items():
            persona = Persona(name, PERSONAS[name], sess)
            if persona.cloud:
                persona.credentials = credentials(sess)
            self.personas[name] = persona

    def scoped(self, cloud: str, **scope) -> ks_session.Session:
        """The cloud's admin with another scope (none: unscoped)."""
        auth = dict(self.cloud(cloud)['auth'])
        for key in ('project_name', 'project_domain_name'):
            auth.pop(key)
        auth.update(scope)
        return ks_session.Session(auth=v3.Password(**auth))

    def domain_admin(self, ks, cloud: str) -> ks_session.Session:
        """A user of its own, admin of a domain of its own."""
        tag = uuid.uuid4().hex[:10]
        domain = ks.domains.create(name='pm-' + tag)
        self.addCleanup(self._delete_domain, ks, domain)
        user = ks.users.create(name='pm-' + tag, domain=domain,
                               password='pw-' + tag)
        ks.roles.grant(ks.roles.list(name='admin')[0], user=user,
                       domain=domain)
        auth = {'auth_url': self.cloud(cloud)['auth']['auth_url'],
                'username': user.name, 'password': 'pw-' + tag,
                'user_domain_id': domain.id, 'domain_id': domain.id}
        return ks_session.Session(auth=v3.Password(**auth))

    @staticmethod
    def _delete_domain(ks, domain) -> None:
        ks.domains.update(domain, enabled=False)
        ks.domains.delete(domain)

    def user_of(self, ks, cloud: str, role: str, *, project: str = None,
                system: bool = False) -> ks_session.Session:
        """A new user holding only ``role``.

        On ``project``, on the system, or on a new project of its own (a
        customer of that cloud).
        """
        tag = uuid.uuid4().hex[:10]
        user = ks.users.create(name='pm-' + tag, domain='default',
                               password='pw-' + tag)
        self.addCleanup(ks.users.delete, user)
        found = ks.roles.list(name=role)[0]
        scope = {}
        if system:
            ks.roles.grant(found, user=user, system='all')
            scope = {'system_scope': 'all'}
        else:
            if project is None:
                made = ks.projects.create(name='pm-' + tag, domain='default')
                self.addCleanup(ks.projects.delete, made)
                project = made.id
            ks.roles.grant(found, user=user, project=project)
            scope = {'project_id': project}
        auth = {'auth_url': self.cloud(cloud)['auth']['auth_url'],
                'username': user.name, 'password': 'pw-' + tag,
                'user_domain_name': 'Default', **scope}
        return ks_session.Session(auth=v3.Password(**auth))

    # --- expectations ----------------------------------------------------

    def expected(self, rules, cloud: str, table: dict, targets) -> dict:
        """rule -> persona -> outcome, from the defaults of ``rules``."""
        found = enforcer(rules)
        out = {}
        for rule, (method, path) in table.items():
            out[rule] = {}
            for name, persona in self.personas.items():
                if persona.cloud != cloud:
                    out[rule][name] = 'U'
                    continue
                target = targets(rule, path, persona)
                if allowed(found, rule, target, persona.credentials):
                    out[rule][name] = 'A'
                elif name in PARTNERS and '{binding}' in path and (
                        target['project_id'] !=
                        persona.credentials.project_id):
                    # Another partner's binding: hidden, not forbidden.
                    out[rule][name] = 'H'
                else:
                    out[rule][name] = 'F'
        return out

    def assert_invariants(self, expected: dict, table: dict,
                          checks) -> None:
        """Check the defaults themselves.

        ``checks(rule, method, persona)`` says which outcomes a persona
        may have; any other is listed.
        """
        wrong = []
        for rule, by_persona in expected.items():
            method = table[rule][0]
            for persona, outcome in by_persona.items():
                ok = checks(rule, method, persona)
                if outcome not in ok:
                    wrong.append('%s as %s: default gives %s, must be one '
                                 'of %s' % (rule, persona, outcome, ok))
        self.assertEqual([], wrong, '\n'.join(wrong))

    def call(self, base: str, persona: str, method: str, path: str, body):
        sess = self.personas[persona].session
        kwargs = {'json': body} if body is not None else {}
        return sess.request(base + path, method, raise_exc=False,
                            authenticated=persona != 'no_token', **kwargs)

    def run_table(self, table: dict, expected: dict, base: str, fill: dict,
                  bodies) -> list:
        """Call every row for every persona (allowed personas last)."""
        wrong = []
        for rule, (method, path) in table.items():
            url = path.format(**fill)
            order = sorted(expected[rule],
                           key=lambda p: expected[rule][p] == 'A')
            for persona in order:
                want = expected[rule][persona]
                resp = self.call(base, persona, method, url,
                                 bodies(rule, persona))
                status = resp.status_code
                if want == 'A':
                    ok = status not in (401, 403) and status < 500
                else:
                    ok = status == EXPECTED_STATUS[want]
                if not ok:
                    wrong.append('%s as %s: %s %s -> %d (expected %s) %s'
                                 % (rule, persona, method, url, status,
                                    want, resp.text[:200]))
        return wrong

    # --- tests -----------------------------------------------------------

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

    @staticmethod
    def aggregator_checks(rule: str, method: str, persona: str) -> tuple:
        cloud = PERSONAS[persona]
        if cloud != 'reseller':
            return ('U',)
        if persona in ('reseller_admin', 'reseller_system_admin'):
            # A region serves projects: the system cannot use one.
            return ('F',) if (rule == 'aggregator:proxy' and
                              persona == 'reseller_system_admin') else ('A',)
        if persona in ('reseller_domain_admin', 'reseller_unscoped'):
            return ('F',)
        if rule not in TENANT_OPERATIONS:
            return ('F',)
        if persona == 'tenant_reader' and method in WRITES:
            return ('F',)
        names_x = ('{project}' in AGGREGATOR[rule][1] or
                   rule == 'aggregator:placements:create')
        if persona == 'other_tenant' and names_x:   # tenant x's project
            return ('F',)
        return ('A',)

    @staticmethod
    def vrm_checks(rule: str, method: str, persona: str) -> tuple:
        cloud = PERSONAS[persona]
        if cloud != 'provider':
            return ('U',)
        if persona in NEVER_VRM_STAFF:
            return ('F',)
        if persona in ('provider_admin', 'provider_system_admin'):
            # Staff do everything but what only a partner asks for.
            return ('F',) if rule in ('vrm:bindings:create',
                                      'vrm:projects:create',
                                      'vrm:projects:credential',
                                      'vrm:projects:users:update',
                                      'vrm:projects:update') else ('A',)
        if persona == 'provider_system_reader':
            return ('A',) if method == 'GET' else ('F',)
        # partners
        if persona == 'other_partner' and '{binding}' in VRM[rule][1]:
            return ('H',)       # never learns of the partner's binding
        return ('A',) if rule in PARTNER_OPERATIONS else ('F',)

    def test_aggregator_matrix(self):
        self.role_sessions()
        fill = {'region': self.unique('nowhere'), 'missing': MISSING,
                'project': self.tenant_project}
        p1 = self.service('%s-keystone' % self.provider)['auth_url']

        def targets(rule, path, persona):
            project = None
            if '{project}' in path or rule == 'aggregator:placements:create':
                project = self.tenant_project
            return {'project_id': project or persona.credentials.project_id,
                    'user_id': persona.credentials.user_id}

        expected = self.expected(agg_rules.list_rules(), 'reseller',
                                 AGGREGATOR, targets)
        self.assert_invariants(expected, AGGREGATOR, self.aggregator_checks)

        def bodies(rule, persona):
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

        wrong = self.run_table(AGGREGATOR, expected, self.agg_url, fill,
                               bodies)
        self.assertEqual([], wrong, '\n'.join(wrong))

    def test_vrm_matrix(self):
        self.role_sessions()
        vr = self.create_region(approval='manual')
        partner = self.personas['partner']
        binding = self.request_binding(vrm_base.VRMClient(
            partner.session, self.region, endpoint=self.vrm_url), vr)
        self.names: dict = {}
        fill = {'vr': vr['id'], 'partner': self.partner['id'],
                'binding': binding['id'], 'missing': MISSING, 'key': KEY}
        actions = {'vrm:bindings:%s' % a: {a: None} for a in (
            'suspend', 'resume', 'reject', 'approve')}
        actions['vrm:bindings:terminate'] = {'terminate': {
            'projects': 'delete'}}

        def targets(rule, path, persona):
            if '{binding}' in path:      # the binding's owner
                return {'project_id': partner.credentials.project_id}
            return {'project_id': persona.credentials.project_id,
                    'user_id': persona.credentials.user_id}

        expected = self.expected(vrm_rules.list_rules(), 'provider', VRM,
                                 targets)
        self.assert_invariants(expected, VRM, self.vrm_checks)

        def bodies(rule, persona):
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
                return {'virtual_region': {'description': persona}}
            if rule == 'vrm:projects:create':
                return {'project': {'name': self.unique('t')}}
            if rule in ('vrm:projects:credential',
                        'vrm:projects:users:update'):
                return {'credential': {'secret': 's' * 40}}
            if rule == 'vrm:projects:update':
                return {'project': {'access': {
                    'project': 'renamed', 'project_domain': 'Default'}}}
            return actions.get(rule)

        wrong = self.run_table(VRM, expected, self.vrm_url, fill, bodies)
        self.assertEqual([], wrong, '\n'.join(wrong))
        # Only the staff's creations went through, once each.
        creators = [p for p, o in expected['vrm:partners:create'].items()
                    if o == 'A']
        self.assertEqual(['provider_admin', 'provider_system_admin'],
                         sorted(creators))
        self.assertEqual({'virtual-regions': 2, 'partners': 2},
                         {k: len(self.made(k)) for k in self.names})

    def test_federated_user_is_refused_at_the_vrm(self):
        """A reseller's tenant, in by K2K, is no provider staff.

        Its token at the provider carries ``member`` on the provider
        project backing its placement (a pass-through region): every VRM
        operation refuses it, whatever the defaults say of ``member``.
        """
        self.useFixture(k2k_fixtures.ProviderLock(self.topology,
                                                  self.provider))
        region = self.real_partner_region('pass-through')
        self.assertEqual(201, self.place(region['name'],
                                         self.tenant_project).status_code)
        self.tenant.invalidate()     # a token listing the new provider
        federated = ks_session.Session(auth=k2k_fixtures.Keystone2Keystone(
            self.tenant.auth, region['service_provider_id'],
            project_id=self.placement_in(
                region['name'], self.tenant_project)['provider_project_id']))
        self.assertIn('member', credentials(federated).roles)
        # The real objects behind its region: refused, not just missing.
        binding = self.stored_row(
            'reseller-aggregator', 'SELECT binding_id FROM regions WHERE '
            'name = :region', region=region['name'])[0]
        fill = {'vr': region['virtual_region_id'], 'partner': MISSING,
                'binding': binding, 'missing': MISSING, 'key': KEY}
        wrong = []
        for rule, (method, path) in VRM.items():
            body = {} if method in WRITES else None
            if path.endswith('/action'):    # the action names the rule
                body = {rule.rsplit(':', 1)[1]: None}
            resp = federated.request(
                self.vrm_url + path.format(**fill), method,
                raise_exc=False, json=body)
            if resp.status_code != 403:
                wrong.append('%s: %s %s -> %d %s' % (
                    rule, method, path, resp.status_code, resp.text[:200]))
        self.assertEqual([], wrong, '\n'.join(wrong))

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
