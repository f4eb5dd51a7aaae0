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
"""Dynamic catalog: token issue and validation at a Keystone with the
Aggregator's catalog driver, with 1, 100 and 1,000 aggregator regions
(the project placed in 10 of them), vs Keystone's plain SQL catalog.

The benchmark runs its own Keystone (``<root>/bench-keystone``, SQLite)
and its own catalog database (``<root>/bench-keystone/catalog.db``) with
rows written directly: nothing is added to the topology's Aggregator.
Target: <= 1.10x the SQL catalog at 1,000 regions.
"""

from __future__ import annotations

import os
import secrets
import shutil

from keystoneauth1 import session as ks_session
import sqlalchemy as sa
from sqlalchemy import orm

from aggregator.db import models
from benchmarks import common
from benchmarks import fixture
from tools.topology import keystone
from tools.topology import process

TARGET = 1.10
NAME = 'bench-keystone'
PLACED = 10


def _fill(engine, count: int, project_id: str) -> None:
    """``count`` active regions; ``project_id`` placed in 10 of them."""
    models.Base.metadata.drop_all(engine)
    models.Base.metadata.create_all(engine)
    with orm.Session(engine) as session, session.begin():
        provider = models.Provider(
            name='P', vrm_url='http://127.0.0.1:9', auth_url='http://'
            '127.0.0.1:9/v3', credential_id='x', credential_secret=b'x',
            available=True)
        session.add(provider)
        session.flush()
        step = max(1, count // PLACED)
        for i in range(count):
            region = models.Region(
                name='V%04d' % i, provider_id=provider.id,
                virtual_region_id=models._uuid(), token_mode='proxy',
                status='active', binding={'endpoints': {'image': [
                    {'interface': 'public',
                     'url': 'http://127.0.0.1:9/image'}]}})
            session.add(region)
            session.flush()
            # Another tenant everywhere; ours in every step-th region.
            session.add(models.Placement(
                project_id=models._uuid(), region_id=region.id,
                remote_name='other-%d' % i, status='active'))
            if i % step == 0 and i // step < PLACED:
                session.add(models.Placement(
                    project_id=project_id, region_id=region.id,
                    remote_name='bench-%d' % i, status='active'))


def _password(root: str) -> str:
    """The bench Keystone's admin password, made with its state dir.

    The Keystone is bootstrapped once per topology root; a later run on
    the same root must log in with the password bootstrapped then.
    """
    state = os.path.join(root, NAME)
    path = os.path.join(state, 'admin-password')
    if not os.path.exists(path):
        # Any Keystone state there was bootstrapped with a password not
        # kept (or never was): start it anew.
        shutil.rmtree(state, ignore_errors=True)
        os.makedirs(state)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, 'w') as fh:
            fh.write(secrets.token_urlsafe(12))
    with open(path) as fh:
        return fh.read().strip()


def _keystone(fx, port: int, password: str, driver: str,
              connection: str) -> keystone.Keystone:
    return keystone.Keystone(
        name=NAME, cloud='bench', root=fx.topology.root, region='RegionOne',
        admin_password=password, port=port, catalog_driver=driver,
        extra_config={'aggregator_catalog': {
            'connection': connection,
            'proxy_url': 'http://127.0.0.1:9/proxy'}})


class _Client:
    """Token issue and validation against one Keystone, keystoneauth1."""

    def __init__(self, ks: keystone.Keystone, password: str) -> None:
        self.ks = ks
        self.http = ks_session.Session()
        self.body = {'auth': {
            'identity': {'methods': ['password'], 'password': {'user': {
                'name': keystone.ADMIN_USER, 'domain': {'id': 'default'},
                'password': password}}},
            'scope': {'project': {'name': keystone.ADMIN_PROJECT,
                                  'domain': {'id': 'default'}}}}}
        self.token = None

    def issue(self) -> dict:
        resp = self.http.post(self.ks.auth_url + '/auth/tokens',
                              json=self.body)
        self.token = resp.headers['X-Subject-Token']
        return resp.json()['token']

    def validate(self) -> dict:
        return self.http.get(self.ks.auth_url + '/auth/tokens', headers={
            'X-Auth-Token': self.token,
            'X-Subject-Token': self.token}).json()['token']

    def aggregator_regions(self) -> int:
        """Aggregator regions (``V....``) in a fresh token's catalog."""
        return len({e['region_id'] for svc in self.issue()['catalog']
                    for e in svc['endpoints']
                    if e['region_id'].startswith('V')})

    def measure(self, calls: int) -> tuple:
        self.issue()
        return (common.measure(self.issue, count=calls),
                common.measure(self.validate, count=calls))


def run(fx: fixture.Fixture, *, smoke: bool = False) -> str:
    calls = 5 if smoke else 100
    counts = (1, 100) if smoke else (1, 100, 1000)
    port = process.free_port()
    password = _password(fx.topology.root)
    connection = 'sqlite:///%s' % os.path.join(fx.topology.root, NAME,
                                               'catalog.db')
    engine = sa.create_engine(connection)
    fx.cleanups.append(engine.dispose)

    def started(driver: str) -> _Client:
        ks = _keystone(fx, port, password, driver, connection)
        ks.prepare()        # bootstraps once; then only rewrites config
        ks.start()
        fx.cleanups.append(lambda: process.stop(ks.pid))
        ks.wait_ready()
        return _Client(ks, password)

    client = started('sql')
    base_issue, base_validate = client.measure(calls)
    project_id = client.issue()['project']['id']
    process.stop(client.ks.pid)
    rows = [['SQL catalog (baseline)', '1.00', '1.00',
             common.ms(base_issue.p50), common.ms(base_validate.p50),
             common.ms(base_issue.p95), common.ms(base_validate.p95), 0]]
    _fill(engine, counts[0], project_id)
    client = started('aggregator')
    worst = 0.0
    for count in counts:
        _fill(engine, count, project_id)
        res_issue, res_validate = client.measure(calls)
        worst = max(res_issue.p50 / base_issue.p50,
                    res_validate.p50 / base_validate.p50)
        rows.append(['aggregator, %d regions' % count,
                     common.ratio(res_issue.p50, base_issue.p50),
                     common.ratio(res_validate.p50, base_validate.p50),
                     common.ms(res_issue.p50), common.ms(res_validate.p50),
                     common.ms(res_issue.p95), common.ms(res_validate.p95),
                     client.aggregator_regions()])
    process.stop(client.ks.pid)
    header = ['catalog', 'issue ratio', 'validate ratio', 'issue p50 ms',
              'validate p50 ms', 'issue p95 ms', 'validate p95 ms',
              'regions in token']
    verdict = 'worst p50 ratio at %d regions: %.2f (target <= %.2f)' % (
        counts[-1], worst, TARGET)
    return common.table('Dynamic catalog: token issue and validation at '
                        'Keystone, %d calls each' % calls, header,
                        rows) + verdict
