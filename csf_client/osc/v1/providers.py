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
"""``openstack aggregator provider create/list/show/delete`` (reseller
admins register the clouds they resell)."""

from __future__ import annotations

from osc_lib.command import command

from csf_client.osc.v1 import common

COLUMNS = (('ID', 'id'), ('Name', 'name'), ('VRM URL', 'vrm_url'),
           ('Available', 'available'))


def find(app, name_or_id: str) -> dict:
    client = common.aggregator(app)
    return common.find('provider', client.get_provider,
                       client.list_providers, name_or_id)


class CreateProvider(command.ShowOne):
    _description = ('Register a provider with the partner credential its '
                    'VRM gave (stored encrypted, never shown again)')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('name', metavar='<name>')
        parser.add_argument('--vrm-url', metavar='<url>', required=True,
                            help="The provider's Virtual Region Manager")
        parser.add_argument('--auth-url', metavar='<url>', required=True,
                            help="The provider's Keystone (…/v3)")
        parser.add_argument('--credential-id', metavar='<id>',
                            required=True,
                            help='Partner application credential ID')
        parser.add_argument('--credential-secret', metavar='<secret>',
                            required=True,
                            help='Partner application credential secret '
                                 '(write --credential-secret=<secret> '
                                 "when it begins with '-')")
        parser.add_argument('--description', metavar='<text>')
        return parser

    def take_action(self, args):
        return common.show(common.aggregator(self.app).create_provider(
            args.name, args.vrm_url, args.auth_url, args.credential_id,
            args.credential_secret, description=args.description))


class ListProvider(command.Lister):
    _description = 'List providers'

    def take_action(self, args):
        return common.listing(common.aggregator(self.app).list_providers(),
                              COLUMNS)


class ShowProvider(common.ShowByName):
    _description = 'Show a provider (with its availability)'
    resource = 'provider'

    def find(self, name_or_id: str) -> dict:
        return find(self.app, name_or_id)


class DeleteProvider(common.DeleteByName):
    _description = 'Remove providers (refused while they serve a region)'
    resource = 'provider'

    def find(self, name_or_id: str) -> dict:
        return find(self.app, name_or_id)

    def delete(self, object_id: str) -> None:
        common.aggregator(self.app).delete_provider(object_id)
