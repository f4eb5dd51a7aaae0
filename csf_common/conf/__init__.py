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
"""Option groups shared by the services, one module per group.

A service lists its groups in ``<service>.conf.GROUPS``: each is anything
with ``register_opts(conf)`` and ``list_opts()``, either a module of this
package or an object built by one with the service's own defaults and help.
Code receives a ``ConfigOpts`` and reads ``conf.<group>.<option>``; nothing
reads configuration at import time.
"""

from collections.abc import Iterable
from typing import Protocol

from oslo_config import cfg

OptsByGroup = dict[cfg.OptGroup | str, list[cfg.Opt]]


class OptionGroup(Protocol):
    """One group of options: registered on a ConfigOpts, listed for docs."""

    def register_opts(self, conf: cfg.ConfigOpts) -> None:
        ...

    def list_opts(self) -> OptsByGroup:
        ...


def register_opts(conf: cfg.ConfigOpts,
                  groups: Iterable[OptionGroup]) -> None:
    """Register the options of every group on ``conf``."""
    for group in groups:
        group.register_opts(conf)


def list_opts(groups: Iterable[OptionGroup]
              ) -> list[tuple[cfg.OptGroup | str, list[cfg.Opt]]]:
    """Return every group's options, for oslo-config-generator."""
    result = []
    for group in groups:
        result.extend(group.list_opts().items())
    return result
