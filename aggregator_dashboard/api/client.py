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
"""Sessions for the signed-in user's token, endpoints from its catalog.

Every call goes through a keystoneauth1 Session whose auth plugin is the
user's own token (``token_endpoint.Token``): the services see the user,
never Horizon.
"""

from __future__ import annotations

import functools

from django.conf import settings
from horizon import exceptions
from keystoneauth1 import session as ks_session
from keystoneauth1 import token_endpoint

# Seconds to wait for an answer. Placing a project or approving a binding
# makes the service call a provider (the Aggregator waits up to its
# [providers] vrm_timeout, 120 s, for each VRM answer), so the dashboard
# waits longer than that rather than report a failure that then succeeds.
TIMEOUT = 180


def endpoint(request, service_type: str) -> str:
    """The public URL of ``service_type`` in the user's catalog.

    The current region's endpoint wins; otherwise any region's. The
    Aggregator and the VRM live in the operator's home region only, while
    the user may have switched Horizon to a virtual region.
    """
    interface = getattr(settings, 'OPENSTACK_ENDPOINT_TYPE', 'publicURL')
    interface = interface.replace('URL', '')
    current = getattr(request.user, 'services_region', None)
    found = []
    for service in request.user.service_catalog or []:
        if service.get('type') != service_type:
            continue
        for ep in service.get('endpoints', []):
            if ep.get('interface', interface) != interface:
                continue
            region = ep.get('region_id') or ep.get('region')
            found.append((region != current, ep['url']))
    if not found:
        raise exceptions.ServiceCatalogException(service_type)
    return sorted(found)[0][1].rstrip('/')


def session(request) -> ks_session.Session:
    """A Session that sends the user's token."""
    auth = token_endpoint.Token(None, request.user.token.id)
    insecure = getattr(settings, 'OPENSTACK_SSL_NO_VERIFY', False)
    cacert = getattr(settings, 'OPENSTACK_SSL_CACERT', None)
    return ks_session.Session(auth=auth, verify=not insecure and (
        cacert or True))


def request_cached(func):
    """Remember ``func(request, *args)`` for the rest of this request."""
    @functools.wraps(func)
    def wrapper(request, *args, **kwargs):
        cache = request.__dict__.setdefault('_csf_api_cache', {})
        key = (func.__module__, func.__name__, args,
               tuple(sorted(kwargs.items())))
        if key not in cache:
            cache[key] = func(request, *args, **kwargs)
        return cache[key]
    return wrapper


def forget(request) -> None:
    """Drop what this request cached (after a change)."""
    request.__dict__.pop('_csf_api_cache', None)
