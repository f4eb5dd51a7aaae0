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
"""Body of POST /v1/regions/{name}/projects."""

from csf_common import schemas

CREATE = {
    'type': 'object',
    'properties': {'project': {
        'type': 'object',
        'properties': {
            'project_id': {'type': 'string', 'pattern': '^[0-9a-f]{32}$'},
            'quota': schemas.QUOTA,
        },
        'required': ['project_id'],
        'additionalProperties': False,
    }},
    'required': ['project'],
    'additionalProperties': False,
}
