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
"""Bindings: a partner's hold on one virtual region, and its lifecycle.

``pending`` -> ``approved`` -> ``active`` <-> ``suspended`` -> ``terminated``,
plus ``rejected`` and ``error``. Activation makes, in the provider's
Keystone, the identity provider for the partner's SAML entity id (its
domain is the virtual region's domain), its mapping (rewritten as projects
are placed and removed: see ``access.py``) and protocol, and installs the
partner's metadata in the web server's trusted-IdP folder. Suspension
disables the identity provider and revokes the placements' grants;
termination removes everything activation and placements made.
Each of these runs as a recorded job of idempotent steps.

Suspension has one authority per side (``transition`` is the whole state
machine): the provider's staff and the partner each hold their own
suspension, recorded in ``suspensions``; a side lifts only its own, and
the binding is active again only when neither holds one.
"""

from __future__ import annotations

import typing

import sqlalchemy as sa

from virtual_region_manager import access
from virtual_region_manager.db import api as db
from virtual_region_manager.db import models
from virtual_region_manager import errors
from virtual_region_manager import jobs
from virtual_region_manager import partners
from virtual_region_manager import placements
from virtual_region_manager import regions
from virtual_region_manager import trusted_idps

LIVE = ('pending', 'approved', 'active', 'suspended', 'error')

# The two authorities over a suspension: the provider's staff (admin
# tokens of the provider's Keystone) and the partner (its application
# credential).
PROVIDER, PARTNER = 'provider', 'partner'
SIDES = (PROVIDER, PARTNER)

# action: (states it is allowed from, state it leads to)
TRANSITIONS = {
    'approve': (('pending',), 'approved'),
    'reject': (('pending',), 'rejected'),
    # From suspended too: the other side adds its own suspension.
    'suspend': (('active', 'suspended'), 'suspended'),
    # To active only once no side holds a suspension.
    'resume': (('suspended',), 'active'),
    'terminate': (('pending', 'approved', 'active', 'suspended', 'error'),
                  'terminated'),
}


class Move(typing.NamedTuple):
    """What an action does to a binding, decided before anything acts."""

    status: str         # the status recorded at once (a job may change it)
    suspensions: dict   # who holds a suspension afterwards: {side: reason}
    job: str | None     # the job that does the rest (STEPS), if any


def transition(action: str, status: str, suspensions: dict | None,
               side: str | None = None, reason: str = '') -> Move:
    """The binding state machine, with both authorities over suspension.

    ``suspensions`` maps each side (S; O is the other) holding a
    suspension to its reason::

      action     binding is                  effect
      ---------  --------------------------  ------------------------------
      approve    pending                     approved; activate job: active
      reject     pending                     rejected
      suspend    active                      {S}; suspend job: suspended
      suspend    suspended, held by O        {O, S}; stays suspended
      suspend    suspended, held by S        409 (already suspended by S)
      resume     suspended, held by S and O  {O}; stays suspended
      resume     suspended, held by S only   {}; resume job: active
      resume     suspended, held by O only   409 (only O can resume it)
      terminate  any live status             terminate job: terminated
      other      any other status            409 (allowed from: ...)

    So the partner cannot lift the provider's suspension, and the
    provider cannot re-open what the partner closed for its tenants.
    A suspended binding held by nobody is being resumed (its job was
    interrupted): a resume runs that job again, a suspend supersedes it.
    """
    if action in ('suspend', 'resume') and side not in SIDES:
        raise ValueError('%s needs the side acting (%s), not %r'
                         % (action, ', '.join(SIDES), side))
    allowed_from, _ = TRANSITIONS[action]
    if status not in allowed_from:
        raise errors.Conflict(
            'Cannot %s a binding that is %s (allowed from: %s).'
            % (action, status, ', '.join(allowed_from)))
    held = dict(suspensions or {})
    if action == 'suspend':
        if side in held:
            raise errors.Conflict('The binding is already suspended by the '
                                  '%s.' % side)
        # No entry while suspended: a resume is under way; stop it.
        needs_job = status == 'active' or not held
        held[side] = reason
        return Move(status, held, 'suspend' if needs_job else None)
    if action == 'resume':
        if side not in held:
            if held:
                other, = held
                raise errors.Conflict(
                    'The binding is suspended by the %s; only the %s can '
                    'resume it.' % (other, other))
            return Move(status, held, 'resume')   # finish the one under way
        del held[side]
        return Move(status, held, None if held else 'resume')
    if action == 'approve':
        return Move('approved', {}, 'activate')
    if action == 'reject':
        return Move('rejected', {}, None)
    return Move(status, held, 'terminate')


def suspension_reason(suspensions: dict | None) -> str:
    """``status_reason`` of the suspensions held (in SIDES order)."""
    return '; '.join(suspensions[side] for side in SIDES
                     if (suspensions or {}).get(side))


def object_id(binding_id: str) -> str:
    """Id (or name) of every Keystone object a binding makes."""
    return 'vrm-' + binding_id


def get(binding_id: str) -> models.Binding:
    with db.reader() as session:
        binding = session.get(models.Binding, binding_id)
        if binding is None:
            raise errors.NotFound('Binding %s not found.' % binding_id)
        session.expunge(binding)
        return binding


def list_all(partner_id: str | None = None) -> list[models.Binding]:
    with db.reader() as session:
        query = sa.select(models.Binding).order_by(models.Binding.created_at)
        if partner_id:
            query = query.where(models.Binding.partner_id == partner_id)
        found = session.scalars(query).all()
        session.expunge_all()
        return list(found)


def view(conf, pk, binding: models.Binding) -> dict:
    data = {'id': binding.id, 'virtual_region_id': binding.virtual_region_id,
            'partner_id': binding.partner_id, 'status': binding.status,
            'status_reason': binding.status_reason,
            'suspended_by': [side for side in SIDES
                             if side in (binding.suspensions or {})],
            'description': binding.description,
            'created_at': binding.created_at.isoformat(),
            'updated_at': binding.updated_at.isoformat()}
    if binding.status in ('active', 'suspended'):
        vr = regions.get(binding.virtual_region_id)
        data.update(
            auth_url=conf.federation.auth_url or conf.keystone.auth_url,
            sp_url=conf.federation.sp_url,
            identity_provider_id=object_id(binding.id),
            protocol=conf.federation.protocol,
            domain_id=vr.domain_id, region_id=vr.region_id,
            endpoints=_endpoints(pk, vr))
    return data


def _endpoints(pk, vr) -> dict:
    """The virtual region's service endpoints, as views show them.

    From the catalog kept a while, unless it lacks one of the region's
    services (an endpoint added since it was read, say in a region made
    for a new virtual region): then from Keystone now.
    """
    found = pk.shown_catalog().endpoints(vr.region_id, vr.services)
    if all(found.get(service) for service in vr.services):
        return found
    return pk.endpoints(vr.region_id, vr.services)


def create(conf, pk, partner: models.Partner, body: dict
           ) -> models.Binding:
    version = body.get('api_version', 'v1')
    if not version.startswith('v1'):
        raise errors.InvalidInput('api_version: this VRM speaks v1 only.')
    try:
        vr = regions.get(body['virtual_region_id'])
    except errors.NotFound:
        vr = None
    if vr is None or not regions.visible_to(vr, partner.id):
        raise errors.InvalidInput('virtual_region_id: no offering %s.'
                                  % body['virtual_region_id'])
    if (vr.metadata_ or {}).get('status', 'functional') != 'functional':
        raise errors.Conflict('Virtual region %s is not accepting new '
                              'bindings (status %s).'
                              % (vr.name, vr.metadata_.get('status')))
    with db.writer() as session:
        live = session.scalar(sa.select(models.Binding).where(
            models.Binding.partner_id == partner.id,
            models.Binding.status.in_(LIVE)))
        if live is not None:
            # Keystone gives one SAML entity id to one identity provider.
            raise errors.Conflict(
                'Partner %s already holds binding %s (%s) at this '
                'provider; one identity provider per SAML entity id allows '
                'one live binding per partner and provider.'
                % (partner.name, live.id, live.status))
        binding = models.Binding(virtual_region_id=vr.id,
                                 partner_id=partner.id,
                                 description=body.get('description', ''))
        session.add(binding)
        session.flush()
        binding_id = binding.id
    if vr.approval == 'auto':
        return act(conf, pk, binding_id, 'approve', {}, side=PROVIDER)
    return get(binding_id)


def _set_status(binding_id: str, status: str, reason: str = '') -> None:
    with db.writer() as session:
        row = session.get(models.Binding, binding_id)
        row.status, row.status_reason = status, reason


def act(conf, pk, binding_id: str, action: str, body: dict | None, *,
        side: str | None = None) -> models.Binding:
    """Apply ``action`` for ``side`` (``PROVIDER`` or ``PARTNER``).

    Illegal transitions get a Conflict naming why (``transition``).
    """
    body = body or {}
    with db.writer() as session:
        binding = session.get(models.Binding, binding_id)
        if binding is None:
            raise errors.NotFound('Binding %s not found.' % binding_id)
        if action != 'terminate' and session.scalar(
                sa.select(models.Job.id).where(
                    models.Job.binding_id == binding_id,
                    models.Job.kind == 'terminate',
                    models.Job.status == 'running').limit(1)):
            raise errors.Conflict('Cannot %s a binding that is being '
                                  'terminated.' % action)
        move = transition(action, binding.status, binding.suspensions, side,
                          body.get('reason', ''))
        binding.status, binding.suspensions = move.status, move.suspensions
        if action == 'reject':
            binding.status_reason = body.get('reason', '')
        if action in ('suspend', 'resume'):
            binding.status_reason = suspension_reason(move.suspensions)
        if action == 'suspend':
            # A resume still running would re-open what this closes.
            session.execute(sa.update(models.Job).where(
                models.Job.binding_id == binding_id,
                models.Job.kind == 'resume',
                models.Job.status == 'running').values(
                    status='superseded', error='superseded by suspend'))
        if action == 'terminate':
            binding.projects_on_terminate = body.get('projects', 'retain')
            # A job still waiting for Keystone (say, the activation)
            # would remake what termination removes: stop it.
            jobs.supersede(session, by='terminate', binding_id=binding_id)
        if move.job:
            job_id = jobs.record(move.job, session=session,
                                 binding_id=binding_id,
                                 lease_seconds=conf.jobs.lease_seconds)
    if move.job:
        run(conf, pk, job_id, move.job, binding_id)
    return get(binding_id)


def _set_reason(binding_id: str, reason: str) -> None:
    with db.writer() as session:
        session.get(models.Binding, binding_id).status_reason = reason


def run(conf, pk, job_id: str, kind: str, binding_id: str) -> None:
    """Run (or re-run after a crash) job ``kind`` of a binding.

    If the provider's Keystone stops answering, the binding keeps its
    status, its ``status_reason`` says so, and the job is left to the
    recovery loop (``jobs.Deferred``); any other failure is final.
    """
    steps = STEPS[kind](conf, pk, get(binding_id))
    try:
        jobs.run(job_id, kind, steps, lease_seconds=conf.jobs.lease_seconds,
                 retry_interval=conf.jobs.recovery_interval)
    except jobs.Deferred as exc:
        deferred = exc.about('binding %s' % binding_id)
        if kind != 'suspend':   # a suspension keeps the operator's reason
            _set_reason(binding_id, str(deferred))
        raise deferred from exc.__cause__
    except Exception as exc:
        jobs.fail(job_id, '%s: %s' % (type(exc).__name__, exc))
        if kind == 'activate':
            # Leave nothing half-made: undo what the activation did.
            for _, step in _cleanup_steps(conf, pk, get(binding_id),
                                          delete_projects=False):
                step()
        _set_status(binding_id, 'error', '%s failed: %s' % (kind, exc))
        raise


def sync_access(conf, pk, binding: models.Binding) -> None:
    """Rewrite the binding's mapping from its placements (access.py)."""
    access.sync_mapping(conf, pk, object_id(binding.id), binding.id,
                        partners.get(binding.partner_id).name,
                        regions.get(binding.virtual_region_id).domain_id)


def _activate_steps(conf, pk, binding: models.Binding) -> list:
    vr = regions.get(binding.virtual_region_id)
    partner = partners.get(binding.partner_id)
    oid = object_id(binding.id)

    def identity_provider():
        other = pk.identity_provider_for_remote_id(partner.idp_entity_id)
        if other and other['id'] != oid:
            raise errors.Conflict(
                "Identity provider %s in the provider's Keystone already "
                'trusts %s.' % (other['id'], partner.idp_entity_id))
        pk.put_identity_provider(
            oid, remote_id=partner.idp_entity_id, domain_id=vr.domain_id,
            description='VRM binding %s of partner %s to virtual region %s'
            % (binding.id, partner.name, vr.name))

    def protocol():
        pk.put_protocol(oid, conf.federation.protocol, oid)

    def trusted_idp():
        trusted_idps.install(conf.federation.trusted_idp_dir, oid,
                             partner.idp_metadata,
                             conf.federation.reload_command)

    def done():
        _set_status(binding.id, 'active')

    return [('mapping', lambda: sync_access(conf, pk, binding)),
            ('identity_provider', identity_provider),
            ('protocol', protocol), ('trusted_idp', trusted_idp),
            ('active', done)]


def _set_grants(conf, pk, binding: models.Binding, vr, *,
                grant: bool) -> None:
    """Grant (or revoke) each placement's groups on its project."""
    change = pk.grant_group_on_project if grant else \
        pk.revoke_group_on_project
    for placement in placements.list_for(binding.id):
        if not (placement.project_id and placement.status == 'active'):
            continue
        for role in access.ROLES:
            group = pk.find_group(access.group_name(placement.id, role),
                                  vr.domain_id)
            if group:
                change(group['id'], placement.project_id,
                       access.role_option(conf, role))


def _suspend_steps(conf, pk, binding: models.Binding) -> list:
    oid = object_id(binding.id)
    vr = regions.get(binding.virtual_region_id)

    def disable():
        if pk.get_identity_provider(oid):
            pk.set_identity_provider(oid, enabled=False)

    # Disabling the identity provider stops new logins but Keystone still
    # validates tokens already issued through it; without their role on
    # the placed projects those tokens are refused at once.
    return [('disable_identity_provider', disable),
            ('revoke_grants',
             lambda: _set_grants(conf, pk, binding, vr, grant=False)),
            ('suspended', lambda: _set_status(binding.id, 'suspended',
                                              binding.status_reason))]


def _resume_steps(conf, pk, binding: models.Binding) -> list:
    oid = object_id(binding.id)
    vr = regions.get(binding.virtual_region_id)

    def unless_suspended(step):
        # A side that suspended since (its job supersedes this one)
        # keeps the binding closed: never re-open it step by step.
        def guarded():
            if not get(binding.id).suspensions:
                step()
        return guarded

    def active():
        with db.writer() as session:
            row = session.get(models.Binding, binding.id)
            if row.status == 'suspended' and not row.suspensions:
                row.status, row.status_reason = 'active', ''

    return [('grants', unless_suspended(
                lambda: _set_grants(conf, pk, binding, vr, grant=True))),
            ('enable_identity_provider', unless_suspended(
                lambda: pk.set_identity_provider(oid, enabled=True))),
            ('active', active)]


def _cleanup_steps(conf, pk, binding: models.Binding, *,
                   delete_projects: bool) -> list:
    oid = object_id(binding.id)

    def trusted_idp():
        trusted_idps.remove(conf.federation.trusted_idp_dir, oid,
                            conf.federation.reload_command)

    def identity_provider():
        pk.delete_identity_provider(oid)   # also deletes its protocols

    def mapping():
        pk.delete_mapping(oid)

    def projects():
        # The mapping is gone: no placement is reachable any more.
        for placement in placements.list_for(binding.id):
            placements.remove_from_provider(
                conf, pk, placement.id, delete_project=delete_projects,
                sync_mapping=False)
            placements.set_status(placement.id, 'deleted' if
                                  delete_projects else 'retained')

    return [('trusted_idp', trusted_idp),
            ('identity_provider', identity_provider),
            ('mapping', mapping), ('projects', projects)]


def _terminate_steps(conf, pk, binding: models.Binding) -> list:
    steps = _cleanup_steps(
        conf, pk, binding,
        delete_projects=binding.projects_on_terminate == 'delete')
    return steps + [('terminated',
                     lambda: _set_status(binding.id, 'terminated'))]


STEPS = {
    'activate': _activate_steps,
    'suspend': _suspend_steps,
    'resume': _resume_steps,
    'terminate': _terminate_steps,
}
