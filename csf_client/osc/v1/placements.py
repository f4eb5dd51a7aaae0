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
"""``openstack aggregator placement create/list/delete``: tenants place
their projects in regions."""

from __future__ import annotations

from osc_lib.command import command
from osc_lib import exceptions as osc_exc

from csf_client.osc.v1 import common

COLUMNS = (('Project ID', 'project_id'), ('Region', 'region'),
           ('Status', 'status'))


def _add_project(parser) -> None:
    parser.add_argument('--project', metavar='<project-id>',
                        help='ID of the project (default: the project of '
                             'the current token)')


def _project(app, args) -> str:
    return args.project or app.client_manager.auth_ref.project_id


class CreatePlacement(command.ShowOne):
    _description = 'Place a project in a region'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('region', metavar='<region>', help='Name')
        _add_project(parser)
        common.add_quota_option(parser, what='the project in the region')
        return parser

    def take_action(self, args):
        return common.show(common.aggregator(self.app).create_placement(
            args.region, _project(self.app, args),
            common.parse_quota(args.quota)))


class ListPlacement(command.Lister):
    _description = ('List the projects placed in a region, or the regions '
                    'a project is placed in')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        group = parser.add_mutually_exclusive_group()
        group.add_argument('--region', metavar='<region>', help='Name')
        group.add_argument('--project', metavar='<project-id>',
                           help='ID (default: the current project)')
        return parser

    def take_action(self, args):
        client = common.aggregator(self.app)
        if args.region:
            found = client.list_placements(args.region)
        else:
            found = client.list_project_regions(_project(self.app, args))
        return common.listing(found, COLUMNS)


class DeletePlacement(command.Command):
    _description = ('Remove a project from a region (its provider project '
                    'is deleted)')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('regions', metavar='<region>', nargs='+',
                            help='Name')
        _add_project(parser)
        return parser

    def take_action(self, args):
        client = common.aggregator(self.app)
        project_id = _project(self.app, args)
        if not project_id:
            raise osc_exc.CommandError('No project: use --project.')
        common.delete_each(
            'placement', lambda region: client.delete_placement(
                region, project_id), args.regions)
