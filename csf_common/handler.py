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
"""Dispatch requests along a service's route table.

A route table maps each Routes path to the HTTP methods it accepts and the
handler serving each: a plain function taking a ``webob.Request`` (path
parameters in ``req.urlvars``) and returning a ``webob.Response``. A path
that exists, requested with a method it does not accept, answers 405 with
an ``Allow`` header. Domain errors are mapped to HTTP statuses here, at the
boundary, so that nothing below knows about HTTP.
"""

from collections.abc import Callable
from collections.abc import Mapping
import urllib.parse

from oslo_config import cfg
from oslo_log import log as logging
from oslo_policy import policy
import routes
import webob
import webob.exc

from csf_common import context
from csf_common import errors
from csf_common import render

LOG = logging.getLogger(__name__)

# path -> HTTP method -> handler.
RouteTable = Mapping[str, Mapping[str, Callable[[webob.Request],
                                                webob.Response]]]

# HTTP status for each kind of domain error; subclasses inherit their
# kind's.
STATUS_BY_KIND = {
    errors.InvalidInput: 400,
    errors.Unauthorized: 401,
    errors.PolicyNotAuthorized: 403,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.Unavailable: 503,
    errors.ServiceError: 500,
}


def status_for(error: errors.ServiceError) -> int:
    """Return the HTTP status of ``error``, from the nearest kind."""
    for cls in type(error).__mro__:
        if cls in STATUS_BY_KIND:
            return STATUS_BY_KIND[cls]
    return 500


def make_map(declarations: RouteTable) -> routes.Mapper:
    """Build a Routes mapper from a route table.

    Every path also gets a fallback matching any other method: its
    ``action`` is None and ``_methods`` lists the methods it accepts.
    """
    mapper = routes.Mapper()
    for path, methods in declarations.items():
        for method, action in methods.items():
            mapper.connect(path, action=action,
                           conditions={'method': [method]})
        mapper.connect(path, action=None, _methods=', '.join(methods))
    return mapper


class Handler:
    """Dispatch requests to the functions of a route table."""

    def __init__(self, *, conf: cfg.ConfigOpts, enforcer: policy.Enforcer,
                 routes: RouteTable, codes: errors.PlumbingCodes) -> None:
        self.conf = conf
        self.enforcer = enforcer
        self.codes = codes
        self._map = make_map(routes)

    def __call__(self, environ, start_response):
        ctx = environ[context.ENV_CONTEXT]
        ctx.config = self.conf
        ctx.enforcer = self.enforcer
        req = webob.Request(environ)
        try:
            response = self._dispatch(req)
        except errors.ServiceError as exc:
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
                    environ, status=exc.code, code=self.codes.undefined,
                    title=exc.title, detail=exc.detail or exc.explanation)
        return response(environ, start_response)

    def _dispatch(self, req: webob.Request) -> webob.Response:
        match = self._map.match(environ=req.environ)
        if match is None:
            return render.error_response(
                req.environ, status=404, code=self.codes.route_not_found,
                detail='No resource at %s.' % _shown_path(req.environ))
        action = match.pop('action')
        if action is None:
            return render.error_response(
                req.environ, status=405,
                code=self.codes.method_not_allowed,
                detail='The method specified is not allowed for this '
                       'resource.',
                headers={'Allow': match['_methods']})
        for name, value in match.items():
            if isinstance(value, str) and '\x00' in value:
                # No id or name holds one, and PostgreSQL refuses it in a
                # query (a 500): the caller's to fix.
                return render.error_response(
                    req.environ, status=400, code=self.codes.invalid_input,
                    detail='The path may not contain a NUL character '
                           '(%%00) in {%s}.' % name)
        query = req.environ.get('QUERY_STRING', '')
        if '\x00' in urllib.parse.unquote(query):
            return render.error_response(
                req.environ, status=400, code=self.codes.invalid_input,
                detail='The query may not contain a NUL character (%00).')
        req.urlvars = match
        return action(req)


def wsgi_bytes(text: str) -> bytes:
    """The bytes of a WSGI string such as ``PATH_INFO``.

    WSGI hands them over as bytes in a latin-1 string (PEP 3333); a string
    that is not one (real text) is taken as UTF-8.
    """
    try:
        return text.encode('latin-1')
    except UnicodeEncodeError:
        return text.encode('utf-8')


def _shown_path(environ: dict) -> str:
    """The request path for a message, even when it is not UTF-8."""
    path = wsgi_bytes(environ.get('PATH_INFO', ''))
    return path.decode('utf-8', 'replace')
