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
"""Initial schema: providers, offerings, regions, placements

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 06:01:43.431219
"""

from alembic import op
import sqlalchemy as sa

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('providers',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('vrm_url', sa.String(length=1024), nullable=False),
    sa.Column('auth_url', sa.String(length=1024), nullable=False),
    sa.Column('credential_id', sa.String(length=64), nullable=False),
    sa.Column('credential_secret', sa.LargeBinary(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('available', sa.Boolean(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('checked_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('offerings',
    sa.Column('provider_id', sa.String(length=36), nullable=False),
    sa.Column('virtual_region_id', sa.String(length=36), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('fetched_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['provider_id'], ['providers.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('provider_id', 'virtual_region_id')
    )
    op.create_table('regions',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('provider_id', sa.String(length=36), nullable=False),
    sa.Column('virtual_region_id', sa.String(length=36), nullable=False),
    sa.Column('token_mode', sa.String(length=16), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('binding_id', sa.String(length=36), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('binding', sa.JSON(), nullable=False),
    sa.Column('service_provider_id', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['provider_id'], ['providers.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    with op.batch_alter_table('regions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_regions_provider_id'), ['provider_id'], unique=False)

    op.create_table('placements',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('project_id', sa.String(length=64), nullable=False),
    sa.Column('region_id', sa.String(length=36), nullable=False),
    sa.Column('remote_name', sa.String(length=64), nullable=False),
    sa.Column('remote_placement_id', sa.String(length=36), nullable=True),
    sa.Column('provider_project_id', sa.String(length=64), nullable=True),
    sa.Column('quota', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('project_id', 'region_id')
    )
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placements_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placements_region_id'), ['region_id'], unique=False)


