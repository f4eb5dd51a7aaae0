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
"""A service's shared cache: one oslo.cache region per ``ConfigOpts``.

``region(conf)`` is configured from the ``[cache]`` group
(``csf_common.conf.cache``). With ``[cache] enabled = False`` (the
default) it is dogpile's null backend: ``get`` always misses, so callers
keep working from their own per-process state. Values must be
JSON-serialisable (dogpile pickles them; memcached stores bytes).
"""

from __future__ import annotations

import threading

import oslo_cache
from oslo_config import cfg

NO_VALUE = oslo_cache.NO_VALUE
_lock = threading.Lock()
_regions: dict = {}


def region(conf: cfg.ConfigOpts):
    """The cache region of ``conf``, configured once."""
    with _lock:
        found = _regions.get(id(conf))
        if found is None or found[0] is not conf:
            made = oslo_cache.create_region()
            oslo_cache.configure_cache_region(conf, made)
            found = _regions[id(conf)] = (conf, made)
        return found[1]


def shared(conf: cfg.ConfigOpts) -> bool:
    """True when cached values are seen by other processes."""
    return bool(conf.cache.enabled)
