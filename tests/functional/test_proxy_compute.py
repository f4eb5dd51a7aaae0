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
"""Compute and network through a proxy region: real Nova and Neutron at P1.

The unmodified ``openstack`` CLI of a reseller tenant makes a network and
boots a server in a proxy region bound to a virtual region of P1 that
offers compute and network; what comes back names the tenant's own
project and user and the proxy's URLs, never P1's; another project sees
none of it; Nova's own quota refusal arrives in the tenant's words.
Runs in the test pass whose topology has the IaaS (the SQLite one).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import time

import fixtures
from keystoneauth1 import exceptions as ks_exc
import requests

from tests.functional import k2k_fixtures
from tests.functional import test_aggregator
from tests.functional import test_revocation

QUOTA = {'image': {'image_count_total': 10, 'image_size_total': 1000},
         'compute': {'servers': 4, 'class:VCPU': 8,
                     'class:MEMORY_MB': 8192},
         'network': {'network': 4, 'port': 40}}


class TestComputeThroughProxy(test_aggregator.AggregatorTestCase):

    def setUp(self) -> None:
        super().setUp()
        if not self.topology.get('iaas'):
            self.skipTest('this topology runs no IaaS (its pass is the '
                          'PostgreSQL one; the SQLite pass runs this)')
        self.useFixture(k2k_fixtures.ProviderLock(self.topology,
                                                  self.provider))
        self.v = self.real_partner_region(
            'proxy', services=['image', 'compute', 'network'], quota=QUOTA)
        self.name = self.v['name']

    def in_region(self, *args: str, project: str | None = None,
                  check: bool = True, auth: tuple = ()
                  ) -> subprocess.CompletedProcess:
        """The CLI in the region, as x (or as ``auth``'s user) in T."""
        argv = ['--os-cloud', 'tenant-x', '--os-region-name', self.name,
                *auth]
        if project:
            argv += ['--os-project-name', project]
        if check:
            return self.cli(*argv, *args)
        env = dict(os.environ, OS_CLIENT_CONFIG_FILE=os.path.join(
            self.topology['root'], 'clouds.yaml'))
        return subprocess.run([test_aggregator.OPENSTACK, *argv, *args],
                              env=env, capture_output=True, text=True,
                              timeout=300)

    def json_in_region(self, *args: str, project: str | None = None,
                       auth: tuple = ()):
        return json.loads(self.in_region(*args, '-f', 'json',
                                         project=project, auth=auth))

    def provider_hosts(self) -> list[str]:
        """P1's Nova and Neutron as host:port, which tenants never read."""
        names = ('nova-api', 'neutron-api')
        return [self.service('%s-%s' % (self.provider, name))['url']
                .split('//', 1)[1].split('/', 1)[0] for name in names]

    def test_a_tenant_boots_a_server_in_its_own_words(self):
        self.assertEqual(201, self.place(
            self.name, self.tenant_project, **{'compute': {
                'servers': 1, 'class:VCPU': 2,
                'class:MEMORY_MB': 2048},
                'network': {'network': 1, 'port': 10}}).status_code)
        provider_project = self.provider_project_of(self.tenant_project)
        # The network quota is Neutron's own, set by the VRM.
        at_p1 = {row['Resource']: row['Limit'] for row in json.loads(
            self.cli('--os-cloud', 'provider-%s-admin' % self.provider,
                     'quota', 'show', '--network', provider_project,
                     '-f', 'json'))}
        self.assertEqual((1, 10), (at_p1['networks'], at_p1['ports']))
        # The catalog shows the proxy, with Nova's own version path.
        self.tenant.invalidate()
        urls = [e['url'] for s in self.tenant.auth.get_access(
            self.tenant).service_catalog.catalog if s['type'] == 'compute'
            for e in s['endpoints'] if e['region_id'] == self.name]
        proxy = self.service('reseller-aggregator')['proxy_url']
        self.assertEqual(['%s/%s/compute/v2.1' % (proxy, self.name)], urls)
        # Version discovery at each service's root, without a token, as
        # at the provider; its links lead to the proxy.
        for stype, version in (('compute', 'v2.1'), ('network', 'v2.0')):
            resp = requests.get('%s/%s/%s/' % (proxy, self.name, stype),
                                timeout=30)
            self.assertEqual(200, resp.status_code, resp.text)
            found = {v['id']: v for v in resp.json()['versions']}
            self.assertIn(version, found)
            for link in found[version]['links']:
                self.assertTrue(link['href'].startswith(
                    '%s/%s/%s/' % (proxy, self.name, stype)), link)
            for word in self.provider_hosts():
                self.assertNotIn(word, resp.text)
        self.assertEqual(401, requests.get(
            '%s/%s/compute/v2.1/servers' % (proxy, self.name),
            timeout=30).status_code)

        net = self.json_in_region('network', 'create', self.unique('net'))
        self.addCleanup(self.in_region, 'network', 'delete', net['id'],
                        check=False)
        self.assertEqual(self.tenant_project, net['project_id'])
        subnet = self.json_in_region(
            'subnet', 'create', '--network', net['id'], '--subnet-range',
            '10.7.0.0/24', self.unique('sub'))
        self.assertEqual(self.tenant_project, subnet['project_id'])
        # Neutron's own refusal over the placement's network quota.
        over = self.in_region('network', 'create', self.unique('net'),
                              check=False)
        self.assertNotEqual(0, over.returncode)
        self.assertIn('Quota exceeded for resources', over.stderr)
        for word in [provider_project] + self.provider_hosts():
            self.assertNotIn(word, over.stderr)
        server = self.json_in_region(
            'server', 'create', '--flavor', 'm1.tiny', '--image',
            'iaas-fake', '--network', net['id'], '--wait',
            self.unique('vm'))
        self.addCleanup(self.in_region, 'server', 'delete', '--wait',
                        server['id'], check=False)
        self.assertEqual('ACTIVE', server['status'])
        self.assertEqual(self.tenant_project, server['project_id'])
        self.assertEqual(self.tenant.get_user_id(), server['user_id'])

        # P1 has it, in the provider project behind T.
        at_p1 = json.loads(self.cli(
            '--os-cloud', 'provider-%s-admin' % self.provider, 'server',
            'show', server['id'], '-f', 'json'))
        self.assertEqual(provider_project, at_p1['project_id'])
        # Raw answers: links point at the proxy; nothing names P1.
        body = self.tenant.get('%s/%s/compute/v2.1/servers/detail'
                               % (proxy, self.name)).text
        links = [link['href'] for s in json.loads(body)['servers']
                 for link in s['links']]
        self.assertTrue(links)
        for href in links:
            self.assertTrue(href.startswith('%s/%s/compute/'
                                            % (proxy, self.name)), href)
        ports = self.tenant.get('%s/%s/network/v2.0/ports'
                                % (proxy, self.name)).text
        for text in (body, ports):
            for word in [provider_project] + self.provider_hosts():
                self.assertNotIn(word, text)

        # Nova's own refusal over the placement's quota, in T's words.
        refused = self.in_region(
            'server', 'create', '--flavor', 'm1.tiny', '--image',
            'iaas-fake', '--network', net['id'], self.unique('vm'),
            check=False)
        self.assertNotEqual(0, refused.returncode)
        self.assertIn('403', refused.stderr)
        self.assertIn('Resource servers is over limit of 1', refused.stderr)
        self.assertIn(self.tenant_project, refused.stderr)
        for word in [provider_project] + self.provider_hosts():
            self.assertNotIn(word, refused.stderr)

        # Another project of the tenant's, placed too, sees none of it.
        other = self.unplaced_project()
        as_other = self.password_session('tenant-x',
                                         project_name=other.name)
        self.assertEqual(201, self.place(self.name, other.id,
                                         sess=as_other).status_code)
        self.assertEqual([], self.json_in_region('server', 'list',
                                                 project=other.name))
        self.assertNotIn(net['id'], [n['ID'] for n in self.json_in_region(
            'network', 'list', project=other.name)])
        mine = {p['ID'] for p in self.json_in_region('port', 'list')}
        self.assertTrue(mine)
        self.assertEqual(set(), mine & {p['ID'] for p in self.json_in_region(
            'port', 'list', project=other.name)})

        self.in_region('server', 'delete', '--wait', server['id'])
        self.assertEqual([], self.json_in_region('server', 'list'))

    def test_sharing_names_reseller_projects(self):
        """RBAC, image members, server groups: in the tenant's words."""
        other = self.unplaced_project()
        as_other = self.password_session('tenant-x',
                                         project_name=other.name)
        for project, sess in ((self.tenant_project, self.tenant),
                              (other.id, as_other)):
            self.assertEqual(201, self.place(self.name, project,
                                             sess=sess).status_code)
        nowhere = self.unplaced_project()       # not placed in the region
        mine, theirs = (self.provider_project_of(p)
                        for p in (self.tenant_project, other.id))
        admin = ['--os-cloud', 'provider-%s-admin' % self.provider]

        # T shares a network with U by U's reseller id (a tenant cannot
        # look other projects up by name).
        net = self.json_in_region('network', 'create', self.unique('net'))
        self.addCleanup(self.in_region, 'network', 'delete', net['id'],
                        check=False)
        rbac = self.json_in_region(
            'network', 'rbac', 'create', '--type', 'network', '--action',
            'access_as_shared', '--target-project', other.id, net['id'])
        self.addCleanup(self.in_region, 'network', 'rbac', 'delete',
                        rbac['id'], check=False)
        self.assertEqual((other.id, self.tenant_project),
                         (rbac['target_project_id'], rbac['project_id']))
        at_p1 = json.loads(self.cli(*admin, 'network', 'rbac', 'show',
                                    rbac['id'], '-f', 'json'))
        self.assertEqual((theirs, mine), (at_p1['target_project_id'],
                                          at_p1['project_id']))
        # U sees it, owned by T (by T's reseller id).
        seen = self.json_in_region('network', 'show', net['id'],
                                   project=other.name)
        self.assertEqual(self.tenant_project, seen['project_id'])
        # A project not placed in the region cannot be named.
        refused = self.in_region(
            'network', 'rbac', 'create', '--type', 'network', '--action',
            'access_as_shared', '--target-project', nowhere.id, net['id'],
            check=False)
        self.assertNotEqual(0, refused.returncode)
        self.assertIn('target_tenant: project %s is not placed'
                      % nowhere.id, refused.stderr)

        # Image members: T adds U; U accepts and sees T as the owner.
        tmp = self.useFixture(fixtures.TempDir()).path
        data = os.path.join(tmp, 'disk.raw')
        with open(data, 'wb') as fh:
            fh.write(os.urandom(4096))
        image = self.json_in_region(
            'image', 'create', '--private', '--disk-format', 'raw',
            '--container-format', 'bare', '--file', data,
            self.unique('img'))
        self.addCleanup(self.in_region, 'image', 'delete', image['id'],
                        check=False)
        self.in_region('image', 'set', '--shared', image['id'])
        member = self.json_in_region('image', 'add', 'project',
                                     image['id'], other.id)
        self.assertEqual(other.id, member['member_id'])
        self.in_region('image', 'set', '--accept', image['id'],
                       project=other.name)
        shown = self.json_in_region('image', 'show', image['id'],
                                    project=other.name)
        self.assertEqual(self.tenant_project, shown['owner'])
        at_p1 = json.loads(self.cli(*admin, 'image', 'member', 'list',
                                    image['id'], '-f', 'json'))
        self.assertEqual([(theirs, 'accepted')],
                         [(m['Member ID'], m['Status']) for m in at_p1])
        refused = self.in_region('image', 'add', 'project', image['id'],
                                 nowhere.id, check=False)
        self.assertNotEqual(0, refused.returncode)
        self.assertIn('not placed', refused.stderr)

        # Server groups name the tenant's project and user.
        group = self.json_in_region('server', 'group', 'create',
                                    '--policy', 'anti-affinity',
                                    self.unique('sg'))
        self.addCleanup(self.in_region, 'server', 'group', 'delete',
                        group['id'], check=False)
        self.assertEqual((self.tenant_project, self.tenant.get_user_id()),
                         (group['project_id'], group['user_id']))
        for text in (json.dumps(group), json.dumps(seen),
                     json.dumps(shown)):
            for word in (mine, theirs):
                self.assertNotIn(word, text)

    def test_long_operations_run_to_completion(self):
        """Boot, resize (confirmed), delete: --wait through the proxy."""
        self.assertEqual(201, self.place(self.name,
                                         self.tenant_project).status_code)
        net = self.json_in_region('network', 'create', self.unique('net'))
        self.addCleanup(self.in_region, 'network', 'delete', net['id'],
                        check=False)
        self.json_in_region('subnet', 'create', '--network', net['id'],
                            '--subnet-range', '10.9.0.0/24',
                            self.unique('sub'))
        server = self.json_in_region(
            'server', 'create', '--flavor', 'm1.tiny', '--image',
            'iaas-fake', '--network', net['id'], '--wait',
            self.unique('vm'))
        self.addCleanup(self.in_region, 'server', 'delete', '--wait',
                        server['id'], check=False)
        self.assertEqual('ACTIVE', server['status'])
        # Its port was bound on the provider's compute host, and is the
        # tenant's.
        port, = self.json_in_region('port', 'list', '--server',
                                    server['id'])
        self.assertEqual('ACTIVE', port['Status'])
        self.in_region('server', 'resize', '--flavor', 'g1.medium',
                       '--wait', server['id'])
        self.assertEqual('VERIFY_RESIZE', self.json_in_region(
            'server', 'show', server['id'])['status'])
        self.in_region('server', 'resize', 'confirm', server['id'])
        deadline = time.monotonic() + 120
        shown = {}
        while time.monotonic() < deadline:
            shown = self.json_in_region('server', 'show', server['id'])
            if shown['status'] == 'ACTIVE':
                break
            time.sleep(2)
        self.assertEqual('ACTIVE', shown['status'])
        self.assertIn('g1.medium', json.dumps(shown['flavor']))
        self.in_region('server', 'delete', '--wait', server['id'])
        self.assertEqual([], self.json_in_region('server', 'list'))
        self.assertEqual([], self.json_in_region('port', 'list',
                                                 '--network', net['id'],
                                                 '--device-owner',
                                                 'compute:nova'))

    def test_version_roots_answer_only_what_is_there(self):
        """The public service roots: clear 4xx for anything else."""
        proxy = self.service('reseller-aggregator')['proxy_url']
        cases = [
            ('GET', '%s/%s/compute/' % (proxy, self.unique('nowhere')), 404,
             'No region'),
            ('GET', '%s/%s/object-store/' % (proxy, self.name), 404,
             'offers no object-store'),
            # HEAD: whatever the provider answers (Neutron: 405).
            ('HEAD', '%s/%s/network/' % (proxy, self.name), requests.head(
                self.service('%s-neutron-api' % self.provider)['url']
                .rstrip('/') + '/', timeout=30).status_code, None),
            # Only GET and HEAD of a root are public.
            ('POST', '%s/%s/compute/' % (proxy, self.name), 401, None),
            ('GET', '%s/%s/compute/v2.1/' % (proxy, self.name), 401, None),
            ('GET', '%s/%s/compute/%%00/' % (proxy, self.name), 400, None),
        ]
        for method, url, status, says in cases:
            resp = requests.request(method, url, timeout=30)
            self.assertEqual(status, resp.status_code,
                             '%s %s: %s' % (method, url, resp.text))
            if says:
                self.assertIn(says, resp.text)
            for word in self.provider_hosts():
                self.assertNotIn(word, resp.text)

    def test_microversions_pass_both_ways(self):
        """The range is the provider's; the headers cross unchanged."""
        self.assertEqual(201, self.place(self.name,
                                         self.tenant_project).status_code)
        proxy = '%s/%s/compute' % (
            self.service('reseller-aggregator')['proxy_url'], self.name)
        nova = self.service('%s-nova-api' % self.provider)['url']
        nova_root = nova.rsplit('/v2.1', 1)[0]

        def v21(resp):
            return {v['id']: v for v in resp.json()['versions']}['v2.1']
        theirs = v21(requests.get(nova_root + '/', timeout=30))
        mine = v21(requests.get(proxy + '/', timeout=30))
        self.assertEqual((theirs['min_version'], theirs['version']),
                         (mine['min_version'], mine['version']))
        self.assertNotEqual(mine['min_version'], mine['version'])

        def call(version):
            return self.tenant.get(proxy + '/v2.1/flavors', headers={
                'OpenStack-API-Version': 'compute %s' % version},
                raise_exc=False)
        resp = call('2.61')
        self.assertEqual(200, resp.status_code, resp.text)
        self.assertEqual('compute 2.61', resp.headers['OpenStack-API-Version'])
        self.assertEqual('2.61', resp.headers['X-OpenStack-Nova-API-Version'])
        vary = {v.strip().lower() for v in resp.headers['Vary'].split(',')}
        self.assertIn('openstack-api-version', vary)
        self.assertIn('x-openstack-nova-api-version', vary)
        # From 2.55 flavors show a description, before not: Nova acted on
        # the version the tenant asked for.
        self.assertIn('description', resp.json()['flavors'][0])
        self.assertNotIn('description', call('2.1').json()['flavors'][0])
        # The legacy header alone, and "latest": the provider's maximum.
        legacy = self.tenant.get(proxy + '/v2.1/flavors', headers={
            'X-OpenStack-Nova-API-Version': '2.10'}, raise_exc=False)
        self.assertEqual('2.10',
                         legacy.headers['X-OpenStack-Nova-API-Version'])
        self.assertEqual('compute %s' % theirs['version'],
                         call('latest').headers['OpenStack-API-Version'])
        # Beyond the range: Nova's own 406, naming no provider.
        over = call('9.99')
        self.assertEqual(406, over.status_code, over.text)
        self.assertIn('9.99', over.text)
        for word in self.provider_hosts():
            self.assertNotIn(word, over.text)

    def test_key_pairs_stay_their_users(self):
        """Nova keeps key pairs per user: each reseller user its own."""
        self.assertEqual(201, self.place(self.name,
                                         self.tenant_project).status_code)
        ks = self.keystone_admin('aggregator-admin')
        password = secrets.token_urlsafe(16)
        y = ks.users.create(name=self.unique('y'), domain='default',
                            password=password)
        self.addCleanup(ks.users.delete, y)
        member, reader = (ks.roles.list(name=name)[0]
                          for name in ('member', 'reader'))
        ks.roles.grant(member, user=y, project=self.tenant_project)
        as_y = ('--os-username', y.name, '--os-password', password)
        name = self.unique('key')
        mine = self.json_in_region('keypair', 'create', '--public-key',
                                   self.public_key(), name)
        self.addCleanup(self.in_region, 'keypair', 'delete', name,
                        check=False)
        self.assertEqual(self.tenant.get_user_id(), mine['user_id'])
        # y, in the same project, neither sees nor reaches x's key pair,
        # and has a namespace of its own: the same name is free for it.
        self.assertEqual([], self.json_in_region('keypair', 'list', auth=as_y))
        shown = self.in_region('keypair', 'show', name, auth=as_y,
                               check=False)
        self.assertNotEqual(0, shown.returncode)
        self.assertIn('No Keypair found for %s' % name, shown.stderr)
        theirs = self.json_in_region('keypair', 'create', '--public-key',
                                     self.public_key(), name, auth=as_y)
        self.addCleanup(self.in_region, 'keypair', 'delete', name,
                        auth=as_y, check=False)
        self.assertEqual(y.id, theirs['user_id'])
        self.assertNotEqual(mine['fingerprint'], theirs['fingerprint'])
        self.assertEqual([mine['fingerprint']], [
            k['Fingerprint'] for k in self.json_in_region('keypair',
                                                          'list')])
        # At P1: two users of the provider project, neither named after
        # a reseller user.
        users = self.stored_rows(
            'reseller-aggregator', 'SELECT u.user_id, u.provider_user_id '
            'FROM placement_users u JOIN placements p ON p.id = '
            'u.placement_id WHERE p.project_id = :p AND p.region_id = :r',
            p=self.tenant_project, r=self.v['id'])
        provider = dict(users)
        self.assertEqual({self.tenant.get_user_id(), y.id}, set(provider))
        p1 = self.keystone_admin('provider-%s-admin' % self.provider)
        for reseller_id, provider_id in provider.items():
            found = p1.users.get(provider_id)
            self.assertTrue(found.name.startswith('vrm-u-'), found.name)
            self.assertNotIn(reseller_id, found.name)

        # y only reads now: its own provider user reads, writes nothing.
        ks.roles.grant(reader, user=y, project=self.tenant_project)
        ks.roles.revoke(member, user=y, project=self.tenant_project)
        self.assertEqual([theirs['fingerprint']], [
            k['Fingerprint'] for k in self.json_in_region('keypair', 'list',
                                                          auth=as_y)])
        refused = self.in_region('network', 'create', self.unique('net'),
                                 auth=as_y, check=False)
        self.assertNotEqual(0, refused.returncode)
        self.assertIn('403', refused.stderr)
        # y leaves the project: at the next refresh its provider user
        # goes (its key pair with it, out of anyone's reach).
        ks.roles.revoke(reader, user=y, project=self.tenant_project)

        def exists(user_id: str) -> bool:
            try:
                return bool(p1.users.get(user_id))
            except ks_exc.NotFound:
                return False
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and exists(provider[y.id]):
            time.sleep(1)
        self.assertFalse(exists(provider[y.id]))
        self.assertTrue(exists(provider[self.tenant.get_user_id()]))

    def public_key(self) -> str:
        """A new SSH public key file of the test's own."""
        tmp = self.useFixture(fixtures.TempDir()).path
        path = os.path.join(tmp, 'id')
        subprocess.run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '',
                        '-f', path], check=True, timeout=60)
        return path + '.pub'

    def provider_project_of(self, project_id: str) -> str:
        """The provider project behind ``project_id``.

        Kept from tenants: read from the Aggregator's database.
        """
        row = self.stored_row(
            'reseller-aggregator', 'SELECT provider_project_id FROM '
            'placements WHERE project_id = :p AND region_id = :r',
            p=project_id, r=self.v['id'])
        return row[0]


class TestComputeSuspension(test_revocation._Bound,
                            test_aggregator.AggregatorTestCase):
    """A provider's suspension stops compute calls within the bound."""

    def setUp(self) -> None:
        super().setUp()     # (_Bound holds the provider's lock)
        if not self.topology.get('iaas'):
            self.skipTest('this topology runs no IaaS')
        self.v = self.real_partner_region(
            'proxy', services=['image', 'compute', 'network'], quota=QUOTA)
        self.name = self.v['name']

    def test_a_provider_suspension_stops_compute_calls(self):
        self.assertEqual(201, self.place(self.name,
                                         self.tenant_project).status_code)
        token = self.password_session('tenant-x').get_token()
        proxy = self.service('reseller-aggregator')['proxy_url']

        def servers():
            return requests.get('%s/%s/compute/v2.1/servers' % (
                proxy, self.name), headers={'X-Auth-Token': token},
                timeout=30)
        self.prime(servers)
        self.admin.action(self.v['binding_id'], 'suspend')
        self.addCleanup(self.wait_region, self.name, 'active')
        self.addCleanup(self.admin.action, self.v['binding_id'], 'resume')
        self.until('provider suspension (compute)', test_revocation.BOUND,
                   503, servers)


class TestComputeThroughK2K(test_aggregator.AggregatorTestCase):
    """A pass-through region of P1 with compute: the tenant's own K2K."""

    def setUp(self) -> None:
        super().setUp()
        if not self.topology.get('iaas'):
            self.skipTest('this topology runs no IaaS')
        self.useFixture(k2k_fixtures.ProviderLock(self.topology,
                                                  self.provider))
        self.v = self.real_partner_region(
            'pass-through', services=['image', 'compute', 'network'],
            quota=QUOTA)

    def test_a_tenant_boots_a_server_by_k2k(self):
        self.assertEqual(201, self.place(self.v['name'],
                                         self.tenant_project).status_code)
        mine = self.placement_in(self.v['name'], self.tenant_project)
        ks = self.keystone_admin('aggregator-admin')
        password = secrets.token_urlsafe(16)
        y = ks.users.create(name=self.unique('y'), domain='default',
                            password=password)
        self.addCleanup(ks.users.delete, y)
        ks.roles.grant(ks.roles.list(name='member')[0], user=y,
                       project=self.tenant_project)
        # (y's access and pseudonym roles come with the next refresh.)
        self.wait_for_roles(ks, y)

        def k2k(*args, auth=()):
            return json.loads(self.cli(
                '--os-cloud', 'tenant-x', *auth, '--os-service-provider',
                mine['service_provider_id'], '--os-remote-project-id',
                mine['provider_project_id'], '--os-region-name',
                self.region, *args, '-f', 'json'))
        net = k2k('network', 'create', self.unique('net'))
        self.addCleanup(self.cli_quiet_k2k, mine, 'network', 'delete',
                        net['id'])
        k2k('subnet', 'create', '--network', net['id'], '--subnet-range',
            '10.11.0.0/24', self.unique('sub'))
        server = k2k('server', 'create', '--flavor', 'm1.tiny', '--image',
                     'iaas-fake', '--network', net['id'], '--wait',
                     self.unique('vm'))
        self.addCleanup(self.cli_quiet_k2k, mine, 'server', 'delete',
                        '--wait', server['id'])
        self.assertEqual('ACTIVE', server['status'])
        # Pass-through: the provider's own ids, the placed project's.
        self.assertEqual(mine['provider_project_id'], server['project_id'])
        # Key pairs stay each reseller user's (pseudonymous users).
        name = self.unique('key')
        tmp = self.useFixture(fixtures.TempDir()).path
        subprocess.run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '',
                        '-f', os.path.join(tmp, 'id')], check=True,
                       timeout=60)
        key = k2k('keypair', 'create', '--public-key',
                  os.path.join(tmp, 'id.pub'), name)
        self.addCleanup(self.cli_quiet_k2k, mine, 'keypair', 'delete', name)
        as_y = ('--os-username', y.name, '--os-password', password)
        self.assertEqual([], k2k('keypair', 'list', auth=as_y))
        self.assertEqual([key['fingerprint']], [
            k['Fingerprint'] for k in k2k('keypair', 'list')])

    def wait_for_roles(self, ks, user) -> None:
        """Until the refresher gave ``user`` its roles on T (bounded)."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            held = [ks.roles.get(a.role['id']).name for a in
                    ks.role_assignments.list(user=user,
                                             project=self.tenant_project)]
            pseudonym = [n for n in held if n.startswith('csf-u-')]
            access = [n for n in held if n.startswith('csf-')
                      and n not in pseudonym]
            if pseudonym and access:
                return
            time.sleep(1)
        self.fail('no pseudonym role for %s' % user.id)

    def cli_quiet_k2k(self, placement, *args) -> None:
        subprocess.run([test_aggregator.OPENSTACK, '--os-cloud', 'tenant-x',
                        '--os-service-provider',
                        placement['service_provider_id'],
                        '--os-remote-project-id',
                        placement['provider_project_id'],
                        '--os-region-name', self.region, *args],
                       env=dict(os.environ, OS_CLIENT_CONFIG_FILE=os.path.join(
                           self.topology['root'], 'clouds.yaml')),
                       capture_output=True, timeout=300)
