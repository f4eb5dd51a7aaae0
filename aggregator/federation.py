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
"""K2K towards providers: service providers in the reseller's Keystone,
one per active pass-through binding, and which of the reseller's
identities reach a placed project there (the tenant's own). Proxy regions
use no K2K: each reseller user is a provider user of its own there
(``placement_users.py``)."""

from __future__ import annotations

from aggregator import access_roles
from aggregator.db import models
from aggregator import errors
from aggregator import reseller_keystone


def service_provider_id(region: models.Region) -> str:
    # Neutral: the id tells tenants nothing about who serves the region.
    return 'csf-' + region.id[:16]


def register(conf, region: models.Region, binding: dict) -> str:
    sp_id = service_provider_id(region)
    auth_url = ('%s/OS-FEDERATION/identity_providers/%s/protocols/%s/auth'
                % (binding['auth_url'].rstrip('/'),
                   binding['identity_provider_id'], binding['protocol']))
    reseller_keystone.ResellerKeystone(conf).put_service_provider(
        sp_id, auth_url=auth_url, sp_url=binding['sp_url'],
        description='Aggregator region %s' % region.name)
    return sp_id


def unregister(conf, sp_id: str) -> None:
    reseller_keystone.ResellerKeystone(conf).delete_service_provider(sp_id)


def access(conf, region: models.Region, project_id: str) -> dict:
    """Who reaches a placed project: the placement's ``access`` at the VRM.

    Pass-through: K2K assertions with the project's access role (tokens
    scoped to the placed project, whoever the user, with the roles they
    have there; see access_roles.py). Proxy: nobody by K2K (None); the
    proxy acts as each reseller user's own provider user
    (placement_users.py).
    """
    if region.token_mode == 'pass-through':
        if reseller_keystone.ResellerKeystone(conf).project(
                project_id) is None:
            raise errors.NotFound('Project %s not found.' % project_id)
        return access_roles.access(conf, project_id)
    return None
