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
"""virtual-region-manager-manage: operator commands.

``virtual-region-manager-manage [--config-file FILE] db sync`` brings the
database schema up to date.
"""

from collections.abc import Sequence

from csf_common.cmd import manage
from virtual_region_manager.db import models
from virtual_region_manager import service

MIGRATIONS = 'virtual_region_manager.db:migrations'


def main(argv: Sequence[str] | None = None) -> int:
    return manage.main(service.SERVICE, metadata=models.Base.metadata,
                       migrations=MIGRATIONS, argv=argv)
