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
"""A bounded load through the Aggregator's proxy, and its memory.

``concurrency`` workers repeat a request of a tenant (its real token) to a
proxy region for ``duration`` seconds, no longer; every answer that is not
a 2xx, and every exception, is an error. The resident memory of the
Aggregator's processes (uwsgi master and workers, by PID) is measured after
a warm-up and at the end.

The long run, against a topology seeded with the worked example
(``make demo``: tenant x's project T placed in proxy region V1)::

    .venv/bin/python -m tests.functional.load_proxy --root .demo \\
        --region V1 --duration 120 --concurrency 16

tests/functional/test_load.py runs a 20-second variant in ``make test``.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import threading
import time

from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session
import psutil

MB = 1024 * 1024
WARMUP_SECONDS = 3


def service_rss(pid: int) -> int:
    """Resident bytes of process ``pid`` and all its children."""
    proc = psutil.Process(pid)
    total = 0
    for p in [proc] + proc.children(recursive=True):
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def run(url: str, token: str, *, duration: float, concurrency: int,
        pid: int | None = None, path: str = '/v2/images') -> dict:
    """Load ``url + path`` with GETs; return counts, latencies and RSS."""
    stop_at = time.monotonic() + WARMUP_SECONDS + duration
    measuring = threading.Event()
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: collections.Counter = collections.Counter()
    errors: list[str] = []

    def worker() -> None:
        sess = ks_session.Session()     # no auth plugin: the token as is
        while time.monotonic() < stop_at:
            started = time.monotonic()
            try:
                resp = sess.get(url + path, raise_exc=False,
                                authenticated=False, timeout=60,
                                headers={'X-Auth-Token': token})
                status, text = resp.status_code, resp.text
            except Exception as exc:   # noqa: BLE001 - every failure counts
                status, text = 0, '%s: %s' % (type(exc).__name__, exc)
            elapsed = time.monotonic() - started
            if not measuring.is_set():
                continue
            with lock:
                statuses[status] += 1
                latencies.append(elapsed)
                if not 200 <= status < 300 and len(errors) < 20:
                    errors.append('%d %s' % (status, text[:200]))

    threads = [threading.Thread(target=worker, daemon=True)
               for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    time.sleep(WARMUP_SECONDS)
    rss_before = service_rss(pid) if pid else None
    measuring.set()
    for thread in threads:
        thread.join(timeout=duration + 120)
    rss_after = service_rss(pid) if pid else None
    latencies.sort()
    count = len(latencies)

    def pct(q: float) -> float:
        return round(latencies[min(count - 1, int(q * count))] * 1000, 1)

    failed = sum(n for s, n in statuses.items() if not 200 <= s < 300)
    return {
        'requests': count, 'errors': failed,
        'statuses': dict(statuses), 'first_errors': errors,
        'duration_s': duration, 'concurrency': concurrency,
        'throughput_rps': round(count / duration, 1),
        'p50_ms': pct(0.5) if count else None,
        'p99_ms': pct(0.99) if count else None,
        'rss_before_mb': rss_before and round(rss_before / MB, 1),
        'rss_after_mb': rss_after and round(rss_after / MB, 1),
        'rss_growth_mb': (round((rss_after - rss_before) / MB, 1)
                          if pid else None),
        'alive_threads': sum(t.is_alive() for t in threads),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--root', required=True,
                        help='topology root (holds topology.json)')
    parser.add_argument('--region', default='V1')
    parser.add_argument('--service-type', default='image')
    parser.add_argument('--cloud', default='tenant-x',
                        help='the tenant, as named in topology.json')
    parser.add_argument('--duration', type=float, default=120)
    parser.add_argument('--concurrency', type=int, default=16)
    parser.add_argument('--max-rss-growth-mb', type=float, default=30)
    args = parser.parse_args()
    with open(os.path.join(args.root, 'topology.json')) as fh:
        topology = json.load(fh)
    aggregator = topology['services']['reseller-aggregator']
    sess = ks_session.Session(auth=v3.Password(
        **topology['clouds'][args.cloud]['auth']))
    result = run('%s/%s/%s' % (aggregator['proxy_url'], args.region,
                               args.service_type),
                 sess.get_token(), duration=args.duration,
                 concurrency=args.concurrency, pid=aggregator['pid'])
    result['max_rss_growth_mb'] = args.max_rss_growth_mb
    print(json.dumps(result, indent=2))
    ok = (result['requests'] and result['errors'] == 0
          and result['rss_growth_mb'] <= args.max_rss_growth_mb)
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
