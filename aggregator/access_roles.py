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
"""Access roles: how a provider tells a placed project's K2K identities.

K2K assertions name the user's project, never its id; a name can be
renamed away and taken again. So each reseller project placed in a
pass-through region has an access role in the reseller's Keystone,
``csf-<keyed hash of the project's id>``, that the Aggregator gives on
that project, and nowhere else, to every user and group holding another
role there, and takes back from those who lost theirs. Keystone puts the
token's roles into every assertion (``openstack_roles``): the provider's
mapping matches the access role, so a renamed project keeps its way in
at once and a new project of an old name never has it. The mapping also
asks for one of the tenant's roles (``WRITERS`` for the member group,
``READERS`` for the reader group), so someone left with the access role
alone reaches nothing, and a reseller reader only reads at the provider.

The provider sees only the opaque name. Its placements keep the name
they were given (``access['role']``), so a rotated encryption key changes
no one's way in.
"""

from __future__ import annotations

from oslo_log import log as logging
import sqlalchemy as sa

from aggregator import crypto
from aggregator.db import api as db
from aggregator.db import models
from aggregator import pseudonyms
from aggregator import reseller_keystone

LOG = logging.getLogger(__name__)
PREFIX = 'csf-'
# A tenant's roles that act as the member, or the reader, of a placed
# project at the provider (proxy credential, pass-through group).
WRITERS = ('member', 'admin')
READERS = ('reader',) + WRITERS
_LIVE = ('creating', 'active', 'deleting')


def _placed(project_id: str) -> list[models.Placement]:
    """The project's live pass-through placements."""
    with db.reader() as session:
        found = session.scalars(
            sa.select(models.Placement)
            .join(models.Region,
                  models.Region.id == models.Placement.region_id)
            .where(models.Placement.project_id == project_id,
                   models.Placement.status.in_(_LIVE),
                   models.Region.token_mode == 'pass-through')).all()
        session.expunge_all()
        return list(found)


def name(conf, project_id: str) -> str:
    """The project's access role: the one its placements have, or new."""
    for placement in _placed(project_id):
        given = (placement.access or {}).get('role')
        if given:
            return given
    return PREFIX + crypto.keyed_digest(conf, 'access-role/' + project_id)


def access(conf, project_id: str) -> dict:
    """A placement's ``access`` at the VRM.

    The access role, which roles act as member and reader, and the prefix
    of the users' pseudonym roles (pseudonyms.py), after which the
    provider names each federated user.
    """
    return {'role': name(conf, project_id),
            'roles': {'member': list(WRITERS), 'reader': list(READERS)},
            'pseudonym_prefix': pseudonyms.PREFIX}


def _actor(assignment: dict) -> tuple[str, str] | None:
    for kind in ('user', 'group'):
        if kind in assignment:
            return kind, assignment[kind]['id']
    return None


def keep(conf, project_id: str, role: str, keystone=None) -> int:
    """Give ``role`` on the project to exactly those with another role.

    Users and groups with a role of their own on the project get it there
    (a group's members through the group, so joining or leaving the group
    counts at once); those who have it without one lose it, and so does
    anyone given it on another project or domain; the project's users
    get their pseudonym roles on it (pseudonyms.keep). Returns the number
    of grants changed.
    """
    keystone = keystone or reseller_keystone.ResellerKeystone(conf)
    role_id = keystone.ensure_role(role)
    here = keystone.role_assignments(project_id=project_id)
    want = {_actor(a) for a in here
            if not a['role'].get('name', '').startswith(PREFIX)}
    have = {_actor(a) for a in here if a['role']['id'] == role_id}
    want.discard(None)
    have.discard(None)
    changed = 0
    for actor in sorted(want - have):
        keystone.grant_on_project(role_id, project_id, *actor)
        changed += 1
    for actor in sorted(have - want):
        keystone.revoke(role_id, {'project': {'id': project_id}}, *actor)
        changed += 1
    for stray in keystone.role_assignments(role_id=role_id):
        scope = stray.get('scope', {})
        if _actor(stray) and (
                scope.get('project', {}).get('id') != project_id
                or 'OS-INHERIT:inherited_to' in scope):
            LOG.warning('Access role %s was given outside its project; '
                        'taken back.', role)
            keystone.revoke(role_id, stray['scope'], *_actor(stray))
            changed += 1
    return changed + pseudonyms.keep(conf, project_id, keystone)


def release(conf, project_id: str, role: str | None) -> None:
    """Delete the access role once no pass-through placement has it.

    The users' pseudonym roles on the project go with it.
    """
    if not role or any((p.access or {}).get('role') == role
                       for p in _placed(project_id)):
        return
    keystone = reseller_keystone.ResellerKeystone(conf)
    keystone.delete_role(role)
    pseudonyms.release(conf, project_id, keystone)
