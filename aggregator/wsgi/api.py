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
"""WSGI entry point of the Aggregator API.

Point a WSGI server at ``aggregator.wsgi.api:application``, for instance
uwsgi's ``module = aggregator.wsgi.api:application``. The configuration file
is ``$AGGREGATOR_CONFIG_FILE``, or ``/etc/aggregator/aggregator.conf`` when
that variable is unset (the service runs on defaults if that file is
missing).

The application is built the first time ``application`` is looked up, not
when this module is imported.
"""

from collections.abc import Mapping
import os

from aggregator import deploy
from aggregator import service

CONFIG_FILE_ENV = 'AGGREGATOR_CONFIG_FILE'
DEFAULT_CONFIG_FILE = '/etc/aggregator/aggregator.conf'


def config_files(environ: Mapping[str, str] | None = None) -> list[str]:
    """Return the configuration files to read.

    A file named in the environment must exist (oslo.config fails
    otherwise); the default file is optional.
    """
    if environ is None:
        environ = os.environ
    path = environ.get(CONFIG_FILE_ENV)
    if path:
        return [path]
    return [DEFAULT_CONFIG_FILE] if os.path.exists(DEFAULT_CONFIG_FILE) else []


def init_application(
        environ: Mapping[str, str] | None = None) -> deploy.WSGIApp:
    """Read the configuration and return the WSGI application."""
    conf = service.prepare([], default_config_files=config_files(environ))
    return deploy.deploy(conf)


def __getattr__(name: str) -> deploy.WSGIApp:
    # PEP 562: build ``application`` on first access, then keep it.
    if name == 'application':
        app = globals()['application'] = init_application()
        return app
    raise AttributeError(name)
