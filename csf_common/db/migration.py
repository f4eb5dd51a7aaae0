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
"""Bring a service's database schema up to date.

A service with Alembic migrations (``<package>.db:migrations``) is upgraded
to their head; one without tables yet gets ``metadata.create_all``, which
never alters or drops an existing table.
"""

from alembic import command
from alembic import config as alembic_config
from oslo_config import cfg
from oslo_db.sqlalchemy import engines
import sqlalchemy


def alembic_cfg(script_location: str) -> alembic_config.Config:
    cfg_ = alembic_config.Config()
    cfg_.set_main_option('script_location', script_location)
    return cfg_


def sync(conf: cfg.ConfigOpts, metadata: sqlalchemy.MetaData, *,
         script_location: str | None = None) -> list[str]:
    """Upgrade the schema; return the names of the tables defined."""
    engine = engines.create_engine(
        conf.database.connection,
        max_retries=conf.database.max_retries,
        retry_interval=conf.database.retry_interval)
    try:
        if script_location:
            cfg_ = alembic_cfg(script_location)
            with engine.begin() as connection:
                cfg_.attributes['connection'] = connection
                command.upgrade(cfg_, 'head')
        else:
            metadata.create_all(engine)
    finally:
        engine.dispose()
    return sorted(metadata.tables)


def run_env(metadata: sqlalchemy.MetaData) -> None:
    """The body of a service's Alembic ``env.py``.

    Migrates the connection ``sync`` hands over, for ``metadata``'s tables.
    """
    from alembic import context
    connection = context.config.attributes['connection']
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
