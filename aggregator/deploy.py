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
"""Assemble the Aggregator's WSGI application from a ConfigOpts."""

from oslo_config import cfg
import requests

from aggregator.db import api as db
from aggregator import handler
from aggregator.handlers import proxy
from aggregator import policies
from aggregator.proxy import tokens
from aggregator import service
from aggregator import sync
from csf_common import deploy as common_deploy


def deploy(conf: cfg.ConfigOpts, *,
           refresh: bool = False) -> common_deploy.WSGIApp:
    """Return the Aggregator's WSGI application for ``conf``.

    Also connects the database and, with ``refresh`` (as the WSGI entry
    point asks), starts refreshing providers' offerings and bindings in
    the background.
    """
    db.configure(conf)
    app = common_deploy.deploy(
        conf, service=service.SERVICE, routes=handler.ROUTE_DECLARATIONS,
        rules=policies.list_rules(),
        # The proxy streams bodies (images of GBs) to the provider, whose
        # services limit them: no API body limit there.
        streamed=('/proxy/',))
    if refresh:
        sync.start(conf)
    provider_tokens = tokens.ProviderTokens(conf)
    http = requests.Session()       # pooled connections to providers

    def with_proxy_state(environ, start_response):
        environ[proxy.ENV_TOKENS] = provider_tokens
        environ[proxy.ENV_HTTP] = http
        return app(environ, start_response)
    return with_proxy_state
