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
"""Placements: a reseller project placed in an aggregator region.

Placing creates the project at the provider through the binding (under an
opaque name derived with a keyed hash, so the provider learns neither the
project's name nor its id) and records the mapping that the catalog
driver and the proxy route by.
"""

from __future__ import annotations

from oslo_log import log as logging
import sqlalchemy as sa

from aggregator import access_roles
from aggregator import crypto
from aggregator.db import api as db
from aggregator.db import models
from aggregator import errors
from aggregator import federation
from aggregator import placement_users
from aggregator import providers
from aggregator import pseudonyms
from aggregator import regions
from aggregator import reseller_keystone
from aggregator import vrm_client

LOG = logging.getLogger(__name__)
LIVE = ('creating', 'active', 'deleting')


def view(placement: models.Placement, region: models.Region) -> dict:
    data = {'id': placement.id, 'project_id': placement.project_id,
            'region': region.name, 'status': placement.status,
            'quota': placement.quota,
            'created_at': placement.created_at.isoformat()}
    if region.token_mode == 'pass-through' and region.status == 'active':
        # How the tenant's own identity reaches the project (K2K):
        # openstack --os-service-provider ... --os-remote-project-id ...
        data.update(service_provider_id=region.service_provider_id,
                    provider_project_id=placement.provider_project_id)
    return data


def for_region(region: models.Region, project_id: str | None = None
               ) -> list[models.Placement]:
    with db.reader() as session:
        query = sa.select(models.Placement).where(
            models.Placement.region_id == region.id)
        if project_id:
            query = query.where(models.Placement.project_id == project_id)
        found = session.scalars(query.order_by(
            models.Placement.created_at)).all()
        session.expunge_all()
        return list(found)


def for_project(project_id: str
                ) -> list[tuple[models.Placement, models.Region]]:
    with db.reader() as session:
        rows = session.execute(
            sa.select(models.Placement, models.Region)
            .join(models.Region,
                  models.Region.id == models.Placement.region_id)
            .where(models.Placement.project_id == project_id)
            .order_by(models.Region.name)).all()
        session.expunge_all()
        return [(p, region) for p, region in rows]


def create(conf, region: models.Region, project_id: str,
           quota: dict) -> models.Placement:
    if region.status != 'active':
        raise errors.Conflict('Region %s is %s; projects are placed only '
                              'in active regions.'
                              % (region.name, region.status))
    name = crypto.opaque_name(conf, project_id, region.name)
    access = federation.access(conf, region, project_id)
    if access and access.get('role'):
        # Those with a role on the project have its access role before
        # the provider matches it.
        access_roles.keep(conf, project_id, access['role'])
    with db.writer() as session:
        if session.scalar(sa.select(models.Placement.id).where(
                models.Placement.project_id == project_id,
                models.Placement.region_id == region.id)):
            raise errors.Conflict('Project %s is already placed in %s.'
                                  % (project_id, region.name))
        placement = models.Placement(project_id=project_id,
                                     region_id=region.id, remote_name=name,
                                     quota=quota)
        session.add(placement)
        session.flush()
        placement_id = placement.id
    client = vrm_client.VRMClient(conf, providers.get(region.provider_id))
    try:
        remote = client.place(region.binding_id, name, quota, access=access)
    except errors.ProviderUnavailable as exc:
        # No answer: the provider may have placed it or not. The row stays
        # "creating" and the refresher adopts or removes it (reconcile), so
        # nothing is left at the provider that the Aggregator forgot.
        raise errors.ProviderUnavailable(
            '%s The placement of %s in %s completes or goes away when the '
            'provider answers again.' % (exc, project_id, region.name)
        ) from exc
    except Exception:
        with db.writer() as session:
            session.execute(sa.delete(models.Placement).where(
                models.Placement.id == placement_id))
        _release(conf, project_id, access)
        raise
    with db.writer() as session:
        row = session.get(models.Placement, placement_id)
        row.remote_placement_id = remote['id']
        row.provider_project_id = remote['project_id']
        row.access = access
        row.status = 'active'
        session.flush()
        session.expunge(row)
    return row


def delete(conf, region: models.Region, project_id: str) -> None:
    found = for_region(region, project_id)
    if not found:
        raise errors.NotFound('Project %s is not placed in %s.'
                              % (project_id, region.name))
    placement = found[0]
    with db.writer() as session:
        session.get(models.Placement, placement.id).status = 'deleting'
    if placement.remote_placement_id:
        client = vrm_client.VRMClient(conf,
                                      providers.get(region.provider_id))
        try:
            client.remove(region.binding_id, placement.remote_placement_id)
        except errors.NotFound:
            pass        # already gone at the provider
    with db.writer() as session:
        placement_users.forget(session, placement.id)
        session.execute(sa.delete(models.Placement).where(
            models.Placement.id == placement.id))
    _release(conf, project_id, placement.access)


def _release(conf, project_id: str, access: dict | None) -> None:
    """The project's access role goes with its last pass-through placement.

    A role the reseller's Keystone cannot delete now stays harmless: it
    reaches nothing once no placement has it.
    """
    try:
        access_roles.release(conf, project_id, (access or {}).get('role'))
    except Exception as exc:     # noqa: BLE001 - the placement is gone
        LOG.warning('Access role of project %s stays in the reseller '
                    "Keystone (%s); it is deleted when the project's next "
                    'placement ends.', project_id, exc)


def reconcile(conf, placement: models.Placement) -> None:
    """Finish a placement a crash left half-way, from the VRM's truth."""
    region = None
    for candidate in regions.list_all():
        if candidate.id == placement.region_id:
            region = candidate
    if region is None or not region.binding_id:
        return
    client = vrm_client.VRMClient(conf, providers.get(region.provider_id))
    remote = {p['name']: p for p in client.placements(region.binding_id)}
    mine = remote.get(placement.remote_name)
    if mine and mine['status'] == 'creating':
        return      # the provider is still at it: look again next time
    with db.writer() as session:
        row = session.get(models.Placement, placement.id)
        if placement.status == 'creating' and mine:
            row.remote_placement_id = mine['id']
            row.provider_project_id = mine['project_id']
            row.status = 'active'
            return
    if placement.status == 'deleting' and mine:
        client.remove(region.binding_id, mine['id'])
    with db.writer() as session:
        placement_users.forget(session, placement.id)
        session.execute(sa.delete(models.Placement).where(
            models.Placement.id == placement.id))
    _release(conf, placement.project_id, placement.access)


def follow_projects(conf) -> int:
    """Follow the reseller's projects: deleted, and who holds roles.

    A deleted project's placements end, and their provider projects go
    with them. Keystone's project list may be truncated: a project
    missing from it is ended only once Keystone answers 404 for it by id.
    A project placed in pass-through regions has its access role given to
    exactly those with a role on it (access_roles.keep), and a placement
    made before access roles moves to its project's role; in a proxy
    region, those who lost their role lose their provider user
    (placement_users.follow_members). Returns how
    many placements were ended or changed and grants given or taken.
    """
    with db.reader() as session:
        rows = session.execute(
            sa.select(models.Placement, models.Region)
            .join(models.Region,
                  models.Region.id == models.Placement.region_id)
            .where(models.Placement.status == 'active')).all()
        session.expunge_all()
    if not rows:
        return 0
    keystone = reseller_keystone.ResellerKeystone(conf)
    listed = keystone.listed_project_ids()
    gone: dict = {}
    kept: set = set()
    done = 0
    for placement, region in rows:
        pid = placement.project_id
        if pid in listed:
            if region.token_mode == 'pass-through':
                done += _follow_access(conf, keystone, region, placement,
                                       kept)
            else:
                done += _follow_members(conf, keystone, region, placement)
            continue
        if pid not in gone:
            gone[pid] = keystone.project(pid) is None
        if not gone[pid]:
            continue
        LOG.info('Region %s: project %s was deleted; ending its '
                 'placement.', region.name, pid)
        try:
            delete(conf, region, pid)
            done += 1
        except errors.AggregatorError as exc:
            LOG.warning('Region %s: the placement of deleted project %s '
                        'stays until the provider answers (%s).',
                        region.name, pid, exc)
    try:
        done += pseudonyms.sweep(conf, keystone)
    except Exception as exc:     # noqa: BLE001 - at a later refresh
        LOG.warning('Unheld pseudonym roles stay until a later refresh '
                    '(%s).', exc)
    return done


def _follow_members(conf, keystone, region: models.Region,
                    placement: models.Placement) -> int:
    """A proxy placement's provider users: of those with a role only."""
    try:
        return placement_users.follow_members(conf, keystone, region,
                                              placement)
    except Exception as exc:     # noqa: BLE001 - next refresh again
        LOG.warning('Project %s: the provider users of those who left it '
                    'go at the next refresh (%s).', placement.project_id,
                    exc)
        return 0


def _follow_access(conf, keystone, region: models.Region,
                   placement: models.Placement, kept: set) -> int:
    """Keep a pass-through placement's access role, and its access on it."""
    pid = placement.project_id
    now = access_roles.access(conf, pid)
    done = 0
    if pid not in kept:
        kept.add(pid)
        try:
            done += access_roles.keep(conf, pid, now['role'], keystone)
        except Exception as exc:     # noqa: BLE001 - next refresh again
            LOG.warning('Project %s: its access role follows its members '
                        'at the next refresh (%s).', pid, exc)
    if placement.access == now:
        return done
    LOG.info('Region %s: project %s is reached by its access role now.',
             region.name, pid)
    try:
        vrm_client.VRMClient(conf, providers.get(region.provider_id)
                             ).set_access(region.binding_id,
                                          placement.remote_placement_id, now)
    except errors.AggregatorError as exc:
        LOG.warning('Region %s: project %s moves to its access role when '
                    'the provider answers (%s).', region.name, pid, exc)
        return done
    with db.writer() as session:
        row = session.get(models.Placement, placement.id)
        if row is not None:
            row.access = now
    return done + 1
