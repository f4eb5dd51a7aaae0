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
"""JSON Schema fragments both services' request bodies use."""

# Names of regions, virtual regions, partners, providers, placements.
NAME = {'type': 'string', 'minLength': 1, 'maxLength': 64,
        'pattern': '^[A-Za-z0-9][A-Za-z0-9_.-]*$'}
DESCRIPTION = {'type': 'string', 'maxLength': 1024}

# {service_type: {resource_name: limit}}: Keystone unified limits. Names
# as services register them: lower case (servers, image_size_total), or
# Nova's resource classes (class:VCPU, class:MEMORY_MB).
QUOTA = {
    'type': 'object',
    'propertyNames': {'pattern': '^[a-z][a-z0-9-]{0,63}$'},
    'additionalProperties': {
        'type': 'object',
        'propertyNames': {'pattern': '^([a-z][a-z0-9_]{0,254}|'
                                     'class:[A-Z][A-Z0-9_]{0,248})$'},
        'additionalProperties': {'type': 'integer', 'minimum': -1,
                                 'maximum': 2147483647},
    },
}
