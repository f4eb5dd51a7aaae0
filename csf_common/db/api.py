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
import sqlalchemy as sa

# Seconds a SQLite connection waits for another one's write lock.
SQLITE_BUSY_TIMEOUT_MS = 30000


def _sqlite_serialise_writers(engine) -> None:
    """Make SQLite transactions take the write lock when they begin.

    SQLite's deferred transactions deadlock when two of them read, then
    both try to write: one fails at once with "database is locked",
    whatever the busy timeout. BEGIN IMMEDIATE queues them instead, and
    WAL lets readers (such as Keystone's catalog driver) go on meanwhile.
    PostgreSQL and MySQL, the scale-out path, are left as they are.
    """
    if engine.dialect.name != 'sqlite':
        return

    @sa.event.listens_for(engine, 'connect')
    def _connect(dbapi_connection, record):
        cursor = dbapi_connection.cursor()
        cursor.execute('PRAGMA busy_timeout = %d' % SQLITE_BUSY_TIMEOUT_MS)
        cursor.execute('PRAGMA journal_mode = WAL')
        cursor.close()

    # oslo.db emits its own (deferred) BEGIN on SQLite: use ours instead.
    # Its commit and rollback listeners still clear "in_transaction".
    for listener in list(engine.dispatch.begin):
        if getattr(listener, '__name__', '') == '_sqlite_emit_begin':
            sa.event.remove(engine, 'begin', listener)

    @sa.event.listens_for(engine, 'begin')
    def _begin(connection):
        if 'in_transaction' not in connection.info:
            connection.exec_driver_sql('BEGIN IMMEDIATE')
            connection.info['in_transaction'] = True

    # oslo.db connects once to test the engine before this runs: drop that
    # connection so that every pooled connection went through _connect.
    engine.dispose()


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
        ctx.append_on_engine_create(_sqlite_serialise_writers)
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
