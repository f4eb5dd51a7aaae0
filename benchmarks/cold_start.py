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
"""Cold start: a new tenant's first request in a region vs warm ones.

The first proxied request of a freshly placed project makes the
Aggregator look up the placement and obtain a provider token (a password
login of the placement's credential at P1's Keystone, unless placing it
already did). Warm requests reuse that token in every worker process
(shared cache): the benchmark counts logins at P1's Keystone (``POST
/v3/auth/tokens`` in its web server log, whoever logs in) to show that no
warm request re-authenticates. Target: cold under 1 s; warm: no login.
"""

from __future__ import annotations

import os
import time

from benchmarks import common
from benchmarks import fixture

TARGET_COLD = 1.0
# A login at the provider's Keystone (password or K2K, then rescoped).
LOGIN_MARK = '"POST /v3/auth/tokens '


def provider_logins(fx: fixture.Fixture) -> int:
    log = os.path.join(fx.services['p1-keystone-sp']['state_dir'],
                       'access.log')
    with open(log, errors='replace') as fh:
        return sum(1 for line in fh if LOGIN_MARK in line)


def run(fx: fixture.Fixture, *, smoke: bool = False) -> str:
    tenants = 1 if smoke else 3
    warm_calls = 10 if smoke else 100
    rows = []
    colds, warm_logins = [], 0
    for n in range(tenants):
        project_id, _ = fx.placed_project('V1')
        sess = fx.tenant_session(project_id)
        sess.get_token()        # the tenant's own login is not ours
        url = fx.proxy_url + '/V1/image/v2/images'

        def call():
            resp = sess.get(url, raise_exc=False)
            if resp.status_code != 200:
                raise fixture.FixtureError('proxy: %d %s' % (
                    resp.status_code, resp.text[:200]))
        before = provider_logins(fx)
        started = time.perf_counter()
        call()
        cold = time.perf_counter() - started
        after_cold = provider_logins(fx)
        warm = common.measure(call, count=warm_calls, concurrency=2,
                              warmup=0)
        logins = provider_logins(fx) - after_cold
        warm_logins += logins
        colds.append(cold)
        rows.append(['tenant %d' % (n + 1), common.ratio(cold, warm.p50),
                     common.ms(cold), common.ms(warm.p50),
                     common.ms(warm.p95), after_cold - before, logins])
    header = ['first request of', 'cold/warm p50', 'cold ms',
              'warm p50 ms', 'warm p95 ms', 'P1 logins (cold)',
              'P1 logins (%d warm)' % warm_calls]
    verdict = ('worst cold %.0f ms (target < %.0f ms); logins at P1 during '
               'warm requests: %d (target 0)' % (
                   max(colds) * 1000, TARGET_COLD * 1000, warm_logins))
    return common.table('Cold start: first proxied request of a new tenant '
                        'in V1 vs warm requests', header, rows) + verdict
