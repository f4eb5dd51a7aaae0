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
"""Aggregator regions: a name the reseller's tenants see (``V1``), bound to
one provider's virtual region through a binding at that provider's VRM.
The region's status follows the binding's.

Suspension has one authority per side. The VRM records who holds a
suspension of the binding (its ``suspended_by``: ``provider``,
``partner`` = this reseller); a region PATCH lifts only the reseller's
own. The Aggregator also keeps the reseller's suspension itself
(``RESELLER_SUSPENDED`` in the region's stored binding): while it stands
the region is suspended here, whatever the provider reports, and the
refresher asserts it at the provider again if the provider lost it.
"""

from __future__ import annotations

from oslo_log import log as logging
import sqlalchemy as sa

from aggregator.db import api as db
from aggregator.db import models
from aggregator import errors
from aggregator import offerings
from aggregator import providers
from aggregator import vrm_client

LOG = logging.getLogger(__name__)
FINAL = ('terminated', 'rejected')
BINDING_FIELDS = ('auth_url', 'sp_url', 'identity_provider_id', 'protocol',
                  'domain_id', 'region_id', 'endpoints', 'suspended_by')
# Kept in the region's stored binding: the reseller suspended the region
# (a region PATCH), and only a region PATCH lifts that.
RESELLER_SUSPENDED = 'reseller_suspended'
# The VRM's name of this side of a binding.
PARTNER = 'partner'
# Parts of a virtual region's metadata that are the provider's business with
# the reseller (wholesale prices, free-form extras, the data centre's name,
# which would name the provider); tenants see the rest.
PROVIDER_ONLY_METADATA = ('prices', 'extra')
PROVIDER_ONLY_LOCATION = ('datacenter',)


def tenant_metadata(metadata: dict) -> dict:
    """The provider-neutral characteristics of a virtual region."""
    shown = {k: v for k, v in metadata.items()
             if k not in PROVIDER_ONLY_METADATA}
    if isinstance(shown.get('location'), dict):
        shown['location'] = {k: v for k, v in shown['location'].items()
                             if k not in PROVIDER_ONLY_LOCATION}
    return shown


def view(region: models.Region, *, admin: bool = True,
         cached: dict | None = None) -> dict:
    """The region as the API shows it.

    ``cached``: offerings.by_key(), read once for a list of regions;
    without it, the region's own offering is read.
    """
    data = {'id': region.id, 'name': region.name, 'status': region.status,
            'token_mode': region.token_mode,
            'description': region.description,
            'services': sorted((region.binding or {}).get('endpoints', {})),
            'created_at': region.created_at.isoformat()}
    # The characteristics come from the offerings cache (refreshed in the
    # background); an offering the provider withdrew leaves them empty.
    key = (region.provider_id, region.virtual_region_id)
    offering = cached.get(key) if cached is not None else offerings.get(*key)
    metadata = (offering or {}).get('metadata') or {}
    data['metadata'] = metadata if admin else tenant_metadata(metadata)
    if admin:
        # Which provider serves a region is the reseller's business.
        data.update(provider_id=region.provider_id,
                    virtual_region_id=region.virtual_region_id,
                    binding_id=region.binding_id,
                    suspended_by=suspended_by(region))
    if region.token_mode == 'pass-through' and region.status == 'active':
        # How a tenant's own identity reaches the region (K2K).
        data['service_provider_id'] = region.service_provider_id
    return data


def reseller_suspended(region: models.Region) -> bool:
    return bool((region.binding or {}).get(RESELLER_SUSPENDED))


def suspended_by(region: models.Region) -> list[str]:
    """Who holds a suspension of the region: provider, reseller."""
    found = ['provider'] if 'provider' in (region.binding or {}).get(
        'suspended_by', ()) else []
    return found + (['reseller'] if reseller_suspended(region) else [])


def region_status(binding_status: str, reseller_suspension: bool) -> str:
    """The region's status: the binding's, or the reseller's suspension.

    While the reseller's own suspension stands, an active binding is no
    reason to route.
    """
    if reseller_suspension and binding_status == 'active':
        return 'suspended'
    return binding_status


def _partner_holds(binding: dict) -> bool | None:
    """Whether the VRM holds this reseller's suspension of the binding.

    None: the VRM does not say (one from before each side had its own).
    """
    if 'suspended_by' not in binding:
        return None
    return PARTNER in binding['suspended_by']


def get(name: str) -> models.Region:
    with db.reader() as session:
        region = session.scalar(sa.select(models.Region).where(
            models.Region.name == name))
        if region is None:
            raise errors.NotFound('Region %s not found.' % name)
        session.expunge(region)
        return region


def list_all() -> list[models.Region]:
    with db.reader() as session:
        found = session.scalars(sa.select(models.Region)
                                .order_by(models.Region.name)).all()
        session.expunge_all()
        return list(found)


def create(conf, body: dict) -> models.Region:
    provider = providers.get_or_invalid(body['provider_id'])
    offering = offerings.get(provider.id, body['virtual_region_id'])
    if offering is None:
        raise errors.InvalidInput(
            'virtual_region_id: provider %s offers no virtual region %s.'
            % (provider.name, body['virtual_region_id']))
    with db.writer() as session:
        if session.scalar(sa.select(models.Region.id).where(
                models.Region.name == body['name'])):
            raise errors.Conflict('name: a region named %r exists.'
                                  % body['name'])
        region = models.Region(
            name=body['name'], provider_id=provider.id,
            virtual_region_id=body['virtual_region_id'],
            token_mode=body.get('token_mode', 'proxy'),
            description=body.get('description', ''))
        session.add(region)
        session.flush()
        region_id = region.id
    try:
        binding = vrm_client.VRMClient(conf, provider).create_binding(
            body['virtual_region_id'])
    except errors.ProviderUnavailable:
        # The VRM may have made the binding before the answer was lost:
        # the region stays "creating" and the refresher adopts the binding
        # or, finding none, removes the region.
        raise
    except Exception:
        # Nothing half-made: the VRM refused.
        with db.writer() as session:
            session.execute(sa.delete(models.Region).where(
                models.Region.id == region_id))
        raise
    with db.writer() as session:
        row = session.get(models.Region, region_id)
        row.binding_id = binding['id']
    follow(conf, get(body['name']), binding)
    return get(body['name'])


def follow(conf, region: models.Region, binding: dict, *,
           reseller_suspension: bool | None = None) -> None:
    """Make the region reflect the binding; (un)register the K2K SP.

    A pass-through region is a K2K service provider while it is active;
    a proxy region never is (one registered before goes).

    ``reseller_suspension``: the reseller's own suspension, which only
    ``update`` changes; None (the refresher) keeps the one stored, and
    starts again if a region PATCH changed it meanwhile.
    """
    for _ in range(3):
        if _follow(conf, region, binding, reseller_suspension):
            return
        try:
            region = get(region.name)
        except errors.NotFound:
            return
    LOG.warning('Region %s changes too fast to follow binding %s; the '
                'next refresh will.', region.name, region.binding_id)


def _follow(conf, region: models.Region, binding: dict,
            reseller_suspension: bool | None) -> bool:
    """One try of ``follow``: False if it must start again."""
    from aggregator import federation
    ours = reseller_suspended(region) if reseller_suspension is None \
        else reseller_suspension
    status = region_status(binding['status'], ours)
    data = {k: binding[k] for k in BINDING_FIELDS if k in binding}
    sp_id = region.service_provider_id
    # Only pass-through regions are K2K service providers of the
    # reseller's Keystone (which lists them in every token); proxy
    # placements have credentials of their own.
    if status == 'active' and region.token_mode == 'pass-through':
        if region.status != 'active' or not sp_id:
            sp_id = federation.register(conf, region, data)
    elif sp_id:
        federation.unregister(conf, sp_id)
        sp_id = None
    with db.writer() as session:
        row = session.get(models.Region, region.id, with_for_update=True)
        if row is None:
            # Deleted meanwhile: leave no service provider behind.
            if sp_id:
                federation.unregister(conf, sp_id)
            return True
        row.service_provider_id = sp_id
        if reseller_suspension is None and reseller_suspended(row) != ours:
            return False    # the reseller (un)suspended it meanwhile
        if row.status != status:
            LOG.info('Region %s: binding %s is now %s%s.', row.name,
                     row.binding_id, binding['status'],
                     ' (suspended by the reseller)'
                     if status != binding['status'] else '')
        row.status = status
        # What the provider said (all of it while the binding is active
        # or suspended), and the reseller's own suspension.
        row.binding = _with_reseller_suspension(
            {**(row.binding or {}), **data}, ours)
    return True


def refresh(conf, region: models.Region) -> None:
    if not region.binding_id or region.status in FINAL:
        return
    provider = providers.get(region.provider_id)
    client = vrm_client.VRMClient(conf, provider)
    binding = client.binding(region.binding_id)
    holds = _partner_holds(binding)
    # The region as it is now, not as the refresher listed it: a region
    # PATCH may have lifted the reseller's suspension since (it clears it
    # here before it resumes the binding at the provider).
    try:
        region = get(region.name)
    except errors.NotFound:
        return
    if reseller_suspended(region) and not holds and (
            binding['status'] == 'active' or
            holds is False and binding['status'] == 'suspended'):
        # The provider does not hold the reseller's suspension (its VRM
        # lost or predates it): say it again. Meanwhile, and if that
        # fails, the region stays suspended here.
        LOG.warning('Region %s: the provider does not hold the '
                    "reseller's suspension of binding %s; suspending it "
                    'again.', region.name, region.binding_id)
        try:
            binding = client.action(region.binding_id, 'suspend')
        except errors.Conflict as exc:
            LOG.warning('Region %s: %s', region.name, exc)
        region = _undo_if_lifted(client, region, binding)
        if region is None:
            return
        binding = client.binding(region.binding_id)
    follow(conf, region, binding)


def _undo_if_lifted(client, region: models.Region, binding: dict):
    """The region again, after a re-asserted suspension.

    A region PATCH that lifted the reseller's suspension meanwhile wins:
    the re-asserted suspension is lifted again.
    """
    try:
        now = get(region.name)
    except errors.NotFound:
        return None
    if not reseller_suspended(now) and _partner_holds(binding):
        LOG.info('Region %s: the reseller resumed it meanwhile; lifting '
                 'the suspension again.', region.name)
        try:
            client.action(region.binding_id, 'resume')
        except errors.Conflict as exc:
            LOG.warning('Region %s: %s', region.name, exc)
    return now


def _has_placements(region_id: str) -> bool:
    with db.reader() as session:
        return session.scalar(sa.select(models.Placement.id).where(
            models.Placement.region_id == region_id).limit(1)) is not None


def _with_reseller_suspension(stored: dict, held: bool) -> dict:
    """A region's stored binding, saying whether the reseller suspended it."""
    stored = {k: v for k, v in stored.items() if k != RESELLER_SUSPENDED}
    if held:
        stored[RESELLER_SUSPENDED] = True
    return stored


def _set_reseller_suspension(region_id: str, held: bool) -> None:
    with db.writer() as session:
        row = session.get(models.Region, region_id, with_for_update=True)
        if row is not None:
            row.binding = _with_reseller_suspension(row.binding or {}, held)


def _not_resumable(region: models.Region, binding: dict) -> errors.Conflict:
    """Why the reseller cannot resume the region (naming no provider)."""
    if binding['status'] == 'suspended':
        return errors.Conflict(
            'Region %s is suspended by its provider; only the provider '
            'can resume it.' % region.name)
    return errors.Conflict('Region %s is %s; only a suspended region can '
                           'be resumed.' % (region.name, binding['status']))


def _suspend(client, region: models.Region, binding: dict) -> dict:
    """The reseller suspends the region: recorded at the provider too."""
    if _partner_holds(binding):
        return binding
    try:
        return client.action(region.binding_id, 'suspend')
    except errors.Conflict:
        binding = client.binding(region.binding_id)
        if binding['status'] == 'suspended':
            # Suspended by the provider, whose VRM takes no second
            # suspension: the reseller's stands here alone.
            return binding
        raise errors.Conflict('Region %s is %s; only an active region can '
                              'be suspended.'
                              % (region.name, binding['status']))


def _resume(client, region: models.Region, binding: dict) -> dict:
    """The reseller lifts its own suspension, and only its own."""
    holds, status = _partner_holds(binding), binding['status']
    ours = reseller_suspended(region)
    if holds or holds is None and status == 'suspended' and ours:
        # The provider holds the reseller's suspension: lift it there.
        try:
            return client.action(region.binding_id, 'resume')
        except errors.Conflict:
            raise _not_resumable(region, client.binding(region.binding_id))
    if ours or status == 'active' or (
            status == 'suspended' and holds is False and
            not binding['suspended_by']):
        # Held here alone, none at all, or a resume already under way.
        return binding
    raise _not_resumable(region, binding)


def update(conf, name: str, body: dict) -> models.Region:
    region = get(name)
    mode = body.get('token_mode')
    if mode and mode != region.token_mode and _has_placements(region.id):
        # Placements are made for a mode: a proxy placement has
        # credentials and no K2K access, a pass-through one the reverse.
        raise errors.Conflict(
            'token_mode: region %s has placed projects; it changes only '
            'while none is placed.' % name)
    wanted = body.get('status')
    if wanted and not region.binding_id:
        raise errors.Conflict('Region %s has no binding yet (it is %s).'
                              % (name, region.status))
    if wanted:
        provider = providers.get(region.provider_id)
        client = vrm_client.VRMClient(conf, provider)
        binding = client.binding(region.binding_id)
        if wanted == 'suspended':
            follow(conf, region, _suspend(client, region, binding),
                   reseller_suspension=True)
        else:
            # Lifted here first, so that a refresher running meanwhile
            # does not take the resumed binding for one whose provider
            # lost the reseller's suspension (and suspend it again).
            was = reseller_suspended(region)
            _set_reseller_suspension(region.id, False)
            try:
                resumed = _resume(client, region, binding)
            except Exception:
                _set_reseller_suspension(region.id, was)
                raise
            follow(conf, region, resumed, reseller_suspension=False)
    with db.writer() as session:
        row = session.get(models.Region, region.id)
        for key in ('token_mode', 'description'):
            if key in body:
                setattr(row, key, body[key])
    return get(name)


def delete(conf, name: str) -> None:
    from aggregator import federation
    region = get(name)
    with db.reader() as session:
        placed = session.scalar(
            sa.select(sa.func.count()).select_from(models.Placement)
            .where(models.Placement.region_id == region.id))
    if placed:
        raise errors.Conflict(
            'Region %s has %d placed project(s); remove the placements '
            'first (their data lives at the provider).' % (name, placed))
    if region.binding_id and region.status not in FINAL:
        provider = providers.get(region.provider_id)
        try:
            vrm_client.VRMClient(conf, provider).action(
                region.binding_id, 'terminate', {'projects': 'retain'})
        except errors.Conflict:
            pass    # already terminated at the provider
    if region.service_provider_id:
        federation.unregister(conf, region.service_provider_id)
    with db.writer() as session:
        session.execute(sa.delete(models.Region).where(
            models.Region.id == region.id))


def adopt(conf, region: models.Region, *, give_up: bool) -> None:
    """Find the binding a "creating" region lost the answer for."""
    provider = providers.get(region.provider_id)
    client = vrm_client.VRMClient(conf, provider)
    for binding in client.bindings():
        if binding['virtual_region_id'] == region.virtual_region_id and \
                binding['status'] not in FINAL:
            with db.writer() as session:
                session.get(models.Region, region.id).binding_id = \
                    binding['id']
            LOG.info('Region %s adopted binding %s.', region.name,
                     binding['id'])
            follow(conf, get(region.name), binding)
            return
    if give_up:
        LOG.warning('Region %s never got a binding; removing it.',
                    region.name)
        with db.writer() as session:
            session.execute(sa.delete(models.Region).where(
                models.Region.id == region.id))
