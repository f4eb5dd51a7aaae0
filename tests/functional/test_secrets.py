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
"""Secrets: partner credentials encrypted at rest, no secret in any log.

The test makes the Aggregator use a fresh partner credential (registration,
offerings refresh) and try a wrong one, then reads what the Aggregator's
database holds (SQLite file or pg_dump) and the VRM's SQLite file, and
greps every log under the topology root for every password of
``secrets.json`` and for both partner secrets.
"""

from __future__ import annotations

import json
import os
import time
import uuid

from oslo_config import cfg

from aggregator import conf as agg_conf
from aggregator import crypto
from tests.functional import test_aggregator
from tests.functional import test_vrm_recovery
from tests.functional import vrm_base
from tools.topology import postgres


def log_files(root: str) -> list[str]:
    """Every log file of every service of the topology."""
    found = []
    for top, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in ('images', 'staging')]
        found += [os.path.join(top, f) for f in files
                  if f.endswith('.log') or '.log.' in f]
    return found


def find(needles: dict, paths: list[str]) -> list[str]:
    """'<needle name> in <path>:<line>' for every occurrence."""
    hits = []
    for path in paths:
        with open(path, 'rb') as fh:
            for number, line in enumerate(fh, 1):
                for name, secret in needles.items():
                    if secret.encode() in line:
                        hits.append('%s in %s:%d' % (name, path, number))
    return hits


class TestSecrets(test_aggregator.AggregatorTestCase):
    provider = 'p1'

    def setUp(self) -> None:
        super().setUp()
        # A VRM of its own: its database holds only this test's partners.
        self.vrm = self.useFixture(test_vrm_recovery.PrivateVRM(
            self.topology, self.provider, self.unique('p1-vrm')))
        self.vrm.start()
        self.admin = vrm_base.VRMClient(self.admin.session, self.region,
                                        endpoint=self.vrm.url)

    def sqlite_bytes(self, database: str) -> bytes:
        """The database file and its write-ahead log, as stored."""
        data = b''
        for path in (database, database + '-wal'):
            if os.path.exists(path):
                with open(path, 'rb') as fh:
                    data += fh.read()
        return data

    def test_partner_credential_encrypted_and_no_secret_logged(self):
        provider = self.register_provider(vrm_url=self.vrm.url)
        secret = provider['_secret']
        # A wrong secret for a real credential id: refused, never logged.
        wrong = 'wrong-%s' % uuid.uuid4().hex
        partner, _ = self.onboard()
        resp = self.agg('POST', '/v1/providers', json={'provider': {
            'name': self.unique('P'),
            'vrm_url': self.vrm.url,
            'auth_url': self.service('p1-keystone')['auth_url'],
            'application_credential': {
                'id': partner['application_credential']['id'],
                'secret': wrong}}})
        self.assertEqual(400, resp.status_code, resp.text)
        self.assertNotIn(wrong, resp.text)
        # The refresher uses the stored credential every few seconds.
        self.assertEqual(200, self.agg('GET', '/v1/offerings').status_code)
        time.sleep(4)
        shown = self.agg('GET', '/v1/providers/%s' % provider['id'])
        self.assertEqual(200, shown.status_code)
        self.assertNotIn(secret, shown.text)

        # At rest: a Fernet token in the Aggregator's database, the
        # plaintext nowhere in its files (nor in the VRM's).
        row = self.stored_row(
            'reseller-aggregator',
            'select credential_secret from providers where id = :id',
            id=provider['id'])
        self.assertIsNotNone(row)
        stored = bytes(row[0])
        self.assertNotEqual(secret.encode(), stored)
        self.assertTrue(stored.startswith(b'gAAAAA'), stored[:16])
        self.assertNotIn(secret.encode(), postgres.dump(
            self.topology, 'reseller-aggregator'))
        # The test's own VRM keeps SQLite, on either topology.
        vrm_db = self.vrm.vrm.path('vrm.db')
        self.assertTrue(os.path.exists(vrm_db), vrm_db)
        self.assertNotIn(secret.encode(), self.sqlite_bytes(vrm_db))

        # In logs: no password of the topology, no partner secret.
        with open(os.path.join(self.topology['root'],
                               'secrets.json')) as fh:
            needles = {'secrets.json %s' % k: v
                       for k, v in json.load(fh).items()}
        needles['partner secret'] = secret
        needles['refused partner secret'] = wrong
        logs = log_files(self.topology['root'])
        self.assertTrue(any(p.endswith('reseller-aggregator.log')
                            for p in logs), logs)
        hits = find(needles, logs)
        self.assertEqual([], hits, '\n'.join(hits))

    def test_placement_user_password_encrypted_and_never_logged(self):
        """The password of a tenant's own user in a proxy placement."""
        # The virtual region first: registering the provider reads its
        # offerings.
        vr = self.create_region(approval='auto')
        provider = self.register_provider(vrm_url=self.vrm.url)
        region = self.create_agg_region(provider, vr)
        self.assertEqual(201, self.place(region['name'],
                                         self.tenant_project).status_code)
        self.assertEqual(200, self.agg(
            'GET', '/proxy/%s/image/v2/images' % region['name'],
            sess=self.tenant).status_code)
        row = self.stored_row(
            'reseller-aggregator',
            'select u.provider_user_id, u.secret from placement_users u '
            'join placements p on p.id = u.placement_id '
            'where p.project_id = :project and p.region_id = :region '
            'and u.user_id = :user',
            project=self.tenant_project, region=region['id'],
            user=self.tenant.get_user_id())
        self.assertIsNotNone(row)
        user_id, stored = row[0], bytes(row[1])
        self.assertTrue(stored.startswith(b'gAAAAA'), stored[:16])
        conf = cfg.ConfigOpts()
        agg_conf.register_opts(conf)
        conf([], default_config_files=[
            self.service('reseller-aggregator')['config']])
        secret = crypto.decrypt(conf, stored)
        self.assertGreaterEqual(len(secret), 32)
        # The tenant's user at the provider is opaque.
        user = self.keystone_admin('provider-p1-admin').users.get(user_id)
        self.assertTrue(user.name.startswith('vrm-u-'), user.name)
        self.assertNotIn(self.tenant.get_user_id(), user.name)
        # Not in the Aggregator's database in clear, not in the VRM's,
        # not in any log of the topology.
        self.assertNotIn(secret.encode(), postgres.dump(
            self.topology, 'reseller-aggregator'))
        self.assertNotIn(secret.encode(), self.sqlite_bytes(
            self.vrm.vrm.path('vrm.db')))
        hits = find({'placement user password': secret},
                    log_files(self.topology['root']))
        self.assertEqual([], hits, '\n'.join(hits))
