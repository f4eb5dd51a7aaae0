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
"""The provider's own compute and network: real Placement, Nova, Neutron.

Directly at P1, as one of its own customers (no federation yet): the
unmodified ``openstack`` CLI makes a network, a key pair and a server that
goes ACTIVE on the fake hypervisor with its port bound, and Nova enforces
the project's unified limits. Runs in the test pass whose topology has
the IaaS (the SQLite one, tools/run-tests.sh).
"""

from __future__ import annotations

import json
import os
import subprocess

import fixtures

from tests.functional import base
from tests.functional import test_aggregator

PROVIDER = 'p1'


class IaasTestCase(base.FunctionalTestCase):

    def setUp(self) -> None:
        super().setUp()
        if not self.topology.get('iaas'):
            self.skipTest('this topology runs no IaaS (its pass is the '
                          'PostgreSQL one; the SQLite pass runs this)')
        self.region = self.service('%s-nova-api' % PROVIDER)['region']
        self.admin = self.keystone_admin('provider-%s-admin' % PROVIDER)
        self.customer = self.make_customer()

    def make_customer(self) -> dict:
        """A project of P1's own with a member user; its CLI arguments."""
        project = self.admin.projects.create(name=self.unique('cust'),
                                             domain='default')
        self.addCleanup(self.admin.projects.delete, project)
        password = self.unique('pw')
        user = self.admin.users.create(name=self.unique('u'),
                                       domain='default', password=password)
        self.addCleanup(self.admin.users.delete, user)
        member = self.admin.roles.list(name='member')[0]
        self.admin.roles.grant(member, user=user, project=project)
        auth_url = self.cloud('provider-%s-admin' % PROVIDER)['auth'][
            'auth_url']
        return {'project': project, 'user': user, 'args': [
            '--os-auth-url', auth_url, '--os-identity-api-version', '3',
            '--os-username', user.name, '--os-password', password,
            '--os-project-name', project.name,
            '--os-user-domain-name', 'Default',
            '--os-project-domain-name', 'Default',
            '--os-region-name', self.region, '--os-interface', 'public']}

    def run_cli(self, who: dict, *args: str) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith('OS_')}
        return subprocess.run([test_aggregator.OPENSTACK, *who['args'],
                               *args], env=env, capture_output=True,
                              text=True, timeout=300)

    def cli(self, who: dict, *args: str):
        out = self.run_cli(who, *args, '-f', 'json')
        self.assertEqual(0, out.returncode, '%s: %s' % (args, out.stderr))
        return json.loads(out.stdout)

    def cli_quiet(self, who: dict, *args: str) -> None:
        out = self.run_cli(who, *args)
        self.assertEqual(0, out.returncode, '%s: %s' % (args, out.stderr))

    def network(self, who: dict) -> dict:
        net = self.cli(who, 'network', 'create', self.unique('net'))
        self.addCleanup(self.cli_quiet, who, 'network', 'delete', net['id'])
        subnet = self.cli(who, 'subnet', 'create', '--network', net['id'],
                          '--subnet-range', '10.9.0.0/24',
                          self.unique('sub'))
        self.addCleanup(self.cli_quiet, who, 'subnet', 'delete',
                        subnet['id'])
        return net

    def admin_cli(self, *args: str) -> str:
        """The CLI as P1's admin (clouds.yaml of the topology)."""
        env = dict(os.environ, OS_CLIENT_CONFIG_FILE=os.path.join(
            self.topology['root'], 'clouds.yaml'))
        out = subprocess.run([test_aggregator.OPENSTACK, '--os-cloud',
                              'provider-%s-admin' % PROVIDER, *args],
                             env=env, capture_output=True, text=True,
                             timeout=120)
        self.assertEqual(0, out.returncode, out.stderr)
        return out.stdout

    def image_id(self) -> str:
        found = [i['ID'] for i in json.loads(self.admin_cli(
            'image', 'list', '--public', '-f', 'json'))
                 if i['Name'] == 'iaas-fake']
        self.assertEqual(1, len(found), 'the topology seeds image iaas-fake')
        return found[0]


class TestProviderCompute(IaasTestCase):

    def test_a_customer_boots_a_server_on_its_own_network(self):
        who = self.customer
        net = self.network(who)
        private = os.path.join(self.useFixture(fixtures.TempDir()).path,
                               'key')
        key = self.cli(who, 'keypair', 'create', '--private-key', private,
                       self.unique('key'))
        self.addCleanup(self.cli_quiet, who, 'keypair', 'delete',
                        key['name'])
        server = self.cli(who, 'server', 'create', '--flavor', 'm1.tiny',
                          '--image', self.image_id(), '--network',
                          net['id'], '--key-name', key['name'], '--wait',
                          self.unique('vm'))
        self.addCleanup(self.run_cli, who, 'server', 'delete', '--wait',
                        server['id'])
        self.assertEqual('ACTIVE', server['status'])
        self.assertEqual(key['name'], server['key_name'])
        port, = self.cli(who, 'port', 'list', '--server', server['id'])
        shown = self.cli(who, 'port', 'show', port['ID'])
        self.assertEqual('ACTIVE', shown['status'])
        self.assertEqual(who['project'].id, shown['project_id'])
        # Bound by ML2 to the compute host (binding details: admins only).
        bound = json.loads(self.admin_cli('port', 'show', port['ID'],
                                          '-f', 'json'))
        self.assertEqual('ovs', bound['binding_vif_type'])
        self.assertEqual('host-ovs-filter-active', bound['binding_host_id'])
        self.cli_quiet(who, 'server', 'delete', '--wait', server['id'])
        self.assertEqual([], self.cli(who, 'server', 'list'))

    def test_nova_enforces_the_projects_unified_limit(self):
        who = self.customer
        net = self.network(who)
        limit = self.admin.limits.create(
            project=who['project'], service=self.compute_service(),
            resource_name='servers', resource_limit=0, region=self.region)
        self.addCleanup(self.admin.limits.delete, limit)
        out = self.run_cli(who, 'server', 'create', '--flavor', 'm1.tiny',
                           '--image', self.image_id(), '--network',
                           net['id'], self.unique('vm'))
        self.assertNotEqual(0, out.returncode)
        self.assertIn('403', out.stderr)
        self.assertIn('Resource servers is over limit of 0', out.stderr)
        self.assertEqual([], self.cli(who, 'server', 'list'))

    def compute_service(self):
        found, = self.admin.services.list(type='compute')
        return found
