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
"""What both clients share: a keystoneauth1 Adapter and typed errors.

Every call goes through the Adapter (service type from the catalog, or an
endpoint override), never raises keystoneauth's HTTP errors for the API's
own answers, and turns every failure into a ``csf_client.exceptions``
error. Endpoints are unversioned (``http://host:port``); paths carry
the ``/v1`` prefix.
"""

from __future__ import annotations

from typing import Any

from keystoneauth1 import adapter
from keystoneauth1 import exceptions as ks_exc

from csf_client import exceptions

API_PREFIX = '/v1'

# Failures to reach the service (or the identity service) at all.
_UNREACHABLE = (ks_exc.ConnectionError, ks_exc.RequestTimeout,
                ks_exc.DiscoveryFailure)


class ServiceClient:
    """Base of the clients: JSON calls on one service's Adapter."""

    service_type: str = ''
    client_name = 'csf-client'

    def __init__(self, session, *, endpoint_override: str | None = None,
                 region_name: str | None = None, interface: str = 'public',
                 timeout: float | None = None) -> None:
        self.adapter = adapter.Adapter(
            session, service_type=self.service_type, interface=interface,
            region_name=region_name, endpoint_override=endpoint_override,
            client_name=self.client_name, raise_exc=False)
        self.timeout = timeout

    def request(self, method: str, path: str, *, json: Any = None,
                params: dict | None = None, secret: bool = False) -> Any:
        """Call ``API_PREFIX + path``; the decoded JSON body or None.

        ``secret``: the request carries one, so keystoneauth's debug log
        of requests and answers leaves it out.
        """
        kwargs: dict[str, Any] = {'log': not secret}
        if json is not None:
            kwargs['json'] = json
        if params:
            kwargs['params'] = params
        if self.timeout is not None:
            kwargs['timeout'] = self.timeout
        try:
            resp = self.adapter.request(API_PREFIX + path, method, **kwargs)
        except ks_exc.EndpointNotFound as exc:
            raise exceptions.EndpointNotFound(
                'No %s endpoint in the catalog: %s'
                % (self.service_type, exc)) from exc
        except _UNREACHABLE as exc:
            raise exceptions.ServiceUnavailable(
                'The %s service does not answer: %s'
                % (self.service_type, exc), status_code=None) from exc
        except (ks_exc.Unauthorized, ks_exc.NotFound) as exc:
            # Only authentication raises here (raise_exc=False); Keystone
            # answers 404 for an unknown application credential.
            raise exceptions.AuthenticationFailed(
                'The identity service refuses the credentials: %s' % exc,
                status_code=exc.http_status) from exc
        except ks_exc.HttpError as exc:
            raise exceptions.class_for(exc.http_status)(
                'The identity service failed: %s' % exc,
                status_code=exc.http_status) from exc
        if resp.status_code >= 400:
            raise exceptions.from_response(resp)
        if resp.status_code == 204 or not resp.content:
            return None
        return resp.json()

    def _get(self, path: str, key: str, params: dict | None = None) -> Any:
        return self.request('GET', path, params=params)[key]

    def _post(self, path: str, key: str, body: dict) -> Any:
        return self.request('POST', path, json=body)[key]

    def _create(self, path: str, key: str, fields: dict) -> dict:
        """POST ``{key: fields}`` and return the created object."""
        return self._post(path, key, {key: fields})

    def _put_secret(self, path: str, key: str, fields: dict) -> dict:
        """PUT ``{key: fields}``, which hold a secret (never logged)."""
        return self.request('PUT', path, json={key: fields},
                            secret=True)[key]

    def _patch(self, path: str, key: str, fields: dict) -> dict:
        return self.request('PATCH', path, json={key: fields})[key]

    def _delete(self, path: str) -> None:
        self.request('DELETE', path)


def drop_none(fields: dict) -> dict:
    """The fields given a value (optional arguments left out)."""
    return {k: v for k, v in fields.items() if v is not None}
