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
"""Users of a placed project: one provider user per partner end user.

A partner's proxy (the Aggregator of a proxy region) acts for each of its
users as a provider user of that user's own, so that what a service keeps
per user, not per project (Nova's key pairs), stays the user's: two end
users of one project never share a provider identity. The partner names
each of its users by an opaque ``key`` of its own choosing and sets the
user's password (the VRM does not keep it); the provider knows the user
as ``vrm-u-<placement id>-<key>`` in the virtual region's domain, a member
of the placement's member group or of its reader group, whichever the
partner's user is now (a move takes it out of the other). So the user's
rights come only from the placement's groups: a suspended binding takes
them away with the groups' grants, and a removed placement deletes its
users with it (``remove_all``).
"""

from __future__ import annotations

from keystoneauth1 import exceptions as ks_exc
import sqlalchemy as sa

from virtual_region_manager import access
from virtual_region_manager.db import api as db
from virtual_region_manager.db import models
from virtual_region_manager import errors


def user_name(placement_id: str, key: str) -> str:
    """The provider user of the partner's user ``key`` in a placement."""
    return 'vrm-u-%s-%s' % (placement_id, key)


def view(row: models.PlacementUser, domain_id: str,
         project_id: str | None) -> dict:
    return {'key': row.key, 'user_id': row.user_id, 'role': row.role,
            'user_domain_id': domain_id, 'project_id': project_id}


def _find(placement_id: str, key: str) -> models.PlacementUser | None:
    with db.reader() as session:
        row = session.scalar(sa.select(models.PlacementUser).where(
            models.PlacementUser.placement_id == placement_id,
            models.PlacementUser.key == key))
        if row is not None:
            session.expunge(row)
        return row


def _record(placement_id: str, key: str, role: str, limit: int) -> None:
    """The row before the Keystone user: nothing is made untracked.

    A new key beyond ``limit`` users of the placement is refused.
    """
    if _find(placement_id, key) is not None:
        return
    with db.reader() as session:
        count = session.scalar(sa.select(sa.func.count()).select_from(
            models.PlacementUser).where(
                models.PlacementUser.placement_id == placement_id))
    if count >= limit:
        raise errors.Conflict(
            'Project %s has users for %d of the partner\'s users, the most '
            'a placed project may have ([virtual_regions] '
            'max_placement_users); remove one first.'
            % (placement_id, count))
    try:
        with db.writer() as session:
            session.add(models.PlacementUser(placement_id=placement_id,
                                             key=key, role=role))
    except sa.exc.IntegrityError:
        pass            # recorded meanwhile by another request


def put(conf, pk, placement, vr, key: str, secret: str | None, role: str,
        groups: dict) -> dict:
    """Make (or update) the user ``key`` of an active placement.

    ``groups``: the placement's group id of each role. With ``secret``
    the password is set anew (Keystone then revokes the user's earlier
    tokens); without, an existing user keeps it (a move to another role).
    The user is in the group of ``role`` only.
    """
    name = user_name(placement.id, key)
    if secret is None:
        found = pk.find_user(name, vr.domain_id)
        if found is None:
            raise errors.InvalidInput('credential.secret: user %s is new; '
                                      'give its password.' % key)
        user_id = found['id']
    else:
        _record(placement.id, key, role,
                conf.virtual_regions.max_placement_users)
        user_id = pk.ensure_user(name, vr.domain_id, secret)
    # Out of the other group first: never in both, even if this stops
    # half-way.
    try:
        for other, group_id in groups.items():
            if other != role:
                pk.remove_user_from_group(user_id, group_id)
        pk.add_user_to_group(user_id, groups[role])
    except ks_exc.NotFound as exc:
        # The group went meanwhile (the placement is being removed): the
        # user goes too.
        _delete(pk, placement.id, vr.domain_id, key)
        raise errors.Conflict('Project %s has no group at the provider '
                              'any more.' % placement.id) from exc
    with db.writer() as session:
        row = session.scalar(sa.select(models.PlacementUser).where(
            models.PlacementUser.placement_id == placement.id,
            models.PlacementUser.key == key))
        if row is not None:
            row.user_id, row.role = user_id, role
            session.flush()
            session.expunge(row)
    if row is None:
        # Removed meanwhile (the placement, or this user): its Keystone
        # user must not outlive its row.
        pk.delete_user(user_id)
        raise errors.Conflict('User %s of project %s was removed '
                              'meanwhile.' % (key, placement.id))
    return view(row, vr.domain_id, placement.project_id)


def remove(pk, placement_id: str, domain_id: str | None, key: str) -> None:
    """Delete the user ``key`` of a placement, at the provider and here."""
    if _find(placement_id, key) is None:
        raise errors.NotFound('Project %s has no user %s.'
                              % (placement_id, key))
    _delete(pk, placement_id, domain_id, key)


def _delete(pk, placement_id: str, domain_id: str | None, key: str) -> None:
    user = domain_id and pk.find_user(user_name(placement_id, key),
                                      domain_id)
    if user:
        pk.delete_user(user['id'])
    with db.writer() as session:
        session.execute(sa.delete(models.PlacementUser).where(
            models.PlacementUser.placement_id == placement_id,
            models.PlacementUser.key == key))


def remove_all(pk, placement_id: str, domain_id: str | None) -> None:
    """Delete every user of a placement (it is being removed)."""
    with db.reader() as session:
        keys = session.scalars(sa.select(models.PlacementUser.key).where(
            models.PlacementUser.placement_id == placement_id)).all()
    for key in keys:
        _delete(pk, placement_id, domain_id, key)


def forget(session, placement_ids) -> None:
    """Drop the rows of removed placements (their users went with them)."""
    session.execute(sa.delete(models.PlacementUser).where(
        models.PlacementUser.placement_id.in_(placement_ids)))


def groups(pk, placement_id: str, domain_id: str, reader_group) -> dict:
    """The placement's group id of each role (the reader one ensured)."""
    member = pk.find_group(access.group_name(placement_id), domain_id)
    if member is None:
        raise errors.Conflict('Project %s has no group at the provider; '
                              'place it again.' % placement_id)
    return {'member': member['id'], 'reader': reader_group()}
