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
"""Base rules that the rules of each resource build on.

The operator's own Keystone issues the tokens a service validates: the
reseller's for the Aggregator, the provider's for the Virtual Region
Manager.

Personas (secure RBAC, as upstream services use them):

- ``admin``: the operator's administrators, ``admin`` in the operator's
  Keystone, project- or system-scoped. Keystone itself treats ``admin``
  on any project as the cloud's administrator, and only staff hold it.
- ``system_reader``: staff who may look at everything but change
  nothing, ``reader`` on the system (``system_scope:all``).
- ``staff_reader``: either of the two. A ``reader`` or ``member`` of an
  ordinary project is a customer of the operator, never staff: every
  customer holds those roles on its own project.
- ``project_member`` / ``project_reader``: a customer acting on its own
  project.

Domain-scoped tokens match no operation (their scope types are project
and system): they are refused with 403, as are unscoped ones.
"""

from oslo_policy import policy

ADMIN = 'rule:admin'
SYSTEM_READER = 'rule:system_reader'
STAFF_READER = 'rule:staff_reader'
PROJECT_MEMBER = 'rule:project_member'
PROJECT_READER = 'rule:project_reader'
ADMIN_OR_PROJECT_MEMBER = 'rule:admin_or_project_member'
ADMIN_OR_PROJECT_READER = 'rule:admin_or_project_reader'


def list_rules(*, operator: str) -> list[policy.RuleDefault]:
    """Return the base rules; ``operator`` names whose Keystone it is.

    ``operator`` is ``reseller`` or ``provider``; it only appears in the
    descriptions, hence in the generated sample policy file.
    """
    return [
        policy.RuleDefault(
            name='admin',
            check_str='role:admin',
            description='A %s administrator: the admin role in the '
                        "%s's Keystone." % (operator, operator),
            scope_types=['project', 'system'],
        ),
        policy.RuleDefault(
            name='system_reader',
            check_str='role:reader and system_scope:all',
            description='%s staff with read access to the whole system: '
                        'reader on the system in the %s\'s Keystone.'
                        % (operator.capitalize(), operator),
            scope_types=['system'],
        ),
        policy.RuleDefault(
            name='staff_reader',
            check_str='rule:admin or rule:system_reader',
            description='%s staff who may look: an administrator or a '
                        'system reader. A reader or member of an ordinary '
                        'project is a customer, never staff.'
                        % operator.capitalize(),
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
            description='A %s administrator or a member of the project '
                        'that owns the target.' % operator,
            scope_types=['project', 'system'],
        ),
        policy.RuleDefault(
            name='admin_or_project_reader',
            check_str='rule:admin or rule:project_reader',
            description='A %s administrator or a reader of the project '
                        'that owns the target.' % operator,
            scope_types=['project', 'system'],
        ),
    ]


def operation(name: str, check: str, method: str, path: str,
              description: str, *,
              scope_types: tuple[str, ...] = ('project', 'system')
              ) -> policy.DocumentedRuleDefault:
    """A rule guarding one API operation (project or system scope)."""
    return policy.DocumentedRuleDefault(
        name=name, check_str=check, description=description,
        operations=[{'method': method, 'path': path}],
        scope_types=list(scope_types))
