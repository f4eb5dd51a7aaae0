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


# A proxy placement's credentials by role: the Placement columns of the
# VRM's credential user (its id) and of its password (encrypted).
PLACEMENT_CREDENTIALS = {
    'member': ('credential_user_id', 'credential_secret'),
    'reader': ('reader_user_id', 'reader_secret'),
}


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
    # Proxy regions: the VRM's credential users of the placement and their
    # passwords (encrypted), which the proxy reaches the project with: the
    # member one for tenants with member (or admin), the reader one for
    # tenants who only read.
    credential_user_id: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(64))
    credential_secret: orm.Mapped[bytes | None] = orm.mapped_column(
        sa.LargeBinary)
    reader_user_id: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(64))
    reader_secret: orm.Mapped[bytes | None] = orm.mapped_column(
        sa.LargeBinary)
    quota: orm.Mapped[dict] = orm.mapped_column(default=dict)
    # Pass-through regions: the access last given to the VRM (the project
    # and domain names K2K assertions carry), followed when renamed.
    access: orm.Mapped[dict | None] = orm.mapped_column()
    status: orm.Mapped[str] = orm.mapped_column(sa.String(16),
                                                default='creating')
