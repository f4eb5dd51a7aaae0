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
"""Proxy placements reach the provider as one user per reseller user

The proxy acted for all users of a placed project as the placement's one
credential user (member or reader), so that what a service keeps per user
(Nova's key pairs) was shared by them. Each reseller user now has a
provider user of its own (placement_users). The placement-wide
credentials go: the VRM deletes their users with the placement.

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
        sa.Column('user_id', sa.String(64), nullable=False),
        sa.Column('key', sa.String(64), nullable=False),
        sa.Column('role', sa.String(16), nullable=True),
        sa.Column('provider_user_id', sa.String(64), nullable=True),
        sa.Column('secret', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.UniqueConstraint('placement_id', 'user_id'))
    with op.batch_alter_table('placements', schema=None) as batch_op:
        for column in ('credential_user_id', 'credential_secret',
                       'reader_user_id', 'reader_secret'):
            batch_op.drop_column(column)
