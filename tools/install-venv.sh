#!/usr/bin/env bash
# Create or refresh the project's virtualenv at .venv (idempotent).
# It holds the project itself (editable) and the real OpenStack services
# the demo and the tests run: keystone, glance, horizon, uwsgi, the clients.
# A stamp of the requirement files makes a second run a no-op.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=.venv
STAMP=$VENV/.installed
want=$(cat requirements.txt test-requirements.txt tools/install-venv.sh \
       pyproject.toml | sha256sum | cut -d' ' -f1)

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] \
        && [ -x "$VENV/bin/uwsgi" ]; then
    echo "venv: up to date"
    exit 0
fi
if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/pip" install -q -U pip wheel setuptools
"$VENV/bin/pip" install -q \
    -r requirements.txt -r test-requirements.txt
"$VENV/bin/pip" install -q -e '.[dashboard]'
"$VENV/bin/pip" check
echo "$want" > "$STAMP"
echo "venv: ready"
