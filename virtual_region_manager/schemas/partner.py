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
"""Body of POST /v1/partners."""

from virtual_region_manager.schemas import common

CREATE = {
    'type': 'object',
    'properties': {'partner': {
        'type': 'object',
        'properties': {
            'name': common.NAME,
            'idp_entity_id': {'type': 'string', 'minLength': 1,
                              'maxLength': 1024, 'format': 'uri'},
            'idp_metadata': {'type': 'string', 'minLength': 1,
                             'maxLength': 262144},
            'description': common.DESCRIPTION,
        },
        'required': ['name', 'idp_entity_id', 'idp_metadata'],
        'additionalProperties': False,
    }},
    'required': ['partner'],
    'additionalProperties': False,
}
