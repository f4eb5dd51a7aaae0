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
"""Where a quota is enforced: Keystone's unified limits, or Neutron's own.

Glance and Nova read Keystone's unified limits (``provider_keystone``);
Neutron keeps its quota itself, per project, behind its quota API. A
quota ``{service_type: {resource: limit}}`` is split accordingly: the
``network`` part goes to Neutron (``PUT /v2.0/quotas/{project_id}``) with
the ``[neutron]`` account, the rest to Keystone. A virtual region's
envelope is the VRM's own sum for both (``placements._check_envelope``).
"""

from __future__ import annotations

from keystoneauth1 import adapter as ks_adapter
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import loading as ks_loading

from virtual_region_manager import errors

# Service types whose quota is the service's own, not unified limits.
NEUTRON = 'network'


def split(quota: dict | None) -> tuple[dict, dict]:
    """``(unified-limit part, Neutron part)`` of ``quota``."""
    quota = quota or {}
    return ({stype: res for stype, res in quota.items() if stype != NEUTRON},
            dict(quota.get(NEUTRON) or {}))


class NeutronQuotas:
    """Neutron's quota API, as the ``[neutron]`` account."""

    def __init__(self, conf, region_id: str) -> None:
        auth = ks_loading.load_auth_from_conf_options(conf, 'neutron')
        if auth is None:
            raise errors.InvalidInput(
                'quota.%s: this Virtual Region Manager has no [neutron] '
                'account to set network quotas with.' % NEUTRON)
        session = ks_loading.load_session_from_conf_options(
            conf, 'neutron', auth=auth)
        self.api = ks_adapter.Adapter(session, service_type='network',
                                      interface='public',
                                      region_name=region_id)

    def _call(self, method: str, path: str, **kwargs):
        try:
            return self.api.request(path, method, raise_exc=True, **kwargs)
        except (ks_exc.ConnectionError, ks_exc.ServiceUnavailable,
                ks_exc.GatewayTimeout, ks_exc.BadGateway) as exc:
            raise errors.KeystoneUnavailable(
                "The provider's Neutron does not answer: %s" % exc) from exc

    def resources(self) -> set[str]:
        """The quota resources Neutron knows (its defaults' keys)."""
        own = self.api.session.get_project_id()
        return set(self._call('GET', '/v2.0/quotas/%s/default' % own)
                   .json()['quota'])

    def check(self, quota: dict) -> None:
        """400 for a resource Neutron has no quota for."""
        if not quota:
            return
        known = self.resources()
        for name in quota:
            if name not in known:
                raise errors.InvalidInput(
                    'quota.%s.%s: the provider\'s Neutron has no such '
                    'quota.' % (NEUTRON, name))

    def set(self, project_id: str, quota: dict) -> None:
        if quota:
            self._call('PUT', '/v2.0/quotas/%s' % project_id,
                       json={'quota': quota})

    def delete(self, project_id: str) -> None:
        """Back to Neutron's defaults (a deleted project's are harmless)."""
        try:
            self._call('DELETE', '/v2.0/quotas/%s' % project_id)
        except ks_exc.NotFound:
            pass
