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
"""Base policy rules, and enforcement with a service's rules."""

from oslo_policy import policy as oslo_policy

from csf_common import context
from csf_common import errors
from csf_common.policies import base as base_policies
from csf_common import policy
from tests.unit.common import base


class PolicyTest(base.CommonTestCase):

    def test_operator_in_descriptions(self):
        rules = {rule.name: rule
                 for rule in base_policies.list_rules(operator='fake')}
        self.assertEqual("A fake administrator: the admin role in the "
                         "fake's Keystone.", rules['admin'].description)
        self.assertIn('A fake administrator',
                      rules['admin_or_project_member'].description)

    def test_enforcer_applies_defaults(self):
        enforcer = policy.make_enforcer(self.make_conf(), base.rules())
        admin = {'roles': ['admin'], 'project_id': 'p1'}
        member = {'roles': ['member', 'reader'], 'project_id': 'p1'}
        self.assertTrue(enforcer.authorize('admin', {}, admin))
        self.assertFalse(enforcer.authorize('admin', {}, member))
        self.assertTrue(enforcer.authorize(
            'admin_or_project_member', {'project_id': 'p1'}, member))
        self.assertFalse(enforcer.authorize(
            'admin_or_project_member', {'project_id': 'p2'}, member))

    def test_customers_are_not_staff(self):
        enforcer = policy.make_enforcer(self.make_conf(), base.rules())
        customer = {'roles': ['member', 'reader'], 'project_id': 'p1'}
        system_reader = {'roles': ['reader'], 'system_scope': 'all'}
        admin = {'roles': ['admin', 'member', 'reader'], 'project_id': 'p9'}
        self.assertFalse(enforcer.authorize('staff_reader', {}, customer))
        self.assertTrue(enforcer.authorize('staff_reader', {},
                                           system_reader))
        self.assertTrue(enforcer.authorize('staff_reader', {}, admin))
        self.assertFalse(enforcer.authorize('admin', {}, system_reader))


class ScopeRefusalTest(base.CommonTestCase):
    """A token of a scope an operation does not take: a clear 403."""

    def context(self, **creds):
        ctx = context.RequestContext(**creds)
        ctx.enforcer = policy.make_enforcer(self.make_conf(), [
            oslo_policy.RuleDefault('op', 'role:admin',
                                    scope_types=['project', 'system'])])
        ctx.policy_error = errors.PolicyNotAuthorized
        return ctx, errors.PolicyNotAuthorized

    def test_domain_scoped_token_gets_policy_error(self):
        ctx, error = self.context(roles=['admin'], domain_id='d1')
        exc = self.assertRaises(error, ctx.can, 'op')
        self.assertIn('A token scoped to a domain cannot perform op',
                      str(exc))
        self.assertIn('a project or the system', str(exc))
        self.assertFalse(ctx.can('op', fatal=False))

    def test_project_and_system_scopes_pass(self):
        for creds in ({'project_id': 'p1'}, {'system_scope': 'all'}):
            ctx, _error = self.context(roles=['admin'], **creds)
            self.assertTrue(ctx.can('op'))
