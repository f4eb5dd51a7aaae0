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
"""Providers: the clouds whose virtual regions the reseller resells."""

from __future__ import annotations

from cryptography import fernet
import sqlalchemy as sa

from aggregator import crypto
from aggregator.db import api as db
from aggregator.db import models
from aggregator import errors
from aggregator import vrm_client


def view(provider: models.Provider) -> dict:
    # The credential is write-only: only its id is ever shown.
    return {'id': provider.id, 'name': provider.name,
            'vrm_url': provider.vrm_url, 'auth_url': provider.auth_url,
            'application_credential': {'id': provider.credential_id},
            'description': provider.description,
            'available': provider.available,
            'last_error': provider.last_error,
            'checked_at': provider.checked_at and
            provider.checked_at.isoformat(),
            'created_at': provider.created_at.isoformat()}


def get(provider_id: str) -> models.Provider:
    with db.reader() as session:
        provider = session.get(models.Provider, provider_id)
        if provider is None:
            raise errors.NotFound('Provider %s not found.' % provider_id)
        session.expunge(provider)
        return provider


def list_all() -> list[models.Provider]:
    with db.reader() as session:
        found = session.scalars(sa.select(models.Provider)
                                .order_by(models.Provider.name)).all()
        session.expunge_all()
        return list(found)


def create(conf, body: dict) -> models.Provider:
    cred = body['application_credential']
    provider = models.Provider(
        name=body['name'], vrm_url=body['vrm_url'].rstrip('/'),
        auth_url=body['auth_url'].rstrip('/'), credential_id=cred['id'],
        credential_secret=crypto.encrypt(conf, cred['secret']),
        description=body.get('description', ''))
    with db.reader() as session:
        if session.scalar(sa.select(models.Provider.id).where(
                models.Provider.name == body['name'])):
            raise errors.Conflict('name: a provider named %r exists.'
                                  % body['name'])
    # Prove the credential against the VRM before keeping anything.
    offerings = vrm_client.VRMClient(conf, provider).offerings()
    from aggregator import offerings as offerings_mod
    with db.writer() as session:
        provider.available = True
        provider.checked_at = models._now()
        session.add(provider)
        session.flush()
        offerings_mod.store(session, provider.id, offerings)
        provider_id = provider.id
    return get(provider_id)


def delete(conf, provider_id: str) -> None:
    provider = get(provider_id)
    with db.reader() as session:
        regions = session.scalars(sa.select(models.Region.name).where(
            models.Region.provider_id == provider_id)).all()
    if regions:
        raise errors.Conflict(
            'Provider %s still serves region(s) %s; delete them first.'
            % (provider.name, ', '.join(sorted(regions))))
    with db.writer() as session:
        session.execute(sa.delete(models.Offering).where(
            models.Offering.provider_id == provider_id))
        session.execute(sa.delete(models.Provider).where(
            models.Provider.id == provider_id))


def reencrypt_credentials(conf) -> tuple[int, int]:
    """Encrypt every stored credential anew with encryption_key.

    Partner credentials, and the passwords of the proxy placements'
    provider users (one per reseller user); the numbers of each.

    After a key rotation, once this has run, the old key can leave
    [credentials] decryption_keys. One transaction: if a credential opens
    with none of the keys, nothing changes and the error names the
    provider (never the credential).
    """
    with db.writer() as session:
        rows = session.scalars(sa.select(models.Provider)
                               .order_by(models.Provider.name)
                               .with_for_update()).all()
        _reencrypt(conf, rows, 'The partner credential of provider(s)',
                   lambda row: row.name)
        users = session.scalars(
            sa.select(models.PlacementUser)
            .order_by(models.PlacementUser.id).with_for_update()).all()
        _reencrypt(conf, users, 'The provider user of placement(s)',
                   lambda row: row.placement_id, 'secret')
        return len(rows), len(users)


def _reencrypt(conf, rows: list, what: str, name,
               *columns: str) -> None:
    """Each row's secrets anew; none if one does not open."""
    unreadable = []
    for row in rows:
        for column in columns or ('credential_secret',):
            if getattr(row, column) is None:
                continue
            try:
                setattr(row, column, crypto.reencrypt(
                    conf, getattr(row, column)))
            except fernet.InvalidToken:
                unreadable.append(name(row))
    if unreadable:
        raise errors.AggregatorError(
            '%s %s opens with no key in [credentials] encryption_key or '
            'decryption_keys; nothing was re-encrypted.'
            % (what, ', '.join(unreadable)))


def mark(provider_id: str, *, available: bool, error: str = '') -> None:
    # One UPDATE, no read first: a provider deleted meanwhile by another
    # process (PostgreSQL lets the two run at once) is simply not marked.
    with db.writer() as session:
        session.execute(sa.update(models.Provider).where(
            models.Provider.id == provider_id).values(
                available=available, last_error=error[:2000],
                checked_at=models._now()))


def get_or_invalid(provider_id: str) -> models.Provider:
    """The provider named in a request body: unknown is bad input."""
    try:
        return get(provider_id)
    except errors.NotFound:
        raise errors.InvalidInput('provider_id: no provider %s.'
                                  % provider_id)
