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
"""What a provider's IaaS services (Placement, Nova, Neutron) share.

They run from their own venv (``.venv-iaas``, made by
``tools/install-iaas.sh`` under OpenStack's upper-constraints), validate
tokens against the provider's Keystone with keystonemiddleware, and call
each other as their service users, as devstack configures them.
"""

from __future__ import annotations

import os
import signal
import time

from tools.topology import process
from tools.topology import service

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
VENV = os.path.join(REPO, '.venv-iaas')


def bin_path(name: str) -> str:
    return os.path.join(VENV, 'bin', name)


def etc_path(*parts: str) -> str:
    """A file the service's wheel installs below the venv's ``etc/``."""
    return os.path.join(VENV, 'etc', *parts)


def installed() -> bool:
    return os.access(bin_path('nova-compute'), os.X_OK)


def require() -> None:
    if not installed():
        raise process.StartError(
            'The provider IaaS venv %s is missing: run make install (or '
            'tools/install-iaas.sh).' % VENV)


def uwsgi_command(*, module: str, http_port: int, env: dict,
                  optimize: bool = False,
                  extra: list[str] | None = None) -> list[str]:
    """uwsgi from the IaaS venv serving ``module`` on loopback.

    One worker with two threads, as ../shared/IAAS.md measured them;
    ``optimize`` runs Python with asserts off (neutron's ML2 test driver
    asserts on flows real clients make).
    """
    argv = [bin_path('uwsgi'), '--master', '--die-on-term', '--need-app',
            '--module', module, '--processes', '1', '--threads', '2',
            '--enable-threads', '--lazy-apps', '--virtualenv', VENV,
            '--http-socket', '127.0.0.1:%d' % http_port,
            '--buffer-size', '65535', '--http-chunked-input',
            '--http-auto-chunked', '--http-raw-body',
            '--add-header', 'Connection: close']
    if optimize:
        argv += ['--optimize', '1']
    for key, value in env.items():
        argv += ['--env', '%s=%s' % (key, value)]
    return argv + list(extra or [])


def authtoken(keystone_url: str, user: str, password: str,
              region: str) -> dict:
    """``[keystone_authtoken]`` of a service validating its users' tokens."""
    return {
        'www_authenticate_uri': keystone_url,
        'auth_url': keystone_url,
        'auth_type': 'password',
        'username': user,
        'password': password,
        'project_name': 'service',
        'user_domain_name': 'Default',
        'project_domain_name': 'Default',
        'interface': 'public',
        'region_name': region,
        'service_token_roles_required': 'True',
        # As the devstack plugin sets it on services offered in virtual
        # regions (doc/source/admin/revocation.rst).
        'token_cache_time': '60',
    }


def service_auth(keystone_url: str, user: str, password: str,
                 region: str) -> dict:
    """An auth section for calling another service as ``user``."""
    return {
        'auth_type': 'password',
        'auth_url': keystone_url,
        'username': user,
        'password': password,
        'project_name': 'service',
        'user_domain_name': 'Default',
        'project_domain_name': 'Default',
        'region_name': region,
        'valid_interfaces': 'public',
    }


def oslo_limit(keystone_url: str, user: str, password: str, region: str,
               endpoint_id: str | None) -> dict:
    """``[oslo_limit]``: Keystone's unified limits for ``endpoint_id``.

    Read with the service user's system-scoped reader role.
    """
    return {
        'endpoint_id': endpoint_id or '',
        'auth_url': keystone_url,
        'auth_type': 'password',
        'username': user,
        'password': password,
        'user_domain_name': 'Default',
        'system_scope': 'all',
        'endpoint_interface': 'public',
        'endpoint_region_name': region,
    }


class IaasService(service.Service):
    """A provider IaaS process: its config file(s) rewritten at each start."""

    def config_files(self) -> dict:
        """``{path: sections}`` this process reads."""
        raise NotImplementedError

    def write_config(self) -> None:
        for path, sections in self.config_files().items():
            service.write_ini(path, sections)

    def run_once(self, marker: str, argv: list[str]) -> None:
        """Run a setup command (a db sync) once per state folder."""
        path = self.path('.%s' % marker)
        if not os.path.exists(path):
            process.run(argv, log_path=self.log)
            open(path, 'w').close()


class Daemon(IaasService):
    """A process without a port (conductor, scheduler, RPC server...).

    Nova's and Neutron's daemons stop at once on SIGINT (cotyledon takes
    SIGTERM as a graceful exit that lasts); the signal is recorded so
    that ``topology down`` sends it.
    """

    stop_signal = signal.SIGINT

    @property
    def url(self) -> str:
        return 'rpc://%s' % self.name

    def health_url(self) -> None:
        return None

    def record(self) -> dict:
        data = super().record()
        data['stop_signal'] = self.stop_signal.name
        return data

    def wait_ready(self, timeout: float = 30) -> None:
        # No port: alive a moment after the start is what can be seen.
        time.sleep(1)
        if not process.alive(self.pid):
            raise process.StartError('%s exited; see %s'
                                     % (self.name, self.log))

    def stop(self) -> None:
        process.stop(self.pid, sig=self.stop_signal)


class API:
    """Mixin: an API under uwsgi on ``port`` (stops on SIGTERM).

    Its record says its region and the databases it needs made.
    """

    stop_signal = signal.SIGTERM

    def __init__(self, *, port: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.port = port

    def databases(self) -> list[str]:
        return []

    def record(self) -> dict:
        data = super().record()
        data.update(region=self.region, databases=self.databases())
        return data

    def health_url(self) -> str:
        # The version document answers without a token.
        return 'http://127.0.0.1:%d/' % self.port

    def wait_ready(self, timeout: float = 90) -> None:
        process.wait_http(self.health_url(), pid=self.pid, timeout=timeout,
                          log_path=self.log)
