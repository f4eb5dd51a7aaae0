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
"""Offerings of all providers: a cache refreshed in the background, so
that a search never waits on a provider, slow, dead or alive."""

from __future__ import annotations

import sqlalchemy as sa

from aggregator.db import api as db
from aggregator.db import models


def store(session, provider_id: str, offerings: list[dict]) -> None:
    """Replace the cached offerings of one provider."""
    session.execute(sa.delete(models.Offering).where(
        models.Offering.provider_id == provider_id))
    for item in offerings:
        session.add(models.Offering(provider_id=provider_id,
                                    virtual_region_id=item['id'],
                                    data=item))


def get(provider_id: str, virtual_region_id: str) -> dict | None:
    with db.reader() as session:
        row = session.get(models.Offering, (provider_id, virtual_region_id))
        return dict(row.data) if row else None


def by_key() -> dict[tuple[str, str], dict]:
    """Every cached offering by (provider id, virtual region id)."""
    with db.reader() as session:
        return {(row.provider_id, row.virtual_region_id): dict(row.data)
                for row in session.scalars(sa.select(models.Offering))}


def _lookup(metadata: dict, path: list[str]):
    """Value at a dotted path, or anywhere below for a single key."""
    value = metadata
    for key in path:
        if isinstance(value, dict) and key in value:
            value = value[key]
        else:
            value = None
            break
    if value is not None or len(path) != 1:
        return value
    for child in metadata.values():     # e.g. metadata.jurisdiction
        if isinstance(child, dict):
            found = _lookup(child, path)
            if found is not None:
                return found
    return None


def matches(offering: dict, *, service: str | None = None,
            metadata_filters: dict | None = None) -> bool:
    if service and service not in (offering.get('services') or []):
        return False
    for dotted, wanted in (metadata_filters or {}).items():
        value = _lookup(offering.get('metadata') or {}, dotted.split('.'))
        if isinstance(value, list):
            if wanted not in [str(v) for v in value]:
                return False
        elif value is None or str(value).lower() != str(wanted).lower():
            return False
    return True


def search(*, service: str | None = None,
           metadata_filters: dict | None = None) -> list[dict]:
    with db.reader() as session:
        rows = session.execute(
            sa.select(models.Offering, models.Provider)
            .join(models.Provider,
                  models.Provider.id == models.Offering.provider_id)
            .order_by(models.Provider.name)).all()
    found = []
    for offering, provider in rows:
        data = dict(offering.data)
        if not matches(data, service=service,
                       metadata_filters=metadata_filters):
            continue
        data.update(provider_id=provider.id, provider_name=provider.name,
                    provider_available=provider.available,
                    fetched_at=offering.fetched_at.isoformat())
        # Available for new regions only if the provider answers and the
        # virtual region says so.
        data['available'] = bool(provider.available and
                                 data.get('available', True))
        found.append(data)
    return found
