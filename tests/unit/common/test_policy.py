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
