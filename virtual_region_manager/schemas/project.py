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
"""Bodies of /v1/bindings/{id}/projects requests."""

import re

from virtual_region_manager.schemas import common

# A name as the partner's Keystone has it (users: up to 255 characters).
KEYSTONE_NAME = {'type': 'string', 'minLength': 1, 'maxLength': 255}

# Roles of K2K assertions, as the partner's Keystone names them.
ROLE_NAMES = {'type': 'array', 'items': KEYSTONE_NAME, 'minItems': 1,
              'maxItems': 16, 'uniqueItems': True}

# Which of the partner's K2K identities reach the project. Either by an
# access role: assertions whose roles include ``role`` (a role the partner
# gives on that one project, named after its immutable id), with the
# placement's member group for those that also have one of
# ``roles.member`` and its reader group for those with one of
# ``roles.reader``; with ``pseudonym_prefix``, an assertion's role of that
# prefix and 16 to 64 hex digits names the federated user (the partner's
# pseudonym of its user). Or, as before, by names: assertions naming this
# project (and user, if given) get the member group.
ACCESS = {
    'type': 'object',
    'properties': dict({key: KEYSTONE_NAME for key in (
        'project', 'project_domain', 'user', 'user_domain', 'role')},
        roles={'type': 'object',
               'properties': {'member': ROLE_NAMES, 'reader': ROLE_NAMES},
               'required': ['member', 'reader'],
               'additionalProperties': False},
        pseudonym_prefix={'type': 'string',
                          'pattern': '^[a-z][a-z0-9-]{0,15}$'}),
    'anyOf': [{'required': ['role', 'roles']},
              {'required': ['project', 'project_domain']}],
    'additionalProperties': False,
}

CREATE = {
    'type': 'object',
    'properties': {'project': {
        'type': 'object',
        'properties': {
            # Opaque to the provider: the partner's name for the placement.
            'name': common.NAME,
            'quota': common.QUOTA,
            'access': ACCESS,
        },
        'required': ['name'],
        'additionalProperties': False,
    }},
    'required': ['project'],
    'additionalProperties': False,
}


# Body of PATCH /v1/bindings/{id}/projects/{project_id}: the partner's
# project was renamed (K2K assertions carry its new name).
UPDATE = {
    'type': 'object',
    'properties': {'project': {
        'type': 'object',
        'properties': {'access': ACCESS},
        'required': ['access'],
        'additionalProperties': False,
    }},
    'required': ['project'],
    'additionalProperties': False,
}


# Body of PUT /v1/bindings/{id}/projects/{project_id}/credential: the
# password the partner chose for the placement's credential user (Keystone
# keeps only its hash; the VRM does not keep it).
CREDENTIAL = {
    'type': 'object',
    'properties': {'credential': {
        'type': 'object',
        'properties': {'secret': {'type': 'string', 'minLength': 32,
                                  'maxLength': 128,
                                  'pattern': '^[!-~]+$'},
                       # The credential's role on the project (default
                       # member); reader: for users who only read.
                       'role': {'enum': ['member', 'reader']}},
        'required': ['secret'],
        'additionalProperties': False,
    }},
    'required': ['credential'],
    'additionalProperties': False,
}


# Body of PUT .../projects/{project_id}/users/{key}: as CREDENTIAL, but the
# secret may be left out to move an existing user to another role without
# changing its password (which would revoke its tokens).
USER_CREDENTIAL = {
    'type': 'object',
    'properties': {'credential': {
        'type': 'object',
        'properties': CREDENTIAL['properties']['credential']['properties'],
        'additionalProperties': False,
    }},
    'required': ['credential'],
    'additionalProperties': False,
}

# The partner's opaque name for one of its end users in a placed project
# (PUT/DELETE /v1/bindings/{id}/projects/{project_id}/users/{key}).
USER_KEY = re.compile(r'[a-z0-9]{16,64}')
