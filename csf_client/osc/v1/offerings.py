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
"""``openstack aggregator offering list``: every provider's offerings,
searched by service and metadata."""

from __future__ import annotations

from osc_lib.cli import parseractions

from csf_client.osc.v1 import common


class ListOffering(common.OfferingLister):
    _description = "List the providers' offerings"
    columns = (('ID', 'id'), ('Name', 'name'), ('Provider', 'provider_id'),
               ('Region', 'region_id'), ('Services', 'services'),
               ('Available', 'available'))

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--service', metavar='<service-type>',
                            help='Only offerings with this service')
        parser.add_argument(
            '--property', metavar='<key=value>', dest='properties',
            action=parseractions.KeyValueAction, default={},
            help='Only offerings whose metadata has this value: a dotted '
                 'path (location.country=DE) or a key found at any depth '
                 '(jurisdiction=EU); repeat to require more.')
        return parser

    def offerings(self, args) -> list[dict]:
        return common.aggregator(self.app).list_offerings(
            service=args.service, metadata=args.properties)
