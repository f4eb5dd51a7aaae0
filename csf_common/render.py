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
"""Build JSON responses, including API-WG formatted errors."""

from oslo_middleware import request_id as oslo_request_id
from oslo_serialization import jsonutils
import webob
import webob.util


def json_response(body: object, *, status: int = 200) -> webob.Response:
    """Return ``body`` serialized as JSON."""
    return webob.Response(
        status=status, body=jsonutils.dump_as_bytes(body),
        content_type='application/json', charset=None)


# Paths (compiled patterns) whose clients are OpenStack service clients,
# not ours: the Aggregator's proxy. Their errors also carry the message
# where those clients read it (see error_response).
SERVICE_PATHS: list = []


def error_response(environ: dict, *, status: int, detail: str, code: str,
                   title: str | None = None,
                   headers: dict[str, str] | None = None) -> webob.Response:
    """Return an error in the API-WG format.

    ``{"errors": [{"status", "title", "detail", "code", "request_id"}]}``
    where ``code`` is one of the stable strings of the service's errors.
    On a SERVICE_PATHS path the body starts with ``{"error": {"message",
    "code", "title"}}`` as well, the shape OpenStack's clients read
    (keystoneauth1, openstacksdk, and novaclient, which Horizon uses, read
    the first member), so that ``openstack`` and the dashboard show what
    is wrong.
    """
    if title is None:
        title = webob.util.status_reasons.get(status, 'Error')
    error = {
        'status': status,
        'title': title,
        'detail': detail,
        'code': code,
        'request_id': environ.get(oslo_request_id.ENV_REQUEST_ID),
    }
    body: dict = {}
    path = environ.get('PATH_INFO', '')
    if any(pattern.match(path) for pattern in SERVICE_PATHS):
        body['error'] = {'message': detail, 'code': status, 'title': title}
    body['errors'] = [error]
    response = json_response(body, status=status)
    if headers:
        response.headers.update(headers)
    return response
