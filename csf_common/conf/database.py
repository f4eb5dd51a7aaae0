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
"""Options of the ``[database]`` group, from oslo.db."""

import copy

from oslo_config import cfg
from oslo_db import options as db_options

GROUP = 'database'


class DatabaseOptions:
    """oslo.db's options, with the service's default connection."""

    def __init__(self, *, default_connection: str) -> None:
        # Copies, so that our default connection does not leak into other
        # services that share the oslo.db option objects in the same
        # process (Keystone loads the Aggregator's catalog driver).
        self.opts = copy.deepcopy(db_options.database_opts)
        cfg.set_defaults(self.opts, connection=default_connection)

    def register_opts(self, conf: cfg.ConfigOpts) -> None:
        conf.register_opts(self.opts, group=GROUP)

    def list_opts(self) -> dict[str, list[cfg.Opt]]:
        return {GROUP: self.opts}
