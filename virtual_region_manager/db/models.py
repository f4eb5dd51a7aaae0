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
"""The VRM's tables.

Virtual regions, partners, bindings (with their state machine), the
projects placed in bindings, and jobs: every multi-step operation against
the provider's Keystone is recorded as a job row before it starts, so that
a restart can finish or roll it back.
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


class VirtualRegion(Timestamps, Base):
    __tablename__ = 'virtual_regions'

    id: orm.Mapped[str] = orm.mapped_column(sa.String(36), primary_key=True,
                                            default=_uuid)
    name: orm.Mapped[str] = orm.mapped_column(sa.String(64), unique=True)
    region_id: orm.Mapped[str] = orm.mapped_column(sa.String(255))
    domain_id: orm.Mapped[str | None] = orm.mapped_column(sa.String(64))
    services: orm.Mapped[list] = orm.mapped_column(default=list)
    quota: orm.Mapped[dict] = orm.mapped_column(default=dict)
    metadata_: orm.Mapped[dict] = orm.mapped_column('metadata',
                                                    default=dict)
    visibility: orm.Mapped[str] = orm.mapped_column(sa.String(16),
                                                    default='public')
    partners: orm.Mapped[list] = orm.mapped_column(default=list)
    approval: orm.Mapped[str] = orm.mapped_column(sa.String(16),
                                                  default='manual')
    description: orm.Mapped[str] = orm.mapped_column(sa.Text, default='')


class Partner(Timestamps, Base):
    __tablename__ = 'partners'

    id: orm.Mapped[str] = orm.mapped_column(sa.String(36), primary_key=True,
                                            default=_uuid)
    name: orm.Mapped[str] = orm.mapped_column(sa.String(64), unique=True)
    idp_entity_id: orm.Mapped[str] = orm.mapped_column(sa.String(1024))
    idp_metadata: orm.Mapped[str] = orm.mapped_column(sa.Text)
    description: orm.Mapped[str] = orm.mapped_column(sa.Text, default='')
    # The partner's own account in the provider's Keystone, which its
    # application credential belongs to.
    user_id: orm.Mapped[str | None] = orm.mapped_column(sa.String(64))
    project_id: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(64), index=True)
    application_credential_id: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(64))
    status: orm.Mapped[str] = orm.mapped_column(sa.String(16),
                                                default='creating')


class Binding(Timestamps, Base):
    __tablename__ = 'bindings'

    id: orm.Mapped[str] = orm.mapped_column(sa.String(36), primary_key=True,
                                            default=_uuid)
    virtual_region_id: orm.Mapped[str] = orm.mapped_column(
        sa.ForeignKey('virtual_regions.id'), index=True)
    partner_id: orm.Mapped[str] = orm.mapped_column(
        sa.ForeignKey('partners.id'), index=True)
    status: orm.Mapped[str] = orm.mapped_column(sa.String(16),
                                                default='pending')
    status_reason: orm.Mapped[str] = orm.mapped_column(sa.Text, default='')
    # Who holds a suspension of the binding, and why: {side: reason} with
    # side ``provider`` or ``partner`` (bindings.transition); only that
    # side lifts its own, and the binding is active again when none holds.
    suspensions: orm.Mapped[dict | None] = orm.mapped_column(sa.JSON)
    description: orm.Mapped[str] = orm.mapped_column(sa.Text, default='')
    # What termination does with the placed projects: retain or delete.
    projects_on_terminate: orm.Mapped[str] = orm.mapped_column(
        sa.String(16), default='retain')


class Placement(Timestamps, Base):
    """A partner's tenant project placed in a binding's virtual region."""

    __tablename__ = 'placements'
    __table_args__ = (sa.UniqueConstraint('binding_id', 'name'),)

    id: orm.Mapped[str] = orm.mapped_column(sa.String(36), primary_key=True,
                                            default=_uuid)
    binding_id: orm.Mapped[str] = orm.mapped_column(
        sa.ForeignKey('bindings.id'), index=True)
    name: orm.Mapped[str] = orm.mapped_column(sa.String(64))
    project_id: orm.Mapped[str | None] = orm.mapped_column(sa.String(64))
    quota: orm.Mapped[dict] = orm.mapped_column(default=dict)
    # Which of the partner's identities reach the project (access.py).
    access: orm.Mapped[dict | None] = orm.mapped_column(sa.JSON)
    status: orm.Mapped[str] = orm.mapped_column(sa.String(16),
                                                default='creating')


class PlacementUser(Timestamps, Base):
    """One of the partner's end users in a placed project: its own user.

    The partner's proxy acts for each of its users as a provider user of
    its own (``vrm-u-<placement id>-<key>``, in the placement's member or
    reader group), so that what a service keeps per user (Nova's key
    pairs) stays that user's. ``key`` is the partner's opaque name for
    its user; the VRM never learns who it is. The row is written before
    the Keystone user is made, so nothing is made that the VRM cannot
    find and delete with the placement.
    """

    __tablename__ = 'placement_users'
    __table_args__ = (sa.UniqueConstraint('placement_id', 'key'),)

    id: orm.Mapped[str] = orm.mapped_column(sa.String(36), primary_key=True,
                                            default=_uuid)
    placement_id: orm.Mapped[str] = orm.mapped_column(
        sa.ForeignKey('placements.id'), index=True)
    key: orm.Mapped[str] = orm.mapped_column(sa.String(64))
    user_id: orm.Mapped[str | None] = orm.mapped_column(sa.String(64))
    role: orm.Mapped[str] = orm.mapped_column(sa.String(16),
                                              default='member')


class Job(Timestamps, Base):
    """A multi-step operation, recorded before it acts.

    ``lease_until`` says how long the worker running it may be trusted to
    still be alive; a job left ``running`` past its lease was interrupted
    and is taken over (run again from its first step: every step is
    idempotent).
    """

    __tablename__ = 'jobs'

    id: orm.Mapped[str] = orm.mapped_column(sa.String(36), primary_key=True,
                                            default=_uuid)
    kind: orm.Mapped[str] = orm.mapped_column(sa.String(32))
    binding_id: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(36), index=True)
    placement_id: orm.Mapped[str | None] = orm.mapped_column(sa.String(36))
    params: orm.Mapped[dict] = orm.mapped_column(default=dict)
    status: orm.Mapped[str] = orm.mapped_column(sa.String(16),
                                                default='running', index=True)
    step: orm.Mapped[str] = orm.mapped_column(sa.String(64), default='')
    attempts: orm.Mapped[int] = orm.mapped_column(default=0)
    error: orm.Mapped[str] = orm.mapped_column(sa.Text, default='')
    lease_until: orm.Mapped[datetime.datetime] = orm.mapped_column(
        default=_now)
