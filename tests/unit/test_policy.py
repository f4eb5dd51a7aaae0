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
"""Policy in code loads and enforces."""

from oslo_policy import policy as oslo_policy

from tests.unit import base


class _PolicyTests:

    def test_list_rules(self):
        rules = self.module('policies').list_rules()
        names = [rule.name for rule in rules]
        self.assertEqual(len(names), len(set(names)))
        self.assertIn('admin', names)
        self.assertIn('reader', names)
        for rule in rules:
            self.assertIsInstance(rule, oslo_policy.RuleDefault)
            self.assertTrue(rule.description, rule.name)
            self.assertTrue(rule.scope_types, rule.name)

    def test_enforcer_applies_defaults(self):
        enforcer = self.module('policy').make_enforcer(self.make_conf())
        admin = {'roles': ['admin'], 'project_id': 'p1'}
        member = {'roles': ['member', 'reader'], 'project_id': 'p1'}
        self.assertTrue(enforcer.authorize('admin', {}, admin))
        self.assertFalse(enforcer.authorize('admin', {}, member))
        self.assertTrue(enforcer.authorize(
            'admin_or_project_member', {'project_id': 'p1'}, member))
        self.assertFalse(enforcer.authorize(
            'admin_or_project_member', {'project_id': 'p2'}, member))


class AggregatorPolicyTest(_PolicyTests, base.ServiceTestCase):
    SERVICE = 'aggregator'


class VirtualRegionManagerPolicyTest(_PolicyTests, base.ServiceTestCase):
    SERVICE = 'vrm'
