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
"""Domain errors: stable codes, HTTP mapping at the handler boundary."""

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
        handler = self.module('handler')
        for cls in self._error_classes():
            status = handler.status_for(cls())
            self.assertTrue(400 <= status <= 599, cls)

    def test_subclass_inherits_status(self):
        handler = self.module('handler')

        class Gone(self.errors.NotFound):
            code = self.code_prefix + 'test.gone'

        self.assertEqual(404, handler.status_for(Gone()))

    def test_message_from_format(self):
        error = self.errors.PolicyNotAuthorized(action='x:y')
        self.assertIn('x:y', str(error))


class AggregatorErrorTest(_ErrorTests, base.ServiceTestCase):
    SERVICE = 'aggregator'


class VirtualRegionManagerErrorTest(_ErrorTests, base.ServiceTestCase):
    SERVICE = 'vrm'
