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
"""Build a service's WSGI application from its configuration file.

Each service's ``wsgi/api.py`` is the module a WSGI server points at; it
builds its ``application`` when imported, as Keystone's and Glance's do:
WSGI servers such as uwsgi and mod_wsgi look the callable up in the
module's namespace, so it must be a real attribute.
"""

from collections.abc import Callable
from collections.abc import Mapping
import os

from oslo_config import cfg

from csf_common import deploy as common_deploy
from csf_common import service as common_service


def config_files(service: common_service.ServiceSpec,
                 environ: Mapping[str, str] | None = None) -> list[str]:
    """Return the configuration files to read.

    The file named by ``$<config_file_env>`` must exist (oslo.config fails
    otherwise); the default file is optional.
    """
    if environ is None:
        environ = os.environ
    path = environ.get(service.config_file_env)
    if path:
        return [path]
    default = service.default_config_file
    return [default] if os.path.exists(default) else []


def init_application(
        service: common_service.ServiceSpec,
        deploy: Callable[[cfg.ConfigOpts], common_deploy.WSGIApp],
        environ: Mapping[str, str] | None = None) -> common_deploy.WSGIApp:
    """Read the service's configuration and return ``deploy(conf)``."""
    conf = common_service.prepare(
        service, [], default_config_files=config_files(service, environ))
    return deploy(conf)
