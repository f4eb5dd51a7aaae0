#!/usr/bin/env bash
# Create or refresh the provider IaaS virtualenv at .venv-iaas (idempotent).
# It holds the real upstream services a provider of the worked example runs
# behind its virtual regions (Placement, Nova, Neutron), installed as
# devstack installs them: under OpenStack's upper-constraints
# (tools/iaas/upper-constraints.txt, unmodified). A venv of its own: the
# project's .venv follows its own requirements, a provider's services the
# release's constraints. A stamp makes a second run a no-op.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=.venv-iaas
STAMP=$VENV/.installed
CONSTRAINTS=tools/iaas/upper-constraints.txt
# The newest releases that install under these constraints (nova 34 needs
# a newer keystoneauth1 than they pin; ../shared/IAAS.md).
SERVICES=(nova==33.0.2 neutron==29.0.0 openstack-placement==16.0.0)
# Not declared by neutron 29 but imported by neutron-db-manage and os-vif;
# the PostgreSQL driver; keystonemiddleware's memcached token cache.
EXTRA=(pyroute2 psycopg2-binary python-memcached)
want=$(cat "$CONSTRAINTS" tools/install-iaas.sh | sha256sum | cut -d' ' -f1)

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] \
        && [ -x "$VENV/bin/uwsgi" ] && [ -x "$VENV/bin/nova-compute" ]; then
    echo "iaas venv: up to date"
    exit 0
fi
if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/pip" install -q -U pip wheel setuptools
"$VENV/bin/pip" install -q -c "$CONSTRAINTS" "${SERVICES[@]}" "${EXTRA[@]}"
# uwsgi is not in the constraints (devstack takes it from the distro).
"$VENV/bin/pip" install -q 'uwsgi==2.0.31'
"$VENV/bin/pip" check
echo "$want" > "$STAMP"
echo "iaas venv: ready"
