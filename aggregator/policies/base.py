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
"""Base rules that the rules of each Aggregator resource build on.

The reseller's Keystone issues the tokens. Reseller administrators hold the
``admin`` role; tenants hold ``member`` or ``reader`` on their projects.
"""

from oslo_policy import policy

ADMIN = 'rule:admin'
READER = 'rule:reader'
PROJECT_MEMBER = 'rule:project_member'
PROJECT_READER = 'rule:project_reader'
ADMIN_OR_PROJECT_MEMBER = 'rule:admin_or_project_member'
ADMIN_OR_PROJECT_READER = 'rule:admin_or_project_reader'

rules = [
    policy.RuleDefault(
        name='admin',
        check_str='role:admin',
        description='A reseller administrator: the admin role in the '
                    "reseller's Keystone.",
        scope_types=['project', 'system'],
    ),
    policy.RuleDefault(
        name='reader',
        check_str='role:reader',
        description='Any user with at least read access (reader, or a role '
                    'that implies it).',
        scope_types=['project', 'system'],
    ),
    policy.RuleDefault(
        name='project_member',
        check_str='role:member and project_id:%(project_id)s',
        description='A member of the project that owns the target.',
        scope_types=['project'],
    ),
    policy.RuleDefault(
        name='project_reader',
        check_str='role:reader and project_id:%(project_id)s',
        description='A reader of the project that owns the target.',
        scope_types=['project'],
    ),
    policy.RuleDefault(
        name='admin_or_project_member',
        check_str='rule:admin or rule:project_member',
        description='A reseller administrator or a member of the project '
                    'that owns the target.',
        scope_types=['project', 'system'],
    ),
    policy.RuleDefault(
        name='admin_or_project_reader',
        check_str='rule:admin or rule:project_reader',
        description='A reseller administrator or a reader of the project '
                    'that owns the target.',
        scope_types=['project', 'system'],
    ),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
