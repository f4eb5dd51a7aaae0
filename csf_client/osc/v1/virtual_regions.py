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
"""``openstack virtual region create/list/show/set/delete`` (provider
admins, at the provider's VRM)."""

from __future__ import annotations

from osc_lib.command import command

from csf_client.osc.v1 import common

COLUMNS = (('ID', 'id'), ('Name', 'name'), ('Region', 'region_id'),
           ('Services', 'services'), ('Visibility', 'visibility'),
           ('Approval', 'approval'))


def find(app, name_or_id: str) -> dict:
    client = common.vrm(app)
    return common.find('virtual region', client.get_virtual_region,
                       client.list_virtual_regions, name_or_id)


def _add_settable(parser) -> None:
    """Options both create and set accept."""
    parser.add_argument(
        '--service', metavar='<service-type>', action='append',
        dest='services', help='Service type offered (e.g. image); repeat '
                              'for more. With set: replaces the list.')
    common.add_quota_option(parser, what='the whole virtual region')
    parser.add_argument('--visibility', choices=('public', 'private'),
                        help='Who sees it in offerings: every partner, or '
                             'only the partners named with --partner.')
    parser.add_argument('--partner', metavar='<partner-id>',
                        action='append', dest='partners',
                        help='Partner that may see a private region; '
                             'repeat for more.')
    parser.add_argument('--approval', choices=('auto', 'manual'),
                        help='Whether binding requests are approved at once '
                             'or wait for a provider admin.')
    parser.add_argument('--description', metavar='<text>')


def _settable(args) -> dict:
    return {'services': args.services,
            'quota': common.parse_quota(args.quota),
            'metadata': common.parse_metadata(args),
            'visibility': args.visibility, 'partners': args.partners,
            'approval': args.approval, 'description': args.description}


class CreateVirtualRegion(command.ShowOne):
    _description = 'Define a virtual region (a slice of one physical region)'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('name', metavar='<name>')
        parser.add_argument(
            '--region-id', metavar='<region>',
            help='Physical region it is carved from (default: the region '
                 'of the cloud, --os-region-name).')
        _add_settable(parser)
        common.add_metadata_options(parser, required=True)
        return parser

    def take_action(self, args):
        fields = _settable(args)
        fields['services'] = fields['services'] or None
        vr = common.vrm(self.app).create_virtual_region(
            name=args.name,
            region_id=args.region_id or self.app.client_manager.region_name,
            **fields)
        return common.show(vr)


class ListVirtualRegion(command.Lister):
    _description = 'List virtual regions'

    def take_action(self, args):
        return common.listing(common.vrm(self.app).list_virtual_regions(),
                              COLUMNS)


class ShowVirtualRegion(common.ShowByName):
    _description = 'Show a virtual region'
    resource = 'virtual region'

    def find(self, name_or_id: str) -> dict:
        return find(self.app, name_or_id)


class SetVirtualRegion(command.Command):
    _description = 'Change a virtual region'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('virtual_region', metavar='<virtual-region>',
                            help='Name or ID')
        _add_settable(parser)
        common.add_metadata_options(parser, required=False)
        return parser

    def take_action(self, args):
        fields = {k: v for k, v in _settable(args).items() if v is not None}
        if not fields:
            return
        vr_id = find(self.app, args.virtual_region)['id']
        common.vrm(self.app).update_virtual_region(vr_id, **fields)


class DeleteVirtualRegion(common.DeleteByName):
    _description = 'Delete virtual regions (refused while a binding is live)'
    resource = 'virtual region'

    def find(self, name_or_id: str) -> dict:
        return find(self.app, name_or_id)

    def delete(self, object_id: str) -> None:
        common.vrm(self.app).delete_virtual_region(object_id)
