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
The region's status follows the binding's."""

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
                  'domain_id', 'region_id', 'endpoints')
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
                    binding_id=region.binding_id)
    if region.token_mode == 'pass-through' and region.status == 'active':
        # How a tenant's own identity reaches the region (K2K).
        data['service_provider_id'] = region.service_provider_id
    return data


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


def follow(conf, region: models.Region, binding: dict) -> None:
    """Make the region reflect the binding; (un)register the K2K SP."""
    from aggregator import federation
    status = binding['status']
    data = {k: binding[k] for k in BINDING_FIELDS if k in binding}
    sp_id = region.service_provider_id
    if status == 'active':
        if region.status != 'active' or not sp_id:
            sp_id = federation.register(conf, region, data)
    elif sp_id:
        federation.unregister(conf, sp_id)
        sp_id = None
    with db.writer() as session:
        row = session.get(models.Region, region.id)
        if row is None:
            # Deleted meanwhile: leave no service provider behind.
            if sp_id:
                federation.unregister(conf, sp_id)
            return
        if row.status != status:
            LOG.info('Region %s: binding %s is now %s.', row.name,
                     row.binding_id, status)
        row.status = status
        if data:
            row.binding = data
        row.service_provider_id = sp_id


def refresh(conf, region: models.Region) -> None:
    if not region.binding_id or region.status in FINAL:
        return
    provider = providers.get(region.provider_id)
    binding = vrm_client.VRMClient(conf, provider).binding(region.binding_id)
    follow(conf, region, binding)


def update(conf, name: str, body: dict) -> models.Region:
    region = get(name)
    wanted = body.get('status')
    if wanted and wanted != region.status:
        action = {'suspended': 'suspend', 'active': 'resume'}[wanted]
        provider = providers.get(region.provider_id)
        binding = vrm_client.VRMClient(conf, provider).action(
            region.binding_id, action)
        follow(conf, region, binding)
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
