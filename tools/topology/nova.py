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
"""A real Nova: API (uwsgi), conductor, scheduler and compute.

Cells v2 with one cell, on PostgreSQL (SQLite locks under several
writers, ../shared/IAAS.md), RPC over the topology's RabbitMQ. The one
fake is the hypervisor: ``fake.FakeDriverWithoutFakeNodes``, upstream's
driver for clouds without one (devstack's too), which keeps its node
identity across restarts. Quota comes from Keystone's unified limits, so
a virtual region's limits (set by the VRM) are what Nova enforces.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time

from tools.topology import iaas
from tools.topology import postgres
from tools.topology import process

SERVICE_USER = 'nova'
# The one compute host. The ML2 test mechanism driver binds ports (and
# sets them ACTIVE) for this host name only (see neutron.py).
COMPUTE_HOST = 'host-ovs-filter-active'
# Registered (default) limits of Nova's unified-limit resources, per
# region; virtual regions' projects get their own (set by the VRM).
REGISTERED_LIMITS = {
    'servers': 10,
    'class:VCPU': 20,
    'class:MEMORY_MB': 51200,
    'class:DISK_GB': 1000,
    'server_key_pairs': 100,
    'server_groups': 10,
    'server_group_members': 10,
    'server_metadata_items': 128,
}

# The provider's flavors: name -> (RAM MiB, vCPUs, disk GiB). g1.medium is
# the worked example's gold offering.
FLAVORS = {'m1.tiny': (512, 1, 1), 'g1.medium': (4096, 2, 40)}
# A public image of the provider's to boot from.
IMAGE = 'iaas-fake'


def database_names(cloud: str) -> list[str]:
    """nova_api, the cell1 database and cell0 (cell1's name + _cell0)."""
    return ['%s_nova_api' % cloud, '%s_nova' % cloud,
            '%s_nova_cell0' % cloud]


class NovaConfig:
    """The one nova.conf every Nova process of a provider reads."""

    def __init__(self, *, cloud: str, region: str, keystone_url: str,
                 service_password: str, database: postgres.Postgres,
                 transport_url: str, state_dir: str) -> None:
        self.cloud = cloud
        self.region = region
        self.keystone_url = keystone_url
        self.service_password = service_password
        self.database = database
        self.transport_url = transport_url
        self.state_dir = state_dir
        # Set once the compute endpoint is registered (oslo.limit).
        self.endpoint_id: str | None = None

    def sections(self, *, with_database: bool = True) -> dict:
        auth = iaas.service_auth(self.keystone_url, SERVICE_USER,
                                 self.service_password, self.region)
        api, cell1, _cell0 = database_names(self.cloud)
        found = {
            'DEFAULT': {
                'transport_url': self.transport_url,
                'compute_driver': 'fake.FakeDriverWithoutFakeNodes',
                'host': COMPUTE_HOST,
                'my_ip': '127.0.0.1',
                'state_path': self.state_dir,
                'use_stderr': 'True', 'debug': 'False',
                # One compute host: a resize stays on it.
                'allow_resize_to_same_host': 'True',
            },
            'api': {'auth_strategy': 'keystone'},
            'wsgi': {'api_paste_config': 'api-paste.ini'},
            'keystone_authtoken': iaas.authtoken(
                self.keystone_url, SERVICE_USER, self.service_password,
                self.region),
            'service_user': dict(auth, send_service_user_token='True'),
            'placement': auth,
            'neutron': auth,
            'glance': {'valid_interfaces': 'public',
                       'region_name': self.region},
            'conductor': {'workers': '1'},
            'scheduler': {'workers': '1'},
            'vnc': {'enabled': 'False'},
            'oslo_concurrency': {'lock_path': os.path.join(self.state_dir,
                                                           'locks')},
            'oslo_policy': {'enforce_new_defaults': 'True',
                            'enforce_scope': 'True'},
            # Keystone's unified limits, read with a system reader role.
            'quota': {'driver': 'nova.quota.UnifiedLimitsDriver'},
            'oslo_limit': iaas.oslo_limit(
                self.keystone_url, SERVICE_USER, self.service_password,
                self.region, self.endpoint_id),
        }
        if with_database:
            found['api_database'] = {
                'connection': self.database.connection(api)}
            found['database'] = {'connection': self.database.connection(
                cell1)}
        return found


class _NovaProcess(iaas.Daemon):
    script = ''
    with_database = True

    def __init__(self, *, name: str, cloud: str, root: str,
                 config: NovaConfig) -> None:
        super().__init__(name=name, cloud=cloud, root=root)
        self.config = config
        self.conf = self.path('nova.conf')

    def record(self) -> dict:
        data = super().record()
        data['config'] = self.conf
        return data

    def config_files(self) -> dict:
        return {self.conf: self.config.sections(
            with_database=self.with_database)}

    def prepare(self) -> None:
        iaas.require()
        os.makedirs(os.path.join(self.config.state_dir, 'locks'),
                    exist_ok=True)
        self.write_config()

    def start(self) -> None:
        self.write_config()
        self.spawn([iaas.bin_path(self.script), '--config-file', self.conf])


class NovaConductor(_NovaProcess):
    kind = 'nova-conductor'
    script = 'nova-conductor'


class NovaScheduler(_NovaProcess):
    kind = 'nova-scheduler'
    script = 'nova-scheduler'


class NovaCompute(_NovaProcess):
    kind = 'nova-compute'
    script = 'nova-compute'
    # Computes reach the databases through the conductor only.
    with_database = False


class NovaAPI(iaas.API, _NovaProcess):
    """nova-api under uwsgi; its prepare makes the databases and cells."""

    kind = 'nova-api'

    @property
    def url(self) -> str:
        return 'http://127.0.0.1:%d/v2.1' % self.port

    @property
    def region(self) -> str:
        return self.config.region

    def databases(self) -> list[str]:
        return database_names(self.cloud)

    def prepare(self) -> None:
        super().prepare()
        # The WSGI app reads every file its config dir should hold.
        shutil.copy(iaas.etc_path('nova', 'api-paste.ini'),
                    self.path('api-paste.ini'))
        manage = [iaas.bin_path('nova-manage'), '--config-file', self.conf]
        self.run_once('api_db_synced', manage + ['api_db', 'sync'])
        # cell0's database is cell1's name + _cell0 (no password in argv).
        self.run_once('cell0_mapped', manage + ['cell_v2', 'map_cell0'])
        self.run_once('cell1_created', manage + [
            'cell_v2', 'create_cell', '--name', 'cell1'])
        self.run_once('db_synced', manage + ['db', 'sync'])

    def start(self) -> None:
        self.write_config()
        self.spawn(iaas.uwsgi_command(
            module='nova.wsgi.osapi_compute:application',
            http_port=self.port, env={'OS_NOVA_CONFIG_DIR': self.dir}))

    def discover_hosts(self, timeout: float = 120) -> None:
        """Map the compute host into cell1 once it has registered."""
        manage = [iaas.bin_path('nova-manage'), '--config-file', self.conf]
        deadline = time.monotonic() + timeout
        while True:
            process.run(manage + ['cell_v2', 'discover_hosts'],
                        log_path=self.log)
            listed = subprocess.run(manage + ['cell_v2', 'list_hosts'],
                                    capture_output=True, text=True,
                                    timeout=120, check=True).stdout
            if COMPUTE_HOST in listed:
                return
            if time.monotonic() > deadline:
                raise process.StartError(
                    'nova-compute %s did not register within %ss; see '
                    'the nova-compute log' % (COMPUTE_HOST, timeout))
            time.sleep(2)
