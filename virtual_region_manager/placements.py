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
"""Projects a partner places in a binding's virtual region.

Each is a Keystone project inside the virtual region's domain, named from
the partner and the partner's opaque name, with project limits (unified
limits) that must fit in what the virtual region's limits leave, and a
group of its own with the member role on it -- which the binding's mapping
gives only to the partner identities the placement's ``access`` names
(see ``access.py``).
"""

from __future__ import annotations

import collections

import sqlalchemy as sa

from virtual_region_manager import access
from virtual_region_manager.db import api as db
from virtual_region_manager.db import models
from virtual_region_manager import errors
from virtual_region_manager import jobs
from virtual_region_manager import placement_users
from virtual_region_manager import regions
from virtual_region_manager import service_quotas

LIVE = ('creating', 'active', 'deleting', 'error')


def view(placement: models.Placement) -> dict:
    return {'id': placement.id, 'binding_id': placement.binding_id,
            'name': placement.name, 'project_id': placement.project_id,
            'quota': placement.quota, 'access': placement.access,
            'status': placement.status,
            'created_at': placement.created_at.isoformat()}


def list_for(binding_id: str) -> list[models.Placement]:
    with db.reader() as session:
        found = session.scalars(
            sa.select(models.Placement)
            .where(models.Placement.binding_id == binding_id,
                   models.Placement.status.in_(LIVE))
            .order_by(models.Placement.created_at)).all()
        session.expunge_all()
        return list(found)


def get(binding_id: str, placement_id: str) -> models.Placement:
    with db.reader() as session:
        placement = session.get(models.Placement, placement_id)
        if placement is None or placement.binding_id != binding_id or \
                placement.status not in LIVE:
            raise errors.NotFound('Project %s not found in binding %s.'
                                  % (placement_id, binding_id))
        session.expunge(placement)
        return placement


def set_status(placement_id: str, status: str) -> None:
    with db.writer() as session:
        session.get(models.Placement, placement_id).status = status


def _allocated(session, vr_id: str) -> dict:
    totals: dict = collections.Counter()
    rows = session.scalars(
        sa.select(models.Placement.quota)
        .join(models.Binding,
              models.Binding.id == models.Placement.binding_id)
        .where(models.Binding.virtual_region_id == vr_id,
               models.Placement.status.in_(LIVE))).all()
    for quota in rows:
        for stype, resources in (quota or {}).items():
            for name, value in resources.items():
                totals[(stype, name)] += max(value, 0)
    return totals


def allocated(vr_id: str) -> dict:
    """``{(service_type, resource): sum of placed projects' limits}``."""
    with db.reader() as session:
        return _allocated(session, vr_id)


def _check_envelope(vr: models.VirtualRegion, used: dict,
                    quota: dict) -> None:
    for stype, resources in quota.items():
        if stype not in vr.services:
            raise errors.InvalidInput(
                'quota.%s: the virtual region does not offer it.' % stype)
        for name, value in resources.items():
            region_limit = (vr.quota or {}).get(stype, {}).get(name)
            if region_limit is None or region_limit == -1:
                continue
            left = region_limit - used.get((stype, name), 0)
            if value == -1 or value > left:
                raise errors.Conflict(
                    'quota.%s.%s: %s asked, %d left of the virtual '
                    "region's %d." % (stype, name,
                                      'unlimited' if value == -1 else value,
                                      left, region_limit))


def project_name(partner_name: str, name: str) -> str:
    return '%s-%s' % (partner_name, name)


def create(conf, pk, binding: models.Binding, partner: models.Partner,
           vr: models.VirtualRegion, body: dict) -> models.Placement:
    if binding.status != 'active':
        raise errors.Conflict('Binding %s is %s; projects are placed only '
                              'in active bindings.'
                              % (binding.id, binding.status))
    quota = body.get('quota', {})
    regions.check_quota(conf, pk, vr.region_id, quota)
    with db.writer() as session:
        # Lock the region row so that concurrent placements cannot both
        # take the last of its quota.
        session.scalar(sa.select(models.VirtualRegion)
                       .where(models.VirtualRegion.id == vr.id)
                       .with_for_update())
        if session.scalar(sa.select(models.Placement.id).where(
                models.Placement.binding_id == binding.id,
                models.Placement.name == body['name'],
                models.Placement.status.in_(LIVE))):
            raise errors.Conflict('name: a project %r is already placed '
                                  'in this binding.' % body['name'])
        _check_envelope(vr, _allocated(session, vr.id), quota)
        # A removed placement's row keeps its name: the name is free again.
        placement_users.forget(session, sa.select(models.Placement.id).where(
            models.Placement.binding_id == binding.id,
            models.Placement.name == body['name'],
            models.Placement.status == 'deleted'))
        session.execute(sa.delete(models.Placement).where(
            models.Placement.binding_id == binding.id,
            models.Placement.name == body['name'],
            models.Placement.status == 'deleted'))
        placement = models.Placement(binding_id=binding.id,
                                     name=body['name'], quota=quota,
                                     access=body.get('access'))
        session.add(placement)
        session.flush()
        placement_id = placement.id
        job_id = jobs.record('place_project', session=session,
                             binding_id=binding.id,
                             placement_id=placement_id,
                             lease_seconds=conf.jobs.lease_seconds)
    try:
        run_place(conf, pk, job_id, placement_id)
    except jobs.Deferred as exc:
        # Left 'creating' to the recovery loop, which finishes it.
        raise exc.about('placement %s (%r) of binding %s' % (
            placement_id, body['name'], binding.id)) from exc.__cause__
    except Exception as exc:
        jobs.fail(job_id, str(exc))
        rollback_place(conf, pk, placement_id)
        raise
    return get(binding.id, placement_id)


def _context(placement_id: str):
    """The placement with its binding, virtual region and partner."""
    from virtual_region_manager import bindings
    from virtual_region_manager import partners
    with db.reader() as session:
        placement = session.get(models.Placement, placement_id)
        if placement is not None:
            session.expunge(placement)
    if placement is None:
        return None, None, None, None
    binding = bindings.get(placement.binding_id)
    return (placement, binding, regions.get(binding.virtual_region_id),
            partners.get(binding.partner_id))


def _place_steps(conf, pk, placement_id: str) -> list:
    from virtual_region_manager import bindings
    placement, binding, vr, partner = _context(placement_id)
    state: dict = {}

    def group():
        state['group_id'] = pk.ensure_group(access.group_name(placement_id),
                                            vr.domain_id)

    def project():
        state['project_id'] = pk.ensure_project(
            project_name(partner.name, placement.name), vr.domain_id,
            'Placed by partner %s through binding %s'
            % (partner.name, binding.id))
        with db.writer() as session:
            session.get(models.Placement, placement_id).project_id = \
                state['project_id']

    def limits():
        unified, network = service_quotas.split(placement.quota)
        pk.set_limits(unified, region_id=vr.region_id,
                      project_id=state['project_id'])
        if network:
            service_quotas.NeutronQuotas(conf, vr.region_id).set(
                state['project_id'], network)

    def grant():
        pk.grant_group_on_project(state['group_id'], state['project_id'],
                                  conf.virtual_regions.member_role)

    def reader():
        # K2K identities that only read reach the project through the
        # reader group (access by role, see access.py).
        if (placement.access or {}).get('role'):
            placement.project_id = state['project_id']
            _reader_group(conf, pk, binding, vr, placement)

    return [('group', group), ('project', project), ('limits', limits),
            ('grant', grant), ('reader', reader),
            ('access', lambda: bindings.sync_access(conf, pk, binding)),
            ('active', lambda: set_status(placement_id, 'active'))]


def set_credential(conf, pk, binding_id: str, placement_id: str,
                   secret: str, role: str = 'member') -> dict:
    """Give the placement a credential of the partner's own choosing.

    A Keystone user of the virtual region's domain,
    ``vrm-c-<placement id>`` (``member``) or ``vrm-c-<placement id>-r``
    (``reader``), whose password is ``secret``, in the placement's group
    of that role (``vrm-p-`` with the member role, ``vrm-r-`` with the
    reader role, on the placement's project only; both lose their grant
    while the binding is suspended). The partner reaches the project with
    it by password (its Aggregator's proxy, with the reader credential
    for its users who only read; no K2K service provider in the
    reseller's Keystone). Setting it again changes the password (rotation:
    Keystone revokes the user's tokens). The VRM never stores the secret.
    """
    placement = get(binding_id, placement_id)
    if placement.status != 'active':
        raise errors.Conflict('Project %s is %s: a credential is set on an '
                              'active placement.'
                              % (placement_id, placement.status))
    _placement, binding, vr, _partner = _context(placement_id)
    if role == 'member':
        group = pk.find_group(access.group_name(placement_id), vr.domain_id)
        if group is None:
            raise errors.Conflict('Project %s has no group at the '
                                  'provider; place it again.' % placement_id)
        group_id = group['id']
    else:
        group_id = _reader_group(conf, pk, binding, vr, placement)
    user_id = pk.ensure_user(access.credential_user_name(placement_id, role),
                             vr.domain_id, secret)
    pk.add_user_to_group(user_id, group_id)
    if get(binding_id, placement_id).status != 'active':
        # Removed meanwhile: its user must not outlive it.
        pk.delete_user(user_id)
        raise errors.Conflict('Project %s was removed meanwhile.'
                              % placement_id)
    return {'user_id': user_id, 'user_domain_id': vr.domain_id,
            'project_id': placement.project_id, 'role': role}


def set_user(conf, pk, binding_id: str, placement_id: str, key: str,
             secret: str | None, role: str = 'member') -> dict:
    """Give the partner's user ``key`` its own user in the placed project.

    See placement_users.py: a provider user of this end user alone, in
    the placement's group of ``role``, whose password is ``secret``.
    """
    placement = get(binding_id, placement_id)
    if placement.status != 'active':
        raise errors.Conflict('Project %s is %s: users are given to an '
                              'active placement.'
                              % (placement_id, placement.status))
    _placement, binding, vr, _partner = _context(placement_id)
    groups = placement_users.groups(
        pk, placement_id, vr.domain_id,
        lambda: _reader_group(conf, pk, binding, vr, placement))
    try:
        found = placement_users.put(conf, pk, placement, vr, key, secret,
                                    role, groups)
    except Exception:
        if _still_active(placement_id):
            raise
        found = None
    if found is None or not _still_active(placement_id):
        # Removed meanwhile (or being removed): its users must not
        # outlive it.
        placement_users.remove_all(pk, placement_id, vr.domain_id)
        raise errors.Conflict('Project %s was removed meanwhile.'
                              % placement_id)
    return found


def _still_active(placement_id: str) -> bool:
    with db.reader() as session:
        row = session.get(models.Placement, placement_id)
        return row is not None and row.status == 'active'


def remove_user(pk, binding_id: str, placement_id: str, key: str) -> None:
    """Delete the partner's user ``key`` of the placed project."""
    get(binding_id, placement_id)
    _placement, _binding, vr, _partner = _context(placement_id)
    placement_users.remove(pk, placement_id, vr.domain_id, key)


def set_access(conf, pk, binding_id: str, placement_id: str,
               new_access: dict) -> models.Placement:
    """Change which K2K identities reach a placed project.

    The partner moves it from access by names to access by role (or,
    by names, renamed its project or domain: K2K assertions name it
    anew); the binding's mapping follows at once. Only a placement
    reached by K2K has an access to change (a proxy placement is reached
    by its credential).
    """
    from virtual_region_manager import bindings
    placement = get(binding_id, placement_id)
    if placement.status != 'active':
        raise errors.Conflict('Project %s is %s: access changes on an '
                              'active placement.'
                              % (placement_id, placement.status))
    if not placement.access:
        raise errors.Conflict('Project %s is reached by its credential, '
                              'not by K2K: it has no access to change.'
                              % placement_id)
    _placement, binding, vr, _partner = _context(placement_id)
    if new_access.get('role'):
        _reader_group(conf, pk, binding, vr, placement)
    with db.writer() as session:
        session.get(models.Placement, placement_id).access = new_access
    bindings.sync_access(conf, pk, binding)
    return get(binding_id, placement_id)


def _reader_group(conf, pk, binding, vr, placement) -> str:
    """The placement's reader group, with its grant.

    Granted only while the binding is active: a resume grants it with the
    others.
    """
    from virtual_region_manager import bindings
    group_id = pk.ensure_group(access.group_name(placement.id, 'reader'),
                               vr.domain_id)
    role = access.role_option(conf, 'reader')
    if bindings.get(binding.id).status == 'active':
        pk.grant_group_on_project(group_id, placement.project_id, role)
        if bindings.get(binding.id).status != 'active':
            # Suspended meanwhile: no grant may outlive the suspension.
            pk.revoke_group_on_project(group_id, placement.project_id, role)
    return group_id


def run_place(conf, pk, job_id: str, placement_id: str) -> None:
    jobs.run(job_id, 'place_project', _place_steps(conf, pk, placement_id),
             lease_seconds=conf.jobs.lease_seconds,
             retry_interval=conf.jobs.recovery_interval)


def remove_from_provider(conf, pk, placement_id: str, *,
                         delete_project: bool = True,
                         sync_mapping: bool = True) -> None:
    """Make the placement unreachable and delete what it made.

    It leaves the binding's mapping first, then its users (one per
    partner end user, placement_users.py), its credential users and
    groups (member and reader) go and, unless retained, its project and
    limits. Idempotent;
    ``sync_mapping=False`` when the binding's mapping is being deleted.
    """
    from virtual_region_manager import bindings
    placement, binding, vr, partner = _context(placement_id)
    if placement is None:
        return
    if placement.status in access.REACHABLE:
        set_status(placement_id, 'deleting')
    if sync_mapping:
        bindings.sync_access(conf, pk, binding)
    placement_users.remove_all(pk, placement_id, vr.domain_id)
    for role in access.ROLES:
        user = vr.domain_id and pk.find_user(
            access.credential_user_name(placement_id, role), vr.domain_id)
        if user:
            pk.delete_user(user['id'])
        group = vr.domain_id and pk.find_group(
            access.group_name(placement_id, role), vr.domain_id)
        if group:
            pk.delete_group(group['id'])
    project_id = placement.project_id
    if not project_id:
        # The project may exist even if its id was not recorded yet.
        found = pk.find_project(project_name(partner.name, placement.name),
                                vr.domain_id)
        project_id = found['id'] if found else None
    if project_id and delete_project:
        pk.delete_limits(project_id=project_id)
        if service_quotas.split(placement.quota)[1]:
            service_quotas.NeutronQuotas(conf, vr.region_id).delete(
                project_id)
        pk.delete_project(project_id)


def rollback_place(conf, pk, placement_id: str) -> None:
    """Undo a placement that failed or was interrupted before the end."""
    remove_from_provider(conf, pk, placement_id)
    with db.writer() as session:
        session.execute(sa.delete(models.Placement).where(
            models.Placement.id == placement_id))


def remove_steps(conf, pk, placement_id: str) -> list:
    return [('project', lambda: remove_from_provider(conf, pk, placement_id)),
            ('deleted', lambda: set_status(placement_id, 'deleted'))]


def delete(conf, pk, binding_id: str, placement_id: str) -> None:
    get(binding_id, placement_id)
    with db.writer() as session:
        # A placement still waiting for Keystone must not be finished
        # after (or while) it is removed.
        jobs.supersede(session, by='remove_project',
                       placement_id=placement_id)
        job_id = jobs.record('remove_project', session=session,
                             binding_id=binding_id,
                             placement_id=placement_id,
                             lease_seconds=conf.jobs.lease_seconds)
        session.get(models.Placement, placement_id).status = 'deleting'
    try:
        run_remove(conf, pk, job_id, placement_id)
    except jobs.Deferred as exc:
        raise exc.about('placement %s' % placement_id) from exc.__cause__


def run_remove(conf, pk, job_id: str, placement_id: str) -> None:
    jobs.run(job_id, 'remove_project', remove_steps(conf, pk, placement_id),
             lease_seconds=conf.jobs.lease_seconds,
             retry_interval=conf.jobs.recovery_interval)
