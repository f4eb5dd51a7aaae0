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
"""Mapping rules built from placements' ``access``."""

import types

import testtools

from virtual_region_manager import access
from virtual_region_manager import errors
from virtual_region_manager.schemas import project as project_schema
from virtual_region_manager import service_quotas
from virtual_region_manager import validation


def _conf(prefix: str = '') -> types.SimpleNamespace:
    return types.SimpleNamespace(federation=types.SimpleNamespace(
        remote_user_attribute='openstack_user',
        assertion_attribute_prefix=prefix))


def _placement(pid: str, access_: dict | None):
    return types.SimpleNamespace(id=pid, access=access_)


class RulesTest(testtools.TestCase):

    def test_partner_user_alone_has_no_group(self):
        rules = access.rules(_conf(), 'reseller', 'dom', [])
        self.assertEqual([{
            'local': [{'user': {'name': 'partner-reseller'}}],
            'remote': [{'type': 'openstack_user'}]}], rules)

    def test_each_placement_gets_its_group_for_matching_assertions(self):
        rules = access.rules(_conf(), 'reseller', 'dom', [
            _placement('p1', {'project': 'T', 'project_domain': 'Default'}),
            _placement('p2', None),       # made before access existed
            _placement('p3', {'project': 'service',
                              'project_domain': 'Default',
                              'user': 'aggregator',
                              'user_domain': 'Default'})])
        self.assertEqual(3, len(rules))
        self.assertEqual([{'group': {'name': 'vrm-p-p1',
                                     'domain': {'id': 'dom'}}}],
                         rules[1]['local'])
        self.assertEqual([
            {'type': 'openstack_user'},
            {'type': 'openstack_project', 'any_one_of': ['T']},
            {'type': 'openstack_project_domain', 'any_one_of': ['Default']},
        ], rules[1]['remote'])
        self.assertEqual([
            {'type': 'openstack_user', 'any_one_of': ['aggregator']},
            {'type': 'openstack_project', 'any_one_of': ['service']},
            {'type': 'openstack_project_domain', 'any_one_of': ['Default']},
            {'type': 'openstack_user_domain', 'any_one_of': ['Default']},
        ], rules[2]['remote'])

    def test_access_by_role_gives_member_and_reader_groups(self):
        by_role = {'role': 'csf-abc', 'roles': {
            'member': ['member', 'admin'],
            'reader': ['reader', 'member', 'admin']}}
        rules = access.rules(_conf('MELLON_'), 'reseller', 'dom', [
            _placement('p1', by_role)])
        self.assertEqual(3, len(rules))
        member, reader = rules[1:]
        self.assertEqual([{'group': {'name': 'vrm-p-p1',
                                     'domain': {'id': 'dom'}}}],
                         member['local'])
        self.assertEqual([{'group': {'name': 'vrm-r-p1',
                                     'domain': {'id': 'dom'}}}],
                         reader['local'])
        # The access role and a role of the tenant's, both; no names.
        self.assertEqual([
            {'type': 'openstack_user'},
            {'type': 'MELLON_openstack_roles', 'any_one_of': ['csf-abc']},
            {'type': 'MELLON_openstack_roles',
             'any_one_of': ['member', 'admin']}], member['remote'])
        self.assertEqual([
            {'type': 'openstack_user'},
            {'type': 'MELLON_openstack_roles', 'any_one_of': ['csf-abc']},
            {'type': 'MELLON_openstack_roles',
             'any_one_of': ['reader', 'member', 'admin']}], reader['remote'])

    def test_attribute_prefix(self):
        rules = access.rules(_conf('MELLON_'), 'r', 'dom', [
            _placement('p1', {'project': 'T', 'project_domain': 'D'})])
        self.assertEqual(['openstack_user', 'MELLON_openstack_project',
                          'MELLON_openstack_project_domain'],
                         [r['type'] for r in rules[1]['remote']])


class AccessSchemaTest(testtools.TestCase):

    def body(self, **access_):
        return {'project': {'name': 'x', 'access': access_}}

    def test_project_and_domain_required(self):
        validation.validate(project_schema.CREATE, self.body(
            project='T', project_domain='Default'))
        for bad in ({'project': 'T'}, {'project_domain': 'D'},
                    {'project': 'T', 'project_domain': 'D', 'extra': 1},
                    {'project': '', 'project_domain': 'D'}):
            exc = self.assertRaises(errors.InvalidInput, validation.validate,
                                    project_schema.CREATE, self.body(**bad))
            self.assertIn('access', str(exc))

    def test_role_with_its_roles(self):
        roles = {'member': ['member'], 'reader': ['reader']}
        validation.validate(project_schema.CREATE, self.body(
            role='csf-abc', roles=roles))
        for bad in ({'role': 'csf-abc'}, {'roles': roles},
                    {'role': 'csf-abc', 'roles': {'member': ['member']}},
                    {'role': 'csf-abc', 'roles': dict(roles, reader=[])},
                    {'role': '', 'roles': roles}):
            exc = self.assertRaises(errors.InvalidInput, validation.validate,
                                    project_schema.CREATE, self.body(**bad))
            self.assertIn('access', str(exc))


class ServiceQuotasTest(testtools.TestCase):
    """Network quota goes to Neutron, the rest to unified limits."""

    def test_split(self):
        self.assertEqual(
            ({'image': {'image_count_total': 2},
              'compute': {'class:VCPU': 4}}, {'network': 3, 'port': 9}),
            service_quotas.split({'image': {'image_count_total': 2},
                                  'compute': {'class:VCPU': 4},
                                  'network': {'network': 3, 'port': 9}}))
        self.assertEqual(({}, {}), service_quotas.split(None))

    def test_no_neutron_account_is_a_400_naming_the_quota(self):
        from oslo_config import cfg
        from virtual_region_manager import conf as vrm_conf
        conf = cfg.ConfigOpts()
        vrm_conf.register_opts(conf)
        conf([], default_config_files=[])
        exc = self.assertRaises(errors.InvalidInput,
                                service_quotas.NeutronQuotas, conf, 'R4')
        self.assertIn('quota.network', str(exc))


ROLES = {'member': ['member', 'admin'],
         'reader': ['reader', 'member', 'admin']}
X, Y = 'csf-u-' + '0' * 20, 'csf-u-' + 'f' * 20


class PseudonymMappingTest(testtools.TestCase):
    """The mapping, as Keystone's own mapping engine applies it."""

    def setUp(self):
        super().setUp()
        import keystone.conf
        from keystone.federation import utils as federation_utils
        if not hasattr(keystone.conf.CONF, 'federation'):
            keystone.conf.configure()
        keystone.conf.CONF([], project='keystone', default_config_files=[])
        rules = access.rules(_conf(), 'reseller', 'dom', [
            _placement('p1', {'role': 'csf-t', 'roles': ROLES,
                              'pseudonym_prefix': 'csf-u-'}),
            _placement('p2', {'role': 'csf-q', 'roles': ROLES})])
        federation_utils.validate_mapping_structure({'rules': rules})
        self.engine = federation_utils.RuleProcessor('m', rules)

    def mapped(self, *roles: str) -> tuple:
        out = self.engine.process({'openstack_user': 'x',
                                   'openstack_roles': ';'.join(roles)})
        return (out['user']['name'],
                sorted({g['name'] for g in out['group_names']}))

    def test_each_pseudonym_its_own_user(self):
        self.assertEqual((X, ['vrm-p-p1', 'vrm-r-p1']),
                         self.mapped('member', 'csf-t', X))
        self.assertEqual((Y, ['vrm-r-p1']),
                         self.mapped('reader', 'csf-t', Y))

    def test_no_pseudonym_no_user_of_its_own(self):
        # With the access role but no pseudonym (or one of another
        # shape): no user at all, never the partner-level one others
        # share (Keystone refuses the assertion).
        for roles in (('member', 'csf-t'), ('member', 'csf-t', 'csf-u-XYZ'),
                      ('member', 'csf-t', X + '-extra')):
            self.assertNotIn('name', self.engine.process({
                'openstack_user': 'x', 'openstack_roles': ';'.join(roles)}
            ).get('user') or {}, roles)
        # Another project's access role: the partner-level user, as before.
        self.assertEqual('partner-reseller',
                         self.mapped('member', 'csf-x', X)[0])
        # A placement without a prefix names no user.
        self.assertEqual(('partner-reseller', ['vrm-p-p2', 'vrm-r-p2']),
                         self.mapped('member', 'csf-q', X))
