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
"""Kinds of domain error, their HTTP status, the plumbing's codes."""

from csf_common import errors
from csf_common import handler
from tests.unit.common import base

KINDS = (errors.ServiceError, errors.NotFound, errors.Conflict,
         errors.InvalidInput, errors.PolicyNotAuthorized,
         errors.Unavailable)


class ErrorTest(base.CommonTestCase):

    def test_every_kind_maps_to_a_status(self):
        for kind in KINDS:
            status = handler.status_for(kind())
            self.assertTrue(400 <= status <= 599, kind)

    def test_status_by_kind(self):
        self.assertEqual(
            [500, 404, 409, 400, 403, 503],
            [handler.status_for(kind()) for kind in KINDS])

    def test_subclass_inherits_status(self):
        class Gone(base.NotFound):
            code = base.PREFIX + 'test.gone'

        self.assertEqual(404, handler.status_for(Gone()))

        class Unknown(errors.ServiceError):
            code = base.PREFIX + 'test.unknown'

        self.assertEqual(500, handler.status_for(Unknown()))

    def test_message_from_format(self):
        error = base.Forbidden(action='x:y')
        self.assertIn('x:y', str(error))
        self.assertEqual({'action': 'x:y'}, error.kwargs)

    def test_explicit_message(self):
        self.assertEqual('Nothing here.', str(base.NotFound('Nothing here.')))
        self.assertEqual('The resource could not be found.',
                         str(base.NotFound()))

    def test_plumbing_codes_for_prefix(self):
        self.assertEqual(
            errors.PlumbingCodes(undefined='p.undefined_code',
                                 route_not_found='p.route_not_found',
                                 method_not_allowed='p.method_not_allowed',
                                 unauthorized='p.unauthorized',
                                 internal='p.internal_error',
                                 invalid_input='p.invalid_input'),
            errors.PlumbingCodes.for_prefix('p'))
        self.assertEqual(errors.PlumbingCodes.for_prefix('fake'),
                         base.SERVICE.codes)
