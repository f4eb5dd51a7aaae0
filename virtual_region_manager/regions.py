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
"""Virtual regions: a Keystone domain in one physical region of the
provider, plus services offered, quota (domain limits), metadata,
visibility and approval policy. Also what partners see of them: offerings.
"""

from __future__ import annotations

import sqlalchemy as sa

from virtual_region_manager.db import api as db
from virtual_region_manager.db import models
from virtual_region_manager import errors
from virtual_region_manager import jobs
from virtual_region_manager import metadata_schema
from virtual_region_manager import placement_users
from virtual_region_manager import service_quotas

LIVE_BINDINGS = ('pending', 'approved', 'active', 'suspended', 'error')


def view(vr: models.VirtualRegion) -> dict:
    return {'id': vr.id, 'name': vr.name, 'region_id': vr.region_id,
            'domain_id': vr.domain_id, 'services': vr.services,
            'quota': vr.quota, 'metadata': vr.metadata_,
            'visibility': vr.visibility, 'partners': vr.partners,
            'approval': vr.approval, 'description': vr.description,
            'created_at': vr.created_at.isoformat(),
            'updated_at': vr.updated_at.isoformat()}


def domain_name(conf, name: str) -> str:
    return conf.virtual_regions.domain_prefix + name


def get(vr_id: str) -> models.VirtualRegion:
    with db.reader() as session:
        vr = session.get(models.VirtualRegion, vr_id)
        if vr is None:
            raise errors.NotFound('Virtual region %s not found.' % vr_id)
        session.expunge(vr)
        return vr


def list_all() -> list[models.VirtualRegion]:
    with db.reader() as session:
        found = session.scalars(sa.select(models.VirtualRegion)
                                .order_by(models.VirtualRegion.name)).all()
        session.expunge_all()
        return list(found)


def _check_catalog(conf, pk, region_id: str, services: list[str],
                   quota: dict) -> None:
    if not pk.region_exists(region_id):
        raise errors.InvalidInput(
            "region_id: the provider's Keystone has no region %r."
            % region_id)
    offered = pk.endpoints(region_id, services)
    missing = [s for s in services if not offered.get(s)]
    if missing:
        raise errors.InvalidInput(
            'services: no public endpoint in region %s for %s.'
            % (region_id, ', '.join(missing)))
    for stype in quota or {}:
        if stype not in services:
            raise errors.InvalidInput(
                'quota.%s: not one of the services offered.' % stype)
    check_quota(conf, pk, region_id, quota)


def check_quota(conf, pk, region_id: str, quota: dict) -> None:
    """400 for a resource its service enforces no quota for."""
    limits, network = service_quotas.split(quota)
    registered = pk.registered_limits(region_id)
    for stype, resources in limits.items():
        for name in resources:
            if (stype, name) not in registered:
                raise errors.InvalidInput(
                    'quota.%s.%s: the provider registers no such limit in '
                    'region %s.' % (stype, name, region_id))
    if network:
        service_quotas.NeutronQuotas(conf, region_id).check(network)


def _check_partners(partner_ids: list[str]) -> None:
    if not partner_ids:
        return
    with db.reader() as session:
        known = set(session.scalars(
            sa.select(models.Partner.id)
            .where(models.Partner.id.in_(partner_ids))).all())
    unknown = [p for p in partner_ids if p not in known]
    if unknown:
        raise errors.InvalidInput('partners: unknown partner %s.'
                                  % ', '.join(unknown))


def create(conf, pk, body: dict) -> models.VirtualRegion:
    metadata_schema.validate(body['metadata'])
    services = body['services']
    quota = body.get('quota', {})
    _check_catalog(conf, pk, body['region_id'], services, quota)
    _check_partners(body.get('partners', []))
    dname = domain_name(conf, body['name'])
    if pk.find_domain(dname):
        raise errors.Conflict(
            "The provider's Keystone already has a domain named %r; "
            'choose another name.' % dname)
    with db.writer() as session:
        if session.scalar(sa.select(models.VirtualRegion.id).where(
                models.VirtualRegion.name == body['name'])):
            raise errors.Conflict('A virtual region named %r exists.'
                                  % body['name'])
        vr = models.VirtualRegion(
            name=body['name'], region_id=body['region_id'],
            services=services, quota=quota, metadata_=body['metadata'],
            visibility=body.get('visibility', 'public'),
            partners=body.get('partners', []),
            approval=body.get('approval', 'manual'),
            description=body.get('description', ''))
        session.add(vr)
        session.flush()
        job_id = jobs.record('create_region', session=session,
                             lease_seconds=conf.jobs.lease_seconds,
                             params={'virtual_region_id': vr.id})
        vr_id = vr.id
    try:
        run_create(conf, pk, job_id, vr_id)
    except Exception:
        # Roll back: nothing half-made stays at the provider or here.
        rollback_create(conf, pk, job_id, vr_id)
        raise
    return get(vr_id)


def _create_steps(conf, pk, vr_id: str) -> list:
    vr = get(vr_id)

    def domain():
        domain_id = pk.ensure_domain(
            domain_name(conf, vr.name),
            'Virtual region %s (managed by the VRM)' % vr.name)
        with db.writer() as session:
            session.get(models.VirtualRegion, vr_id).domain_id = domain_id
        vr.domain_id = domain_id

    def limits():
        # Domain limits are Keystone's; the network envelope is the VRM's
        # own sum (placements._check_envelope).
        pk.set_limits(service_quotas.split(vr.quota)[0],
                      region_id=vr.region_id, domain_id=vr.domain_id)

    return [('domain', domain), ('domain_limits', limits)]


def run_create(conf, pk, job_id: str, vr_id: str) -> None:
    jobs.run(job_id, 'create_region', _create_steps(conf, pk, vr_id),
             lease_seconds=conf.jobs.lease_seconds)


def rollback_create(conf, pk, job_id: str, vr_id: str) -> None:
    """Undo a creation that failed or was interrupted.

    Keystone's objects go first, the row last: if Keystone is away, the
    row still names the domain for the next try of the recovery loop.
    """
    with db.reader() as session:
        vr = session.get(models.VirtualRegion, vr_id)
        name = vr.name if vr else None
    if name:
        found = pk.find_domain(domain_name(conf, name))
        if found:
            pk.delete_limits(domain_id=found['id'])
            pk.delete_domain(found['id'])
    with db.writer() as session:
        vr = session.get(models.VirtualRegion, vr_id)
        if vr is not None:
            session.delete(vr)
    jobs.fail(job_id, 'rolled back')


def update(conf, pk, vr_id: str, body: dict) -> models.VirtualRegion:
    vr = get(vr_id)
    if 'metadata' in body:
        metadata_schema.validate(body['metadata'])
    services = body.get('services', vr.services)
    quota = body.get('quota', vr.quota)
    _check_catalog(conf, pk, vr.region_id, services, quota)
    _check_partners(body.get('partners', []))
    if 'quota' in body:
        _check_quota_covers_placements(vr_id, quota)
        pk.set_limits(service_quotas.split(quota)[0], region_id=vr.region_id,
                      domain_id=vr.domain_id)
    with db.writer() as session:
        row = session.get(models.VirtualRegion, vr_id)
        for key, value in body.items():
            setattr(row, 'metadata_' if key == 'metadata' else key, value)
    return get(vr_id)


def _check_quota_covers_placements(vr_id: str, quota: dict) -> None:
    from virtual_region_manager import placements
    used = placements.allocated(vr_id)
    for (stype, name), total in used.items():
        limit = quota.get(stype, {}).get(name)
        if limit is not None and limit != -1 and total > limit:
            raise errors.Conflict(
                'quota.%s.%s: %d is already allocated to placed projects; '
                'the region limit cannot go below it.' % (stype, name, total))


def delete(conf, pk, vr_id: str) -> None:
    vr = get(vr_id)
    with db.reader() as session:
        live = session.scalar(
            sa.select(sa.func.count()).select_from(models.Binding)
            .where(models.Binding.virtual_region_id == vr_id,
                   models.Binding.status.in_(LIVE_BINDINGS)))
    if live:
        raise errors.Conflict(
            'Virtual region %s has %d binding(s) not terminated; terminate '
            'them first.' % (vr.name, live))
    if vr.domain_id:
        pk.delete_limits(domain_id=vr.domain_id)
        pk.delete_domain(vr.domain_id)
    with db.writer() as session:
        old = sa.select(models.Binding.id).where(
            models.Binding.virtual_region_id == vr_id)
        placement_users.forget(session, sa.select(models.Placement.id).where(
            models.Placement.binding_id.in_(old)))
        session.execute(sa.delete(models.Placement).where(
            models.Placement.binding_id.in_(old)))
        session.execute(sa.delete(models.Binding).where(
            models.Binding.virtual_region_id == vr_id))
        session.execute(sa.delete(models.VirtualRegion).where(
            models.VirtualRegion.id == vr_id))


def visible_to(vr: models.VirtualRegion, partner_id: str) -> bool:
    return vr.visibility == 'public' or partner_id in (vr.partners or [])


def offering(pk, vr: models.VirtualRegion) -> dict:
    status = (vr.metadata_ or {}).get('status', 'functional')
    return {'id': vr.id, 'virtual_region_id': vr.id, 'name': vr.name,
            'region_id': vr.region_id, 'services': vr.services,
            'quota': vr.quota, 'metadata': vr.metadata_,
            'approval': vr.approval, 'description': vr.description,
            'status': status, 'available': status == 'functional'}
