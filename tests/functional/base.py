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
"""Base for functional tests: they run against the real topology.

``make functional`` (and ``make test``) starts one topology on loopback
(``python -m tools.topology up --root .functional``) and points
``CSF_TOPOLOGY_FILE`` at its ``topology.json``; every test process shares
it. Tests create what they need under unique names and remove it again.
"""

from __future__ import annotations

import json
import os
import uuid

from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session
from keystoneclient.v3 import client as ks_client
import sqlalchemy as sa
import testtools

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
DEFAULT_TOPOLOGY = os.path.join(REPO, '.functional', 'topology.json')


def load_topology() -> dict:
    path = os.environ.get('CSF_TOPOLOGY_FILE', DEFAULT_TOPOLOGY)
    if not os.path.exists(path):
        raise RuntimeError(
            'No running topology at %s: start one with `make functional` '
            'or `python -m tools.topology up --root .functional`' % path)
    with open(path) as fh:
        return json.load(fh)


class FunctionalTestCase(testtools.TestCase):
    """Gives tests the topology, admin sessions and unique names."""

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.topology = load_topology()

    def service(self, name: str) -> dict:
        return self.topology['services'][name]

    def stored_row(self, name: str, sql: str, **params) -> tuple | None:
        """The first row ``sql`` finds in service ``name``'s database."""
        rows = self.stored_rows(name, sql, **params)
        return rows[0] if rows else None

    def stored_rows(self, name: str, sql: str, **params) -> list[tuple]:
        """The rows ``sql`` finds in service ``name``'s database.

        Read through SQLAlchemy on the service's own connection URL, so
        the same check runs on SQLite and on PostgreSQL.
        """
        engine = sa.create_engine(self.service(name)['connection'])
        try:
            with engine.connect() as conn:
                rows = conn.execute(sa.text(sql), params).all()
        finally:
            engine.dispose()
        return [tuple(row) for row in rows]

    def cloud(self, name: str) -> dict:
        return self.topology['clouds'][name]

    def unique(self, prefix: str) -> str:
        return '%s-%s' % (prefix, uuid.uuid4().hex[:10])

    def password_session(self, cloud: str, *, connect_retries: int = 0,
                         **overrides) -> ks_session.Session:
        auth = dict(self.cloud(cloud)['auth'])
        auth.update(overrides)
        plugin = v3.Password(**auth)
        return ks_session.Session(auth=plugin,
                                  connect_retries=connect_retries)

    def keystone_admin(self, cloud: str) -> ks_client.Client:
        auth_url = self.cloud(cloud)['auth']['auth_url']
        # A provider's Keystone is behind Apache, which tests reload
        # gracefully (trusted IdPs): a pooled connection it closed then
        # fails before any answer, and is tried again on a new one.
        session = self.password_session(cloud, connect_retries=2)
        return ks_client.Client(session=session,
                                endpoint_override=auth_url,
                                interface='public')
