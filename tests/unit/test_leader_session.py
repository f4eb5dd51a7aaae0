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
"""csf_common.db.leader on a server database: the lease's session.

The lease is a session-level lock held by one connection for as long as
the process leads. Between two checks that connection must not sit in an
open transaction ("idle in transaction" on PostgreSQL, killed where
``idle_in_transaction_session_timeout`` is set). A stand-in connection
that begins a transaction on every statement, as SQLAlchemy 2 does,
records what the lease leaves open.
"""

import testtools

from csf_common.db import leader


class _Result:
    def __init__(self, value) -> None:
        self.value = value

    def scalar(self):
        return self.value


class _Connection:
    def __init__(self, got: bool) -> None:
        self.got = got
        self.in_transaction = False
        self.closed = False
        self.statements = []

    def _begin(self, statement: str) -> None:
        self.in_transaction = True      # SQLAlchemy 2's autobegin
        self.statements.append(statement)

    def execute(self, clause, params=None):
        self._begin(str(clause))
        return _Result(self.got)

    def exec_driver_sql(self, statement: str):
        self._begin(statement)
        return _Result(1)

    def commit(self) -> None:
        self.in_transaction = False

    def close(self) -> None:
        self.closed = True


class _Engine:
    def __init__(self, got: bool) -> None:
        self.got = got
        self.connections = []

    def connect(self) -> _Connection:
        self.connections.append(_Connection(self.got))
        return self.connections[-1]

    def dispose(self) -> None:
        pass


class TestLeaseSession(testtools.TestCase):

    def lease(self, got: bool):
        lease = leader.Leadership('postgresql://u:p@127.0.0.1/db', 'sync')
        lease._engine = _Engine(got)
        return lease, lease._engine

    def test_holder_leaves_no_transaction_open(self):
        lease, engine = self.lease(True)
        for _ in range(3):
            self.assertTrue(lease.held())
            conn = engine.connections[0]
            self.assertFalse(conn.in_transaction, conn.statements)
            self.assertFalse(conn.closed)
        self.assertEqual(1, len(engine.connections))   # kept, one session
        self.assertIn('pg_try_advisory_lock', conn.statements[0])
        self.assertEqual(['SELECT 1'] * 2, conn.statements[1:])
        lease.release()
        self.assertTrue(conn.closed)

    def test_lease_taken_elsewhere_closes_the_session(self):
        lease, engine = self.lease(False)
        self.assertFalse(lease.held())
        self.assertTrue(engine.connections[0].closed)
