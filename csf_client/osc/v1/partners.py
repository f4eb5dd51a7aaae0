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
"""``openstack virtual region partner create/list/show/delete``
(provider admins onboard aggregators)."""

from __future__ import annotations

from osc_lib.command import command
from osc_lib import exceptions as osc_exc

from csf_client.osc.v1 import common

COLUMNS = (('ID', 'id'), ('Name', 'name'),
           ('IdP Entity ID', 'idp_entity_id'), ('Status', 'status'))


def find(app, name_or_id: str) -> dict:
    client = common.vrm(app)
    return common.find('partner', client.get_partner, client.list_partners,
                       name_or_id)


class CreatePartner(command.ShowOne):
    _description = ('Onboard an aggregator as a partner; prints its VRM '
                    'credential (application_credential), shown only once')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('name', metavar='<name>')
        parser.add_argument('--idp-entity-id', metavar='<uri>',
                            required=True,
                            help="SAML entity id of the aggregator's "
                                 'Keystone (its K2K identity provider).')
        parser.add_argument('--idp-metadata-file', metavar='<path>',
                            required=True,
                            help="File with that identity provider's SAML "
                                 'metadata (XML).')
        parser.add_argument('--description', metavar='<text>')
        return parser

    def take_action(self, args):
        try:
            with open(args.idp_metadata_file) as fh:
                metadata = fh.read()
        except OSError as exc:
            raise osc_exc.CommandError('Cannot read the IdP metadata: %s'
                                       % exc)
        partner = common.vrm(self.app).create_partner(
            args.name, args.idp_entity_id, metadata,
            description=args.description)
        return common.show(partner, hidden=('idp_metadata',))


class ListPartner(command.Lister):
    _description = 'List partners'

    def take_action(self, args):
        return common.listing(common.vrm(self.app).list_partners(), COLUMNS)


class ShowPartner(common.ShowByName):
    _description = 'Show a partner'
    resource = 'partner'
    hidden = ('idp_metadata',)

    def find(self, name_or_id: str) -> dict:
        return find(self.app, name_or_id)


class DeletePartner(common.DeleteByName):
    _description = 'Offboard partners (their credential stops working)'
    resource = 'partner'

    def find(self, name_or_id: str) -> dict:
        return find(self.app, name_or_id)

    def delete(self, object_id: str) -> None:
        common.vrm(self.app).delete_partner(object_id)
