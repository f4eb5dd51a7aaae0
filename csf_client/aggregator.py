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
"""Client of a reseller's Aggregator (service type ``aggregator``).

Reseller admins register providers, search offerings and define regions;
tenants place their projects in regions. Methods return the JSON object
inside the API's wrapper, lists of them, or None.
"""

from __future__ import annotations

from csf_client import http

SERVICE_TYPE = 'aggregator'


class AggregatorClient(http.ServiceClient):
    service_type = SERVICE_TYPE

    # Providers (reseller admins).

    def list_providers(self) -> list[dict]:
        return self._get('/providers', 'providers')

    def get_provider(self, provider_id: str) -> dict:
        return self._get('/providers/%s' % provider_id, 'provider')

    def create_provider(self, name: str, vrm_url: str, auth_url: str,
                        credential_id: str, credential_secret: str,
                        **extra) -> dict:
        """Register a provider with the partner credential its VRM gave."""
        return self._create('/providers', 'provider', http.drop_none(dict(
            extra, name=name, vrm_url=vrm_url, auth_url=auth_url,
            application_credential={'id': credential_id,
                                    'secret': credential_secret})))

    def delete_provider(self, provider_id: str) -> None:
        self._delete('/providers/%s' % provider_id)

    # Offerings of every provider.

    def list_offerings(self, service: str | None = None,
                       metadata: dict | None = None) -> list[dict]:
        """Offerings, optionally filtered by service and metadata.

        ``metadata`` maps a field (dotted path or key at any depth) to the
        value it must have: ``{'jurisdiction': 'EU'}``.
        """
        return self._get('/offerings', 'offerings',
                         params=offering_query(service, metadata))

    # Regions.

    def list_regions(self) -> list[dict]:
        return self._get('/regions', 'regions')

    def get_region(self, name: str) -> dict:
        return self._get('/regions/%s' % name, 'region')

    def create_region(self, name: str, provider_id: str,
                      virtual_region_id: str, token_mode: str = 'proxy',
                      **extra) -> dict:
        return self._create('/regions', 'region', http.drop_none(dict(
            extra, name=name, provider_id=provider_id,
            virtual_region_id=virtual_region_id, token_mode=token_mode)))

    def update_region(self, name: str, **fields) -> dict:
        """Change ``token_mode``, ``description`` or ``status``.

        ``status`` is ``active`` or ``suspended`` (the reseller's switch).
        """
        return self._patch('/regions/%s' % name, 'region',
                           http.drop_none(fields))

    def delete_region(self, name: str) -> None:
        self._delete('/regions/%s' % name)

    # Placements of tenant projects.

    def list_placements(self, region: str) -> list[dict]:
        return self._get('/regions/%s/projects' % region, 'projects')

    def create_placement(self, region: str, project_id: str,
                         quota: dict | None = None) -> dict:
        return self._create('/regions/%s/projects' % region, 'project',
                            http.drop_none({'project_id': project_id,
                                            'quota': quota}))

    def delete_placement(self, region: str, project_id: str) -> None:
        self._delete('/regions/%s/projects/%s' % (region, project_id))

    def list_project_regions(self, project_id: str) -> list[dict]:
        """Where a project is placed: ``region``, ``status``, ..."""
        return self._get('/projects/%s/regions' % project_id, 'regions')


def offering_query(service: str | None, metadata: dict | None) -> dict:
    """Query parameters of an offerings search."""
    params = {'metadata.%s' % path: value
              for path, value in (metadata or {}).items()}
    if service:
        params['service'] = service
    return params
