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
"""Who, among a partner's identities, reaches which placed project.

A binding's mapping turns every assertion from the partner's identity
provider into one partner-level user (``partner-<name>``) in the virtual
region's domain: end users' names never become Keystone users at the
provider. That user alone has no role anywhere. Each placement then adds
rules from the placement's ``access``. By an access role (``role``):
assertions whose ``openstack_roles`` include it, a role the partner gives
on the one project it placed (named after that project's immutable id, so
neither a rename nor a new project of an old name changes who matches),
get the placement's member group if they also have one of
``roles.member``, its reader group if one of ``roles.reader``; with a
``pseudonym_prefix``, the federated user is named after the assertion's
role of that prefix (the partner's pseudonym of its user, one per end
user: what a service keeps per user stays that user's). By names
(placements made before access roles): assertions naming the partner's
project (and optionally user) get the member group. The member group has
the member role on that placement's project only, the reader group the
reader role.

So in a pass-through region a tenant's own K2K identity, scoped to its
project at the partner, reaches exactly the provider project that backs
it, with the roles it has there; in a proxy region only the partner's
proxy identity matches.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from virtual_region_manager.db import api as db
from virtual_region_manager.db import models

# Keys of a placement's ``access`` -> the K2K assertion attribute each
# matches (Keystone's SAML2 IdP sets these).
ATTRIBUTES = {'project': 'openstack_project',
              'project_domain': 'openstack_project_domain',
              'user_domain': 'openstack_user_domain'}
ROLES_ATTRIBUTE = 'openstack_roles'
# Placements whose group and project exist (see placements._place_steps).
REACHABLE = ('creating', 'active')
ATTEMPTS = 5


# The roles a placement's credentials have on its project (see
# placements.set_credential): the member group's, and the reader group's.
ROLES = ('member', 'reader')


def group_name(placement_id: str, role: str = 'member') -> str:
    return ('vrm-p-%s' if role == 'member' else 'vrm-r-%s') % placement_id


def credential_user_name(placement_id: str, role: str = 'member') -> str:
    """The placement's credential user of ``role``."""
    return 'vrm-c-%s%s' % (placement_id, '' if role == 'member' else '-r')


def role_option(conf, role: str) -> str:
    """The Keystone role a placement group of ``role`` has."""
    return (conf.virtual_regions.member_role if role == 'member'
            else conf.virtual_regions.reader_role)


def _by_role(conf, access: dict, role: str) -> list:
    """Assertions with the access role and one of the ``role`` roles."""
    attribute = conf.federation.assertion_attribute_prefix + ROLES_ATTRIBUTE
    return [{'type': conf.federation.remote_user_attribute},
            {'type': attribute, 'any_one_of': [access['role']]},
            {'type': attribute, 'any_one_of': list(access['roles'][role])}]


def _pseudonym(conf, access: dict) -> dict:
    """The rule naming the federated user after the partner's pseudonym.

    For assertions with the placement's access role and one role of the
    pseudonym prefix (and 16 to 64 hex digits): the user is that role's
    name. It comes before the baseline rule: Keystone takes the first
    user a mapping names.
    """
    attribute = conf.federation.assertion_attribute_prefix + ROLES_ATTRIBUTE
    pattern = '^%s[0-9a-f]{16,64}$' % re.escape(access['pseudonym_prefix'])
    return {'local': [{'user': {'name': '{1}'}}],
            'remote': [{'type': conf.federation.remote_user_attribute},
                       {'type': attribute, 'any_one_of': [access['role']]},
                       {'type': attribute, 'any_one_of': [pattern],
                        'regex': True},
                       {'type': attribute, 'whitelist': [pattern],
                        'regex': True}]}


def _remote(conf, access: dict) -> list:
    remote = [{'type': conf.federation.remote_user_attribute}]
    if access.get('user'):
        remote[0]['any_one_of'] = [access['user']]
    prefix = conf.federation.assertion_attribute_prefix
    for key, attribute in ATTRIBUTES.items():
        if access.get(key):
            remote.append({'type': prefix + attribute,
                           'any_one_of': [access[key]]})
    return remote


def rules(conf, partner_name: str, domain_id: str,
          placements: list[models.Placement]) -> list:
    """The mapping rules of a binding with these placements.

    Pseudonym rules first (the first user named wins), then the baseline
    user, then each placement's groups.
    """
    pseudonymous = [p.access for p in placements
                    if (p.access or {}).get('role') and
                    p.access.get('pseudonym_prefix')]
    found = [_pseudonym(conf, access) for access in pseudonymous]
    baseline = [{'type': conf.federation.remote_user_attribute}]
    if pseudonymous:
        # An assertion for a pseudonymous placement without its user's
        # pseudonym (not given yet) maps no user, never the partner-level
        # one that other users share: it is refused until it has one.
        baseline.append({
            'type': conf.federation.assertion_attribute_prefix +
            ROLES_ATTRIBUTE,
            'not_any_of': sorted({a['role'] for a in pseudonymous})})
    found.append({'local': [{'user': {'name': 'partner-%s' % partner_name}}],
                  'remote': baseline})
    for placement in placements:
        if not placement.access:
            continue
        if placement.access.get('role'):
            found.extend({
                'local': [{'group': {'name': group_name(placement.id, role),
                                     'domain': {'id': domain_id}}}],
                'remote': _by_role(conf, placement.access, role)}
                for role in ROLES)
            continue
        found.append({
            'local': [{'group': {'name': group_name(placement.id),
                                 'domain': {'id': domain_id}}}],
            'remote': _remote(conf, placement.access)})
    return found


def _placed(binding_id: str) -> list[models.Placement]:
    with db.reader() as session:
        found = session.scalars(
            sa.select(models.Placement)
            .where(models.Placement.binding_id == binding_id,
                   models.Placement.status.in_(REACHABLE),
                   models.Placement.project_id.is_not(None))
            .order_by(models.Placement.created_at)).all()
        session.expunge_all()
        return list(found)


def sync_mapping(conf, pk, mapping_id: str, binding_id: str,
                 partner_name: str, domain_id: str) -> None:
    """Write the binding's mapping from its placements.

    Two placements made at once may each write a mapping without the
    other's rule; whoever finds, after writing, that the placements
    changed writes again, so the last write is always complete.
    """
    placed = _placed(binding_id)
    for _ in range(ATTEMPTS):
        pk.put_mapping(mapping_id, rules(conf, partner_name, domain_id,
                                         placed))
        now = _placed(binding_id)
        if _key(now) == _key(placed):
            return
        placed = now
    raise RuntimeError('The placements of binding %s kept changing while '
                       'its mapping was written.' % binding_id)


def _key(placed: list[models.Placement]) -> list:
    return [(p.id, p.access) for p in placed]
