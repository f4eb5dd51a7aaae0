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
"""Proxy overhead: the same Glance calls direct to P1 and through the
Aggregator's proxy (region V1), side by side in one run.

Calls: image list (50 images visible), image show, image download
(10 MB). Direct calls use a P1 token scoped to the provider project that
backs the benchmark's placement; proxied calls a reseller token of user
x scoped to the placed project. Target: p50 ratio <= 1.10, throughput
ratio >= 0.90.
"""

from __future__ import annotations

import os

from benchmarks import common
from benchmarks import fixture

TARGET_P50 = 1.10
TARGET_THROUGHPUT = 0.90


def _images(admin, glance: str, count: int, size: int) -> tuple[list, str]:
    """``count`` public images at P1, one of them with ``size`` bytes."""
    made = []
    for i in range(count):
        image = fixture.call(admin, 'POST', glance + '/v2/images', json={
            'name': 'bench-%d' % i, 'disk_format': 'raw',
            'container_format': 'bare', 'visibility': 'public'})
        made.append(image['id'])
    fixture.call(admin, 'PUT', '%s/v2/images/%s/file' % (glance, made[0]),
                 data=os.urandom(size),
                 headers={'Content-Type': 'application/octet-stream'})
    return made, made[0]


def run(fx: fixture.Fixture, *, smoke: bool = False) -> str:
    images = 5 if smoke else 50
    size = (1 if smoke else 10) * 1024 * 1024
    calls = 8 if smoke else 100
    downloads = 4 if smoke else 40
    glance = fx.services['p1-glance']['url']
    p1_auth = fx.auth('provider-p1-admin')
    p1_admin = fixture.session(p1_auth)
    project_id, _ = fx.placed_project('V1')
    provider_project = fx.provider_project(project_id)
    ks = fx.admin_client('provider-p1-admin')
    user = ks.users.list(name=p1_auth['username'], domain='default')[0]
    member = ks.roles.list(name='member')[0]
    ks.roles.grant(member, user=user, project=provider_project)
    fx.cleanups.append(lambda: ks.roles.revoke(member, user=user,
                                               project=provider_project))
    made, big = _images(p1_admin, glance, images, size)
    for image_id in made:
        fx.cleanups.append(lambda i=image_id: fixture.call(
            p1_admin, 'DELETE', '%s/v2/images/%s' % (glance, i),
            ok=(204, 404)))
    direct = fixture.session(p1_auth, project_id=provider_project)
    proxied = fx.tenant_session(project_id)
    bases = {'direct': (direct, glance),
             'proxy': (proxied, fx.proxy_url + '/V1/image')}

    def op(kind: str, path: str, *, stream: bool = False):
        sess, base = bases[kind]

        def one():
            resp = sess.get(base + path, raise_exc=False, stream=stream)
            if resp.status_code != 200:
                raise fixture.FixtureError('%s %s: %d %s' % (
                    kind, path, resp.status_code, resp.text[:200]))
            if stream:
                got = sum(len(c) for c in resp.iter_content(1 << 16))
                if got != size:
                    raise fixture.FixtureError('%s download: %d bytes'
                                               % (kind, got))
            else:
                resp.content
        return one

    listed = len(fixture.call(direct, 'GET', glance +
                              '/v2/images?limit=1000')['images'])
    ops = [('image list (%d images)' % listed, '/v2/images?limit=1000',
            False, calls),
           ('image show', '/v2/images/' + big, False, calls),
           ('download %d MB' % (size >> 20), '/v2/images/%s/file' % big,
            True, downloads)]
    rows = []
    worst_p50, worst_tput = 0.0, float('inf')
    for title, path, stream, count in ops:
        for concurrency in (1, 8):
            res = {kind: common.measure(op(kind, path, stream=stream),
                                        count=count,
                                        concurrency=concurrency)
                   for kind in ('direct', 'proxy')}
            p50 = res['proxy'].p50 / res['direct'].p50
            tput = res['proxy'].throughput / res['direct'].throughput
            worst_p50 = max(worst_p50, p50)
            worst_tput = min(worst_tput, tput)
            rows.append([title, concurrency, '%.2f' % p50, '%.2f' % tput,
                         common.ms(res['direct'].p50),
                         common.ms(res['proxy'].p50),
                         common.ms(res['direct'].p95),
                         common.ms(res['proxy'].p95),
                         '%.1f' % res['direct'].throughput,
                         '%.1f' % res['proxy'].throughput])
    header = ['call', 'conc', 'p50 ratio', 'tput ratio',
              'p50 direct ms', 'p50 proxy ms', 'p95 direct ms',
              'p95 proxy ms', 'direct/s', 'proxy/s']
    verdict = ('worst p50 ratio %.2f (target <= %.2f), worst throughput '
               'ratio %.2f (target >= %.2f)' % (
                   worst_p50, TARGET_P50, worst_tput, TARGET_THROUGHPUT))
    return common.table('Proxy overhead: Glance at P1, direct vs through '
                        'the Aggregator proxy', header, rows) + verdict
