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
"""Routing of the Virtual Region Manager API.

``ROUTE_DECLARATIONS`` maps each Routes path to the HTTP methods it accepts
and the handler serving each: a plain function taking a ``webob.Request``
(path parameters in ``req.urlvars``) and returning a ``webob.Response``.
The whole API surface is readable here. A path that exists, requested
with a method it does not accept, answers 405 with an ``Allow`` header.
Domain errors are mapped to HTTP statuses here, at the boundary, so that
nothing below knows about HTTP.
"""

from oslo_config import cfg
from oslo_log import log as logging
from oslo_policy import policy
import routes
import webob
import webob.exc

from virtual_region_manager import context
from virtual_region_manager import errors
from virtual_region_manager.handlers import root
from virtual_region_manager import render

LOG = logging.getLogger(__name__)

# Do not put regular expressions in path parameters: a request that does
# not match must reach its handler so that the 404 can say what is missing.
ROUTE_DECLARATIONS = {
    # '' lets the service answer at its prefix without a trailing slash
    # when it is mounted under one (/vrm as well as /vrm/).
    '': {'GET': root.home},
    '/': {'GET': root.home},
    '/v1': {'GET': root.v1},
    '/v1/': {'GET': root.v1},
}

# HTTP status for each domain error; subclasses inherit their parent's.
STATUS_BY_ERROR = {
    errors.InvalidInput: 400,
    errors.PolicyNotAuthorized: 403,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.KeystoneUnavailable: 503,
    errors.VRMError: 500,
}


def status_for(error: errors.VRMError) -> int:
    for cls in type(error).__mro__:
        if cls in STATUS_BY_ERROR:
            return STATUS_BY_ERROR[cls]
    return 500


def _method_not_allowed(req: webob.Request) -> webob.Response:
    allowed = req.urlvars.get('_methods', '')
    return render.error_response(
        req.environ, status=405, code=errors.CODE_METHOD_NOT_ALLOWED,
        detail='The method specified is not allowed for this resource.',
        headers={'Allow': allowed})


def make_map(declarations: dict) -> routes.Mapper:
    """Build a Routes mapper, with a 405 fallback for every path."""
    mapper = routes.Mapper()
    for path, methods in declarations.items():
        for method, action in methods.items():
            mapper.connect(path, action=action,
                           conditions={'method': [method]})
        mapper.connect(path, action=_method_not_allowed,
                       _methods=', '.join(methods))
    return mapper


class Handler:
    """Dispatch requests to the functions of ROUTE_DECLARATIONS."""

    def __init__(self, *, conf: cfg.ConfigOpts,
                 enforcer: policy.Enforcer) -> None:
        self.conf = conf
        self.enforcer = enforcer
        self._map = make_map(ROUTE_DECLARATIONS)

    def __call__(self, environ, start_response):
        ctx = environ[context.ENV_CONTEXT]
        ctx.config = self.conf
        ctx.enforcer = self.enforcer
        req = webob.Request(environ)
        try:
            response = self._dispatch(req)
        except errors.VRMError as exc:
            status = status_for(exc)
            if status >= 500:
                LOG.error('%s: %s', exc.code, exc)
            response = render.error_response(
                environ, status=status, code=exc.code, detail=str(exc))
        except webob.exc.HTTPException as exc:
            if exc.code < 400:
                response = exc
            else:
                response = render.error_response(
                    environ, status=exc.code, code=errors.CODE_UNDEFINED,
                    title=exc.title, detail=exc.detail or exc.explanation)
        return response(environ, start_response)

    def _dispatch(self, req: webob.Request) -> webob.Response:
        match = self._map.match(environ=req.environ)
        if match is None:
            return render.error_response(
                req.environ, status=404, code=errors.CODE_ROUTE_NOT_FOUND,
                detail='No resource at %s.' % req.path_info)
        action = match.pop('action')
        req.urlvars = match
        return action(req)
