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
"""``openstack virtual region binding ...``: partners request bindings;
provider admins approve, reject, suspend and resume them; either side
terminates."""

from __future__ import annotations

from osc_lib.command import command

from csf_client.osc.v1 import common
from csf_client.osc.v1 import virtual_regions

COLUMNS = (('ID', 'id'), ('Virtual Region', 'virtual_region_id'),
           ('Partner', 'partner_id'), ('Status', 'status'))


class _OneBinding(command.ShowOne):
    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('binding', metavar='<binding>', help='ID')
        return parser


class CreateBinding(command.ShowOne):
    _description = 'Request a binding of a virtual region (as a partner)'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--virtual-region', metavar='<virtual-region>',
                            required=True, help='ID of the offering')
        parser.add_argument('--description', metavar='<text>')
        return parser

    def take_action(self, args):
        return common.show(common.vrm(self.app).create_binding(
            args.virtual_region, description=args.description))


class ListBinding(command.Lister):
    _description = 'List bindings (a partner sees its own)'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--virtual-region', metavar='<virtual-region>',
                            help='Only bindings of this virtual region '
                                 '(name or ID)')
        parser.add_argument('--status', metavar='<status>',
                            help='Only bindings in this status')
        return parser

    def take_action(self, args):
        found = common.vrm(self.app).list_bindings()
        if args.virtual_region:
            vr_id = virtual_regions.find(self.app, args.virtual_region)['id']
            found = [b for b in found if b['virtual_region_id'] == vr_id]
        if args.status:
            found = [b for b in found if b['status'] == args.status]
        return common.listing(found, COLUMNS)


class ShowBinding(_OneBinding):
    _description = 'Show a binding (when active: how to reach the region)'

    def take_action(self, args):
        return common.show(common.vrm(self.app).get_binding(args.binding))


class ApproveBinding(_OneBinding):
    _description = 'Approve a pending binding (provider admins)'

    def take_action(self, args):
        return common.show(common.vrm(self.app).approve_binding(
            args.binding))


class _WithReason(_OneBinding):
    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--reason', metavar='<text>',
                            help='Why (shown to the partner)')
        return parser


class RejectBinding(_WithReason):
    _description = 'Reject a pending binding (provider admins)'

    def take_action(self, args):
        return common.show(common.vrm(self.app).reject_binding(
            args.binding, reason=args.reason))


class SuspendBinding(_WithReason):
    _description = ('Suspend an active binding: the identity provider is '
                    'disabled and provider tokens revoked')

    def take_action(self, args):
        return common.show(common.vrm(self.app).suspend_binding(
            args.binding, reason=args.reason))


class ResumeBinding(_OneBinding):
    _description = 'Resume a suspended binding'

    def take_action(self, args):
        return common.show(common.vrm(self.app).resume_binding(
            args.binding))


class TerminateBinding(_OneBinding):
    _description = ('End a binding: every object it made at the provider '
                    'is removed')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--projects', choices=('retain', 'delete'),
                            default='retain',
                            help="What happens to the tenants' projects "
                                 '(default: retain)')
        return parser

    def take_action(self, args):
        return common.show(common.vrm(self.app).terminate_binding(
            args.binding, projects=args.projects))
