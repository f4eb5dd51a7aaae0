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

Interim implementation: until the first Alembic migration lands this
creates the tables of the service's models that do not exist yet. It never
alters or drops an existing table.
"""

from oslo_config import cfg
from oslo_db.sqlalchemy import engines
import sqlalchemy


def sync(conf: cfg.ConfigOpts, metadata: sqlalchemy.MetaData) -> list[str]:
    """Create missing tables; return the names of the tables defined."""
    engine = engines.create_engine(
        conf.database.connection,
        max_retries=conf.database.max_retries,
        retry_interval=conf.database.retry_interval)
    try:
        metadata.create_all(engine)
    finally:
        engine.dispose()
    return sorted(metadata.tables)
