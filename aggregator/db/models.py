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
"""The Aggregator's tables.

Providers (with their partner credential, encrypted), the offerings cache
refreshed in the background, aggregator regions (each bound to one virtual
region of one provider through a binding) and placements of the
reseller's projects in regions.
"""

from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy import orm

from csf_common.db import models as common
from csf_common.db.models import Timestamps

_uuid = common.new_id
_now = common.now


class Base(orm.DeclarativeBase):
    type_annotation_map = common.TYPE_ANNOTATION_MAP


class Provider(Timestamps, Base):
    __tablename__ = 'providers'

    id: orm.Mapped[str] = orm.mapped_column(sa.String(36), primary_key=True,
                                            default=_uuid)
    name: orm.Mapped[str] = orm.mapped_column(sa.String(64), unique=True)
    vrm_url: orm.Mapped[str] = orm.mapped_column(sa.String(1024))
    auth_url: orm.Mapped[str] = orm.mapped_column(sa.String(1024))
    # The partner's application credential, Fernet-encrypted.
    credential_id: orm.Mapped[str] = orm.mapped_column(sa.String(64))
    credential_secret: orm.Mapped[bytes] = orm.mapped_column(
        sa.LargeBinary)
    description: orm.Mapped[str] = orm.mapped_column(sa.Text, default='')
    # Health, as last seen by the offerings refresher.
    available: orm.Mapped[bool] = orm.mapped_column(default=False)
    last_error: orm.Mapped[str] = orm.mapped_column(sa.Text, default='')
    checked_at: orm.Mapped[datetime.datetime | None] = orm.mapped_column()


class Offering(Base):
    """A virtual region as last seen in its provider's VRM offerings."""

    __tablename__ = 'offerings'

    provider_id: orm.Mapped[str] = orm.mapped_column(
        sa.ForeignKey('providers.id', ondelete='CASCADE'), primary_key=True)
    virtual_region_id: orm.Mapped[str] = orm.mapped_column(
        sa.String(36), primary_key=True)
    data: orm.Mapped[dict] = orm.mapped_column(default=dict)
    fetched_at: orm.Mapped[datetime.datetime] = orm.mapped_column(
        default=_now)


class Region(Timestamps, Base):
    """An aggregator region (``V1``) bound to one virtual region."""

    __tablename__ = 'regions'

    id: orm.Mapped[str] = orm.mapped_column(sa.String(36), primary_key=True,
                                            default=_uuid)
    name: orm.Mapped[str] = orm.mapped_column(sa.String(64), unique=True)
    provider_id: orm.Mapped[str] = orm.mapped_column(
        sa.ForeignKey('providers.id'), index=True)
    virtual_region_id: orm.Mapped[str] = orm.mapped_column(sa.String(36))
    token_mode: orm.Mapped[str] = orm.mapped_column(sa.String(16),
                                                    default='proxy')
    description: orm.Mapped[str] = orm.mapped_column(sa.Text, default='')
    binding_id: orm.Mapped[str | None] = orm.mapped_column(sa.String(36))
    # Follows the binding: creating, pending, approved, active, suspended,
    # terminated, rejected, error (plus deleting while it goes away).
    status: orm.Mapped[str] = orm.mapped_column(sa.String(16),
                                                default='creating')
    # What the provider said of the active binding (auth_url, sp_url,
    # identity provider, protocol, domain, endpoints).
    binding: orm.Mapped[dict] = orm.mapped_column(default=dict)
    # The K2K service provider registered in the reseller's Keystone.
    service_provider_id: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(64))


class Placement(Timestamps, Base):
    """A reseller project placed in an aggregator region."""

    __tablename__ = 'placements'
    __table_args__ = (sa.UniqueConstraint('project_id', 'region_id'),)

    id: orm.Mapped[str] = orm.mapped_column(sa.String(36), primary_key=True,
                                            default=_uuid)
    project_id: orm.Mapped[str] = orm.mapped_column(sa.String(64),
                                                    index=True)
    region_id: orm.Mapped[str] = orm.mapped_column(
        sa.ForeignKey('regions.id'), index=True)
    # The opaque name the provider knows the project by, and its id there.
    remote_name: orm.Mapped[str] = orm.mapped_column(sa.String(64))
    remote_placement_id: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(36))
    provider_project_id: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(64))
    quota: orm.Mapped[dict] = orm.mapped_column(default=dict)
    # Pass-through regions: the access last given to the VRM (the project
    # and domain names K2K assertions carry), followed when renamed.
    access: orm.Mapped[dict | None] = orm.mapped_column()
    status: orm.Mapped[str] = orm.mapped_column(sa.String(16),
                                                default='creating')


class PlacementUser(Timestamps, Base):
    """A reseller user of a proxy placement, as its own provider user.

    The proxy acts for each reseller user of a placed project as the
    VRM's user of that user alone (placement_users.py): ``key`` is what
    the VRM calls it (random, so it tells nothing of the user),
    ``provider_user_id`` the provider's id of it, ``secret`` its password
    (encrypted), ``role`` the placement group it is in there (``member``
    or ``reader``). The row, with its password, is written before the VRM is
    asked, so the VRM's user is always one the Aggregator can remove.
    """

    __tablename__ = 'placement_users'
    __table_args__ = (sa.UniqueConstraint('placement_id', 'user_id'),)

    id: orm.Mapped[str] = orm.mapped_column(sa.String(36), primary_key=True,
                                            default=_uuid)
    placement_id: orm.Mapped[str] = orm.mapped_column(
        sa.ForeignKey('placements.id'), index=True)
    user_id: orm.Mapped[str] = orm.mapped_column(sa.String(64))
    key: orm.Mapped[str] = orm.mapped_column(sa.String(64))
    # The role the VRM last gave it (None: not given yet, or no answer).
    role: orm.Mapped[str | None] = orm.mapped_column(sa.String(16))
    provider_user_id: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(64))
    secret: orm.Mapped[bytes] = orm.mapped_column(sa.LargeBinary)
