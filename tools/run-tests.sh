#!/usr/bin/env bash
# Run the test suite: pep8, docs, unit, functional (against one shared
# real topology on loopback, started here and stopped at the end) on
# SQLite. functional-postgresql runs the functional suite on PostgreSQL +
# memcached with several worker processes per service, followed by a smoke
# run of the benchmarks on that topology.
# Usage: tools/run-tests.sh [all|pep8|docs|unit|functional|functional-sqlite|
#                            functional-postgresql]
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH=$PWD/.venv/bin:$PATH
what=${1:-all}
FUNC_ROOT=$PWD/.functional
FUNC_PG_ROOT=$PWD/.functional-pg
passed=0; failed=0; skipped=0; rc=0
failing=""   # ids of the failed tests, repeated at the very end

count() {  # $1 = suite name: add the last stestr run to the totals
    local stats p f s
    stats=$(stestr last --subunit 2>/dev/null | subunit-stats --no-passthrough 2>/dev/null)
    p=$(echo "$stats" | awk '/^Passed tests/ {print $3}')
    f=$(echo "$stats" | awk '/^Failed tests/ {print $3}')
    s=$(echo "$stats" | awk '/^Skipped tests/ {print $3}')
    p=${p:-0}; f=${f:-0}; s=${s:-0}
    echo "$1: $p passed, $f failed, $s skipped"
    if [ "$f" -gt 0 ]; then
        failing+=$(stestr last --subunit 2>/dev/null \
            | subunit-filter -F --no-passthrough 2>/dev/null \
            | subunit-ls 2>/dev/null | sed "s/^/  $1: /")$'\n'
    fi
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
}

run_pep8() {
    echo "== pep8"
    if flake8; then echo "pep8: clean"; else echo "pep8: FAILED"; rc=1; fi
}

run_docs() {  # the operator documentation, as tox -e docs builds it
    echo "== docs"
    if sphinx-build -E -W --keep-going -q -b html -d doc/build/doctrees \
            doc/source doc/build/html; then
        echo "docs: built without warnings"
    else
        echo "docs: FAILED"; rc=1; failing+="  docs: sphinx-build -W"$'\n'
    fi
}

run_unit() {
    echo "== unit tests"
    stestr --test-path ./tests/unit run || rc=1
    count unit
}

run_functional() {  # $1 = database (sqlite|postgresql), $2 = topology root
    local database=$1 root=$2 t0=$SECONDS
    echo "== functional tests on $database (real Keystone, K2K, Glance," \
         "Horizon on 127.0.0.1)"
    if ! python -m tools.topology up --root "$root" --database "$database" \
            --quiet; then
        echo "functional-$database: topology failed to start; logs under $root"
        python -m tools.topology down --root "$root"
        rc=1; failed=$((failed + 1)); return
    fi
    echo "topology up in $((SECONDS - t0)) s"
    CSF_TOPOLOGY_FILE=$root/topology.json \
        stestr --test-path ./tests/functional run --concurrency 2 || rc=1
    count "functional-$database"
    if [ "$database" = postgresql ]; then run_bench_smoke "$root"; fi
    python -m tools.topology down --root "$root"
    echo "functional-$database took $((SECONDS - t0)) s"
}

run_bench_smoke() {  # $1 = a running topology root
    echo "== benchmarks, smoke run (small counts; speed targets not asserted)"
    local t0=$SECONDS
    # Exits non-zero when a benchmark fails to run or prints no table.
    if python -m benchmarks --smoke --root "$1"; then
        echo "bench-smoke: 1 passed, 0 failed ($((SECONDS - t0)) s)"
        passed=$((passed + 1))
    else
        echo "bench-smoke: 0 passed, 1 failed"
        failed=$((failed + 1)); rc=1
    fi
}

case $what in
    pep8) run_pep8 ;;
    docs) run_docs ;;
    unit) run_unit ;;
    # The PostgreSQL pass (with the benchmark smoke run) runs on its own
    # (make test-postgresql), not in make test: see README, Scale-out.
    functional) run_functional sqlite "$FUNC_ROOT" ;;
    functional-sqlite) run_functional sqlite "$FUNC_ROOT" ;;
    functional-postgresql) run_functional postgresql "$FUNC_PG_ROOT" ;;
    all) run_pep8; run_docs; run_unit; run_functional sqlite "$FUNC_ROOT" ;;
    *) echo "usage: $0 [all|pep8|docs|unit|functional|functional-sqlite|" \
            "functional-postgresql]"; exit 2 ;;
esac
if [ "$failed" -gt 0 ]; then rc=1; fi
if [ "$what" != pep8 ] && [ "$what" != docs ] && [ $((passed + failed)) -eq 0 ]; then
    echo "no test ran"; rc=1
fi
if [ -n "$failing" ]; then
    printf 'Failed (details above; stestr last --subunit | subunit-trace):\n%s' \
        "$failing"
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $rc
