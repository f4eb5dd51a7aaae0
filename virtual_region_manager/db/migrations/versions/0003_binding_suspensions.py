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
"""Bindings record which side (provider, partner) holds a suspension

A binding suspended before this revision did not say who suspended it: it
is taken as the provider's (the side that can always see and lift it), with
its reason; the partner may add its own suspension on top.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 21:45:00
"""

from alembic import op
import sqlalchemy as sa

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('bindings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('suspensions', sa.JSON(),
                                      nullable=True))
    bindings = sa.table('bindings', sa.column('id', sa.String),
                        sa.column('status', sa.String),
                        sa.column('status_reason', sa.Text),
                        sa.column('suspensions', sa.JSON))
    connection = op.get_bind()
    suspended = connection.execute(
        sa.select(bindings.c.id, bindings.c.status_reason).where(
            bindings.c.status == 'suspended')).all()
    for binding_id, reason in suspended:
        connection.execute(bindings.update().where(
            bindings.c.id == binding_id).values(
                suspensions={'provider': reason or ''}))
