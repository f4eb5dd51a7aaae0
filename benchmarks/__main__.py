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
"""``python -m benchmarks [--smoke] [--root DIR] [--only NAME ...]``.

Starts (or reuses) the topology under ``--root``, seeds the worked
example, runs each benchmark and prints its table, ratios first. Exits
non-zero if a benchmark fails to run; speed targets are reported, not
asserted (``--smoke`` uses small counts to prove the scripts work).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback

from benchmarks import catalog
from benchmarks import cold_start
from benchmarks import common
from benchmarks import fixture
from benchmarks import offerings
from benchmarks import proxy_overhead

BENCHMARKS = {
    'proxy': proxy_overhead.run,
    'catalog': catalog.run,
    'cold-start': cold_start.run,
    'offerings': offerings.run,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog='python -m benchmarks')
    parser.add_argument('--root', default=os.path.join(fixture.REPO,
                                                       '.bench'),
                        help='topology to run against (started if down)')
    parser.add_argument('--database', choices=('sqlite', 'postgresql'),
                        help='when the topology must be started')
    parser.add_argument('--smoke', action='store_true',
                        help='small counts: prove the scripts run')
    parser.add_argument('--only', nargs='*', choices=sorted(BENCHMARKS),
                        default=list(BENCHMARKS))
    args = parser.parse_args(argv)
    started = time.monotonic()
    fx = fixture.Fixture(args.root, database=args.database)
    print('Machine: %s' % common.machine())
    print('Topology: %s (database %s)\n' % (
        fx.topology.root, fx.data.get('database', 'sqlite')))
    failed = []
    try:
        for name in args.only:
            t0 = time.monotonic()
            try:
                print(BENCHMARKS[name](fx, smoke=args.smoke))
            except Exception:
                traceback.print_exc()
                failed.append(name)
            finally:
                fx.cleanup()
            print('(%s: %.0f s)\n' % (name, time.monotonic() - t0))
    finally:
        try:
            fx.close()
        except Exception:
            traceback.print_exc()
            failed.append('removing the worked example')
    print('Benchmarks %s in %.0f s%s.' % (
        'smoke run' if args.smoke else 'run', time.monotonic() - started,
        '; FAILED: %s' % ', '.join(failed) if failed else ''))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
