#!/usr/bin/env bash
# Run the test suite: pep8, docs, unit, then the functional suite twice,
# side by side: once on SQLite (embedded defaults, one worker per service)
# and once on PostgreSQL + memcached (several worker processes per
# service, the scale-out path), each against its own shared real topology
# on loopback, started here and stopped at the end. The PostgreSQL pass
# ends with a smoke run of the benchmarks on its topology.
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

count() {  # $1 = suite name, $2 = its stestr repository: add its last run
    local repo=${2:-.} stats p f s
    stats=$(stestr --repo-url "$repo" last --subunit 2>/dev/null \
        | subunit-stats --no-passthrough 2>/dev/null)
    p=$(echo "$stats" | awk '/^Passed tests/ {print $3}')
    f=$(echo "$stats" | awk '/^Failed tests/ {print $3}')
    s=$(echo "$stats" | awk '/^Skipped tests/ {print $3}')
    p=${p:-0}; f=${f:-0}; s=${s:-0}
    echo "$1: $p passed, $f failed, $s skipped"
    if [ "$f" -gt 0 ]; then
        failing+=$(stestr --repo-url "$repo" last --subunit 2>/dev/null \
            | subunit-filter -F --no-passthrough 2>/dev/null \
            | subunit-ls 2>/dev/null | sed "s/^/  $1: /")$'\n'
    fi
    if [ $((p + f)) -eq 0 ]; then  # the run did not happen or was lost
        failing+="  $1: no test ran"$'\n'; f=1
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

# --- functional passes ----------------------------------------------
# A pass = a topology of its own (root), the functional suite against it
# with its own stestr repository, on PostgreSQL the benchmark smoke run,
# then the topology stopped. Its result is read back by finish_pass.
# (a --repo-url is the folder that holds the .stestr repository)
stestr_repo() { [ "$1" = postgresql ] && echo .functional-pg.stestr || echo .; }

start_topology() {  # $1 = database, $2 = root; 0 when it is up
    # The SQLite pass carries the providers' compute and network (Nova,
    # Neutron, Placement, RabbitMQ); the PostgreSQL pass, whose services
    # run several workers each, does without (two cores).
    local t0=$SECONDS iaas=--iaas
    [ "$1" = postgresql ] && iaas=--no-iaas
    if python -m tools.topology up --root "$2" --database "$1" $iaas --quiet; then
        echo "topology on $1 up in $((SECONDS - t0)) s"; return 0
    fi
    echo "functional-$1: topology failed to start; logs under $2"
    python -m tools.topology down --root "$2"
    return 1
}

run_pass() {  # $1 = database, $2 = root (topology up): tests, bench, down
    local database=$1 root=$2 t0=$SECONDS
    touch "$root.ran"; mkdir -p "$(stestr_repo "$database")"
    CSF_TOPOLOGY_FILE=$root/topology.json \
        stestr --repo-url "$(stestr_repo "$database")" \
        --test-path ./tests/functional run --concurrency 2
    if [ "$database" = postgresql ]; then
        echo "== benchmarks, smoke run (small counts; speed targets not" \
             "asserted)"
        # Exits non-zero when a benchmark fails to run or prints no table.
        local t1=$SECONDS
        if python -m benchmarks --smoke --root "$root"; then
            echo "bench-smoke ok in $((SECONDS - t1)) s" > "$root.bench"
        else
            echo "bench-smoke FAILED" > "$root.bench"
        fi
        cat "$root.bench"
    fi
    python -m tools.topology down --root "$root"
    echo "functional-$database pass took $((SECONDS - t0)) s"
}

finish_pass() {  # $1 = database, $2 = root: add the pass's results
    if [ -f "$2.ran" ]; then
        count "functional-$1" "$(stestr_repo "$1")"
    else  # its topology did not start: the repository holds an older run
        echo "functional-$1: not run"; failed=$((failed + 1))
        failing+="  functional-$1: topology failed to start"$'\n'
    fi
    if [ "$1" = postgresql ]; then
        if grep -q '^bench-smoke ok' "$2.bench" 2>/dev/null; then
            echo "bench-smoke: 1 passed, 0 failed"; passed=$((passed + 1))
        else
            echo "bench-smoke: 0 passed, 1 failed"; failed=$((failed + 1))
            failing+="  bench-smoke: python -m benchmarks --smoke"$'\n'
        fi
    fi
}

run_functional() {  # $1 = database (sqlite|postgresql), $2 = topology root
    echo "== functional tests on $1 (real Keystone, K2K, Glance," \
         "Horizon on 127.0.0.1)"
    rm -f "$2.bench" "$2.ran"
    if start_topology "$1" "$2"; then
        run_pass "$1" "$2"
    fi
    finish_pass "$1" "$2"
}

run_functional_both() {
    # Both passes side by side, each slower than alone (two cores are
    # busy), together shorter than one after the other. The PostgreSQL
    # topology starts once the SQLite one is up, so the two never pick
    # the same free port. Each pass writes its own log, shown when both
    # have ended.
    local t0=$SECONDS pid_sqlite="" pid_pg=""
    echo "== functional tests on SQLite and on PostgreSQL, side by side" \
         "(real Keystone, K2K, Glance, Horizon on 127.0.0.1)"
    rm -f "$FUNC_ROOT".{bench,ran,log} "$FUNC_PG_ROOT".{bench,ran,log}
    if start_topology sqlite "$FUNC_ROOT"; then
        run_pass sqlite "$FUNC_ROOT" > "$FUNC_ROOT.log" 2>&1 &
        pid_sqlite=$!
    fi
    if start_topology postgresql "$FUNC_PG_ROOT"; then
        run_pass postgresql "$FUNC_PG_ROOT" > "$FUNC_PG_ROOT.log" 2>&1 &
        pid_pg=$!
    fi
    [ -n "$pid_sqlite" ] && wait "$pid_sqlite"
    [ -n "$pid_pg" ] && wait "$pid_pg"
    for log in "$FUNC_ROOT.log" "$FUNC_PG_ROOT.log"; do
        if [ -f "$log" ]; then echo "== $log"; cat "$log"; fi
    done
    finish_pass sqlite "$FUNC_ROOT"
    finish_pass postgresql "$FUNC_PG_ROOT"
    echo "functional tests (both passes) took $((SECONDS - t0)) s"
}

case $what in
    pep8) run_pep8 ;;
    docs) run_docs ;;
    unit) run_unit ;;
    functional) run_functional_both ;;
    functional-sqlite) run_functional sqlite "$FUNC_ROOT" ;;
    functional-postgresql) run_functional postgresql "$FUNC_PG_ROOT" ;;
    all) run_pep8; run_docs; run_unit; run_functional_both ;;
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
