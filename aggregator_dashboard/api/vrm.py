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
"""A provider's Virtual Region Manager (service type
``virtual-region-manager``), as its provider administrators use it."""

from __future__ import annotations

from csf_client import vrm as vrm_client

from aggregator_dashboard.api import client

SERVICE_TYPE = 'virtual-region-manager'


def vrmclient(request) -> vrm_client.VRMClient:
    return vrm_client.VRMClient(
        client.session(request),
        endpoint_override=client.endpoint(request, SERVICE_TYPE),
        timeout=client.TIMEOUT)


# Virtual regions.

@client.request_cached
def virtual_region_list(request) -> list[dict]:
    return vrmclient(request).list_virtual_regions()


def virtual_region_get(request, virtual_region_id: str) -> dict:
    return vrmclient(request).get_virtual_region(virtual_region_id)


def virtual_region_create(request, **fields) -> dict:
    client.forget(request)
    return vrmclient(request).create_virtual_region(**fields)


def virtual_region_update(request, virtual_region_id: str, **fields) -> dict:
    client.forget(request)
    return vrmclient(request).update_virtual_region(virtual_region_id,
                                                    **fields)


def virtual_region_delete(request, virtual_region_id: str) -> None:
    client.forget(request)
    vrmclient(request).delete_virtual_region(virtual_region_id)


# Partners.

@client.request_cached
def partner_list(request) -> list[dict]:
    return vrmclient(request).list_partners()


def partner_create(request, name: str, idp_entity_id: str,
                   idp_metadata: str, description: str | None = None) -> dict:
    """The partner, with its one-time ``application_credential``."""
    client.forget(request)
    return vrmclient(request).create_partner(
        name, idp_entity_id, idp_metadata, description=description or None)


def partner_delete(request, partner_id: str) -> None:
    client.forget(request)
    vrmclient(request).delete_partner(partner_id)


# Bindings.

@client.request_cached
def binding_list(request) -> list[dict]:
    return vrmclient(request).list_bindings()


def binding_get(request, binding_id: str) -> dict:
    return vrmclient(request).get_binding(binding_id)


def binding_action(request, binding_id: str, action: str,
                   args: dict | None = None) -> dict:
    """``approve``, ``reject``, ``suspend``, ``resume`` or ``terminate``."""
    client.forget(request)
    return vrmclient(request).binding_action(binding_id, action, args)
