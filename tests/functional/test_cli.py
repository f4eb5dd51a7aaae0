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
"""Every ``openstack virtual region ...`` and ``openstack aggregator ...``
command of the CLI plugin, run as a user runs it (a subprocess with the
topology's clouds.yaml), its ``-f json`` output parsed and its effect
checked through the API.

The objects are this test's own (unique names, fake IdP entity ids so no
provider lock is needed); the worked example's objects are never touched.
"""

from __future__ import annotations

import json
import os
import subprocess

import fixtures

from tests.functional import test_aggregator
from tests.functional import vrm_base

OPENSTACK = test_aggregator.OPENSTACK


class CLITestCase(test_aggregator.AggregatorTestCase):

    def setUp(self) -> None:
        super().setUp()
        self.tmp = self.useFixture(fixtures.TempDir()).path
        self.env = dict(os.environ, OS_CLIENT_CONFIG_FILE=os.path.join(
            self.topology['root'], 'clouds.yaml'))
        for name in list(self.env):
            if name.startswith('OS_') and name != 'OS_CLIENT_CONFIG_FILE':
                del self.env[name]

    def run_cli(self, cloud: str | None, command: str, *args: str,
                extra=()):
        """``openstack [--os-cloud cloud] extra... command args...``."""
        argv = [OPENSTACK, *(['--os-cloud', cloud] if cloud else []),
                *extra, *command.split(), *args]
        return subprocess.run(argv, env=self.env, capture_output=True,
                              text=True, timeout=120)

    def cli(self, cloud: str | None, command: str, *args: str, extra=()):
        """Run a command that must succeed; its JSON output (-f json)."""
        out = self.run_cli(cloud, command, *args, '-f', 'json', extra=extra)
        self.assertEqual(0, out.returncode,
                         '%s %s: %s' % (command, args, out.stderr))
        return json.loads(out.stdout)

    def cli_quiet(self, cloud: str | None, command: str, *args: str,
                  extra=()) -> None:
        """Run a command without output (set, delete) that must succeed."""
        out = self.run_cli(cloud, command, *args, extra=extra)
        self.assertEqual(0, out.returncode,
                         '%s %s: %s' % (command, args, out.stderr))
        self.assertEqual('', out.stdout)

    def cli_fails(self, cloud: str | None, command: str, *args: str,
                  extra=()) -> str:
        """Run a command the API refuses: exit code 1, its message."""
        out = self.run_cli(cloud, command, *args, extra=extra)
        self.assertEqual(1, out.returncode, out.stdout + out.stderr)
        return out.stderr

    def file(self, name: str, text: str) -> str:
        path = os.path.join(self.tmp, name)
        with open(path, 'w') as fh:
            fh.write(text)
        return path

    def partner_args(self, credential: dict) -> tuple[str, ...]:
        """Global options of a partner (its application credential)."""
        return ('--os-auth-type', 'v3applicationcredential',
                '--os-auth-url', self.service(
                    '%s-keystone' % self.provider)['auth_url'],
                '--os-application-credential-id', credential['id'],
                '--os-application-credential-secret', credential['secret'],
                '--os-region-name', self.region,
                '--os-interface', 'public', '--os-identity-api-version', '3')


class TestVirtualRegionCLI(CLITestCase):

    def test_virtual_region_commands(self):
        admin = 'provider-%s-admin' % self.provider
        name = self.unique('cli-vr')
        metadata = self.file('metadata.json', json.dumps(vrm_base.METADATA))
        vr = self.cli(admin, 'virtual region create', name,
                      '--service', 'image', '--metadata-file', metadata,
                      '--quota', 'image.image_count_total=10',
                      '--quota', 'image.image_size_total=1000',
                      '--approval', 'manual', '--visibility', 'public',
                      '--description', 'made by the CLI')
        self.addCleanup(self.admin.delete,
                        '/v1/virtual-regions/%s' % vr['id'])
        self.assertEqual(name, vr['name'])
        stored = self.admin.get('/v1/virtual-regions/%s'
                                % vr['id']).json()['virtual_region']
        self.assertEqual(self.region, stored['region_id'])
        self.assertEqual(vrm_base.METADATA, stored['metadata'])
        self.assertEqual({'image': {'image_count_total': 10,
                                    'image_size_total': 1000}},
                         stored['quota'])
        self.assertEqual(['image'], stored['services'])
        self.assertEqual('manual', stored['approval'])

        listed = self.cli(admin, 'virtual region list')
        self.assertIn(vr['id'], [r['ID'] for r in listed])
        mine = [r for r in listed if r['ID'] == vr['id']][0]
        self.assertEqual({'Name': name, 'Region': self.region,
                          'Services': ['image'], 'Visibility': 'public',
                          'Approval': 'manual'},
                         {k: v for k, v in mine.items() if k != 'ID'})
        shown = self.cli(admin, 'virtual region show', name)
        self.assertEqual(vr['id'], shown['id'])
        self.assertEqual(vrm_base.METADATA, shown['metadata'])

        self.cli_quiet(admin, 'virtual region set', vr['id'],
                       '--approval', 'auto', '--metadata',
                       json.dumps(dict(vrm_base.METADATA,
                                       sla={'availability': '99.99%'})))
        stored = self.admin.get('/v1/virtual-regions/%s'
                                % vr['id']).json()['virtual_region']
        self.assertEqual('auto', stored['approval'])
        self.assertEqual('99.99%', stored['metadata']['sla']['availability'])

        # What the VRM refuses: exit code 1 and its message on stderr.
        err = self.cli_fails(admin, 'virtual region create', self.unique('x'),
                             '--service', 'image', '--metadata', '{}',
                             '--quota', 'image.image_count_total=-5')
        self.assertIn('vrm.invalid_input', err)
        err = self.cli_fails(admin, 'virtual region show', '0' * 32)
        self.assertIn('No virtual region with a name or ID of', err)

        self.cli_quiet(admin, 'virtual region delete', name)
        self.assertEqual(404, self.admin.get(
            '/v1/virtual-regions/%s' % vr['id']).status_code)


class TestPartnerAndBindingCLI(CLITestCase):

    def test_partner_binding_and_placement_commands(self):
        admin = 'provider-%s-admin' % self.provider
        vr = self.create_region(approval='manual')
        entity, metadata = self.fake_idp()
        name = self.unique('cli-partner')
        partner = self.cli(admin, 'virtual region partner create', name,
                           '--idp-entity-id', entity, '--idp-metadata-file',
                           self.file('idp.xml', metadata))
        self.addCleanup(self.admin.delete, '/v1/partners/%s' % partner['id'])
        credential = partner['application_credential']
        self.assertTrue(credential['id'] and credential['secret'])
        self.assertEqual(entity, self.admin.get(
            '/v1/partners/%s' % partner['id']).json()['partner'][
                'idp_entity_id'])
        self.assertIn(partner['id'], [p['ID'] for p in self.cli(
            admin, 'virtual region partner list')])
        shown = self.cli(admin, 'virtual region partner show', name)
        self.assertEqual(partner['id'], shown['id'])
        self.assertNotIn('application_credential', shown)

        # The partner, with its credential, browses and asks twice.
        as_partner = self.partner_args(credential)
        offered = self.cli(None, 'virtual region offering list',
                           extra=as_partner)
        self.assertIn(vr['id'], [o['ID'] for o in offered])
        first = self.cli(None, 'virtual region binding create',
                         '--virtual-region', vr['id'], extra=as_partner)
        self.addCleanup(self.admin.action, first['id'], 'terminate',
                        {'projects': 'delete'})
        self.assertEqual('pending', first['status'])
        self.assertEqual('pending', self.admin.get(
            '/v1/bindings/%s' % first['id']).json()['binding']['status'])
        listed = self.cli(admin, 'virtual region binding list',
                          '--virtual-region', vr['id'])
        self.assertEqual([(first['id'], partner['id'], 'pending')],
                         [(b['ID'], b['Partner'], b['Status'])
                          for b in listed])

        # The provider admin rejects the first, approves a second.
        rejected = self.cli(admin, 'virtual region binding reject',
                            first['id'], '--reason', 'try again')
        self.assertEqual('rejected', rejected['status'])
        self.assertEqual('rejected', self.admin.get(
            '/v1/bindings/%s' % first['id']).json()['binding']['status'])
        second = self.cli(None, 'virtual region binding create',
                          '--virtual-region', vr['id'], extra=as_partner)
        self.addCleanup(self.admin.action, second['id'], 'terminate',
                        {'projects': 'delete'})
        active = self.cli(admin, 'virtual region binding approve',
                          second['id'])
        self.assertEqual('active', active['status'])
        shown = self.cli(admin, 'virtual region binding show', second['id'])
        self.assertEqual(vr['domain_id'], shown['domain_id'])
        self.assertIn('image', shown['endpoints'])
        # A partner may not approve: 403 from the VRM, exit code 1.
        err = self.cli_fails(None, 'virtual region binding approve',
                             second['id'], extra=as_partner)
        self.assertIn('HTTP 403', err)

        # The partner places a project, lists it, removes it.
        placed = self.cli(None, 'virtual region placement create', 't-cli',
                          '--binding', second['id'], '--quota',
                          'image.image_count_total=2', '--access-role',
                          'csf-cli', extra=as_partner)
        self.assertEqual(vr['domain_id'],
                         self.ks.projects.get(placed['project_id']).domain_id)
        # Pass-through access by role: the placement's own groups, member
        # and reader there.
        self.assertEqual({'role': 'csf-cli', 'roles': {
            'member': ['member', 'admin'],
            'reader': ['reader', 'member', 'admin']}}, placed['access'])
        for prefix, role in (('vrm-p-', 'member'), ('vrm-r-', 'reader')):
            group, = self.ks.groups.list(name=prefix + placed['id'],
                                         domain=vr['domain_id'])
            self.assertEqual([(placed['project_id'], role)], [
                (a.scope['project']['id'],
                 self.ks.roles.get(a.role['id']).name) for a in
                self.ks.role_assignments.list(group=group)])
        self.assertEqual([placed['id']], [p['ID'] for p in self.cli(
            None, 'virtual region placement list', '--binding',
            second['id'], extra=as_partner)])
        self.cli_quiet(None, 'virtual region placement delete', placed['id'],
                       '--binding', second['id'], extra=as_partner)
        self.assertEqual([], self.admin.get(
            '/v1/bindings/%s/projects' % second['id']).json()['projects'])

        # Suspend, resume, terminate: the identity provider follows.
        idps = self.ks.federation.identity_providers
        idp_id = shown['identity_provider_id']
        self.assertEqual('suspended', self.cli(
            admin, 'virtual region binding suspend', second['id'],
            '--reason', 'unpaid')['status'])
        self.assertFalse(idps.get(idp_id).enabled)
        self.assertEqual('active', self.cli(
            admin, 'virtual region binding resume', second['id'])['status'])
        self.assertTrue(idps.get(idp_id).enabled)
        self.assertEqual('terminated', self.cli(
            admin, 'virtual region binding terminate', second['id'],
            '--projects', 'delete')['status'])
        self.assertNotIn(idp_id, [i.id for i in idps.list()])
        self.assertEqual('terminated', self.admin.get(
            '/v1/bindings/%s' % second['id']).json()['binding']['status'])

        self.cli_quiet(admin, 'virtual region partner delete', partner['id'])
        self.assertEqual(404, self.admin.get(
            '/v1/partners/%s' % partner['id']).status_code)


class TestAggregatorCLI(CLITestCase):
    provider = 'p2'     # spreads the load; the VRM tests use p1

    def test_aggregator_commands(self):
        reseller = 'aggregator-admin'
        vr = self.create_region(approval='auto')
        partner, _ = self.onboard()
        credential = partner['application_credential']
        name = self.unique('cli-P')
        provider = self.cli(
            reseller, 'aggregator provider create', name,
            '--vrm-url', self.service('%s-vrm' % self.provider)['url'],
            '--auth-url', self.service('%s-keystone' % self.provider)[
                'auth_url'],
            '--credential-id', credential['id'],
            # (=: a secret may begin with '-', which argparse would take
            # for an option)
            '--credential-secret=' + credential['secret'])
        self.addCleanup(self.agg, 'DELETE', '/v1/providers/%s'
                        % provider['id'])
        self.assertEqual({'id': credential['id']},
                         provider['application_credential'])
        self.assertTrue(self.agg('GET', '/v1/providers/%s' % provider[
            'id']).json()['provider']['available'])
        self.assertIn(provider['id'], [p['ID'] for p in self.cli(
            reseller, 'aggregator provider list')])
        self.assertEqual(provider['id'], self.cli(
            reseller, 'aggregator provider show', name)['id'])

        # Search by service and metadata (the provider offers others too).
        def found(*args) -> bool:
            offerings = self.cli(reseller, 'aggregator offering list', *args)
            return (vr['id'], provider['id']) in {
                (o['ID'], o['Provider']) for o in offerings}

        self.assertTrue(found('--service', 'image',
                              '--property', 'jurisdiction=EU'))
        self.assertTrue(found('--property', 'location.country=DE'))
        self.assertFalse(found('--property', 'jurisdiction=US'))
        self.assertFalse(found('--service', 'compute'))

        # A region bound to the offering (auto approval: active at once).
        region = self.unique('cli-V')
        # Before: a create that timed out may still finish at the service.
        self.addCleanup(self.agg, 'DELETE', '/v1/regions/' + region)
        created = self.cli(reseller, 'aggregator region create', region,
                           '--provider', name, '--virtual-region', vr['id'],
                           '--token-mode', 'proxy')
        self.assertEqual(('active', provider['id']),
                         (created['status'], created['provider_id']))
        stored = self.agg('GET', '/v1/regions/' + region).json()['region']
        self.assertEqual(vr['id'], stored['virtual_region_id'])
        self.assertEqual('active', self.admin.get(
            '/v1/bindings/%s' % stored['binding_id']).json()['binding'][
                'status'])
        listed = {r['Name']: r for r in self.cli(
            reseller, 'aggregator region list', '--long')}
        self.assertEqual(vr['id'], listed[region]['Virtual Region'])
        self.assertEqual('proxy', self.cli(
            reseller, 'aggregator region show', region)['token_mode'])
        err = self.cli_fails(reseller, 'aggregator region create', region,
                             '--provider', provider['id'],
                             '--virtual-region', vr['id'])
        self.assertIn('aggregator.conflict', err)

        # Suspended by the reseller, and back.
        self.cli_quiet(reseller, 'aggregator region set', region,
                       '--status', 'suspended')
        self.assertEqual('suspended', self.agg(
            'GET', '/v1/regions/' + region).json()['region']['status'])
        self.cli_quiet(reseller, 'aggregator region set', region,
                       '--status', 'active', '--description', 'cli')
        stored = self.agg('GET', '/v1/regions/' + region).json()['region']
        self.assertEqual(('active', 'cli'),
                         (stored['status'], stored['description']))

        # A tenant places a project of its own (not T) in the region.
        project = self.unplaced_project()
        as_project = ('--os-project-name', project.name)
        self.addCleanup(self.agg, 'DELETE', '/v1/regions/%s/projects/%s'
                        % (region, project.id))
        placed = self.cli('tenant-x', 'aggregator placement create', region,
                          '--quota', 'image.image_count_total=2',
                          extra=as_project)
        self.assertEqual((project.id, region),
                         (placed['project_id'], placed['region']))
        self.assertIn(region, [r['region'] for r in self.agg(
            'GET', '/v1/projects/%s/regions' % project.id).json()[
                'regions']])
        self.assertEqual(1, len(self.admin.get(
            '/v1/bindings/%s/projects' % stored['binding_id']).json()[
                'projects']))
        self.assertEqual([(project.id, 'active')], [
            (p['Project ID'], p['Status']) for p in self.cli(
                reseller, 'aggregator placement list', '--region', region)])
        self.assertIn(region, [p['Region'] for p in self.cli(
            'tenant-x', 'aggregator placement list', extra=as_project)])
        # Tenants cannot manage providers: 403, exit code 1.
        self.assertIn('HTTP 403', self.cli_fails(
            'tenant-x', 'aggregator provider list'))
        self.cli_quiet('tenant-x', 'aggregator placement delete', region,
                       extra=as_project)
        self.assertEqual([], self.agg(
            'GET', '/v1/regions/%s/projects' % region).json()['projects'])
        self.assertEqual([], self.admin.get(
            '/v1/bindings/%s/projects' % stored['binding_id']).json()[
                'projects'])

        self.cli_quiet(reseller, 'aggregator region delete', region)
        self.assertEqual(404, self.agg('GET', '/v1/regions/'
                                       + region).status_code)
        self.assertEqual('terminated', self.admin.get(
            '/v1/bindings/%s' % stored['binding_id']).json()['binding'][
                'status'])
        self.cli_quiet(reseller, 'aggregator provider delete', name)
        self.assertEqual(404, self.agg('GET', '/v1/providers/%s'
                                       % provider['id']).status_code)
