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
"""The Aggregator's Keystone catalog driver.

Enable it in the reseller's ``keystone.conf``::

    [catalog]
    driver = aggregator
"""

from keystone.catalog.backends import sql


class Catalog(sql.Catalog):
    """Keystone's SQL catalog, to be made dynamic per project.

    For now this is Keystone's SQL catalog driver unchanged. The dynamic
    part comes with the aggregator regions: for a project-scoped token it
    will add, for each aggregator region where the project is placed and
    whose binding is active, that region and its endpoints, without writing
    anything into Keystone's static catalog.
    """
