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
"""Database access for a service: one oslo.db transaction context.

Each service keeps one ``TransactionContext`` in its ``db/api.py``;
``configure(conf)`` is called once when the WSGI application (or a manage
command) starts, and code then uses ``reader()`` / ``writer()`` as context
managers yielding a SQLAlchemy session.
"""

from __future__ import annotations

import contextlib

from oslo_config import cfg
from oslo_db.sqlalchemy import enginefacade


class _Holder:
    """enginefacade keeps its per-transaction state on this object."""


class TransactionContext:
    def __init__(self) -> None:
        self._context = None

    def configure(self, conf: cfg.ConfigOpts) -> None:
        ctx = enginefacade.transaction_context()
        ctx.configure(connection=conf.database.connection,
                      max_retries=conf.database.max_retries,
                      retry_interval=conf.database.retry_interval,
                      sqlite_fk=True)
        self._context = ctx

    def _ctx(self):
        if self._context is None:
            raise RuntimeError('the database was not configured')
        return self._context

    @contextlib.contextmanager
    def reader(self):
        with self._ctx().reader.using(_Holder()) as session:
            yield session

    @contextlib.contextmanager
    def writer(self):
        with self._ctx().writer.using(_Holder()) as session:
            yield session

    def engine(self):
        return self._ctx().writer.get_engine()
