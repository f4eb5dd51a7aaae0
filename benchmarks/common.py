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
"""Measuring and printing: latency percentiles, throughput, tables."""

from __future__ import annotations

import concurrent.futures
import os
import platform
import statistics
import time


def percentile(values: list[float], pct: float) -> float:
    """The ``pct``-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    if not ordered:
        return float('nan')
    rank = max(0, min(len(ordered) - 1,
                      int(round(pct / 100.0 * len(ordered) + 0.5)) - 1))
    return ordered[rank]


class Result:
    """Latencies (seconds) of ``count`` calls made in ``elapsed`` seconds."""

    def __init__(self, latencies: list[float], elapsed: float) -> None:
        self.latencies = latencies
        self.elapsed = elapsed

    @property
    def p50(self) -> float:
        return percentile(self.latencies, 50)

    @property
    def p95(self) -> float:
        return percentile(self.latencies, 95)

    @property
    def mean(self) -> float:
        return statistics.fmean(self.latencies)

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0


def measure(call, *, count: int, concurrency: int = 1,
            warmup: int = 1) -> Result:
    """Run ``call()`` ``count`` times from ``concurrency`` threads."""
    for _ in range(warmup):
        call()
    latencies: list[float] = []

    def one(_):
        started = time.perf_counter()
        call()
        latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(count)))
    return Result(latencies, time.perf_counter() - started)


def ms(seconds: float) -> str:
    return '%.1f' % (seconds * 1000.0)


def ratio(value: float, base: float) -> str:
    return '%.2f' % (value / base) if base else 'n/a'


def table(title: str, header: list[str], rows: list[list]) -> str:
    """A plain-text table (also valid reStructuredText simple table)."""
    cells = [[str(c) for c in header]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    rule = '  '.join('=' * w for w in widths)

    def line(row):
        return '  '.join(c.ljust(w) for c, w in zip(row, widths)).rstrip()
    out = [title, '', rule, line(cells[0]), rule]
    out += [line(row) for row in cells[1:]]
    out += [rule, '']
    return '\n'.join(out)


def machine() -> str:
    """One line describing where the figures were measured."""
    cpu = platform.processor() or platform.machine()
    try:
        with open('/proc/cpuinfo') as fh:
            for line in fh:
                if line.startswith('model name'):
                    cpu = line.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        with open('/proc/meminfo') as fh:
            mem_kb = int(fh.readline().split()[1])
    except (OSError, ValueError, IndexError):
        mem_kb = 0
    return ('%s; %d CPU; %.0f GiB RAM; %s; Python %s; load average '
            '%.1f when started' % (
                cpu, os.cpu_count() or 0, mem_kb / 1048576.0,
                platform.platform(terse=True), platform.python_version(),
                os.getloadavg()[0]))
