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
"""Assemble the Virtual Region Manager's WSGI application from a ConfigOpts."""

from oslo_config import cfg

from csf_common import deploy as common_deploy
from virtual_region_manager.db import api as db
from virtual_region_manager import handler
from virtual_region_manager.handlers import util
from virtual_region_manager import policies
from virtual_region_manager import provider
from virtual_region_manager import recovery
from virtual_region_manager import service


def deploy(conf: cfg.ConfigOpts, *,
           recover: bool = False) -> common_deploy.WSGIApp:
    """Return the Virtual Region Manager's WSGI application for ``conf``.

    Also connects the database, builds the session with the provider's
    Keystone and, with ``recover`` (as the WSGI entry point asks), starts
    looking for jobs a crash interrupted.
    """
    missing = [name for name in ('auth_url', 'sp_url', 'trusted_idp_dir')
               if not conf.federation[name]]
    if missing:
        raise cfg.RequiredOptError(missing[0], cfg.OptGroup('federation'))
    db.configure(conf)
    pk = provider.keystone(conf)
    app = common_deploy.deploy(
        conf, service=service.SERVICE, routes=handler.ROUTE_DECLARATIONS,
        rules=policies.list_rules())
    if recover:
        recovery.start(conf, pk)

    def with_provider(environ, start_response):
        environ[util.ENV_PROVIDER_KEYSTONE] = pk
        return app(environ, start_response)
    return with_provider
