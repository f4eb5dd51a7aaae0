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
"""Rules of the Aggregator's resources.

Reseller administrators (``admin`` in the reseller's Keystone) manage
providers and regions and see everything. Tenants see the regions (without
which provider serves them), place their own projects and see where their
projects are placed.
"""

from oslo_policy import policy

from csf_common.policies import base

ANY_USER = '%s or role:reader or role:member' % base.ADMIN

_op = base.operation


def list_rules() -> list[policy.RuleDefault]:
    regions = '/v1/regions'
    return [
        policy.RuleDefault(
            name='aggregator:admin', check_str=base.ADMIN,
            description='Who sees every region detail and placement.',
            scope_types=['project', 'system']),
        _op('aggregator:providers:create', base.ADMIN, 'POST',
            '/v1/providers', 'Register a provider and its partner '
            'credential.'),
        _op('aggregator:providers:list', base.ADMIN, 'GET',
            '/v1/providers', 'List providers and their availability.'),
        _op('aggregator:providers:show', base.ADMIN, 'GET',
            '/v1/providers/{id}', 'Show a provider.'),
        _op('aggregator:providers:delete', base.ADMIN, 'DELETE',
            '/v1/providers/{id}', 'Remove a provider serving no region.'),
        _op('aggregator:offerings:list', base.ADMIN, 'GET',
            '/v1/offerings', "Search all providers' offerings."),
        _op('aggregator:regions:create', base.ADMIN, 'POST', regions,
            'Create a region bound to an offering.'),
        _op('aggregator:regions:list', ANY_USER, 'GET', regions,
            'List regions (tenants do not see who serves them).'),
        _op('aggregator:regions:show', ANY_USER, 'GET', regions + '/{name}',
            'Show a region.'),
        _op('aggregator:regions:update', base.ADMIN, 'PATCH',
            regions + '/{name}', 'Change, suspend or resume a region.'),
        _op('aggregator:regions:delete', base.ADMIN, 'DELETE',
            regions + '/{name}',
            'Delete a region without placed projects.'),
        _op('aggregator:placements:create', base.ADMIN_OR_PROJECT_MEMBER,
            'POST', regions + '/{name}/projects',
            'Place a project in a region (a tenant: its own project).'),
        _op('aggregator:placements:list', ANY_USER, 'GET',
            regions + '/{name}/projects',
            'List placements (a tenant sees its own project only).'),
        _op('aggregator:placements:delete', base.ADMIN_OR_PROJECT_MEMBER,
            'DELETE', regions + '/{name}/projects/{project_id}',
            'Remove a placement: the project is deleted at the provider.'),
        _op('aggregator:proxy', ANY_USER, 'GET', '/proxy/{region}/{type}/*',
            'Use a proxy-mode region (the project must be placed in it; '
            'every method). A region serves projects: only project-scoped '
            'tokens.', scope_types=('project',)),
        _op('aggregator:project_regions:list', base.ADMIN_OR_PROJECT_READER,
            'GET', '/v1/projects/{id}/regions',
            'List the regions a project is placed in.'),
    ]
