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
"""Options of the ``[cache]`` group, from oslo.cache.

With ``[cache] enabled`` and a shared backend (memcached), what a service
caches is seen by all its worker processes and hosts; without, nothing is
shared and each process keeps its own state (see ``csf_common.cache``).
The module itself is an option group: list it in a service's
``conf.GROUPS``.
"""

import oslo_cache
from oslo_cache import _opts as cache_opts
from oslo_config import cfg

GROUP = 'cache'


def register_opts(conf: cfg.ConfigOpts) -> None:
    oslo_cache.configure(conf)


def list_opts() -> dict[str, list[cfg.Opt]]:
    # oslo.cache's own entry point for oslo-config-generator.
    return {group: list(opts) for group, opts in cache_opts.list_opts()}
