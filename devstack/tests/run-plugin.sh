#!/bin/bash
#
# devstack/tests/run-plugin.sh PHASE...
# Run devstack/plugin.sh phases under the stand-in, in one shell, as
# stack.sh, unstack.sh and clean.sh would: PHASE is "stack:install",
# "stack:post-config", "stack:extra", "unstack" or "clean", or one of the
# stand-in's own steps: "standin:keystone-front" (Keystone's Apache site,
# as devstack has it before plugins run; needs CSF_STANDIN_KEYSTONE_UWSGI)
# and "standin:stop-apache" (as unstack.sh stops Apache). The caller
# exports devstack's variables (see tests/functional/test_devstack_plugin.py).

set -o errexit
set -o nounset
set -o pipefail

TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PLUGIN_DIR=$(dirname "$TESTS_DIR")

# Time-stamped trace, to see where a slow run spends its time.
PS4='+ ${EPOCHREALTIME} '
source "$TESTS_DIR/standin-functions"
set +o nounset
source "$PLUGIN_DIR/settings"

for phase in "$@"; do
    echo "=== $phase" | tee -a "$CSF_STANDIN_DIR/calls.log"
    echo "$(date +%T.%N) $phase" >> "$CSF_STANDIN_DIR/timing.log"
    case "$phase" in
        standin:keystone-front)
            standin_keystone_front "$CSF_STANDIN_KEYSTONE_UWSGI" ;;
        standin:stop-apache)
            stop_apache_server ;;
        *)
            # shellcheck disable=SC2086
            source "$PLUGIN_DIR/plugin.sh" ${phase/:/ } ;;
    esac
done
echo "$(date +%T.%N) end" >> "$CSF_STANDIN_DIR/timing.log"
