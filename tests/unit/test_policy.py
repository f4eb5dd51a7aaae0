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
"""Each service's policy in code loads, and its enforcer entry point.

Enforcement of the base rules is tested once, in
tests/unit/common/test_policy.py.
"""

from oslo_policy import policy as oslo_policy

from tests.unit import base


class _PolicyTests:

    def test_list_rules(self):
        rules = self.module('policies').list_rules()
        names = [rule.name for rule in rules]
        self.assertEqual(len(names), len(set(names)))
        self.assertIn('admin', names)
        self.assertIn('staff_reader', names)
        for rule in rules:
            self.assertIsInstance(rule, oslo_policy.RuleDefault)
            self.assertTrue(rule.description, rule.name)
            self.assertTrue(rule.scope_types, rule.name)

    def test_operator_in_descriptions(self):
        rules = {rule.name: rule
                 for rule in self.module('policies').list_rules()}
        self.assertIn('A %s administrator' % self.info['operator'],
                      rules['admin'].description)

    def test_get_enforcer(self):
        enforcer = self.module('policy').get_enforcer()
        self.assertIsInstance(enforcer, oslo_policy.Enforcer)
        names = {rule.name for rule in self.module('policies').list_rules()}
        self.assertEqual(names, set(enforcer.registered_rules))


class AggregatorPolicyTest(_PolicyTests, base.ServiceTestCase):
    SERVICE = 'aggregator'


class VirtualRegionManagerPolicyTest(_PolicyTests, base.ServiceTestCase):
    SERVICE = 'vrm'
