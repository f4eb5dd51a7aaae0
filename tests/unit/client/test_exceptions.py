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
"""Typed errors from API-WG (and other) error bodies."""

import testtools

from csf_client import exceptions
from tests.unit.client import fakes


class TestFromResponse(testtools.TestCase):

    def test_status_picks_the_class(self):
        for status, cls in ((400, exceptions.BadRequest),
                            (401, exceptions.Unauthorized),
                            (403, exceptions.Forbidden),
                            (404, exceptions.NotFound),
                            (409, exceptions.Conflict),
                            (413, exceptions.PayloadTooLarge),
                            (503, exceptions.ServiceUnavailable)):
            exc = exceptions.from_response(fakes.api_error(status, 'x.y', 'd'))
            self.assertIs(cls, type(exc))
            self.assertEqual(status, exc.status_code)

    def test_other_statuses_give_the_base_class(self):
        exc = exceptions.from_response(fakes.api_error(500, 'vrm.internal',
                                                       'boom'))
        self.assertIs(exceptions.ClientException, type(exc))
        self.assertEqual(500, exc.status_code)

    def test_api_wg_fields(self):
        exc = exceptions.from_response(fakes.api_error(
            409, 'vrm.conflict', 'Binding is pending.', 'req-42'))
        self.assertEqual('vrm.conflict', exc.code)
        self.assertEqual('Binding is pending.', exc.message)
        self.assertEqual('req-42', exc.request_id)
        self.assertEqual('Binding is pending. (HTTP 409) (code: '
                         'vrm.conflict) (Request-ID: req-42)', str(exc))

    def test_title_when_no_detail(self):
        resp = fakes.response(403, {'errors': [{'title': 'Forbidden',
                                                'code': 'a.forbidden'}]})
        self.assertEqual('Forbidden', exceptions.from_response(resp).message)

    def test_keystone_error_body(self):
        body = {'error': {'code': 401, 'title': 'Unauth', 'message':
                          'The request you have made requires '
                          'authentication.'}}
        resp = fakes.response(401, body,
                              headers={'x-openstack-request-id': 'req-ks'})
        exc = exceptions.from_response(resp)
        self.assertIsInstance(exc, exceptions.Unauthorized)
        self.assertIn('requires authentication', exc.message)
        self.assertIsNone(exc.code)
        self.assertEqual('req-ks', exc.request_id)

    def test_plain_text_body(self):
        exc = exceptions.from_response(fakes.response(
            502, text='Bad Gateway from the load balancer'))
        self.assertEqual('Bad Gateway from the load balancer', exc.message)

    def test_empty_body_uses_the_reason(self):
        exc = exceptions.from_response(fakes.response(404))
        self.assertEqual('Error', exc.message)

    def test_unreachable_has_no_status(self):
        exc = exceptions.ServiceUnavailable('down', status_code=None)
        self.assertIsNone(exc.status_code)
        self.assertEqual('down', str(exc))
        self.assertEqual(503, exceptions.ServiceUnavailable().status_code)
