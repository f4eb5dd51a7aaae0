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
"""One holder at a time, across worker processes and hosts: a leadership.

A service runs a background loop (the Aggregator's refresher) in every
worker process; with several processes or hosts only one of them should
do the work at a time. ``Leadership(connection, name).held()`` answers
whether this process holds the lease named ``name``, taking it when it is
free. The lease is the database's own lock, held by a connection kept
open for it, so it is released when the holder exits or dies, whatever
the way, and another process takes over at its next ``held()``:

- PostgreSQL: a session advisory lock (``pg_try_advisory_lock``);
- MySQL/MariaDB (Galera included): a named lock (``GET_LOCK``);
- SQLite (one host): an exclusive ``flock`` on a file beside the
  database; an in-memory database is private to its process anyway.
"""

from __future__ import annotations

import fcntl
import os
import threading
import zlib

from oslo_log import log as logging
import sqlalchemy as sa
from sqlalchemy import pool

LOG = logging.getLogger(__name__)


def lock_key(name: str) -> int:
    """A stable signed 32-bit key for ``name`` (advisory lock ids)."""
    value = zlib.crc32(name.encode())
    return value - (1 << 32) if value >= (1 << 31) else value


class Leadership:
    def __init__(self, connection: str, name: str) -> None:
        self.url = sa.engine.make_url(connection)
        self.name = name
        self._lock = threading.Lock()
        self._engine = None
        self._conn = None       # PostgreSQL, MySQL: holds the lock
        self._file = None       # SQLite: holds the flock

    @property
    def backend(self) -> str:
        return self.url.get_backend_name()

    def held(self) -> bool:
        """True if this process holds the lease (taking it if free)."""
        with self._lock:
            try:
                if self.backend == 'sqlite':
                    return self._held_file()
                return self._held_db()
            except Exception as exc:    # database away: not the leader
                LOG.warning('Lease %s: %s', self.name, exc)
                self._drop()
                return False

    def release(self) -> None:
        with self._lock:
            self._drop()

    # --- SQLite ---------------------------------------------------------
    def _held_file(self) -> bool:
        database = self.url.database
        if not database or database == ':memory:':
            return True
        if self._file is not None:
            return True
        path = '%s.%s.lease' % (database, self.name)
        fh = open(path, 'a+')
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.close()
            return False
        self._file = fh
        return True

    # --- PostgreSQL, MySQL ----------------------------------------------
    def _held_db(self) -> bool:
        if self._conn is not None:
            self._conn.exec_driver_sql('SELECT 1')     # still connected?
            # End the transaction the check began: a session "idle in
            # transaction" for the holder's lifetime is killed, and the
            # lease lost, where idle_in_transaction_session_timeout is set.
            self._conn.commit()
            return True
        if self._engine is None:
            self._engine = sa.create_engine(self.url,
                                            poolclass=pool.NullPool)
        conn = self._engine.connect()
        if self.backend == 'postgresql':
            got = conn.execute(sa.text('SELECT pg_try_advisory_lock(:k)'),
                               {'k': lock_key(self.name)}).scalar()
        elif self.backend == 'mysql':
            got = conn.execute(sa.text('SELECT GET_LOCK(:n, 0)'),
                               {'n': self.name[:64]}).scalar() == 1
        else:
            conn.close()
            raise NotImplementedError('no lease on %s' % self.backend)
        # Autocommit-like: end the implicit transaction, keep the session
        # (the lock belongs to the session, not to the transaction).
        conn.commit()
        if not got:
            conn.close()
            return False
        self._conn = conn
        return True

    def _drop(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()      # ends the session: frees the lock
            except Exception:
                pass
            self._conn = None
        if self._file is not None:
            self._file.close()
            self._file = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def __repr__(self) -> str:
        return '<Leadership %s on %s (pid %d)>' % (
            self.name, self.backend, os.getpid())
