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
service providers (K2K) for active bindings, project lookups, and the
access roles of placed projects (access_roles.py)."""

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

    def listed_project_ids(self) -> set[str]:
        """The projects Keystone lists (it may truncate the list)."""
        return {p['id'] for p in self.api.get('/projects').json()[
            'projects']}

    def ensure_role(self, name: str) -> str:
        """The id of the global role ``name``, made if missing."""
        for _ in range(2):
            found = self.api.get('/roles', params={'name': name}).json()[
                'roles']
            if found:
                return found[0]['id']
            try:
                return self.api.post('/roles', json={'role': {
                    'name': name, 'description': 'Aggregator access role '
                    '(K2K): do not grant by hand.'}}).json()['role']['id']
            except ks_exc.Conflict:
                pass        # made meanwhile by another worker
        raise ks_exc.Conflict('Role %s could not be made.' % name)

    def roles_named(self, prefix: str) -> list[dict]:
        """The global roles whose names start with ``prefix``."""
        return [role for role in self.api.get('/roles').json()['roles']
                if role['name'].startswith(prefix)]

    def delete_role(self, name: str) -> None:
        """Delete the role (and every grant of it), if there is one."""
        for role in self.api.get('/roles', params={'name': name}).json()[
                'roles']:
            try:
                self.api.delete('/roles/%s' % role['id'])
            except ks_exc.NotFound:
                pass

    def role_assignments(self, *, project_id: str | None = None,
                         role_id: str | None = None,
                         effective: bool = False) -> list[dict]:
        """Assignments on a project, or of a role; with names.

        Direct ones, or ``effective``: each user's, its groups' included.
        """
        params = {'include_names': 'true'}
        if effective:
            params['effective'] = 'true'
        if project_id:
            params['scope.project.id'] = project_id
        if role_id:
            params['role.id'] = role_id
        return self.api.get('/role_assignments', params=params).json()[
            'role_assignments']

    def grant_on_project(self, role_id: str, project_id: str, kind: str,
                         actor_id: str) -> None:
        self.api.put('/projects/%s/%ss/%s/roles/%s'
                     % (project_id, kind, actor_id, role_id))

    def revoke(self, role_id: str, scope: dict, kind: str,
               actor_id: str) -> None:
        """Take back a grant, on whichever scope an assignment names."""
        if 'system' in scope:
            path = '/system/%ss/%s/roles/%s' % (kind, actor_id, role_id)
        else:
            target = 'project' if 'project' in scope else 'domain'
            path = '/%ss/%s/%ss/%s/roles/%s' % (
                target, scope[target]['id'], kind, actor_id, role_id)
            if scope.get('OS-INHERIT:inherited_to'):
                path = '/OS-INHERIT%s/inherited_to_projects' % path
        try:
            self.api.delete(path)
        except ks_exc.NotFound:
            pass

    def project(self, project_id: str) -> dict | None:
        try:
            return self.api.get('/projects/%s' % project_id).json()[
                'project']
        except ks_exc.NotFound:
            return None
