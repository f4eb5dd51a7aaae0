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
"""The reseller's Aggregator API (service type ``aggregator``)."""

from __future__ import annotations

from csf_client import aggregator as aggregator_client

from aggregator_dashboard.api import client

SERVICE_TYPE = 'aggregator'


def aggregatorclient(request) -> aggregator_client.AggregatorClient:
    return aggregator_client.AggregatorClient(
        client.session(request),
        endpoint_override=client.endpoint(request, SERVICE_TYPE),
        timeout=client.TIMEOUT)


# Providers.

@client.request_cached
def provider_list(request) -> list[dict]:
    return aggregatorclient(request).list_providers()


def provider_get(request, provider_id: str) -> dict:
    return aggregatorclient(request).get_provider(provider_id)


def provider_create(request, name: str, vrm_url: str, auth_url: str,
                    credential_id: str, credential_secret: str,
                    description: str | None = None) -> dict:
    client.forget(request)
    return aggregatorclient(request).create_provider(
        name, vrm_url, auth_url, credential_id, credential_secret,
        description=description or None)


def provider_delete(request, provider_id: str) -> None:
    client.forget(request)
    aggregatorclient(request).delete_provider(provider_id)


# Offerings.

@client.request_cached
def offering_list(request, service: str | None = None,
                  metadata: tuple | None = None) -> list[dict]:
    """``metadata``: (path, value) pairs, hashable for the cache."""
    return aggregatorclient(request).list_offerings(
        service=service or None, metadata=dict(metadata or ()))


# Regions.

@client.request_cached
def region_list(request) -> list[dict]:
    return aggregatorclient(request).list_regions()


def region_get(request, name: str) -> dict:
    return aggregatorclient(request).get_region(name)


def region_create(request, name: str, provider_id: str,
                  virtual_region_id: str, token_mode: str = 'proxy',
                  description: str | None = None) -> dict:
    client.forget(request)
    return aggregatorclient(request).create_region(
        name, provider_id, virtual_region_id, token_mode=token_mode,
        description=description or None)


def region_update(request, name: str, **fields) -> dict:
    client.forget(request)
    return aggregatorclient(request).update_region(name, **fields)


def region_suspend(request, name: str) -> dict:
    return region_update(request, name, status='suspended')


def region_resume(request, name: str) -> dict:
    return region_update(request, name, status='active')


def region_delete(request, name: str) -> None:
    client.forget(request)
    aggregatorclient(request).delete_region(name)


# Placements of tenant projects.

def placement_list(request, region: str) -> list[dict]:
    return aggregatorclient(request).list_placements(region)


def placement_create(request, region: str, project_id: str,
                     quota: dict | None = None) -> dict:
    client.forget(request)
    return aggregatorclient(request).create_placement(
        region, project_id, quota=quota or None)


def placement_delete(request, region: str, project_id: str) -> None:
    client.forget(request)
    aggregatorclient(request).delete_placement(region, project_id)


@client.request_cached
def project_region_list(request, project_id: str) -> list[dict]:
    return aggregatorclient(request).list_project_regions(project_id)
