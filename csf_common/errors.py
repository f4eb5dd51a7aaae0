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
"""Kinds of domain error, and the codes of the errors the plumbing reports.

Each service derives its errors from these kinds and gives each one a stable
string ``code`` that clients may rely on: never rename one. Errors know
nothing of HTTP; ``csf_common.handler`` maps a kind to a status at the API
boundary, so a service error inherits the status of its kind::

    class NotFound(errors.NotFound, AggregatorError):
        code = 'aggregator.not_found'
"""

import dataclasses


class ServiceError(Exception):
    """Base class of every error a service reports to a client.

    Each service derives its own base from this one and sets ``code`` on
    every concrete error.
    """

    code = 'csf.error'
    msg_fmt = 'An unknown error occurred.'

    def __init__(self, message: str | None = None, **kwargs: object) -> None:
        self.kwargs = kwargs
        if message is None:
            message = self.msg_fmt % kwargs if kwargs else self.msg_fmt
        super().__init__(message)


class NotFound(ServiceError):
    msg_fmt = 'The resource could not be found.'


class Conflict(ServiceError):
    msg_fmt = 'The request conflicts with the current state of the resource.'


class InvalidInput(ServiceError):
    msg_fmt = 'The request is not valid.'


class Unauthorized(ServiceError):
    """The request's credentials were refused: send it again."""

    msg_fmt = 'The request could not be authenticated.'


class PolicyNotAuthorized(ServiceError):
    msg_fmt = 'Policy does not allow %(action)s to be performed.'


class Unavailable(ServiceError):
    """Something the service depends on cannot be reached right now."""

    msg_fmt = ('A service this request depends on is not available; '
               'try again later.')


@dataclasses.dataclass(frozen=True, kw_only=True)
class PlumbingCodes:
    """Codes of the errors that the WSGI plumbing reports itself.

    They are not raised as domain errors: an unknown path, a method a path
    does not accept, a missing token, an HTTP error without a code of its
    own, an unexpected exception. Like every code, never rename one.
    """

    undefined: str
    route_not_found: str
    method_not_allowed: str
    unauthorized: str
    internal: str
    # A path or query the plumbing refuses (a NUL in it): the service's
    # own invalid-input code.
    invalid_input: str = ''

    @classmethod
    def for_prefix(cls, prefix: str) -> 'PlumbingCodes':
        """Return the codes a service whose codes start with ``prefix`` uses.

        They are ``<prefix>.undefined_code``, ``<prefix>.route_not_found``,
        ``<prefix>.method_not_allowed``, ``<prefix>.unauthorized`` and
        ``<prefix>.internal_error``.
        """
        return cls(undefined=prefix + '.undefined_code',
                   route_not_found=prefix + '.route_not_found',
                   method_not_allowed=prefix + '.method_not_allowed',
                   unauthorized=prefix + '.unauthorized',
                   internal=prefix + '.internal_error',
                   invalid_input=prefix + '.invalid_input')
