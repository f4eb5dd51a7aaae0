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
"""Database access: one oslo.db transaction context per process.

``configure(conf)`` is called once when the WSGI application (or a manage
command) starts; code then uses ``reader()`` / ``writer()`` as context
managers yielding a SQLAlchemy session.
"""

from __future__ import annotations

import contextlib

from oslo_config import cfg
from oslo_db.sqlalchemy import enginefacade

_CONTEXT = None


def configure(conf: cfg.ConfigOpts) -> None:
    global _CONTEXT
    ctx = enginefacade.transaction_context()
    ctx.configure(connection=conf.database.connection,
                  max_retries=conf.database.max_retries,
                  retry_interval=conf.database.retry_interval,
                  sqlite_fk=True)
    _CONTEXT = ctx


def _context():
    if _CONTEXT is None:
        raise RuntimeError('virtual_region_manager.db.api.configure() was '
                           'not called')
    return _CONTEXT


@contextlib.contextmanager
def reader():
    with _context().reader.using(_Holder()) as session:
        yield session


@contextlib.contextmanager
def writer():
    with _context().writer.using(_Holder()) as session:
        yield session


def engine():
    return _context().writer.get_engine()


class _Holder:
    """enginefacade keeps its per-transaction state on this object."""
