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
"""What the services' tables have in common: ids, timestamps, JSON."""

from __future__ import annotations

import datetime
import uuid

import sqlalchemy as sa
from sqlalchemy import orm

# dict and list columns are stored as JSON.
TYPE_ANNOTATION_MAP = {dict: sa.JSON, list: sa.JSON}


def new_id() -> str:
    return uuid.uuid4().hex


def now() -> datetime.datetime:
    """UTC, naive: what every backend stores alike."""
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


class Timestamps:
    created_at: orm.Mapped[datetime.datetime] = orm.mapped_column(
        default=now)
    updated_at: orm.Mapped[datetime.datetime] = orm.mapped_column(
        default=now, onupdate=now)
