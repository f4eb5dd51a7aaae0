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


def error_response(environ: dict, *, status: int, detail: str, code: str,
                   title: str | None = None,
                   headers: dict[str, str] | None = None) -> webob.Response:
    """Return an error in the API-WG format.

    ``{"errors": [{"status", "title", "detail", "code", "request_id"}]}``
    where ``code`` is one of the stable strings of the service's errors.
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
    response = json_response({'errors': [error]}, status=status)
    if headers:
        response.headers.update(headers)
    return response
