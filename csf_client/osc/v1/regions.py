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
"""``openstack aggregator region create/list/show/set/delete``:
aggregator regions, each bound to one provider's virtual region."""

from __future__ import annotations

from osc_lib.command import command

from csf_client.osc.v1 import common
from csf_client.osc.v1 import providers

COLUMNS = (('Name', 'name'), ('Status', 'status'),
           ('Token Mode', 'token_mode'), ('Services', 'services'))
ADMIN_COLUMNS = (('Provider', 'provider_id'),
                 ('Virtual Region', 'virtual_region_id'))


def _add_region(parser) -> None:
    parser.add_argument('region', metavar='<region>', help='Name')


class CreateRegion(command.ShowOne):
    _description = ("Create a region bound to a provider's virtual region "
                    '(requests the binding at its VRM)')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('name', metavar='<name>')
        parser.add_argument('--provider', metavar='<provider>',
                            required=True, help='Name or ID')
        parser.add_argument('--virtual-region', metavar='<virtual-region>',
                            required=True,
                            help="ID of the provider's offering")
        parser.add_argument('--token-mode', default='proxy',
                            choices=('proxy', 'pass-through'),
                            help='proxy (default, anonymizing) or '
                                 'pass-through (K2K to the provider)')
        parser.add_argument('--description', metavar='<text>')
        return parser

    def take_action(self, args):
        provider_id = providers.find(self.app, args.provider)['id']
        return common.show(common.aggregator(self.app).create_region(
            args.name, provider_id, args.virtual_region,
            token_mode=args.token_mode, description=args.description))


class ListRegion(command.Lister):
    _description = 'List regions'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--long', action='store_true',
                            help='Also show provider and virtual region '
                                 '(reseller admins)')
        return parser

    def take_action(self, args):
        columns = COLUMNS + (ADMIN_COLUMNS if args.long else ())
        return common.listing(common.aggregator(self.app).list_regions(),
                              columns)


class ShowRegion(command.ShowOne):
    _description = 'Show a region'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _add_region(parser)
        return parser

    def take_action(self, args):
        return common.show(common.aggregator(self.app).get_region(
            args.region))


class SetRegion(command.Command):
    _description = 'Change a region, or suspend and resume it'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _add_region(parser)
        parser.add_argument('--token-mode',
                            choices=('proxy', 'pass-through'))
        parser.add_argument('--description', metavar='<text>')
        parser.add_argument('--status', choices=('active', 'suspended'),
                            help='suspended: gone from tokens at once; '
                                 'active: back')
        return parser

    def take_action(self, args):
        fields = {'token_mode': args.token_mode, 'status': args.status,
                  'description': args.description}
        if any(v is not None for v in fields.values()):
            common.aggregator(self.app).update_region(args.region, **fields)


class DeleteRegion(command.Command):
    _description = ('Delete regions (terminates their bindings; refused '
                    'while projects are placed)')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('regions', metavar='<region>', nargs='+',
                            help='Name')
        return parser

    def take_action(self, args):
        common.delete_each('region',
                           common.aggregator(self.app).delete_region,
                           args.regions)
