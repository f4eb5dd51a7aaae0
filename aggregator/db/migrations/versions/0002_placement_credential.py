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
"""Placements keep the credential the proxy reaches their project with

The VRM's credential users of the placement (member and reader; their
ids) and the passwords the Aggregator chose for them, encrypted like
partner credentials. Placements from before have none: the proxy gives
them theirs at their next request.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 12:00:00
"""

from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('credential_user_id',
                                      sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('credential_secret', sa.LargeBinary(),
                                      nullable=True))
        batch_op.add_column(sa.Column('reader_user_id',
                                      sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('reader_secret', sa.LargeBinary(),
                                      nullable=True))
