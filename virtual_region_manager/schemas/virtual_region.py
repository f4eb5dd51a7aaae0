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
"""Bodies of POST and PATCH /v1/virtual-regions."""

import copy

from virtual_region_manager.schemas import common

_PROPERTIES = {
    'name': common.NAME,
    'region_id': {'type': 'string', 'minLength': 1, 'maxLength': 255},
    'services': {'type': 'array', 'minItems': 1, 'uniqueItems': True,
                 'items': {'type': 'string',
                           'pattern': '^[a-z][a-z0-9-]{0,63}$'}},
    'quota': common.QUOTA,
    # Validated against the published region metadata schema separately.
    'metadata': {'type': 'object'},
    'visibility': {'enum': ['public', 'private']},
    'partners': {'type': 'array', 'uniqueItems': True,
                 'items': common.UUID_HEX,
                 'description': 'partners that may see a private region'},
    'approval': {'enum': ['auto', 'manual']},
    'description': common.DESCRIPTION,
}

CREATE = {
    'type': 'object',
    'properties': {'virtual_region': {
        'type': 'object',
        'properties': _PROPERTIES,
        'required': ['name', 'region_id', 'services', 'metadata'],
        'additionalProperties': False,
    }},
    'required': ['virtual_region'],
    'additionalProperties': False,
}

_UPDATABLE = {k: v for k, v in _PROPERTIES.items()
              if k not in ('name', 'region_id')}

UPDATE = copy.deepcopy(CREATE)
UPDATE['properties']['virtual_region'] = {
    'type': 'object', 'properties': _UPDATABLE, 'minProperties': 1,
    'additionalProperties': False}
