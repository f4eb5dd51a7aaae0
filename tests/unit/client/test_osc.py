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
"""The CLI plugin: arguments become the right client calls, and output
keeps the API's data."""

from __future__ import annotations

import io
import json
import os
import tempfile
from unittest import mock

import fixtures
from osc_lib import exceptions as osc_exc
import testtools

from csf_client import aggregator
from csf_client import exceptions
from csf_client.osc import plugin
from csf_client.osc.v1 import bindings
from csf_client.osc.v1 import offerings
from csf_client.osc.v1 import partners
from csf_client.osc.v1 import placements
from csf_client.osc.v1 import providers
from csf_client.osc.v1 import regions
from csf_client.osc.v1 import virtual_regions
from csf_client.osc.v1 import vrm_offerings
from csf_client.osc.v1 import vrm_placements
from csf_client import vrm


class CommandTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        # argparse's usage errors and the failures commands log.
        self.useFixture(fixtures.MonkeyPatch('sys.stderr', io.StringIO()))
        self.useFixture(fixtures.FakeLogger())
        self.app = mock.Mock()
        self.app.client_manager.region_name = 'R4'
        self.app.client_manager.auth_ref.project_id = 'c' * 32
        clients = self.app.client_manager.cloud_federation
        # Stubs with the real clients' signatures; every call answers {}.
        self.vrm = clients.vrm = self.stub(vrm.VRMClient)
        self.agg = clients.aggregator = self.stub(
            aggregator.AggregatorClient)

    @staticmethod
    def stub(cls):
        client = mock.create_autospec(cls, instance=True)
        for name in dir(cls):
            if not name.startswith('_') and callable(getattr(cls, name)):
                getattr(client, name).return_value = {}
        return client

    def run_cmd(self, cls, *argv):
        cmd = cls(self.app, None)
        args = cmd.get_parser('openstack test').parse_args(list(argv))
        return cmd.take_action(args)

    def shown(self, result) -> dict:
        columns, values = result
        return {c: getattr(v, 'machine_readable', lambda v=v: v)()
                for c, v in zip(columns, values)}

    def listed(self, result) -> list[dict]:
        headers, rows = result
        return [dict(zip(headers, row)) for row in rows]


class TestVirtualRegionCommands(CommandTestCase):

    def test_create_with_metadata_file_quota_and_defaults(self):
        metadata = {'schema_version': '1', 'location': {'country': 'DE'}}
        with tempfile.NamedTemporaryFile('w', suffix='.json',
                                         delete=False) as fh:
            json.dump(metadata, fh)
        self.addCleanup(os.unlink, fh.name)
        self.vrm.create_virtual_region.return_value = {
            'id': 'v', 'name': 'gold', 'metadata': metadata,
            'services': ['image']}
        out = self.shown(self.run_cmd(
            virtual_regions.CreateVirtualRegion, 'gold', '--service',
            'image', '--metadata-file', fh.name, '--quota',
            'image.image_count_total=10', '--quota',
            'image.image_size_total=-1', '--approval', 'manual'))
        self.vrm.create_virtual_region.assert_called_once_with(
            name='gold', region_id='R4', services=['image'],
            quota={'image': {'image_count_total': 10,
                             'image_size_total': -1}},
            metadata=metadata, visibility=None, partners=None,
            approval='manual', description=None)
        self.assertEqual(metadata, out['metadata'])
        self.assertEqual(['image'], out['services'])

    def test_metadata_is_required_and_checked(self):
        self.assertRaises(SystemExit, self.run_cmd,
                          virtual_regions.CreateVirtualRegion, 'gold')
        self.assertRaises(osc_exc.CommandError, self.run_cmd,
                          virtual_regions.CreateVirtualRegion, 'gold',
                          '--metadata', '[1, 2]')
        self.assertRaises(osc_exc.CommandError, self.run_cmd,
                          virtual_regions.CreateVirtualRegion, 'gold',
                          '--metadata', '{"a": 1}', '--quota', 'image=3')
        self.assertRaises(osc_exc.CommandError, self.run_cmd,
                          virtual_regions.CreateVirtualRegion, 'gold',
                          '--metadata', '{}', '--quota', 'image.n=many')
        self.vrm.create_virtual_region.assert_not_called()

    def test_set_sends_only_what_is_given(self):
        self.vrm.get_virtual_region.return_value = {'id': 'v'}
        self.run_cmd(virtual_regions.SetVirtualRegion, 'v',
                     '--visibility', 'private', '--partner', 'p1',
                     '--metadata', '{"sla": {}}')
        self.vrm.update_virtual_region.assert_called_once_with(
            'v', visibility='private', partners=['p1'],
            metadata={'sla': {}})

    def test_show_by_name(self):
        self.vrm.get_virtual_region.side_effect = exceptions.NotFound()
        self.vrm.list_virtual_regions.return_value = [
            {'id': 'v1', 'name': 'gold'}, {'id': 'v2', 'name': 'silver'}]
        out = self.shown(self.run_cmd(virtual_regions.ShowVirtualRegion,
                                      'silver'))
        self.assertEqual('v2', out['id'])
        self.assertRaises(osc_exc.CommandError, self.run_cmd,
                          virtual_regions.ShowVirtualRegion, 'bronze')

    def test_delete_reports_failures(self):
        self.vrm.get_virtual_region.side_effect = lambda i: {'id': i}
        self.vrm.delete_virtual_region.side_effect = [
            None, exceptions.Conflict('binding active')]
        self.assertRaises(osc_exc.CommandError, self.run_cmd,
                          virtual_regions.DeleteVirtualRegion, 'a', 'b')
        self.assertEqual([mock.call('a'), mock.call('b')],
                         self.vrm.delete_virtual_region.call_args_list)

    def test_list(self):
        self.vrm.list_virtual_regions.return_value = [
            {'id': 'v', 'name': 'gold', 'region_id': 'R4',
             'services': ['image'], 'visibility': 'public',
             'approval': 'auto'}]
        rows = self.listed(self.run_cmd(virtual_regions.ListVirtualRegion))
        self.assertEqual('gold', rows[0]['Name'])
        self.assertEqual(['image'], rows[0]['Services'].machine_readable())


class TestPartnerAndBindingCommands(CommandTestCase):

    def test_partner_create_shows_the_credential_once(self):
        with tempfile.NamedTemporaryFile('w', delete=False) as fh:
            fh.write('<EntityDescriptor/>')
        self.addCleanup(os.unlink, fh.name)
        self.vrm.create_partner.return_value = {
            'id': 'p', 'name': 'A', 'idp_metadata': '<EntityDescriptor/>',
            'application_credential': {'id': 'c', 'secret': 's'}}
        out = self.shown(self.run_cmd(
            partners.CreatePartner, 'A', '--idp-entity-id', 'https://idp',
            '--idp-metadata-file', fh.name))
        self.vrm.create_partner.assert_called_once_with(
            'A', 'https://idp', '<EntityDescriptor/>', description=None)
        self.assertEqual({'id': 'c', 'secret': 's'},
                         out['application_credential'])
        self.assertNotIn('idp_metadata', out)

    def test_binding_actions(self):
        self.vrm.approve_binding.return_value = {'id': 'b',
                                                 'status': 'active'}
        out = self.shown(self.run_cmd(bindings.ApproveBinding, 'b'))
        self.assertEqual('active', out['status'])
        self.run_cmd(bindings.RejectBinding, 'b', '--reason', 'full')
        self.vrm.reject_binding.assert_called_once_with('b', reason='full')
        self.run_cmd(bindings.SuspendBinding, 'b')
        self.vrm.suspend_binding.assert_called_once_with('b', reason=None)
        self.run_cmd(bindings.ResumeBinding, 'b')
        self.vrm.resume_binding.assert_called_once_with('b')
        self.run_cmd(bindings.TerminateBinding, 'b')
        self.vrm.terminate_binding.assert_called_with('b',
                                                      projects='retain')
        self.run_cmd(bindings.TerminateBinding, 'b', '--projects', 'delete')
        self.vrm.terminate_binding.assert_called_with('b',
                                                      projects='delete')
        self.assertRaises(SystemExit, self.run_cmd, bindings.TerminateBinding,
                          'b', '--projects', 'keep')

    def test_binding_list_filters(self):
        self.vrm.get_virtual_region.return_value = {'id': 'v1'}
        self.vrm.list_bindings.return_value = [
            {'id': 'b1', 'virtual_region_id': 'v1', 'status': 'active'},
            {'id': 'b2', 'virtual_region_id': 'v2', 'status': 'active'},
            {'id': 'b3', 'virtual_region_id': 'v1', 'status': 'pending'}]
        rows = self.listed(self.run_cmd(bindings.ListBinding,
                                        '--virtual-region', 'v1',
                                        '--status', 'active'))
        self.assertEqual(['b1'], [r['ID'] for r in rows])

    def test_binding_create_and_vrm_placements(self):
        self.run_cmd(bindings.CreateBinding, '--virtual-region', 'v1')
        self.vrm.create_binding.assert_called_once_with('v1',
                                                        description=None)
        self.run_cmd(vrm_placements.CreatePlacement, 't-1', '--binding', 'b',
                     '--quota', 'image.image_count_total=2')
        self.vrm.create_placement.assert_called_once_with(
            'b', 't-1', {'image': {'image_count_total': 2}}, access=None)
        self.run_cmd(vrm_placements.DeletePlacement, 'x', '--binding', 'b')
        self.vrm.delete_placement.assert_called_once_with('b', 'x')
        self.vrm.list_offerings.return_value = []
        self.assertEqual([], self.listed(self.run_cmd(
            vrm_offerings.ListOffering)))

    def test_vrm_placement_access(self):
        self.run_cmd(vrm_placements.CreatePlacement, 't-2', '--binding', 'b',
                     '--access-project', 'T', '--access-project-domain',
                     'Default', '--access-user', 'x')
        self.vrm.create_placement.assert_called_once_with(
            'b', 't-2', None, access={'project': 'T',
                                      'project_domain': 'Default',
                                      'user': 'x'})
        # A user alone would reach no project: refused before any call.
        self.assertRaises(osc_exc.CommandError, self.run_cmd,
                          vrm_placements.CreatePlacement, 't-3', '--binding',
                          'b', '--access-user', 'x')
        self.assertEqual(1, self.vrm.create_placement.call_count)

    def test_vrm_placement_access_by_role(self):
        self.run_cmd(vrm_placements.CreatePlacement, 't-4', '--binding', 'b',
                     '--access-role', 'csf-1', '--access-reader-role', 'r',
                     '--access-reader-role', 'member')
        self.vrm.create_placement.assert_called_once_with(
            'b', 't-4', None, access={'role': 'csf-1', 'roles': {
                'member': ['member', 'admin'], 'reader': ['r', 'member']}})
        self.assertRaises(osc_exc.CommandError, self.run_cmd,
                          vrm_placements.CreatePlacement, 't-5', '--binding',
                          'b', '--access-member-role', 'member')


class TestAggregatorCommands(CommandTestCase):

    def test_offering_search(self):
        self.agg.list_offerings.return_value = [
            {'id': 'o', 'name': 'gold', 'provider_id': 'p',
             'services': ['image'], 'available': True,
             'metadata': {'location': {'jurisdiction': 'EU'}}}]
        rows = self.listed(self.run_cmd(
            offerings.ListOffering, '--service', 'image', '--property',
            'jurisdiction=EU', '--property', 'location.country=DE',
            '--long'))
        self.agg.list_offerings.assert_called_once_with(
            service='image', metadata={'jurisdiction': 'EU',
                                       'location.country': 'DE'})
        self.assertEqual({'location': {'jurisdiction': 'EU'}},
                         rows[0]['Metadata'].machine_readable())

    def test_provider_create(self):
        self.run_cmd(providers.CreateProvider, 'P1', '--vrm-url', 'http://v',
                     '--auth-url', 'http://k/v3', '--credential-id', 'c',
                     '--credential-secret', 's')
        self.agg.create_provider.assert_called_once_with(
            'P1', 'http://v', 'http://k/v3', 'c', 's', description=None)

    def test_region_create_resolves_the_provider_name(self):
        self.agg.get_provider.side_effect = exceptions.NotFound()
        self.agg.list_providers.return_value = [{'id': 'pid', 'name': 'P1'}]
        self.run_cmd(regions.CreateRegion, 'V9', '--provider', 'P1',
                     '--virtual-region', 'v1', '--token-mode',
                     'pass-through')
        self.agg.create_region.assert_called_once_with(
            'V9', 'pid', 'v1', token_mode='pass-through', description=None)

    def test_region_set(self):
        self.run_cmd(regions.SetRegion, 'V9', '--status', 'suspended')
        self.agg.update_region.assert_called_once_with(
            'V9', token_mode=None, status='suspended', description=None)
        self.assertRaises(SystemExit, self.run_cmd, regions.SetRegion, 'V9',
                          '--status', 'gone')

    def test_placement_defaults_to_the_current_project(self):
        self.run_cmd(placements.CreatePlacement, 'V1')
        self.agg.create_placement.assert_called_once_with('V1', 'c' * 32,
                                                          None)
        self.run_cmd(placements.DeletePlacement, 'V1', '--project', 'd' * 32)
        self.agg.delete_placement.assert_called_once_with('V1', 'd' * 32)
        self.agg.list_project_regions.return_value = [
            {'region': 'V1', 'status': 'active', 'project_id': 'c' * 32}]
        rows = self.listed(self.run_cmd(placements.ListPlacement))
        self.agg.list_project_regions.assert_called_once_with('c' * 32)
        self.assertEqual('V1', rows[0]['Region'])
        self.run_cmd(placements.ListPlacement, '--region', 'V1')
        self.agg.list_placements.assert_called_once_with('V1')


class TestPlugin(testtools.TestCase):

    def test_make_client_uses_endpoint_overrides(self):
        instance = mock.Mock(region_name='R4', interface='public')
        instance._api_version = {plugin.API_NAME: '1'}
        instance._cli_options.config = {
            'vrm_endpoint': 'http://vrm.test', 'aggregator_endpoint': None}
        clients = plugin.make_client(instance)
        with mock.patch('keystoneauth1.adapter.Adapter') as adapter:
            self.assertIs(clients.vrm, clients.vrm)   # built once
            clients.aggregator
        kwargs = [c.kwargs for c in adapter.call_args_list]
        self.assertEqual(
            [('virtual-region-manager', 'http://vrm.test', 'R4'),
             ('aggregator', None, 'R4')],
            [(k['service_type'], k['endpoint_override'], k['region_name'])
             for k in kwargs])

    def test_option_parser(self):
        import argparse
        parser = plugin.build_option_parser(argparse.ArgumentParser())
        args = parser.parse_args(['--os-aggregator-endpoint', 'http://a'])
        self.assertEqual('http://a', args.os_aggregator_endpoint)
        self.assertIn('1', plugin.API_VERSIONS)


class TestEntryPoints(testtools.TestCase):

    def test_every_command_loads(self):
        import importlib
        import tomllib
        root = os.path.dirname(os.path.dirname(os.path.dirname(
            os.path.dirname(os.path.abspath(__file__)))))
        with open(os.path.join(root, 'pyproject.toml'), 'rb') as fh:
            eps = tomllib.load(fh)['project']['entry-points']
        self.assertEqual({plugin.API_NAME: 'csf_client.osc.plugin'},
                         eps['openstack.cli.extension'])
        commands = eps['openstack.%s.v1' % plugin.API_NAME]
        self.assertGreaterEqual(len(commands), 34)
        for name, target in commands.items():
            module, _, attr = target.partition(':')
            cls = getattr(importlib.import_module(module), attr)
            self.assertTrue(hasattr(cls, 'take_action'), name)
            self.assertTrue(name.startswith(('virtual_region_',
                                             'aggregator_')), name)
