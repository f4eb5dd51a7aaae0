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
"""Each service's domain errors: stable codes, the status of each.

Kinds of error and the mapping to HTTP statuses are tested once, in
tests/unit/common/test_errors.py.
"""

from csf_common import handler
from tests.unit import base


class _ErrorTests:

    def _error_classes(self):
        return [value for value in vars(self.errors).values()
                if isinstance(value, type)
                and issubclass(value, self.base_error)]

    def test_codes_are_unique_and_namespaced(self):
        codes = [cls.code for cls in self._error_classes()]
        self.assertEqual(len(codes), len(set(codes)))
        for code in codes:
            self.assertTrue(code.startswith(self.code_prefix), code)

    def test_every_error_maps_to_a_status(self):
        for cls in self._error_classes():
            status = handler.status_for(cls())
            self.assertTrue(400 <= status <= 599, cls)

    def test_status_of_each_error(self):
        statuses = {cls.__name__: handler.status_for(cls())
                    for cls in self._error_classes()}
        self.assertEqual(self.info['statuses'], statuses)

    def test_plumbing_codes(self):
        codes = self.spec.codes
        self.assertEqual(self.code_prefix + 'undefined_code', codes.undefined)
        self.assertEqual(self.code_prefix + 'route_not_found',
                         codes.route_not_found)
        self.assertEqual(self.code_prefix + 'method_not_allowed',
                         codes.method_not_allowed)
        self.assertEqual(self.code_prefix + 'unauthorized',
                         codes.unauthorized)
        self.assertEqual(self.code_prefix + 'internal_error', codes.internal)

    def test_policy_error(self):
        self.assertIs(self.errors.PolicyNotAuthorized, self.spec.policy_error)
        error = self.errors.PolicyNotAuthorized(action='x:y')
        self.assertIn('x:y', str(error))
        self.assertEqual(self.code_prefix + 'forbidden', error.code)


class AggregatorErrorTest(_ErrorTests, base.ServiceTestCase):
    SERVICE = 'aggregator'

    def test_message_from_format(self):
        error = self.errors.ProviderUnavailable(provider='p1')
        self.assertIn('p1', str(error))


class VirtualRegionManagerErrorTest(_ErrorTests, base.ServiceTestCase):
    SERVICE = 'vrm'
