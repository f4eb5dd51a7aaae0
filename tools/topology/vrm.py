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
"""A provider's Virtual Region Manager, beside its Keystone, under uwsgi."""

from __future__ import annotations

import shlex

from tools.topology import memcached as memcache
from tools.topology import process
from tools.topology import service
from tools.topology import uwsgi

SERVICE_USER = 'vrm'
SERVICE_TYPE = 'virtual-region-manager'


class VRM(service.Service):
    kind = 'vrm'

    def __init__(self, *, name: str, cloud: str, root: str, port: int,
                 region: str, keystone_url: str, service_password: str,
                 sp_url: str, trusted_idp_dir: str,
                 reload_argv: list[str], database_url: str | None = None,
                 memcached_servers: str | None = None,
                 memcache_secret_key: str | None = None,
                 processes: int = 2,
                 backend_port: int | None = None) -> None:
        super().__init__(name=name, cloud=cloud, root=root)
        # PostgreSQL and memcached when scaled out, else SQLite.
        # uwsgi's own port when nginx (nginx.Front) answers on ``port``.
        self.backend_port = backend_port
        self.database_url = database_url
        self.memcached_servers = memcached_servers
        self.memcache_secret_key = memcache_secret_key
        self.processes = processes
        self.port = port
        self.region = region
        self.keystone_url = keystone_url
        self.service_password = service_password
        # Where the provider's SAML2 SP (apache.MellonSP) takes assertions,
        # reads trusted IdPs from, and how it is reloaded.
        self.sp_url = sp_url
        self.trusted_idp_dir = trusted_idp_dir
        self.reload_argv = reload_argv
        self.conf = self.path('virtual-region-manager.conf')
        self.extra_env: dict = {}

    @property
    def url(self) -> str:
        return 'http://127.0.0.1:%d' % self.port

    def record(self) -> dict:
        data = super().record()
        data.update(region=self.region, config=self.conf,
                    database=self.path('vrm.db'),
                    connection=self.database_url or 'sqlite:///%s'
                    % self.path('vrm.db'), processes=self.processes)
        return data

    def config(self, *, database: str | None = None) -> dict:
        account = {'auth_url': self.keystone_url + '/v3',
                   'auth_type': 'password', 'username': SERVICE_USER,
                   'password': self.service_password,
                   'user_domain_name': 'Default'}
        if database:
            connection = 'sqlite:///%s' % database
        else:
            connection = self.database_url or 'sqlite:///%s' % self.path(
                'vrm.db')
        conf = {
            'DEFAULT': {'debug': 'False', 'use_stderr': 'True'},
            'api': {'public_endpoint': self.url},
            'database': {'connection': connection},
            'keystone_authtoken': dict(
                account, www_authenticate_uri=self.keystone_url,
                project_name='service', project_domain_name='Default',
                interface='public', service_token_roles_required='True',
                **memcache.authtoken(self.memcached_servers,
                                     self.memcache_secret_key)),
            # Domains, identity providers and limits need system admin.
            'keystone': dict(account, system_scope='all'),
            # Neutron's quota API takes a project admin (no system scope).
            'neutron': dict(account, project_name='service',
                            project_domain_name='Default'),
            'federation': {
                'auth_url': self.keystone_url + '/v3',
                'sp_url': self.sp_url,
                'trusted_idp_dir': self.trusted_idp_dir,
                'reload_command': ' '.join(
                    shlex.quote(a) for a in self.reload_argv),
            },
            # A lease shorter than a job's slowest step (a few Keystone
            # calls: over 10 s on a loaded 2-core machine) lets recovery
            # take over a job still running; 30 s is the default.
            'jobs': {'lease_seconds': '30', 'recovery_interval': '2'},
        }
        return conf

    def prepare(self) -> None:
        service.write_ini(self.conf, self.config())
        process.run([service.venv_bin('virtual-region-manager-manage'),
                     '--config-file', self.conf, 'db', 'sync'],
                    log_path=self.log)

    def start(self) -> None:
        argv = uwsgi.command(
            module='virtual_region_manager.wsgi.api:application',
            http_port=self.backend_port or self.port,
            processes=self.processes,
            # Several threads per process: a slow client holds one.
            threads=4,
            env=dict({'VRM_CONFIG_FILE': self.conf}, **self.extra_env))
        self.spawn(argv)
