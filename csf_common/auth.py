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
"""Authentication middleware and the request context built from it."""

from keystonemiddleware import auth_token
from oslo_log import log as logging
from oslo_middleware import request_id as oslo_request_id

from csf_common import context
from csf_common import errors
from csf_common.handlers import root
from csf_common import render

LOG = logging.getLogger(__name__)

# Version documents are public, as clients read them before they have a
# token (keystoneauth discovery).
UNAUTHENTICATED_PATHS = frozenset(root.ROUTE_DECLARATIONS)
# More public paths a service reads with GET or HEAD only (the
# Aggregator's proxied service roots, where a provider's version
# discovery answers); it adds them when its handler loads.
PUBLIC_PATTERNS: list = []


def is_public(environ: dict) -> bool:
    path = environ.get('PATH_INFO', '')
    if path in UNAUTHENTICATED_PATHS:
        return True
    return environ.get('REQUEST_METHOD') in ('GET', 'HEAD') and any(
        pattern.fullmatch(path) for pattern in PUBLIC_PATTERNS)


class AuthProtocol(auth_token.AuthProtocol):
    """keystonemiddleware's auth_token, skipped for version documents."""

    def __init__(self, app, conf: dict) -> None:
        self._unauthenticated_app = app
        super().__init__(app, conf)

    def __call__(self, environ, start_response):
        if is_public(environ):
            return self._unauthenticated_app(environ, start_response)
        return super().__call__(environ, start_response)


class NoAuthMiddleware:
    """Fake authentication, for unit tests only.

    Trusts an ``X-Auth-Token`` of the form ``user:project``. User ``admin``
    gets the admin role, everyone else member and reader.
    """

    def __init__(self, app) -> None:
        self.app = app

    def __call__(self, environ, start_response):
        token = environ.get('HTTP_X_AUTH_TOKEN')
        if token and not is_public(environ):
            user_id, _sep, project_id = token.partition(':')
            roles = 'admin' if user_id == 'admin' else 'member,reader'
            environ['HTTP_X_USER_ID'] = user_id
            environ['HTTP_X_PROJECT_ID'] = project_id or user_id
            environ['HTTP_X_ROLES'] = roles
            environ['HTTP_X_IDENTITY_STATUS'] = 'Confirmed'
        return self.app(environ, start_response)


class ContextMiddleware:
    """Build a RequestContext from the headers set by authentication.

    A request for anything but a version document without an authenticated
    user is refused with ``unauthorized_code``. Policy refusals in the
    context raise ``policy_error``, the service's own error.
    """

    def __init__(self, app, *, unauthorized_code: str,
                 policy_error: type[errors.PolicyNotAuthorized]) -> None:
        self.app = app
        self.unauthorized_code = unauthorized_code
        self.policy_error = policy_error

    def __call__(self, environ, start_response):
        ctx = context.RequestContext.from_environ(
            environ,
            request_id=environ.get(oslo_request_id.ENV_REQUEST_ID))
        if ctx.user_id is None and not is_public(environ):
            LOG.debug('Request without an authenticated user refused')
            response = render.error_response(
                environ, status=401, code=self.unauthorized_code,
                detail='Authentication is required.')
            return response(environ, start_response)
        ctx.policy_error = self.policy_error
        environ[context.ENV_CONTEXT] = ctx
        return self.app(environ, start_response)
