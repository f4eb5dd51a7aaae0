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
"""A real Glance (from PyPI) under uwsgi: SQLite, file store, Keystone auth.

The provider's reference IaaS service. It validates tokens against its
provider's Keystone with keystonemiddleware, like any production Glance.
"""

from __future__ import annotations

import os
import sys

from tools.topology import iaas
from tools.topology import memcached as memcache
from tools.topology import process
from tools.topology import service
from tools.topology import uwsgi

SERVICE_USER = 'glance'
# Registered (default) limits of Glance's unified-limit resources, per
# region; virtual regions and their projects get their own limits below.
REGISTERED_LIMITS = {
    'image_size_total': 10240,      # MiB
    'image_stage_total': 10240,     # MiB
    'image_count_total': 100,
    'image_count_uploading': 10,
}


class Glance(service.Service):
    kind = 'glance'

    def __init__(self, *, name: str, cloud: str, root: str, port: int,
                 region: str, keystone_url: str, service_password: str,
                 keystone_region: str | None = None,
                 database_url: str | None = None,
                 memcached_servers: str | None = None,
                 memcache_secret_key: str | None = None) -> None:
        super().__init__(name=name, cloud=cloud, root=root)
        # PostgreSQL and memcached when scaled out, else SQLite.
        self.database_url = database_url
        self.memcached_servers = memcached_servers
        self.memcache_secret_key = memcache_secret_key
        self.port = port
        self.region = region
        self.keystone_url = keystone_url
        self.service_password = service_password
        # Where the identity endpoint is (a provider's main region).
        self.keystone_region = keystone_region or region
        self.conf = self.path('glance-api.conf')
        # Set once the image endpoint is registered (oslo.limit needs it).
        self.endpoint_id: str | None = None

    @property
    def url(self) -> str:
        return 'http://127.0.0.1:%d' % self.port

    def health_url(self) -> str:
        return self.url + '/healthcheck'

    def record(self) -> dict:
        data = super().record()
        data.update(region=self.region, config=self.conf,
                    database=self.path('glance.db'),
                    connection=self.database_url or 'sqlite:///%s'
                    % self.path('glance.db'),
                    image_dir=self.path('images'))
        return data

    def _config(self) -> dict:
        paste = os.path.join(sys.prefix, 'etc', 'glance',
                             'glance-api-paste.ini')
        return {
            'DEFAULT': {'enabled_backends': 'file:file',
                        'use_keystone_limits': str(bool(self.endpoint_id)),
                        'use_stderr': 'True', 'debug': 'False',
                        'show_image_direct_url': 'False',
                        'image_cache_dir': self.path('cache')},
            'database': {'connection': self.database_url or 'sqlite:///%s'
                         % self.path('glance.db')},
            'glance_store': {'default_backend': 'file'},
            'file': {'filesystem_store_datadir': self.path('images')},
            'os_glance_staging_store': {
                'filesystem_store_datadir': self.path('staging')},
            'os_glance_tasks_store': {
                'filesystem_store_datadir': self.path('tasks')},
            'paste_deploy': {'flavor': 'keystone', 'config_file': paste},
            'keystone_authtoken': {
                'www_authenticate_uri': self.keystone_url,
                'auth_url': self.keystone_url,
                'auth_type': 'password',
                'username': SERVICE_USER,
                'password': self.service_password,
                'project_name': 'service',
                'user_domain_name': 'Default',
                'project_domain_name': 'Default',
                # bootstrap registers only a public identity endpoint.
                'interface': 'public',
                'region_name': self.keystone_region,
                'service_token_roles_required': 'True',
                # As the devstack plugin sets it on services offered in
                # virtual regions: a suspension stops K2K tokens here
                # within a minute (doc/source/admin/revocation.rst).
                'token_cache_time': '60',
                **memcache.authtoken(self.memcached_servers,
                                     self.memcache_secret_key),
            },
            'oslo_policy': {'enforce_new_defaults': 'True',
                            'enforce_scope': 'True'},
            # Quota from Keystone's unified limits, read with a
            # system-scoped reader role.
            'oslo_limit': iaas.oslo_limit(
                self.keystone_url, SERVICE_USER, self.service_password,
                self.region, self.endpoint_id),
        }

    def prepare(self) -> None:
        for sub in ('images', 'staging', 'tasks', 'cache'):
            os.makedirs(self.path(sub), exist_ok=True)
        service.write_ini(self.conf, self._config())
        marker = self.path('.db_synced')
        if not os.path.exists(marker):
            process.run([service.venv_bin('glance-manage'), '--config-file',
                         self.conf, 'db_sync'], log_path=self.log)
            open(marker, 'w').close()

    def start(self) -> None:
        service.write_ini(self.conf, self._config())
        argv = uwsgi.command(module='glance.wsgi.api:application',
                             http_port=self.port,
                             env={'OS_GLANCE_CONFIG_DIR': self.dir})
        self.spawn(argv)
