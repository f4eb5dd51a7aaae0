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
"""Client of a provider's Virtual Region Manager (``virtual-region-manager``).

Provider admins manage virtual regions, partners and bindings' approval;
partners (an Aggregator with its application credential) browse
offerings, request bindings and place projects. Methods return the JSON
object inside the API's wrapper (``{"virtual_region": {...}}`` gives
``{...}``), lists of them, or None.
"""

from __future__ import annotations

from csf_client import http

SERVICE_TYPE = 'virtual-region-manager'
BINDING_ACTIONS = ('approve', 'reject', 'suspend', 'resume', 'terminate')


class VRMClient(http.ServiceClient):
    service_type = SERVICE_TYPE

    # Virtual regions (provider admins).

    def list_virtual_regions(self) -> list[dict]:
        return self._get('/virtual-regions', 'virtual_regions')

    def get_virtual_region(self, virtual_region_id: str) -> dict:
        return self._get('/virtual-regions/%s' % virtual_region_id,
                         'virtual_region')

    def create_virtual_region(self, **fields) -> dict:
        """Define a virtual region.

        Fields: ``name``, ``region_id``, ``services``, ``metadata``, and
        optionally ``quota``, ``visibility``, ``partners``, ``approval``,
        ``description``.
        """
        return self._create('/virtual-regions', 'virtual_region',
                            http.drop_none(fields))

    def update_virtual_region(self, virtual_region_id: str,
                              **fields) -> dict:
        return self._patch('/virtual-regions/%s' % virtual_region_id,
                           'virtual_region', http.drop_none(fields))

    def delete_virtual_region(self, virtual_region_id: str) -> None:
        self._delete('/virtual-regions/%s' % virtual_region_id)

    # Partners (provider admins onboard aggregators).

    def list_partners(self) -> list[dict]:
        return self._get('/partners', 'partners')

    def get_partner(self, partner_id: str) -> dict:
        return self._get('/partners/%s' % partner_id, 'partner')

    def create_partner(self, name: str, idp_entity_id: str,
                       idp_metadata: str, **extra) -> dict:
        """Onboard an aggregator as a partner.

        Returns the partner with its one-time ``application_credential``
        (``id``, ``secret``) and the provider's ``auth_url``.
        """
        return self._create('/partners', 'partner', http.drop_none(dict(
            extra, name=name, idp_entity_id=idp_entity_id,
            idp_metadata=idp_metadata)))

    def delete_partner(self, partner_id: str) -> None:
        self._delete('/partners/%s' % partner_id)

    # Offerings (what the calling partner may bind).

    def list_offerings(self) -> list[dict]:
        return self._get('/offerings', 'offerings')

    # Bindings.

    def list_bindings(self) -> list[dict]:
        return self._get('/bindings', 'bindings')

    def get_binding(self, binding_id: str) -> dict:
        return self._get('/bindings/%s' % binding_id, 'binding')

    def create_binding(self, virtual_region_id: str, api_version: str = 'v1',
                       **extra) -> dict:
        return self._create('/bindings', 'binding', http.drop_none(dict(
            extra, virtual_region_id=virtual_region_id,
            api_version=api_version)))

    def binding_action(self, binding_id: str, action: str,
                       args: dict | None = None) -> dict:
        """POST ``{action: args}`` to the binding's action resource."""
        return self._post('/bindings/%s/action' % binding_id, 'binding',
                          {action: args})

    def approve_binding(self, binding_id: str) -> dict:
        return self.binding_action(binding_id, 'approve')

    def reject_binding(self, binding_id: str,
                       reason: str | None = None) -> dict:
        return self.binding_action(binding_id, 'reject', _reason(reason))

    def suspend_binding(self, binding_id: str,
                        reason: str | None = None) -> dict:
        return self.binding_action(binding_id, 'suspend', _reason(reason))

    def resume_binding(self, binding_id: str) -> dict:
        return self.binding_action(binding_id, 'resume')

    def terminate_binding(self, binding_id: str,
                          projects: str = 'retain') -> dict:
        """End the binding; ``projects`` is ``retain`` or ``delete``."""
        return self.binding_action(binding_id, 'terminate',
                                   {'projects': projects})

    # Placements: the partner's projects in a bound virtual region.

    def list_placements(self, binding_id: str) -> list[dict]:
        return self._get('/bindings/%s/projects' % binding_id, 'projects')

    def create_placement(self, binding_id: str, name: str,
                         quota: dict | None = None, **extra) -> dict:
        return self._create('/bindings/%s/projects' % binding_id, 'project',
                            http.drop_none(dict(extra, name=name,
                                                quota=quota)))

    def delete_placement(self, binding_id: str, placement_id: str) -> None:
        self._delete('/bindings/%s/projects/%s' % (binding_id, placement_id))

    def set_placement_access(self, binding_id: str, placement_id: str,
                             access: dict) -> dict:
        """Change which K2K identities reach the placement's project."""
        return self._patch('/bindings/%s/projects/%s' % (binding_id,
                                                         placement_id),
                           'project', {'access': access})

    def set_placement_credential(self, binding_id: str, placement_id: str,
                                 secret: str, role: str = 'member') -> dict:
        """Set the password of the placement's credential user of ``role``.

        Returns ``user_id``, ``user_domain_id``, ``project_id``, ``role``.
        """
        return self._put_secret(
            '/bindings/%s/projects/%s/credential' % (binding_id,
                                                     placement_id),
            'credential', {'secret': secret, 'role': role})

    def set_placement_user(self, binding_id: str, placement_id: str,
                           key: str, secret: str | None,
                           role: str = 'member') -> dict:
        """Give the partner's end user ``key`` its own user in a placement.

        Its password is ``secret`` (None: an existing user keeps its own,
        and only moves to ``role``); returns ``key``, ``user_id``,
        ``user_domain_id``, ``project_id``, ``role``.
        """
        fields = {'role': role}
        if secret is not None:
            fields['secret'] = secret
        return self._put_secret(
            '/bindings/%s/projects/%s/users/%s' % (binding_id, placement_id,
                                                   key),
            'credential', fields)

    def delete_placement_user(self, binding_id: str, placement_id: str,
                              key: str) -> None:
        self._delete('/bindings/%s/projects/%s/users/%s'
                     % (binding_id, placement_id, key))


def _reason(reason: str | None) -> dict | None:
    return {'reason': reason} if reason else None
