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
from virtual_region_manager import handler
from virtual_region_manager import policies
from virtual_region_manager import service


def deploy(conf: cfg.ConfigOpts) -> common_deploy.WSGIApp:
    """Return the Virtual Region Manager's WSGI application for ``conf``."""
    return common_deploy.deploy(
        conf, service=service.SERVICE, routes=handler.ROUTE_DECLARATIONS,
        rules=policies.list_rules())
