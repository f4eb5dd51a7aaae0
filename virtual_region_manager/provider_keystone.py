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
"""What the VRM does in the provider's Keystone, one idempotent call each.

Every object is found by a deterministic name or id before it is made, and
deleting something already gone is not an error, so a step interrupted by
a crash can simply run again. All calls go through one keystoneauth1
Adapter (the VRM's service account session); Keystone's own errors come
back as ``errors`` the API layer can render.
"""

from __future__ import annotations

import threading
import time

from keystoneauth1 import adapter as ks_adapter
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import session as ks_session

from virtual_region_manager import errors


class ProviderKeystone:
    """The provider's Keystone v3 API, as the VRM's service account."""

    def __init__(self, session: ks_session.Session, *,
                 endpoint_override: str | None = None,
                 interface: str = 'public',
                 region_name: str | None = None,
                 catalog_cache_time: int = 0) -> None:
        self.session = session
        self.catalog_cache_time = catalog_cache_time
        self._shown: tuple | None = None    # (monotonic time, Catalog)
        self._shown_lock = threading.Lock()
        self.api = ks_adapter.Adapter(
            session, service_type='identity', interface=interface,
            region_name=region_name, endpoint_override=endpoint_override,
            version=(3, 0))

    # --- plumbing -------------------------------------------------------
    def _call(self, method: str, path: str, *, ok_missing: bool = False,
              **kwargs) -> dict | None:
        try:
            resp = self.api.request(path, method, raise_exc=True, **kwargs)
        except ks_exc.NotFound:
            if ok_missing:
                return None
            raise
        except (ks_exc.ConnectionError, ks_exc.BadGateway,
                ks_exc.ServiceUnavailable, ks_exc.GatewayTimeout) as exc:
            # Not listening, too slow, or a web server in front of it
            # with nothing behind: jobs wait for it (jobs.Deferred).
            raise errors.KeystoneUnavailable() from exc
        except ks_exc.BadRequest as exc:
            raise errors.InvalidInput(
                "The provider's Keystone refused it: %s" % _message(exc)
            ) from exc
        except ks_exc.Conflict as exc:
            raise errors.Conflict(
                "The provider's Keystone reports a conflict: %s"
                % _message(exc)) from exc
        except ks_exc.Forbidden as exc:
            raise errors.ProviderMisconfigured(
                "The VRM's service account may not %s %s in the provider's "
                "Keystone: %s" % (method, path, _message(exc))) from exc
        if resp.status_code == 204 or not resp.content:
            return {}
        return resp.json()

    def _get(self, path: str, **params) -> dict | None:
        return self._call('GET', path, ok_missing=True, params=params)

    def _delete(self, path: str) -> None:
        self._call('DELETE', path, ok_missing=True)

    def _find(self, collection: str, **params) -> dict | None:
        items = self._get('/%s' % collection, **params)[collection]
        return items[0] if items else None

    # --- catalog --------------------------------------------------------
    def region_exists(self, region_id: str) -> bool:
        return self._get('/regions/%s' % region_id) is not None

    def services_by_type(self) -> dict[str, dict]:
        return {s['type']: s for s in self._get('/services')['services']}

    def public_catalog(self) -> 'Catalog':
        """The public endpoints of every region.

        Two calls to Keystone however many services and virtual regions
        are asked about: one view of many offerings reads it once.
        """
        return Catalog(self._get('/services')['services'],
                       self._get('/endpoints', interface='public')[
                           'endpoints'])

    def shown_catalog(self) -> 'Catalog':
        """The public catalog that views show, kept a while.

        Read at most every ``catalog_cache_time`` seconds, since the
        Aggregator's refresher asks for offerings and bindings all the
        time; any fresh read (``endpoints``) replaces it.
        """
        with self._shown_lock:
            shown = self._shown
        if shown and time.monotonic() - shown[0] < self.catalog_cache_time:
            return shown[1]
        return self._read_catalog()

    def endpoints(self, region_id: str, service_types: list[str]
                  ) -> dict[str, list[dict]]:
        """Public endpoints of ``service_types`` in ``region_id``, now."""
        return self._read_catalog().endpoints(region_id, service_types)

    def _read_catalog(self) -> 'Catalog':
        catalog = self.public_catalog()
        with self._shown_lock:
            self._shown = (time.monotonic(), catalog)
        return catalog

    # --- domains and projects -----------------------------------------
    def ensure_domain(self, name: str, description: str = '') -> str:
        found = self._find('domains', name=name)
        if found:
            return found['id']
        return self._call('POST', '/domains', json={'domain': {
            'name': name, 'description': description}})['domain']['id']

    def find_domain(self, name: str) -> dict | None:
        return self._find('domains', name=name)

    def delete_domain(self, domain_id: str) -> None:
        if self._get('/domains/%s' % domain_id) is None:
            return
        self._call('PATCH', '/domains/%s' % domain_id,
                   json={'domain': {'enabled': False}})
        self._delete('/domains/%s' % domain_id)

    def ensure_project(self, name: str, domain_id: str,
                       description: str = '') -> str:
        found = self._find('projects', name=name, domain_id=domain_id)
        if found:
            return found['id']
        return self._call('POST', '/projects', json={'project': {
            'name': name, 'domain_id': domain_id,
            'description': description}})['project']['id']

    def find_project(self, name: str, domain_id: str) -> dict | None:
        return self._find('projects', name=name, domain_id=domain_id)

    def delete_project(self, project_id: str) -> None:
        self._delete('/projects/%s' % project_id)

    def projects_in_domain(self, domain_id: str) -> list[dict]:
        return self._get('/projects', domain_id=domain_id)['projects']

    # --- users, groups, roles -----------------------------------------
    def role_id(self, name: str) -> str:
        found = self._find('roles', name=name)
        if not found:
            raise errors.Conflict("The provider's Keystone has no role %r."
                                  % name)
        return found['id']

    def ensure_group(self, name: str, domain_id: str) -> str:
        found = self._find('groups', name=name, domain_id=domain_id)
        if found:
            return found['id']
        return self._call('POST', '/groups', json={'group': {
            'name': name, 'domain_id': domain_id}})['group']['id']

    def find_group(self, name: str, domain_id: str) -> dict | None:
        return self._find('groups', name=name, domain_id=domain_id)

    def delete_group(self, group_id: str) -> None:
        self._delete('/groups/%s' % group_id)

    def grant_group_on_project(self, group_id: str, project_id: str,
                               role: str) -> None:
        self._call('PUT', '/projects/%s/groups/%s/roles/%s'
                   % (project_id, group_id, self.role_id(role)))

    def revoke_group_on_project(self, group_id: str, project_id: str,
                                role: str) -> None:
        self._delete('/projects/%s/groups/%s/roles/%s'
                     % (project_id, group_id, self.role_id(role)))

    def add_user_to_group(self, user_id: str, group_id: str) -> None:
        self._call('PUT', '/groups/%s/users/%s' % (group_id, user_id))

    def remove_user_from_group(self, user_id: str, group_id: str) -> None:
        self._delete('/groups/%s/users/%s' % (group_id, user_id))

    def grant_user_on_project(self, user_id: str, project_id: str,
                              role: str) -> None:
        self._call('PUT', '/projects/%s/users/%s/roles/%s'
                   % (project_id, user_id, self.role_id(role)))

    def ensure_user(self, name: str, domain_id: str, password: str) -> str:
        """The user ``name``, made or given ``password`` anew.

        Made meanwhile by another request (Keystone's 409): found again.
        """
        for _ in range(2):
            found = self._find('users', name=name, domain_id=domain_id)
            if found:
                self._call('PATCH', '/users/%s' % found['id'],
                           json={'user': {'password': password}})
                return found['id']
            try:
                return self._call('POST', '/users', json={'user': {
                    'name': name, 'domain_id': domain_id,
                    'password': password, 'enabled': True}})['user']['id']
            except errors.Conflict:
                continue
        raise errors.Conflict('User %s could not be made.' % name)

    def delete_user(self, user_id: str) -> None:
        """Delete a user, its application credentials first.

        Deleting them one by one (rather than leaving it to the user's
        deletion) also removes their role rows on databases without
        foreign-key cascades, such as Keystone's SQLite.
        """
        creds = self._get('/users/%s/application_credentials' % user_id)
        for cred in (creds or {}).get('application_credentials', []):
            self._delete('/users/%s/application_credentials/%s'
                         % (user_id, cred['id']))
        self._delete('/users/%s' % user_id)

    def find_user(self, name: str, domain_id: str) -> dict | None:
        return self._find('users', name=name, domain_id=domain_id)

    # --- federation -----------------------------------------------------
    def put_mapping(self, mapping_id: str, rules: list[dict]) -> None:
        path = '/OS-FEDERATION/mappings/%s' % mapping_id
        body = {'mapping': {'rules': rules}}
        if self._get(path) is None:
            self._call('PUT', path, json=body)
        else:
            self._call('PATCH', path, json=body)

    def delete_mapping(self, mapping_id: str) -> None:
        self._delete('/OS-FEDERATION/mappings/%s' % mapping_id)

    def get_identity_provider(self, idp_id: str) -> dict | None:
        found = self._get('/OS-FEDERATION/identity_providers/%s' % idp_id)
        return found['identity_provider'] if found else None

    def put_identity_provider(self, idp_id: str, *, remote_id: str,
                              domain_id: str, enabled: bool = True,
                              description: str = '') -> None:
        path = '/OS-FEDERATION/identity_providers/%s' % idp_id
        existing = self.get_identity_provider(idp_id)
        if existing is None:
            self._call('PUT', path, json={'identity_provider': {
                'remote_ids': [remote_id], 'domain_id': domain_id,
                'enabled': enabled, 'description': description}})
        elif existing['enabled'] != enabled or \
                existing['remote_ids'] != [remote_id]:
            self.set_identity_provider(idp_id, enabled=enabled,
                                       remote_id=remote_id)

    def set_identity_provider(self, idp_id: str, *, enabled: bool,
                              remote_id: str | None = None) -> None:
        body: dict = {'enabled': enabled}
        if remote_id:
            body['remote_ids'] = [remote_id]
        self._call('PATCH', '/OS-FEDERATION/identity_providers/%s' % idp_id,
                   json={'identity_provider': body})

    def identity_provider_for_remote_id(self, remote_id: str
                                        ) -> dict | None:
        idps = self._get('/OS-FEDERATION/identity_providers')
        for idp in idps['identity_providers']:
            if remote_id in (idp.get('remote_ids') or []):
                return idp
        return None

    def delete_identity_provider(self, idp_id: str) -> None:
        self._delete('/OS-FEDERATION/identity_providers/%s' % idp_id)

    def put_protocol(self, idp_id: str, protocol: str,
                     mapping_id: str) -> None:
        path = ('/OS-FEDERATION/identity_providers/%s/protocols/%s'
                % (idp_id, protocol))
        if self._get(path) is None:
            self._call('PUT', path,
                       json={'protocol': {'mapping_id': mapping_id}})

    # --- unified limits -------------------------------------------------
    def registered_limits(self, region_id: str) -> dict[tuple, dict]:
        """``{(service_type, resource_name): registered limit}``."""
        types = {s['id']: s['type'] for s in
                 self.services_by_type().values()}
        found = self._get('/registered_limits', region_id=region_id)
        return {(types.get(r['service_id']), r['resource_name']): r
                for r in found['registered_limits']}

    def limits(self, *, domain_id: str | None = None,
               project_id: str | None = None) -> list[dict]:
        params = {'domain_id': domain_id} if domain_id else {
            'project_id': project_id}
        return self._get('/limits', **params)['limits']

    def set_limits(self, quota: dict, *, region_id: str,
                   domain_id: str | None = None,
                   project_id: str | None = None) -> None:
        """Make the limits of a domain or project equal ``quota``.

        ``quota`` is ``{service_type: {resource_name: limit}}``; every
        resource must have a registered limit in ``region_id``.
        """
        registered = self.registered_limits(region_id)
        current = {(lim['service_id'], lim['resource_name']): lim
                   for lim in self.limits(domain_id=domain_id,
                                          project_id=project_id)}
        new = []
        for stype, resources in (quota or {}).items():
            for name, value in resources.items():
                reg = registered.get((stype, name))
                if reg is None:
                    raise errors.InvalidInput(
                        'quota.%s.%s: the provider registers no such limit '
                        'in region %s.' % (stype, name, region_id))
                have = current.get((reg['service_id'], name))
                if have is None:
                    item = {'service_id': reg['service_id'],
                            'region_id': region_id, 'resource_name': name,
                            'resource_limit': value}
                    item.update({'domain_id': domain_id} if domain_id
                                else {'project_id': project_id})
                    new.append(item)
                elif have['resource_limit'] != value:
                    self._call('PATCH', '/limits/%s' % have['id'], json={
                        'limit': {'resource_limit': value}})
        if new:
            self._call('POST', '/limits', json={'limits': new})

    def delete_limits(self, *, domain_id: str | None = None,
                      project_id: str | None = None) -> None:
        for limit in self.limits(domain_id=domain_id, project_id=project_id):
            self._delete('/limits/%s' % limit['id'])


def _message(exc: ks_exc.HttpError) -> str:
    try:
        return exc.response.json()['error']['message']
    except Exception:  # noqa: BLE001 - any unparsable body
        return str(exc)


class Catalog:
    """A snapshot of the provider's public endpoints, by service type."""

    def __init__(self, services: list[dict], endpoints: list[dict]) -> None:
        self._types = {svc['id']: svc['type'] for svc in services}
        self._endpoints = endpoints

    def endpoints(self, region_id: str, service_types: list[str]
                  ) -> dict[str, list[dict]]:
        """Public endpoints of ``service_types`` in ``region_id``.

        A type that no service of the provider has is left out.
        """
        known = set(self._types.values())
        found: dict[str, list[dict]] = {stype: [] for stype in service_types
                                        if stype in known}
        for ep in self._endpoints:
            stype = self._types.get(ep['service_id'])
            if (stype in found and ep['region_id'] == region_id
                    and ep['interface'] == 'public'):
                found[stype].append({'interface': ep['interface'],
                                     'url': ep['url'],
                                     'region_id': ep['region_id']})
        return found
