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
"""Every configuration option of the Virtual Region Manager, registered in
one place.

Code receives a ``ConfigOpts`` and reads ``conf.<group>.<option>``; nothing
reads configuration at import time.
"""

from oslo_config import cfg

from virtual_region_manager.conf import api
from virtual_region_manager.conf import database
from virtual_region_manager.conf import keystone
from virtual_region_manager.conf import keystone_authtoken

MODULES = (api, database, keystone, keystone_authtoken)


def register_opts(conf: cfg.ConfigOpts) -> None:
    """Register the options of every group on ``conf``."""
    for module in MODULES:
        module.register_opts(conf)
