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
"""The reseller's Aggregator, beside its Keystone, under uwsgi."""

from __future__ import annotations

import os

from tools.topology import memcached as memcache
from tools.topology import process
from tools.topology import service
from tools.topology import uwsgi

SERVICE_USER = 'aggregator'
SERVICE_TYPE = 'aggregator'


class Aggregator(service.Service):
    kind = 'aggregator'

    def __init__(self, *, name: str, cloud: str, root: str, port: int,
                 region: str, keystone_url: str, service_password: str,
                 encryption_key: str, database_url: str | None = None,
                 memcached_servers: str | None = None,
                 memcache_secret_key: str | None = None,
                 processes: int = 2,
                 backend_port: int | None = None) -> None:
        super().__init__(name=name, cloud=cloud, root=root)
        # uwsgi's own port when nginx (nginx.Front) answers on ``port``.
        self.backend_port = backend_port
        # PostgreSQL and memcached when scaled out, else SQLite and
        # per-process caches.
        self.database_url = database_url
        self.memcached_servers = memcached_servers
        self.memcache_secret_key = memcache_secret_key
        self.processes = processes
        self.port = port
        self.region = region
        self.keystone_url = keystone_url
        self.service_password = service_password
        self.encryption_key = encryption_key
        self.conf = self.path('aggregator.conf')
        self.database = self.path('aggregator.db')

    @property
    def url(self) -> str:
        return 'http://127.0.0.1:%d' % self.port

    @property
    def proxy_url(self) -> str:
        return self.url + '/proxy'

    @property
    def connection(self) -> str:
        return self.database_url or 'sqlite:///%s' % self.database

    def record(self) -> dict:
        data = super().record()
        data.update(region=self.region, config=self.conf,
                    database=self.database, proxy_url=self.proxy_url,
                    connection=self.connection, processes=self.processes)
        return data

    def config(self) -> dict:
        account = {'auth_url': self.keystone_url + '/v3',
                   'auth_type': 'password', 'username': SERVICE_USER,
                   'password': self.service_password,
                   'user_domain_name': 'Default'}
        conf = {
            'DEFAULT': {'debug': 'False', 'use_stderr': 'True'},
            'api': {'public_endpoint': self.url},
            'database': {'connection': self.connection},
            'keystone_authtoken': dict(
                account, www_authenticate_uri=self.keystone_url,
                project_name='service', project_domain_name='Default',
                interface='public', service_token_roles_required='True',
                **memcache.authtoken(self.memcached_servers,
                                     self.memcache_secret_key)),
            # Service providers (K2K) are system-admin objects.
            'keystone': dict(account, system_scope='all'),
            'credentials': {'encryption_key': self.encryption_key},
            'providers': {'refresh_interval': '3', 'timeout': '20'},
            'proxy': {'public_url': self.proxy_url},
        }
        conf.update(memcache.cache(self.memcached_servers) or {
            # One host, no memcached: the workers share provider tokens
            # through a file (dogpile's dbm backend, with its own locks).
            # The dbm module makes its files 0644: they live in a folder
            # of ours alone (0700).
            'cache': {'enabled': 'True', 'backend': 'dogpile.cache.dbm',
                      'backend_argument': 'filename:%s'
                      % self.path('cache', 'cache.dbm')}})
        return conf

    def prepare(self) -> None:
        if not os.path.isdir(self.path('cache')):
            os.mkdir(self.path('cache'), 0o700)
        service.write_ini(self.conf, self.config())
        process.run([service.venv_bin('aggregator-manage'),
                     '--config-file', self.conf, 'db', 'sync'],
                    log_path=self.log)

    def start(self) -> None:
        argv = uwsgi.command(module='aggregator.wsgi.api:application',
                             http_port=self.backend_port or self.port,
                             processes=self.processes,
                             # Requests wait on I/O (SQL, Keystone,
                             # providers), and a slow client holds its
                             # thread: several threads per process.
                             threads=4,
                             env={'AGGREGATOR_CONFIG_FILE': self.conf})
        self.spawn(argv)
