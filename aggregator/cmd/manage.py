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
"""aggregator-manage: operator commands.

``aggregator-manage [--config-file FILE] db sync`` brings the database
schema up to date.
"""

from collections.abc import Sequence

from aggregator.db import models
from aggregator import service
from csf_common.cmd import manage

MIGRATIONS = 'aggregator.db:migrations'


def main(argv: Sequence[str] | None = None) -> int:
    return manage.main(service.SERVICE, metadata=models.Base.metadata,
                       migrations=MIGRATIONS, argv=argv)
