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
"""A real Placement (openstack-placement) under uwsgi, on SQLite.

One process, no message bus: SQLite is safe for it (../shared/IAAS.md).
"""

from __future__ import annotations

from tools.topology import iaas

SERVICE_USER = 'placement'


class Placement(iaas.API, iaas.IaasService):
    kind = 'placement'

    def __init__(self, *, name: str, cloud: str, root: str, port: int,
                 region: str, keystone_url: str,
                 service_password: str) -> None:
        super().__init__(name=name, cloud=cloud, root=root, port=port)
        self.region = region
        self.keystone_url = keystone_url
        self.service_password = service_password
        self.conf = self.path('placement.conf')

    @property
    def url(self) -> str:
        return 'http://127.0.0.1:%d' % self.port

    def record(self) -> dict:
        data = super().record()
        data['config'] = self.conf
        return data

    def config_files(self) -> dict:
        return {self.conf: {
            'DEFAULT': {'use_stderr': 'True', 'debug': 'False'},
            'api': {'auth_strategy': 'keystone'},
            'placement_database': {
                'connection': 'sqlite:///%s' % self.path('placement.db')},
            'keystone_authtoken': iaas.authtoken(
                self.keystone_url, SERVICE_USER, self.service_password,
                self.region),
            'oslo_policy': {'enforce_new_defaults': 'True',
                            'enforce_scope': 'True'},
        }}

    def prepare(self) -> None:
        iaas.require()
        self.write_config()
        self.run_once('db_synced', [iaas.bin_path('placement-manage'),
                                    '--config-file', self.conf, 'db',
                                    'sync'])

    def start(self) -> None:
        self.write_config()
        self.spawn(iaas.uwsgi_command(
            module='placement.wsgi.api:application', http_port=self.port,
            env={'OS_PLACEMENT_CONFIG_DIR': self.dir}))
