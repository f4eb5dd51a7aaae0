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
"""Placed projects have users of their own, one per partner end user

The partner's proxy acts for each of its users in a placed project as a
provider user of that user's own (placement_users.py). Placements from
before keep their placement-wide credential users until they are removed.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 02:00:00
"""

from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'placement_users',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('placement_id', sa.String(36),
                  sa.ForeignKey('placements.id'), nullable=False,
                  index=True),
        sa.Column('key', sa.String(64), nullable=False),
        sa.Column('user_id', sa.String(64), nullable=True),
        sa.Column('role', sa.String(16), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.UniqueConstraint('placement_id', 'key'))
