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
"""Bodies of POST and PATCH /v1/regions."""

from csf_common import schemas

# Keystone region ids: the name tenants see in the catalog (V1, eu-gold).
NAME = schemas.NAME
TOKEN_MODE = {'enum': ['proxy', 'pass-through']}
DESCRIPTION = schemas.DESCRIPTION

CREATE = {
    'type': 'object',
    'properties': {'region': {
        'type': 'object',
        'properties': {
            'name': NAME,
            'provider_id': {'type': 'string', 'minLength': 1,
                            'maxLength': 36},
            'virtual_region_id': {'type': 'string', 'minLength': 1,
                                  'maxLength': 36},
            'token_mode': TOKEN_MODE,
            'description': DESCRIPTION,
        },
        'required': ['name', 'provider_id', 'virtual_region_id'],
        'additionalProperties': False,
    }},
    'required': ['region'],
    'additionalProperties': False,
}

UPDATE = {
    'type': 'object',
    'properties': {'region': {
        'type': 'object',
        'properties': {
            'token_mode': TOKEN_MODE,
            'description': DESCRIPTION,
            'status': {'enum': ['active', 'suspended']},
        },
        'minProperties': 1,
        'additionalProperties': False,
    }},
    'required': ['region'],
    'additionalProperties': False,
}
