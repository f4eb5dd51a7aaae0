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
"""Options of the ``[keystone_authtoken]`` group, from keystonemiddleware.

They configure how incoming tokens, issued by the operator's Keystone (the
reseller's or the provider's), are validated. The module itself is an
option group: list it in a service's ``conf.GROUPS``.

One default differs from keystonemiddleware's: a validated token is
trusted from its cache for ``token_cache_time`` = 60 seconds, not 300, so
that a token revoked at Keystone stops working here within a minute (the
revocation bound, doc/source/admin/revocation.rst).
"""

from keystonemiddleware import auth_token
from oslo_config import cfg

GROUP = 'keystone_authtoken'
# Seconds a revoked token may still be accepted from the cache.
TOKEN_CACHE_TIME = 60


def _opts() -> list[cfg.Opt]:
    return [opt for group, opts in auth_token.list_opts()
            if group == GROUP for opt in opts]


def register_opts(conf: cfg.ConfigOpts) -> None:
    # Registered as keystonemiddleware has them (it registers them again
    # as the pipeline loads, and would refuse a different default), with
    # the default overridden on this ConfigOpts only.
    conf.register_opts(_opts(), group=GROUP)
    conf.set_default('token_cache_time', TOKEN_CACHE_TIME, group=GROUP)


def list_opts() -> dict[str, list[cfg.Opt]]:
    opts = _opts()      # copies: changing them changes nothing else
    cfg.set_defaults(opts, token_cache_time=TOKEN_CACHE_TIME)
    return {GROUP: opts}
