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
"""The other projects placed in a proxy region, as one request meets them.

A tenant shares with another project of its reseller's (a Neutron RBAC
policy, a Glance member) by that project's reseller id; the provider
knows it as the provider project behind its placement in the same region.
Only projects placed in the region are either: any other id is nobody's
there. Looked up when met, once per request (most requests name none).
"""

from __future__ import annotations

import sqlalchemy as sa

from aggregator.db import api as db
from aggregator.db import models


class Neighbours:
    """Reseller and provider ids of the region's active placements."""

    def __init__(self, region_id: str) -> None:
        self._region_id = region_id
        self._found: dict = {}

    def _lookup(self, column, value: str, wanted) -> str | None:
        key = (column.key, value)
        if key not in self._found:
            with db.reader() as session:
                self._found[key] = session.scalar(
                    sa.select(wanted).where(
                        models.Placement.region_id == self._region_id,
                        models.Placement.status == 'active',
                        column == value))
        return self._found[key]

    def tenant_of(self, provider_project_id: str) -> str | None:
        """The reseller project behind a provider project, if placed here."""
        return self._lookup(models.Placement.provider_project_id,
                            provider_project_id, models.Placement.project_id)

    def provider_of(self, project_id: str) -> str | None:
        """The provider project of a reseller project placed here."""
        return self._lookup(models.Placement.project_id, project_id,
                            models.Placement.provider_project_id)
