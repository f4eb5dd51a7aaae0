#!/usr/bin/env bash
# Install the Debian packages the project needs (idempotent).
#   apache2 + mod_auth_mellon: the SAML2 service-provider face of each
#     provider Keystone (K2K); xmlsec1: SAML signing in the IdP Keystone.
#   chromium + chromium-driver: browser tests of the dashboard.
#   memcached, postgresql: the scale-out path.
#   nginx-light: in front of the Aggregator's and the VRMs' uwsgi (it
#     bounds the sum of a request's headers below uwsgi's 64 KiB).
#   rabbitmq-server: the message bus of the providers' Nova and Neutron
#     (PostgreSQL holds their databases).
set -euo pipefail

PACKAGES=(apache2 libapache2-mod-auth-mellon xmlsec1 openssl
          chromium chromium-driver memcached postgresql nginx-light
          rabbitmq-server)

missing=()
for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null \
            | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "system packages: all present"
    exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
echo "system packages: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
    "${missing[@]}" >/dev/null
# Debian starts the packaged daemons on install; the project runs its own
# instances from private configs and does not use the system ones.
for svc in apache2 memcached postgresql nginx rabbitmq-server; do
    if command -v systemctl >/dev/null && systemctl is-active -q "$svc" 2>/dev/null; then
        $SUDO systemctl stop "$svc" || true
    fi
done
echo "system packages: done"
