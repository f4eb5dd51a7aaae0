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
"""The Aggregator's wrapper maps client errors to its own error kinds."""

from unittest import mock

from keystoneauth1 import exceptions as ks_exc
import testtools

from aggregator import errors
from aggregator import vrm_client
from csf_client import exceptions
from csf_client import vrm


class TestErrorMapping(testtools.TestCase):

    def wrapper(self, error):
        client = vrm_client.VRMClient.__new__(vrm_client.VRMClient)
        client.name = 'P1'
        # Reads and changes go through clients with different timeouts.
        client.reader = mock.create_autospec(vrm.VRMClient, instance=True)
        client.client = mock.create_autospec(vrm.VRMClient, instance=True)
        client.reader.list_offerings.side_effect = error
        client.client.create_binding.side_effect = error
        return client

    def mapped(self, error):
        return self.assertRaises(errors.AggregatorError,
                                 self.wrapper(error).offerings)

    def test_mapping(self):
        cases = (
            (exceptions.NotFound('Binding b not found.', status_code=404),
             errors.NotFound, 'Provider P1: Binding b not found.'),
            (exceptions.Conflict('pending', status_code=409),
             errors.Conflict, 'Provider P1: pending'),
            (exceptions.BadRequest('bad field', status_code=400),
             errors.InvalidInput, 'Provider P1: bad field'),
            (exceptions.Forbidden('no', status_code=403),
             errors.InvalidInput, 'Provider P1: no'),
            (exceptions.ClientException('boom', status_code=500),
             errors.ProviderUnavailable, 'Provider P1 failed (500).'),
            (exceptions.ServiceUnavailable('busy'),
             errors.ProviderUnavailable, 'Provider P1 failed (503).'),
            (exceptions.AuthenticationFailed('no', status_code=401),
             errors.CredentialRefused,
             "Provider P1's Keystone refuses the partner credential."),
        )
        for error, kind, message in cases:
            exc = self.mapped(error)
            self.assertIs(kind, type(exc))
            self.assertEqual(message, str(exc))
            exc = self.assertRaises(errors.AggregatorError,
                                    self.wrapper(error).create_binding, 'v')
            self.assertIs(kind, type(exc))

    def test_unreachable_says_why(self):
        cause = ks_exc.ConnectFailure('Connection refused')
        error = exceptions.ServiceUnavailable('x', status_code=None)
        error.__cause__ = cause
        exc = self.mapped(error)
        self.assertIsInstance(exc, errors.ProviderUnavailable)
        self.assertIn('Provider P1 does not answer: Connection refused',
                      str(exc))

    def test_success_passes_through(self):
        client = self.wrapper(None)
        client.reader.list_offerings.side_effect = None
        client.reader.list_offerings.return_value = [{'id': 'o'}]
        self.assertEqual([{'id': 'o'}], client.offerings())
        client.client.create_binding.side_effect = None
        client.client.create_binding.return_value = {'id': 'b'}
        self.assertEqual({'id': 'b'}, client.create_binding('v'))
        client.client.create_binding.assert_called_once_with(
            'v', api_version='v1')
