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
"""``openstack virtual region offering list`` (what the calling partner
may bind at this provider)."""

from __future__ import annotations

from osc_lib.command import command

from csf_client.osc.v1 import common

COLUMNS = (('ID', 'id'), ('Name', 'name'), ('Region', 'region_id'),
           ('Services', 'services'), ('Approval', 'approval'),
           ('Available', 'available'))


class ListOffering(command.Lister):
    _description = 'List the virtual regions a partner may bind'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--long', action='store_true',
                            help='Also show metadata and quota')
        return parser

    def take_action(self, args):
        columns = COLUMNS
        if args.long:
            columns += (('Quota', 'quota'), ('Metadata', 'metadata'))
        return common.listing(common.vrm(self.app).list_offerings(), columns)
