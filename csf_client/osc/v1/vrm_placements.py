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


# The partner's roles that act as member, and as reader, by default.
MEMBER_ROLES = ('member', 'admin')
READER_ROLES = ('reader',) + MEMBER_ROLES


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
            'project (pass-through). By role: assertions with this access '
            'role (one the partner gives on its project alone), with the '
            'member group for those also holding a member role and the '
            'reader group for those holding a reader role. Or by names: '
            'assertions naming this project of the partner\'s Keystone '
            'and, if given, this user. Without them, only the partner\'s '
            'own account reaches it.')
        access.add_argument(
            '--access-role', metavar='<name>',
            help='Access role, as the partner\'s Keystone writes it in '
                 'its assertions')
        for role, default in (('member', MEMBER_ROLES),
                              ('reader', READER_ROLES)):
            access.add_argument(
                '--access-%s-role' % role, metavar='<name>', action='append',
                dest='access_%s_roles' % role,
                help='With --access-role: a role of the partner\'s that '
                     'acts as %s (repeat; default: %s)'
                     % (role, ', '.join(default)))
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
        if args.access_role:
            access.update(role=args.access_role, roles={
                'member': args.access_member_roles or list(MEMBER_ROLES),
                'reader': args.access_reader_roles or list(READER_ROLES)})
        elif args.access_member_roles or args.access_reader_roles:
            raise exceptions.CommandError(
                '--access-member-role and --access-reader-role go with '
                '--access-role.')
        elif access and not {'project', 'project_domain'} <= set(access):
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
