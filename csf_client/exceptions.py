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
"""Typed errors of both APIs, read from their API-WG error bodies.

Both services answer errors as
``{"errors": [{"status", "code", "title", "detail", "request_id"}]}``
where ``code`` is a stable string (``vrm.conflict``,
``aggregator.credential_refused``, ...). ``from_response`` picks the
class by status and fills ``code``, ``message`` and ``request_id``.
"""

from __future__ import annotations

_UNSET = object()


class ClientException(Exception):
    """An error of a Cloud Service Federation API call."""

    status_code: int | None = None
    default_message = 'The request failed.'

    def __init__(self, message: str | None = None, *,
                 status_code: int | None | object = _UNSET,
                 code: str | None = None,
                 request_id: str | None = None) -> None:
        self.message = message or self.default_message
        if status_code is not _UNSET:   # None: no HTTP answer at all
            self.status_code = status_code
        self.code = code
        self.request_id = request_id
        super().__init__(self.message)

    def __str__(self) -> str:
        text = self.message
        if self.status_code:
            text += ' (HTTP %s)' % self.status_code
        if self.code:
            text += ' (code: %s)' % self.code
        if self.request_id:
            text += ' (Request-ID: %s)' % self.request_id
        return text


class BadRequest(ClientException):
    status_code = 400
    default_message = 'The request is not valid.'


class Unauthorized(ClientException):
    status_code = 401
    default_message = 'Authentication is required.'


class AuthenticationFailed(Unauthorized):
    """The identity service refused the credentials (no token at all)."""

    default_message = 'The identity service refused the credentials.'


class Forbidden(ClientException):
    status_code = 403
    default_message = 'Policy does not allow this request.'


class NotFound(ClientException):
    status_code = 404
    default_message = 'The resource could not be found.'


class Conflict(ClientException):
    status_code = 409
    default_message = 'The request conflicts with the resource state.'


class PayloadTooLarge(ClientException):
    status_code = 413
    default_message = 'The request body is too large.'


class ServiceUnavailable(ClientException):
    """503, or the service could not be reached at all (status None)."""

    status_code = 503
    default_message = 'The service is not available; try again later.'


class EndpointNotFound(ClientException):
    """The catalog lists no endpoint of the service."""

    default_message = 'No endpoint of the service in the catalog.'


_BY_STATUS = {cls.status_code: cls for cls in (
    BadRequest, Unauthorized, Forbidden, NotFound, Conflict,
    PayloadTooLarge, ServiceUnavailable)}


def class_for(status: int) -> type[ClientException]:
    """The exception class for an HTTP status (the base class if none)."""
    return _BY_STATUS.get(status, ClientException)


def _error_fields(resp) -> tuple[str | None, str | None, str | None]:
    """(message, code, request_id) from an API-WG or Keystone error body."""
    try:
        body = resp.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        errors = body.get('errors')
        if isinstance(errors, list) and errors and isinstance(
                errors[0], dict):
            first = errors[0]
            return (first.get('detail') or first.get('title'),
                    first.get('code'), first.get('request_id'))
        error = body.get('error')
        if isinstance(error, dict):     # Keystone's own format
            return error.get('message') or error.get('title'), None, None
    text = (getattr(resp, 'text', '') or '').strip()
    return (text[:200] or None), None, None


def from_response(resp) -> ClientException:
    """Return (not raise) the exception a failed HTTP response stands for."""
    message, code, request_id = _error_fields(resp)
    request_id = request_id or resp.headers.get('x-openstack-request-id')
    return class_for(resp.status_code)(
        message or getattr(resp, 'reason', None),
        status_code=resp.status_code, code=code, request_id=request_id)
