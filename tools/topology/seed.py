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
"""Identity objects the topology needs, made idempotently through the real
Keystone APIs (python-keystoneclient over a keystoneauth1 session)."""

from __future__ import annotations

from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session
from keystoneclient.v3 import client as ks_client


def admin_client(auth_url: str, password: str) -> ks_client.Client:
    auth = v3.Password(auth_url=auth_url, username='admin',
                       password=password, user_domain_id='default',
                       project_name='admin', project_domain_id='default')
    return ks_client.Client(session=ks_session.Session(auth=auth),
                            endpoint_override=auth_url, interface='public')


def _one(items: list):
    return items[0] if items else None


def role(ks: ks_client.Client, name: str):
    return _one(ks.roles.list(name=name)) or ks.roles.create(name=name)


def project(ks: ks_client.Client, name: str, *, domain: str = 'default',
            description: str = ''):
    return (_one(ks.projects.list(name=name, domain=domain)) or
            ks.projects.create(name=name, domain=domain,
                               description=description))


def user(ks: ks_client.Client, name: str, password: str, *,
         domain: str = 'default', email: str | None = None):
    found = _one(ks.users.list(name=name, domain=domain))
    if found:
        ks.users.update(found, password=password)
        return found
    return ks.users.create(name=name, password=password, domain=domain,
                           email=email)


def grant(ks: ks_client.Client, user_obj, project_obj, *role_names: str
          ) -> None:
    for name in role_names:
        ks.roles.grant(role(ks, name), user=user_obj, project=project_obj)


def service_with_endpoint(ks: ks_client.Client, *, name: str, type: str,
                          region: str, url: str) -> str:
    """Register ``url`` as the public endpoint; return the endpoint id."""
    svc = (_one(ks.services.list(type=type)) or
           ks.services.create(name=name, type=type))
    for endpoint in ks.endpoints.list(service=svc, interface='public',
                                      region=region):
        if endpoint.url == url:
            return endpoint.id
        ks.endpoints.delete(endpoint)
    return ks.endpoints.create(service=svc, url=url, interface='public',
                               region=region).id


def registered_limits(ks: ks_client.Client, *, service_type: str,
                      region: str, defaults: dict) -> None:
    svc = ks.services.list(type=service_type)[0]
    have = {r.resource_name for r in ks.registered_limits.list(
        service=svc, region=region)}
    for name, value in defaults.items():
        if name not in have:
            ks.registered_limits.create(service=svc, resource_name=name,
                                        default_limit=value, region=region)


def service_user(ks: ks_client.Client, name: str, password: str):
    """A service account with the ``service`` role in project ``service``.

    The ``service`` role is what Keystone's default policy asks of a
    service validating tokens (keystonemiddleware); no admin role needed.
    """
    svc_project = project(ks, 'service')
    account = user(ks, name, password)
    grant(ks, account, svc_project, 'service')
    return account


def grant_system(ks: ks_client.Client, user_obj, role_name: str) -> None:
    ks.roles.grant(role(ks, role_name), user=user_obj, system='all')
