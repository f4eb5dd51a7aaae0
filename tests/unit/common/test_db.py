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
"""SQLite, the embedded default, under concurrent writers."""

import os
import threading

import fixtures
from oslo_config import cfg
from oslo_db import options
import sqlalchemy as sa
import testtools

from csf_common.db import api


class SQLiteWritersTest(testtools.TestCase):

    def test_read_then_write_transactions_do_not_fail(self):
        path = os.path.join(self.useFixture(fixtures.TempDir()).path,
                            'db.sqlite')
        conf = cfg.ConfigOpts()
        conf.register_opts(options.database_opts, 'database')
        conf([], default_config_files=[])
        conf.set_override('connection', 'sqlite:///' + path, 'database')
        ctx = api.TransactionContext()
        ctx.configure(conf)
        with ctx.writer() as session:
            session.execute(sa.text('create table t (a int)'))
        errors = []

        def work():
            for _ in range(25):
                try:
                    with ctx.writer() as session:
                        # Read, then write: deferred transactions deadlock.
                        session.execute(sa.text('select count(*) from t'))
                        session.execute(sa.text('insert into t values (1)'))
                except sa.exc.OperationalError as exc:
                    errors.append(exc)

        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        self.assertEqual([], errors)
        with ctx.reader() as session:
            self.assertEqual(100, session.execute(
                sa.text('select count(*) from t')).scalar())
            self.assertEqual('wal', session.execute(
                sa.text('pragma journal_mode')).scalar())
