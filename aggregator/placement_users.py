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
"""Reseller users of proxy placements: each its own user at the provider.

What a service keeps per user rather than per project (Nova's key pairs)
must stay the user's through a proxy region too. So the proxy acts for
each reseller user of a placed project as a provider user of that user
alone: the VRM's ``vrm-u-<placement>-<key>``, in the placement's member
group while the tenant's token holds member (or admin) on the project,
in its reader group while it holds reader only. ``key`` is random and
the password the Aggregator's own, chosen when the user first calls
(kept encrypted); the provider never learns who the user is, and the
tenant's answers name it by its own reseller id (translation.py).

The row, with its key and password, is written before the VRM is asked,
and asking again is harmless (the same password is set anew), so two
workers serving a user's first requests at once agree, and nothing is
made at the provider that the Aggregator cannot remove. A user who no
longer holds a role on the project loses its provider user at the next
refresh (``follow_members``); a removed placement takes them all with it
at the provider.
"""

from __future__ import annotations

import secrets
import time

from oslo_log import log as logging
import sqlalchemy as sa

from aggregator import access_roles
from aggregator import crypto
from aggregator.db import api as db
from aggregator.db import models
from aggregator import errors
from aggregator import providers
from aggregator import vrm_client

LOG = logging.getLogger(__name__)
# How long a user moved between groups waits before its next token.
SETTLE_SECONDS = 1.1


def for_placement(placement_id: str) -> list[models.PlacementUser]:
    with db.reader() as session:
        rows = session.scalars(sa.select(models.PlacementUser).where(
            models.PlacementUser.placement_id == placement_id)
            .order_by(models.PlacementUser.created_at)).all()
        session.expunge_all()
        return list(rows)


def _recorded(placement_id: str, user_id: str
              ) -> models.PlacementUser | None:
    with db.reader() as session:
        row = session.scalar(sa.select(models.PlacementUser).where(
            models.PlacementUser.placement_id == placement_id,
            models.PlacementUser.user_id == user_id))
        if row is not None:
            session.expunge(row)
        return row


def _record(conf, placement_id: str, user_id: str) -> models.PlacementUser:
    """The user's row: its key and password, before the VRM hears of it."""
    try:
        with db.writer() as session:
            row = models.PlacementUser(
                placement_id=placement_id, user_id=user_id,
                key=secrets.token_hex(16),
                secret=crypto.encrypt(conf, secrets.token_urlsafe(48)))
            session.add(row)
            session.flush()
            session.expunge(row)
            return row
    except sa.exc.IntegrityError:
        # Recorded meanwhile by another request of the same user.
        found = _recorded(placement_id, user_id)
        if found is None:
            raise
        return found


def credential(conf, region: models.Region, placement: models.Placement,
               user_id: str, role: str,
               known: list | None = None) -> models.PlacementUser:
    """The reseller user's own user at the provider, in ``role``'s group.

    Made at the VRM on the user's first call, and moved to the other
    group when the tenant's role changed. ``known``: the placement's rows
    already read.
    """
    row = next((r for r in known or () if r.user_id == user_id), None) \
        or _recorded(placement.id, user_id) \
        or _record(conf, placement.id, user_id)
    if row.role == role and row.provider_user_id:
        return row
    # A user the VRM confirmed moves without a new password (which would
    # revoke its tokens); any other is given its password (again).
    return give(conf, region, placement, row, role,
                move=bool(row.role and row.provider_user_id))


def give(conf, region: models.Region, placement: models.Placement,
         row: models.PlacementUser, role: str, *,
         move: bool = False) -> models.PlacementUser:
    """Have the VRM make the user (again), with its password and role.

    The row's role is cleared first: if the VRM's answer is lost, the
    next request asks again rather than trust a group the user may have
    left or joined.
    """
    with db.writer() as session:
        mine = session.get(models.PlacementUser, row.id)
        if mine is not None:
            mine.role = None
    client = vrm_client.VRMClient(conf, providers.get(region.provider_id))
    found = client.set_user(region.binding_id, placement.remote_placement_id,
                            row.key, None if move else
                            crypto.decrypt(conf, row.secret), role)
    with db.writer() as session:
        mine = session.get(models.PlacementUser, row.id)
        if mine is None:
            # Retired meanwhile (the user left the project): what the VRM
            # just made goes too.
            try:
                client.remove_user(region.binding_id,
                                   placement.remote_placement_id, row.key)
            except errors.NotFound:
                pass
            raise errors.NotFound('User %s left project %s meanwhile.'
                                  % (row.user_id, placement.project_id))
        mine.role, mine.provider_user_id = role, found['user_id']
        session.flush()
        session.expunge(mine)
    if row.provider_user_id:
        # An existing user changed group (or password): Keystone revoked
        # its tokens, by the second; one issued in that second would be
        # refused too.
        time.sleep(SETTLE_SECONDS)
    return mine


def retire(conf, region: models.Region, placement: models.Placement,
           row: models.PlacementUser, client=None) -> None:
    """Delete the user's provider user, then its row."""
    client = client or vrm_client.VRMClient(
        conf, providers.get(region.provider_id))
    try:
        client.remove_user(region.binding_id, placement.remote_placement_id,
                           row.key)
    except errors.NotFound:
        pass        # never made there, or gone already
    with db.writer() as session:
        session.execute(sa.delete(models.PlacementUser).where(
            models.PlacementUser.id == row.id))


def forget(session, placement_id: str) -> None:
    """Drop a removed placement's rows (the VRM removed their users)."""
    session.execute(sa.delete(models.PlacementUser).where(
        models.PlacementUser.placement_id == placement_id))


def follow_members(conf, keystone, region: models.Region,
                   placement: models.Placement) -> int:
    """Retire the provider users of those without a role on the project.

    A role through a group counts; the project's access role (given by
    the Aggregator, access_roles.py) does not. Returns how many went.
    """
    rows = for_placement(placement.id)
    if not rows:
        return 0
    holders = {a['user']['id'] for a in keystone.role_assignments(
        project_id=placement.project_id, effective=True)
        if 'user' in a and not a['role'].get('name', '').startswith(
            access_roles.PREFIX)}
    done = 0
    client = None
    for row in rows:
        if row.user_id in holders:
            continue
        client = client or vrm_client.VRMClient(
            conf, providers.get(region.provider_id))
        try:
            retire(conf, region, placement, row, client)
        except errors.AggregatorError as exc:
            LOG.warning('Region %s: a user who left project %s keeps its '
                        'provider user until the provider answers (%s).',
                        region.name, placement.project_id, exc)
            continue
        LOG.info('Region %s: a user left project %s; its provider user '
                 'is deleted.', region.name, placement.project_id)
        done += 1
    return done
