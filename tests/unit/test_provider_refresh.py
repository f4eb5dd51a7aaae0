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
"""The refresher and a provider removed by another process meanwhile.

With several processes on PostgreSQL, a reseller admin's DELETE can
commit between the refresher's read of a provider and its write. Marking
a provider is therefore one UPDATE with no read before it (a removed
provider is simply not marked, never a StaleDataError), and offerings are
stored only for a provider still there.
"""

import os

import fixtures
from oslo_config import cfg
import sqlalchemy as sa
import testtools

from aggregator import conf as agg_conf
from aggregator.db import api as db
from aggregator.db import models
from aggregator import providers
from aggregator import sync
from aggregator import vrm_client


def use_database(test: testtools.TestCase) -> cfg.ConfigOpts:
    """An Aggregator configuration and SQLite database of ``test``'s own."""
    path = os.path.join(test.useFixture(fixtures.TempDir()).path, 'agg.db')
    conf = cfg.ConfigOpts()
    agg_conf.register_opts(conf)
    conf([], default_config_files=[])
    conf.set_override('connection', 'sqlite:///' + path, 'database')
    previous = db._CONTEXT._context
    test.addCleanup(setattr, db._CONTEXT, '_context', previous)
    db.configure(conf)
    models.Base.metadata.create_all(db._CONTEXT.engine())
    return conf


def provider_row(**overrides) -> models.Provider:
    """A provider row with a stand-in VRM and credential."""
    fields = dict(name='P', vrm_url='http://vrm.test',
                  auth_url='http://ks/v3', credential_id='c',
                  credential_secret=b'x', available=False)
    fields.update(overrides)
    return models.Provider(**fields)


class TestRefreshRemovedProvider(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conf = use_database(self)
        with db.writer() as session:
            row = provider_row()
            session.add(row)
            session.flush()
            self.provider_id = row.id
        with db.reader() as session:
            self.provider = session.get(models.Provider, self.provider_id)
            session.expunge(self.provider)

    def remove(self) -> None:
        with db.writer() as session:
            session.execute(sa.delete(models.Provider).where(
                models.Provider.id == self.provider_id))

    def statements(self) -> list:
        found = []
        sa.event.listen(db._CONTEXT.engine(), 'before_cursor_execute',
                        lambda conn, cursor, statement, *args:
                        found.append(statement))
        return found

    def test_mark_is_one_update_without_a_read(self):
        sent = self.statements()
        providers.mark(self.provider_id, available=True)
        touching = [s for s in sent if 'providers' in s]
        self.assertEqual(1, len(touching), touching)
        self.assertTrue(touching[0].lstrip().upper().startswith('UPDATE'))
        with db.reader() as session:
            row = session.get(models.Provider, self.provider_id)
            self.assertTrue(row.available)
            self.assertIsNotNone(row.checked_at)

    def test_marking_a_removed_provider_changes_nothing(self):
        self.remove()
        providers.mark(self.provider_id, available=False, error='gone')
        with db.reader() as session:
            self.assertEqual(0, session.scalar(
                sa.select(sa.func.count()).select_from(models.Provider)))

    def test_provider_removed_while_asked_keeps_no_offerings(self):
        def offerings(client):
            self.remove()       # the admin's DELETE commits meanwhile
            return [{'id': 'vr1', 'name': 'gold', 'services': ['image']}]
        self.patch(vrm_client.VRMClient, 'offerings', offerings)
        sync.refresh_provider(self.conf, self.provider)
        with db.reader() as session:
            self.assertEqual(0, session.scalar(
                sa.select(sa.func.count()).select_from(models.Offering)))
