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
"""``openstack virtual region placement create/list/delete``: a partner
places (opaque) tenant projects in a bound virtual region."""

from __future__ import annotations

from osc_lib.command import command
from osc_lib import exceptions

from csf_client.osc.v1 import common

COLUMNS = (('ID', 'id'), ('Name', 'name'), ('Project ID', 'project_id'),
           ('Status', 'status'))


def _add_binding(parser) -> None:
    parser.add_argument('--binding', metavar='<binding>', required=True,
                        help='ID of the binding')


class CreatePlacement(command.ShowOne):
    _description = 'Create a project in a bound virtual region'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('name', metavar='<name>',
                            help="The partner's (opaque) name for it")
        _add_binding(parser)
        common.add_quota_option(parser, what='the project')
        access = parser.add_argument_group(
            'access', 'Which of the partner\'s K2K identities reach the '
            'project (pass-through): assertions naming this project of the '
            'partner\'s Keystone and, if given, this user. Without them, '
            'only the partner\'s own account reaches it.')
        for key, what in (('project', 'Project name'),
                          ('project-domain', 'Domain name of that project'),
                          ('user', 'User name'),
                          ('user-domain', 'Domain name of that user')):
            access.add_argument(
                '--access-%s' % key, metavar='<name>',
                dest='access_%s' % key.replace('-', '_'),
                help='%s, as the partner\'s Keystone writes it in its '
                     'assertions' % what)
        return parser

    def take_action(self, args):
        access = {key: getattr(args, 'access_' + key) for key in (
            'project', 'project_domain', 'user', 'user_domain')
            if getattr(args, 'access_' + key)}
        if access and not {'project', 'project_domain'} <= set(access):
            raise exceptions.CommandError(
                '--access-project and --access-project-domain go together '
                '(the user options only narrow them).')
        return common.show(common.vrm(self.app).create_placement(
            args.binding, args.name, common.parse_quota(args.quota),
            access=access or None))


class ListPlacement(command.Lister):
    _description = 'List the projects placed through a binding'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _add_binding(parser)
        return parser

    def take_action(self, args):
        return common.listing(
            common.vrm(self.app).list_placements(args.binding), COLUMNS)


class DeletePlacement(command.Command):
    _description = 'Remove placed projects (deletes them at the provider)'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('placements', metavar='<placement>', nargs='+',
                            help='ID')
        _add_binding(parser)
        return parser

    def take_action(self, args):
        client = common.vrm(self.app)
        common.delete_each(
            'placement', lambda pid: client.delete_placement(args.binding,
                                                             pid),
            args.placements)
