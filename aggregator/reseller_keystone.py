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
"""The reseller's own Keystone, as the Aggregator's service account:
service providers (K2K) for active bindings, and project lookups."""

from __future__ import annotations

from keystoneauth1 import adapter as ks_adapter
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import loading as ks_loading


class ResellerKeystone:
    def __init__(self, conf) -> None:
        auth = ks_loading.load_auth_from_conf_options(conf, 'keystone')
        session = ks_loading.load_session_from_conf_options(
            conf, 'keystone', auth=auth)
        self.api = ks_adapter.Adapter(session, service_type='identity',
                                      interface='public', version=(3, 0))

    def put_service_provider(self, sp_id: str, *, auth_url: str,
                             sp_url: str, description: str = '') -> None:
        body = {'service_provider': {
            'auth_url': auth_url, 'sp_url': sp_url, 'enabled': True,
            # mod_auth_mellon takes the ECP RelayState as a redirect target
            # and needs it to be a URL of its own host.
            'relay_state_prefix': auth_url + '?rs=',
            'description': description}}
        path = '/OS-FEDERATION/service_providers/%s' % sp_id
        try:
            self.api.get(path)
        except ks_exc.NotFound:
            try:
                self.api.put(path, json=body)
                return
            except ks_exc.Conflict:
                # Registered meanwhile by another worker (the refresher
                # and the request that activated the region, say).
                pass
        self.api.patch(path, json=body)

    def delete_service_provider(self, sp_id: str) -> None:
        try:
            self.api.delete('/OS-FEDERATION/service_providers/%s' % sp_id)
        except ks_exc.NotFound:
            pass

    def project_names(self, project_id: str) -> tuple[str, str] | None:
        """(project name, its domain's name), as K2K assertions say."""
        project = self.project(project_id)
        if project is None:
            return None
        domain = self.api.get('/domains/%s' % project['domain_id']).json()
        return project['name'], domain['domain']['name']

    def listed_project_names(self) -> dict[str, tuple[str, str]]:
        """The projects Keystone lists (it may truncate the list).

        Their ids -> (project name, its domain's name), as K2K assertions
        name them.
        """
        domains = {d['id']: d['name'] for d in self.api.get(
            '/domains').json()['domains']}
        return {p['id']: (p['name'], domains.get(p['domain_id'], ''))
                for p in self.api.get('/projects').json()['projects']}

    def project(self, project_id: str) -> dict | None:
        try:
            return self.api.get('/projects/%s' % project_id).json()[
                'project']
        except ks_exc.NotFound:
            return None
