#!/usr/bin/env bash
# Run the test suite: pep8, unit, functional (against one shared real
# topology on loopback, started here and stopped at the end).
# Usage: tools/run-tests.sh [all|pep8|unit|functional]
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH=$PWD/.venv/bin:$PATH
what=${1:-all}
FUNC_ROOT=$PWD/.functional
passed=0; failed=0; skipped=0; rc=0

count() {  # $1 = suite name: add the last stestr run to the totals
    local stats p f s
    stats=$(stestr last --subunit 2>/dev/null | subunit-stats --no-passthrough 2>/dev/null)
    p=$(echo "$stats" | awk '/^Passed tests/ {print $3}')
    f=$(echo "$stats" | awk '/^Failed tests/ {print $3}')
    s=$(echo "$stats" | awk '/^Skipped tests/ {print $3}')
    p=${p:-0}; f=${f:-0}; s=${s:-0}
    echo "$1: $p passed, $f failed, $s skipped"
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
}

run_pep8() {
    echo "== pep8"
    if flake8; then echo "pep8: clean"; else echo "pep8: FAILED"; rc=1; fi
}

run_unit() {
    echo "== unit tests"
    stestr --test-path ./tests/unit run || rc=1
    count unit
}

run_functional() {
    echo "== functional tests (real Keystone, K2K, Glance, Horizon on 127.0.0.1)"
    local t0=$SECONDS
    if ! python -m tools.topology up --root "$FUNC_ROOT" --quiet; then
        echo "functional: topology failed to start; logs under $FUNC_ROOT"
        python -m tools.topology down --root "$FUNC_ROOT"
        rc=1; failed=$((failed + 1)); return
    fi
    echo "topology up in $((SECONDS - t0)) s"
    CSF_TOPOLOGY_FILE=$FUNC_ROOT/topology.json \
        stestr --test-path ./tests/functional run --concurrency 2 || rc=1
    count functional
    python -m tools.topology down --root "$FUNC_ROOT"
}

case $what in
    pep8) run_pep8 ;;
    unit) run_unit ;;
    functional) run_functional ;;
    all) run_pep8; run_unit; run_functional ;;
    *) echo "usage: $0 [all|pep8|unit|functional]"; exit 2 ;;
esac
if [ "$failed" -gt 0 ]; then rc=1; fi
if [ "$what" != pep8 ] && [ $((passed + failed)) -eq 0 ]; then
    echo "no test ran"; rc=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $rc
