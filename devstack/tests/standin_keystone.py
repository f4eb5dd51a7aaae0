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
"""Keystone side of the devstack stand-in: get-or-create calls.

devstack's ``get_or_create_*`` functions run the ``openstack`` CLI as
``devstack-system-admin``; the stand-in does the same calls with
keystoneclient through one keystoneauth1 Session (the CLI costs seconds
per call on this machine), authenticated as the system-scoped admin of
``OS_AUTH_URL`` (``OS_USERNAME``, ``OS_PASSWORD``, ``OS_USER_DOMAIN_NAME``).
The token is kept in ``$CSF_STANDIN_DIR/keystone-auth.json`` between
calls. Each call prints what devstack's function prints (an id) and
appends one line to ``$CSF_STANDIN_DIR/keystone.log``.

Usage: standin_keystone.py OPERATION ARG...
"""

from __future__ import annotations

import json
import os
import sys

from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session
from keystoneclient.v3 import client as ks_client


def _state_file() -> str:
    return os.path.join(os.environ['CSF_STANDIN_DIR'], 'keystone-auth.json')


def client() -> ks_client.Client:
    auth = v3.Password(
        auth_url=os.environ['OS_AUTH_URL'],
        username=os.environ['OS_USERNAME'],
        password=os.environ['OS_PASSWORD'],
        user_domain_name=os.environ.get('OS_USER_DOMAIN_NAME', 'Default'),
        system_scope='all')
    if os.path.exists(_state_file()):
        with open(_state_file()) as fh:
            auth.set_auth_state(fh.read())
    sess = ks_session.Session(auth=auth, timeout=30)
    ks = ks_client.Client(session=sess, interface='public',
                          endpoint_override=os.environ['OS_AUTH_URL'])
    ks.auth_plugin = auth
    return ks


def _save(ks: ks_client.Client) -> None:
    state = ks.auth_plugin.get_auth_state()
    fd = os.open(_state_file(), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, 'w') as fh:
        fh.write(state or '')


def _log(op: str, created: bool, obj_id: str) -> None:
    path = os.path.join(os.environ['CSF_STANDIN_DIR'], 'keystone.log')
    with open(path, 'a') as fh:
        fh.write('%s %s %s\n' % (op, 'created' if created else 'found',
                                 obj_id))


class Ids:
    """Ids of names already looked up, kept in ``keystone-ids.json``.

    The Keystone of the shared topology serves every test on one thread:
    each lookup saved is a request less in its queue. Only what the
    plugin does not create itself is served from here (domains, projects,
    roles it merely grants); the objects it gets or creates are always
    asked for again.
    """

    def __init__(self, ks) -> None:
        self.ks = ks
        self.path = os.path.join(os.environ['CSF_STANDIN_DIR'],
                                 'keystone-ids.json')
        self.ids = {}
        if os.path.exists(self.path):
            with open(self.path) as fh:
                self.ids = json.load(fh)

    def save(self) -> None:
        with open(self.path, 'w') as fh:
            json.dump(self.ids, fh)

    def _cached(self, key: str, find) -> str:
        if key not in self.ids:
            self.ids[key] = find()
        return self.ids[key]

    def domain(self, name: str | None) -> str:
        name = name or 'Default'
        return self._cached('domain:' + name, lambda: (
            self.ks.domains.list(name=name) or
            [self.ks.domains.get(name)])[0].id)

    def project(self, name: str, domain: str | None) -> str:
        dom = self.domain(domain)
        return self._cached('project:%s:%s' % (dom, name), lambda: (
            self.ks.projects.list(name=name, domain=dom)[0].id))

    def role(self, name: str) -> str:
        return self._cached('role:' + name, lambda: (
            self.ks.roles.list(name=name)[0].id))

    def user(self, name: str, domain: str | None) -> str:
        dom = self.domain(domain)
        return self._cached('user:%s:%s' % (dom, name), lambda: (
            self.ks.users.list(name=name, domain=dom)[0].id))


def get_or_create_user(ids, name, password, domain, email=None):
    dom = ids.domain(domain)
    found = ids.ks.users.list(name=name, domain=dom)
    user = found[0] if found else ids.ks.users.create(
        name, domain=dom, password=password, email=email)
    ids.ids['user:%s:%s' % (dom, name)] = user.id
    _log('user', not found, user.id)
    return user.id


def get_or_create_role(ids, name):
    found = ids.ks.roles.list(name=name)
    role = found[0] if found else ids.ks.roles.create(name)
    ids.ids['role:' + name] = role.id
    _log('role', not found, role.id)
    return role.id


def _grant(ids, op: str, role_name: str, user: str, **target):
    role = ids.role(role_name)
    found = ids.ks.role_assignments.list(user=user, role=role, **target)
    if not found:
        ids.ks.roles.grant(role, user=user, **target)
    _log(op, not found, '%s:%s' % (role, user))
    return role


def get_or_add_user_project_role(ids, role, user, project,
                                 user_domain=None, project_domain=None):
    return _grant(ids, 'project-role', role, ids.user(user, user_domain),
                  project=ids.project(project, project_domain))


def get_or_add_user_system_role(ids, role, user, system, user_domain=None):
    return _grant(ids, 'system-role', role, ids.user(user, user_domain),
                  system=system)


def get_or_create_service(ids, name, type_, description):
    # Looked up by name: a shared test Keystone may already hold another
    # service of the same type, which the stand-in must leave alone.
    found = [s for s in ids.ks.services.list(name=name) if s.type == type_]
    svc = found[0] if found else ids.ks.services.create(
        name, type_, description=description)
    _log('service', not found, svc.id)
    return svc.id


def get_or_create_endpoint(ids, service, region, url, *_ignored):
    found = ids.ks.endpoints.list(service=service, interface='public',
                                  region=region)
    ep = found[0] if found else ids.ks.endpoints.create(
        service, url, interface='public', region=region)
    _log('endpoint', not found, ep.id)
    return ep.id


OPERATIONS = {f.__name__: f for f in (
    get_or_create_user, get_or_create_role, get_or_add_user_project_role,
    get_or_add_user_system_role, get_or_create_service,
    get_or_create_endpoint)}


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[1] not in OPERATIONS:
        print('usage: %s {%s} ARG...' % (argv[0], ','.join(OPERATIONS)),
              file=sys.stderr)
        return 2
    ks = client()
    ids = Ids(ks)
    print(OPERATIONS[argv[1]](ids, *argv[2:]))
    ids.save()
    _save(ks)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
