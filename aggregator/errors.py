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
"""Domain errors of the Aggregator.

Each error carries a stable string ``code`` that clients may rely on: never
rename one. Errors know nothing of HTTP; each derives from a kind of
``csf_common.errors``, which ``csf_common.handler`` maps to a status code
at the API boundary. The codes of the errors the WSGI plumbing reports
itself (``<prefix>.route_not_found`` and the like) follow from the prefix
in ``aggregator.service.SERVICE``.
"""

from csf_common import errors


class AggregatorError(errors.ServiceError):
    """Base class of every error the Aggregator reports to a client."""

    code = 'aggregator.error'


class NotFound(errors.NotFound, AggregatorError):
    code = 'aggregator.not_found'


class Conflict(errors.Conflict, AggregatorError):
    code = 'aggregator.conflict'


class InvalidInput(errors.InvalidInput, AggregatorError):
    code = 'aggregator.invalid_input'


class ProviderRefused(errors.Unauthorized, AggregatorError):
    """The region refused the Aggregator's own credentials.

    For a request whose body could not be sent again; the next request
    gets new ones.
    """

    code = 'aggregator.region_refused_credentials'
    msg_fmt = ('The region did not accept this request\'s credentials; '
               'send it again.')


class PolicyNotAuthorized(errors.PolicyNotAuthorized, AggregatorError):
    code = 'aggregator.forbidden'


class ProviderUnavailable(errors.Unavailable, AggregatorError):
    code = 'aggregator.provider_unavailable'
    msg_fmt = 'Provider %(provider)s is not available; try again later.'


class CredentialRefused(errors.InvalidInput, AggregatorError):
    code = 'aggregator.credential_refused'
    msg_fmt = "The provider's Keystone refuses this partner credential."
