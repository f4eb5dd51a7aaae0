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
"""Body of POST /v1/providers."""

from csf_common import schemas

NAME = schemas.NAME

CREATE = {
    'type': 'object',
    'properties': {'provider': {
        'type': 'object',
        'properties': {
            'name': NAME,
            'vrm_url': {'type': 'string', 'format': 'uri',
                        'pattern': '^https?://'},
            'auth_url': {'type': 'string', 'format': 'uri',
                         'pattern': '^https?://'},
            'application_credential': {
                'type': 'object',
                'properties': {
                    'id': {'type': 'string', 'minLength': 1,
                           'maxLength': 64},
                    'secret': {'type': 'string', 'minLength': 1,
                               'maxLength': 1024},
                },
                'required': ['id', 'secret'],
                'additionalProperties': False,
            },
            'description': {'type': 'string', 'maxLength': 1024},
        },
        'required': ['name', 'vrm_url', 'auth_url',
                     'application_credential'],
        'additionalProperties': False,
    }},
    'required': ['provider'],
    'additionalProperties': False,
}
