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
"""The topology the benchmarks run against, and what they add to it.

``Fixture`` starts (or reuses) a topology under ``--root`` with the
worked example seeded, and makes every session through keystoneauth1.
What a benchmark adds (projects, placements, images) it removes again,
and so does the worked example when the fixture seeded it (``close``).
"""

from __future__ import annotations

import os
import time

from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session
from keystoneclient.v3 import client as ks_client
import sqlalchemy as sa

from tools.topology import topology as topology_mod
from tools.topology import worked_example

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class FixtureError(RuntimeError):
    pass


def session(auth: dict, **overrides) -> ks_session.Session:
    auth = dict(auth, **overrides)
    if 'project_id' in overrides:
        auth.pop('project_name', None)
        auth.pop('project_domain_name', None)
    return ks_session.Session(auth=v3.Password(**auth))


def call(sess, method: str, url: str, ok=(200, 201, 202, 204), **kwargs):
    resp = sess.request(url, method, raise_exc=False, **kwargs)
    if resp.status_code not in ok:
        raise FixtureError('%s %s: %d %s' % (method, url, resp.status_code,
                                             resp.text[:300]))
    return resp.json() if resp.content else None


class Fixture:
    def __init__(self, root: str, *, database: str | None = None) -> None:
        # The benchmarks measure the Aggregator's paths with Glance; the
        # providers' compute and network are not started for them.
        self.topology = topology_mod.Topology(
            root, os.path.join(REPO, '.cache'), database=database,
            iaas=False)
        self.data = self.topology.up()
        self._seeded = False
        self._unseed = False
        self.services = self.data['services']
        self.clouds = self.data['clouds']
        self.agg_url = self.services['reseller-aggregator']['url']
        self.proxy_url = self.services['reseller-aggregator']['proxy_url']
        self.cleanups: list = []

    def seed(self) -> None:
        """The worked example (regions V1, V2), for who needs it.

        Seeded here on a topology that had none, it is removed again by
        ``close``: the functional tests run on the same topology expect
        no binding of the reseller's IdP at a provider.
        """
        if not self._seeded:
            regions = call(session(self.auth('aggregator-admin')), 'GET',
                           self.agg_url + '/v1/regions')['regions']
            had = {r['name'] for r in regions} & {
                name for name, *_ in worked_example.REGIONS}
            worked_example.seed(self.data)
            self._seeded = True
            self._unseed = not had

    def close(self) -> None:
        """Remove the worked example if this fixture seeded it."""
        self.cleanup()
        if self._seeded and self._unseed:
            self._seeded = False
            self._remove_worked_example()

    def _remove_worked_example(self) -> None:
        reseller = session(self.auth('aggregator-admin'))
        tenant = session(self.auth('tenant-x'))
        call(tenant, 'DELETE', '%s/v1/regions/V1/projects/%s' % (
            self.agg_url, tenant.get_project_id()), ok=(204, 404))
        for name, cloud, vr_name, *_ in worked_example.REGIONS:
            # Terminates the binding (projects retained), K2K entry gone.
            call(reseller, 'DELETE', '%s/v1/regions/%s' % (
                self.agg_url, name), ok=(204, 404))
        providers = call(reseller, 'GET', self.agg_url + '/v1/providers')[
            'providers']
        entity_id = self.services['reseller-keystone']['idp_entity_id']
        for name, cloud, vr_name, *_ in worked_example.REGIONS:
            for provider in providers:
                if provider['name'] == cloud.upper():
                    call(reseller, 'DELETE', '%s/v1/providers/%s' % (
                        self.agg_url, provider['id']), ok=(204, 404))
            admin = session(self.auth('provider-%s-admin' % cloud))
            vrm_url = self.services['%s-vrm' % cloud]['url']
            for partner in call(admin, 'GET', vrm_url + '/v1/partners')[
                    'partners']:
                if partner['idp_entity_id'] == entity_id:
                    call(admin, 'DELETE', '%s/v1/partners/%s' % (
                        vrm_url, partner['id']), ok=(204, 404))
            for vr in call(admin, 'GET', vrm_url + '/v1/virtual-regions')[
                    'virtual_regions']:
                if vr['name'] == vr_name:
                    call(admin, 'DELETE', '%s/v1/virtual-regions/%s' % (
                        vrm_url, vr['id']), ok=(204, 404))

    def auth(self, cloud: str) -> dict:
        return dict(self.clouds[cloud]['auth'])

    def admin_client(self, cloud: str) -> ks_client.Client:
        auth = self.auth(cloud)
        return ks_client.Client(session=session(auth),
                                endpoint_override=auth['auth_url'],
                                interface='public')

    def placed_project(self, region: str = 'V1', quota: dict | None = None,
                       timeout: float = 90) -> tuple[str, dict]:
        """A new reseller project of user x, placed in ``region``.

        Returns its id and the placement as the Aggregator shows it.
        """
        self.seed()
        ks = self.admin_client('aggregator-admin')
        user = ks.users.list(name=self.auth('tenant-x')['username'])[0]
        project = ks.projects.create(
            name='bench-%d-%d' % (os.getpid(), time.monotonic_ns()),
            domain='default')
        self.cleanups.append(lambda: ks.projects.delete(project))
        ks.roles.grant(ks.roles.list(name='member')[0], user=user,
                       project=project)
        tenant = self.tenant_session(project.id)
        call(tenant, 'POST', '%s/v1/regions/%s/projects' % (
            self.agg_url, region), json={'project': {
                'project_id': project.id, 'quota': quota or {}}})
        self.cleanups.append(lambda: call(
            tenant, 'DELETE', '%s/v1/regions/%s/projects/%s' % (
                self.agg_url, region, project.id), ok=(204, 404)))
        deadline = time.monotonic() + timeout
        while True:
            placed = call(tenant, 'GET', '%s/v1/regions/%s/projects' % (
                self.agg_url, region))['projects']
            mine = [p for p in placed if p['project_id'] == project.id]
            if mine and mine[0]['status'] == 'active':
                return project.id, mine[0]
            if time.monotonic() > deadline:
                raise FixtureError('placement not active: %s' % mine)
            time.sleep(0.5)

    def provider_project(self, project_id: str) -> str:
        """The provider project behind a proxy-mode placement.

        The API never shows it (the provider must not learn the tenant, nor
        the tenant the provider's project): read the Aggregator's database.
        """
        agg = self.services['reseller-aggregator']
        engine = sa.create_engine(agg.get('connection') or
                                  'sqlite:///%s' % agg['database'])
        try:
            with engine.connect() as conn:
                return conn.execute(sa.text(
                    'SELECT provider_project_id FROM placements '
                    'WHERE project_id = :p'), {'p': project_id}).scalar_one()
        finally:
            engine.dispose()

    def tenant_session(self, project_id: str) -> ks_session.Session:
        return session(self.auth('tenant-x'), project_id=project_id)

    def cleanup(self) -> None:
        while self.cleanups:
            try:
                self.cleanups.pop()()
            except Exception as exc:       # report, go on cleaning
                print('cleanup: %s' % exc)
