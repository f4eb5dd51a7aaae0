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
"""Offerings search over 100 simulated providers, some slow, some dead.

A private Aggregator (``<root>/bench-aggregator``, its own SQLite
database, the topology's reseller Keystone for tokens) registers 100
stand-in providers (``benchmarks.standin``); then 10 answer slowly and
10 not at all while its refresher keeps polling them. The search answers
from the Aggregator's database, never from the providers: target p95
under 100 ms.
"""

from __future__ import annotations

import json
import os
import time

from benchmarks import common
from benchmarks import fixture
from benchmarks import standin
from tools.topology import aggregator
from tools.topology import process

TARGET_P95 = 0.100
NAME = 'bench-aggregator'


def _private_aggregator(fx: fixture.Fixture) -> aggregator.Aggregator:
    with open(os.path.join(fx.topology.root, 'secrets.json')) as fh:
        pw = json.load(fh)
    agg = aggregator.Aggregator(
        name=NAME, cloud='bench', root=fx.topology.root,
        port=process.free_port(), region='RegionOne',
        keystone_url=fx.services['reseller-keystone']['url'],
        service_password=pw['reseller-aggregator'],
        encryption_key=pw['aggregator-encryption-key'])
    if os.path.exists(agg.database):
        os.unlink(agg.database)         # a fresh registry every run
    agg.prepare()
    agg.start()
    fx.cleanups.append(lambda: process.stop(agg.pid))
    agg.wait_ready()
    return agg


def run(fx: fixture.Fixture, *, smoke: bool = False) -> str:
    count = 20 if smoke else 100
    troubled = max(2, count // 10)
    calls = 20 if smoke else 300
    farm = standin.ProviderFarm(count)
    fx.cleanups.append(farm.stop)
    agg = _private_aggregator(fx)
    admin = fixture.session(fx.auth('aggregator-admin'))
    started = time.perf_counter()
    for i in range(count):
        fixture.call(admin, 'POST', agg.url + '/v1/providers', json={
            'provider': {'name': 'S%03d' % i, 'vrm_url': farm.url(i),
                         'auth_url': farm.url(i) + '/v3',
                         'application_credential': {
                             'id': 'cred%d' % i, 'secret': 's%d' % i}}})
    registered = time.perf_counter() - started
    farm.slow.update(range(troubled))
    farm.dead.update(range(count - troubled, count))
    # Let the refresher meet the slow and dead ones (interval 3 s).
    time.sleep(5)

    def searcher(query: str):
        def one():
            found = fixture.call(admin, 'GET',
                                 agg.url + '/v1/offerings' + query)
            one.found = found['offerings']
        return one

    rows = []
    worst = 0.0
    for title, query in (('all offerings', ''),
                         ('service=image, country DE',
                          '?service=image&metadata.location.country=DE')):
        for concurrency in (1, 8):
            search = searcher(query)
            res = common.measure(search, count=calls,
                                 concurrency=concurrency)
            worst = max(worst, res.p95)
            unavailable = sum(1 for o in search.found
                              if not o['provider_available'])
            rows.append([title, concurrency,
                         common.ratio(res.p95, TARGET_P95),
                         common.ms(res.p50), common.ms(res.p95),
                         '%.1f' % res.throughput, len(search.found),
                         unavailable])
    header = ['search', 'conc', 'p95/target', 'p50 ms', 'p95 ms', 'calls/s',
              'offerings', 'of unavailable providers']
    verdict = ('%d providers (%d slow by %.0f s, %d dead), registered in '
               '%.1f s; worst p95 %.1f ms (target < %.0f ms)' % (
                   count, troubled, farm.slow_seconds, troubled, registered,
                   worst * 1000, TARGET_P95 * 1000))
    return common.table('Offerings search from the Aggregator\'s cache, '
                        '%d calls each' % calls, header, rows) + verdict
