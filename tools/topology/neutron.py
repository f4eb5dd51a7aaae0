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
"""A real Neutron with ML2: API (uwsgi), RPC server and periodic workers.

On PostgreSQL, RPC over the topology's RabbitMQ. Ports are bound by
neutron's own ML2 ``test`` mechanism driver (shipped in the wheel): it
binds ``vif_type=ovs`` for Nova's compute host and sets the port ACTIVE
at once, as an L2 agent would once the VIF is plugged; the fake
hypervisor plugs nothing, so a real agent would leave every port DOWN
(doc/source/admin/iaas.rst says more). That driver asserts on flows real
clients make, so Neutron runs with Python asserts off.
"""

from __future__ import annotations

import os

from tools.topology import iaas
from tools.topology import postgres

SERVICE_USER = 'neutron'
# Neutron's own quota API (per project); the VRM sets a placed
# project's from its quota.
DEFAULT_QUOTAS = {'network': 100, 'subnet': 100, 'port': 500,
                  'router': 10, 'floatingip': 50, 'security_group': 10,
                  'security_group_rule': 100}
# 2025.2 migration d553edeb540f runs MySQL-only SQL; PostgreSQL takes the
# step before it, a stamp over it, then the rest (../shared/IAAS.md).
BEFORE_MYSQL_ONLY = 'ad80a9f07c5c'
MYSQL_ONLY = 'd553edeb540f'


def database_name(cloud: str) -> str:
    return '%s_neutron' % cloud


class NeutronConfig:
    """neutron.conf and ml2_conf.ini, the same for every Neutron process."""

    def __init__(self, *, cloud: str, region: str, keystone_url: str,
                 service_password: str, database: postgres.Postgres,
                 transport_url: str,
                 state_dir: str) -> None:
        self.cloud = cloud
        self.region = region
        self.keystone_url = keystone_url
        self.service_password = service_password
        self.database = database
        self.transport_url = transport_url
        self.state_dir = state_dir

    def neutron_conf(self) -> dict:
        return {
            'DEFAULT': {
                'core_plugin': 'ml2',
                'service_plugins': 'router',
                'auth_strategy': 'keystone',
                'transport_url': self.transport_url,
                'api_paste_config': iaas.etc_path('neutron',
                                                  'api-paste.ini'),
                'api_workers': '1', 'rpc_workers': '1',
                'rpc_state_report_workers': '1',
                'notify_nova_on_port_status_changes': 'True',
                'notify_nova_on_port_data_changes': 'True',
                'state_path': self.state_dir,
                'use_stderr': 'True', 'debug': 'False',
            },
            'database': {'connection': self.database.connection(
                database_name(self.cloud))},
            'keystone_authtoken': iaas.authtoken(
                self.keystone_url, SERVICE_USER, self.service_password,
                self.region),
            'nova': iaas.service_auth(self.keystone_url, SERVICE_USER,
                                      self.service_password, self.region),
            'quotas': {'quota_%s' % k: str(v)
                       for k, v in DEFAULT_QUOTAS.items()},
            'oslo_concurrency': {'lock_path': os.path.join(self.state_dir,
                                                           'locks')},
            'oslo_policy': {'enforce_new_defaults': 'True',
                            'enforce_scope': 'True'},
        }

    def ml2_conf(self) -> dict:
        return {
            'ml2': {'type_drivers': 'flat,vlan,vxlan,local',
                    'tenant_network_types': 'vxlan',
                    'mechanism_drivers': 'test',
                    'extension_drivers': 'port_security'},
            'ml2_type_vxlan': {'vni_ranges': '1:1000'},
            'ml2_type_flat': {'flat_networks': 'public'},
            'securitygroup': {'firewall_driver': 'noop'},
        }


class _NeutronProcess(iaas.Daemon):
    script = ''

    def __init__(self, *, name: str, cloud: str, root: str,
                 config: NeutronConfig) -> None:
        super().__init__(name=name, cloud=cloud, root=root)
        self.config = config
        self.conf = self.path('neutron.conf')
        # Where the API's OS_NEUTRON_CONFIG_DIR looks for ML2's file.
        self.ml2_conf = self.path('plugins', 'ml2', 'ml2_conf.ini')

    def record(self) -> dict:
        data = super().record()
        data['config'] = self.conf
        return data

    def config_files(self) -> dict:
        return {self.conf: self.config.neutron_conf(),
                self.ml2_conf: self.config.ml2_conf()}

    def config_args(self) -> list[str]:
        return ['--config-file', self.conf, '--config-file', self.ml2_conf]

    def prepare(self) -> None:
        iaas.require()
        os.makedirs(os.path.dirname(self.ml2_conf), exist_ok=True)
        os.makedirs(os.path.join(self.config.state_dir, 'locks'),
                    exist_ok=True)
        self.write_config()

    def start(self) -> None:
        self.write_config()
        # The test mechanism driver is loaded here too: asserts off.
        self.spawn([iaas.bin_path(self.script)] + self.config_args(),
                   env={'PYTHONOPTIMIZE': '1'})


class NeutronRPCServer(_NeutronProcess):
    kind = 'neutron-rpc-server'
    script = 'neutron-rpc-server'


class NeutronPeriodicWorkers(_NeutronProcess):
    kind = 'neutron-periodic-workers'
    script = 'neutron-periodic-workers'


class NeutronAPI(iaas.API, _NeutronProcess):
    """neutron's API under uwsgi; its prepare migrates the database."""

    kind = 'neutron-api'

    @property
    def url(self) -> str:
        return 'http://127.0.0.1:%d' % self.port

    @property
    def region(self) -> str:
        return self.config.region

    def databases(self) -> list[str]:
        return [database_name(self.cloud)]

    def prepare(self) -> None:
        super().prepare()
        manage = [iaas.bin_path('neutron-db-manage')] + self.config_args()
        self.run_once('db_before_mysql_only', manage + [
            'upgrade', BEFORE_MYSQL_ONLY])
        self.run_once('db_mysql_only_stamped', manage + [
            'stamp', MYSQL_ONLY])
        self.run_once('db_synced', manage + ['upgrade', 'heads'])

    def start(self) -> None:
        self.write_config()
        self.spawn(iaas.uwsgi_command(
            module='neutron.wsgi.api:application', http_port=self.port,
            optimize=True, env={'OS_NEUTRON_CONFIG_DIR': self.dir}))
