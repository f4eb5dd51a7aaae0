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
"""Placements keep the access they gave the VRM

Pass-through placements are reached by K2K assertions naming the project
and its domain; the Aggregator keeps the names it gave the VRM, to follow
a rename. Placements from before have none: the refresher gives theirs
again at its next run.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 15:00:00
"""

from alembic import op
import sqlalchemy as sa

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('access', sa.JSON(), nullable=True))
