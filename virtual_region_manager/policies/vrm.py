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
"""Rules of the VRM's resources: virtual regions, partners, offerings,
bindings and placed projects.

The VRM's API is the provider staff's: administrators (``admin``) change
it, staff readers (``admin``, or ``reader`` on the system) look at it. The
provider's customers hold ``member``/``reader`` on their own projects, and
a reseller's federated (K2K) users only ``member`` on placed projects:
neither is staff, and both are refused everything here. A partner calls
with its application credential, whose token carries the partner role on
the partner's own project: ``partner`` recognises it, ``partner_owner``
also checks that the target belongs to that partner.
"""

from oslo_policy import policy

from csf_common.policies import base

PARTNER = 'rule:partner'
PARTNER_OWNER = 'rule:partner_owner'
ADMIN_OR_OWNER = '%s or %s' % (base.ADMIN, PARTNER_OWNER)
READER_OR_OWNER = '%s or %s' % (base.STAFF_READER, PARTNER_OWNER)

_op = base.operation


def list_rules() -> list[policy.RuleDefault]:
    vr = '/v1/virtual-regions'
    return [
        policy.RuleDefault(
            name='partner', check_str='role:vrm_partner',
            description='A partner (aggregator) calling with its '
                        'application credential.',
            scope_types=['project']),
        policy.RuleDefault(
            name='partner_owner',
            check_str='role:vrm_partner and project_id:%(project_id)s',
            description='The partner that owns the target binding.',
            scope_types=['project']),
        _op('vrm:virtual_regions:create', base.ADMIN, 'POST', vr,
            'Define a virtual region.'),
        _op('vrm:virtual_regions:list', base.STAFF_READER, 'GET', vr,
            'List virtual regions.'),
        _op('vrm:virtual_regions:show', base.STAFF_READER, 'GET', vr + '/{id}',
            'Show a virtual region.'),
        _op('vrm:virtual_regions:update', base.ADMIN, 'PATCH', vr + '/{id}',
            'Change a virtual region.'),
        _op('vrm:virtual_regions:delete', base.ADMIN, 'DELETE',
            vr + '/{id}', 'Delete a virtual region without live bindings.'),
        _op('vrm:partners:create', base.ADMIN, 'POST', '/v1/partners',
            'Onboard a partner; returns its credential once.'),
        _op('vrm:partners:list', base.STAFF_READER, 'GET', '/v1/partners',
            'List partners.'),
        _op('vrm:partners:show', base.STAFF_READER, 'GET', '/v1/partners/{id}',
            'Show a partner.'),
        _op('vrm:partners:delete', base.ADMIN, 'DELETE',
            '/v1/partners/{id}', 'Offboard a partner without live '
            'bindings.'),
        _op('vrm:offerings:list', '%s or %s' % (PARTNER, base.STAFF_READER),
            'GET', '/v1/offerings',
            'List the virtual regions the calling partner may bind.'),
        _op('vrm:bindings:create', PARTNER, 'POST', '/v1/bindings',
            'Request a binding of a virtual region.'),
        _op('vrm:bindings:list', '%s or %s' % (PARTNER, base.STAFF_READER),
            'GET',
            '/v1/bindings', "List bindings (a partner sees its own)."),
        _op('vrm:bindings:show', READER_OR_OWNER, 'GET',
            '/v1/bindings/{id}', 'Show a binding.'),
        _op('vrm:bindings:approve', base.ADMIN, 'POST',
            '/v1/bindings/{id}/action', 'Approve a pending binding.'),
        _op('vrm:bindings:reject', base.ADMIN, 'POST',
            '/v1/bindings/{id}/action', 'Reject a pending binding.'),
        _op('vrm:bindings:suspend', ADMIN_OR_OWNER, 'POST',
            '/v1/bindings/{id}/action', 'Suspend an active binding.'),
        _op('vrm:bindings:resume', ADMIN_OR_OWNER, 'POST',
            '/v1/bindings/{id}/action', 'Resume a suspended binding.'),
        _op('vrm:bindings:terminate', ADMIN_OR_OWNER, 'POST',
            '/v1/bindings/{id}/action',
            'Terminate a binding, retaining or deleting its projects.'),
        _op('vrm:projects:create', PARTNER_OWNER, 'POST',
            '/v1/bindings/{id}/projects',
            "Place a tenant project in the binding's virtual region."),
        _op('vrm:projects:update', PARTNER_OWNER, 'PATCH',
            '/v1/bindings/{id}/projects/{project_id}',
            "Change which of the partner's K2K identities reach a placed "
            "project (the partner renamed it)."),
        _op('vrm:projects:credential', PARTNER_OWNER, 'PUT',
            '/v1/bindings/{id}/projects/{project_id}/credential',
            "Set the password of a placed project's credential user (the "
            "partner's proxy reaches the project with it)."),
        _op('vrm:projects:users:update', PARTNER_OWNER, 'PUT',
            '/v1/bindings/{id}/projects/{project_id}/users/{key}',
            "Give one of the partner's end users its own user in a placed "
            "project, or change its password or role."),
        _op('vrm:projects:users:delete', ADMIN_OR_OWNER, 'DELETE',
            '/v1/bindings/{id}/projects/{project_id}/users/{key}',
            "Delete an end user's user of a placed project."),
        _op('vrm:projects:list', READER_OR_OWNER, 'GET',
            '/v1/bindings/{id}/projects', 'List placed projects.'),
        _op('vrm:projects:delete', ADMIN_OR_OWNER, 'DELETE',
            '/v1/bindings/{id}/projects/{project_id}',
            'Remove a placed project (and its limits) at the provider.'),
    ]
