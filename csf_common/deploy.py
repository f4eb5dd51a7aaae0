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
"""Assemble a service's WSGI application from a ConfigOpts."""

from collections.abc import Callable
from collections.abc import Iterable

from oslo_config import cfg
from oslo_middleware import request_id
from oslo_policy import policy as oslo_policy

from csf_common import auth
from csf_common import fault_wrap
from csf_common import framing
from csf_common import handler
from csf_common import policy
from csf_common import service as common_service

# environ, start_response -> body
WSGIApp = Callable[[dict, Callable], Iterable[bytes]]


def deploy(conf: cfg.ConfigOpts, *, service: common_service.ServiceSpec,
           routes: handler.RouteTable,
           rules: Iterable[oslo_policy.RuleDefault],
           streamed: tuple[str, ...] = ()) -> WSGIApp:
    """Return the WSGI application for ``conf`` (options registered, parsed).

    From the outside in: request id, fault wrapper, framing guard (a
    malformed or oversize request line, header or Content-Length: 4xx),
    body size limit (``[oslo_middleware] max_request_body_size``: 413;
    paths starting with one of ``streamed`` are exempt, their bodies
    stream elsewhere), authentication, request context, then the router
    over ``routes``, enforcing ``rules`` (as overridden by the operator's
    policy file). Bad input is thus refused before authentication and
    policy spend anything on it. Every request gets an
    ``x-openstack-request-id``; any unexpected exception below the fault
    wrapper becomes a JSON 500 carrying that id.
    """
    app = handler.Handler(conf=conf,
                          enforcer=policy.make_enforcer(conf, rules),
                          routes=routes, codes=service.codes)
    app = auth.ContextMiddleware(
        app, unauthorized_code=service.codes.unauthorized,
        policy_error=service.policy_error)
    if conf.api.auth_strategy == 'noauth':
        app = auth.NoAuthMiddleware(app)
    else:
        # Pass the ConfigOpts explicitly: the [keystone_authtoken] options
        # are read from it rather than from a global configuration.
        app = auth.AuthProtocol(app, {'oslo_config_config': conf})
    app = framing.BodySizeLimiter(app, conf, code=service.codes.undefined,
                                  streamed=streamed)
    app = framing.FramingGuard(app, code=service.codes.undefined)
    app = fault_wrap.FaultWrapper(app, code=service.codes.internal)
    return request_id.RequestId(app)
