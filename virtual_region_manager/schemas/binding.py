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
"""Bodies of POST /v1/bindings and POST /v1/bindings/{id}/action."""

from virtual_region_manager.schemas import common

CREATE = {
    'type': 'object',
    'properties': {'binding': {
        'type': 'object',
        'properties': {
            'virtual_region_id': common.UUID_HEX,
            'description': common.DESCRIPTION,
            # The partner's API version, checked at the handshake.
            'api_version': {'type': 'string', 'pattern': '^v1(\\.[0-9]+)?$'},
        },
        'required': ['virtual_region_id'],
        'additionalProperties': False,
    }},
    'required': ['binding'],
    'additionalProperties': False,
}

ACTIONS = ('approve', 'reject', 'suspend', 'resume', 'terminate')

_TERMINATE = {
    'type': ['object', 'null'],
    'properties': {'projects': {'enum': ['retain', 'delete']}},
    'additionalProperties': False,
}

ACTION = {
    'type': 'object',
    'minProperties': 1,
    'maxProperties': 1,
    'properties': {
        'approve': {'type': ['object', 'null'], 'maxProperties': 0},
        'reject': {'type': ['object', 'null'],
                   'properties': {'reason': common.DESCRIPTION},
                   'additionalProperties': False},
        'suspend': {'type': ['object', 'null'],
                    'properties': {'reason': common.DESCRIPTION},
                    'additionalProperties': False},
        'resume': {'type': ['object', 'null'], 'maxProperties': 0},
        'terminate': _TERMINATE,
    },
    'additionalProperties': False,
}
