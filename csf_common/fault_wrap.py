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
"""Turn any exception that escapes the application into a JSON 500."""

from oslo_log import log as logging
from oslo_middleware import request_id

from csf_common import render

LOG = logging.getLogger(__name__)


class FaultWrapper:
    """The last line of defence: no traceback ever reaches a client.

    The JSON error carries ``code``, the service's internal-error code.
    """

    def __init__(self, app, *, code: str) -> None:
        self.app = app
        self.code = code

    def __call__(self, environ, start_response):
        try:
            return self.app(environ, start_response)
        except Exception:
            LOG.exception('Unexpected error serving %s %s (request %s)',
                          environ.get('REQUEST_METHOD'),
                          environ.get('PATH_INFO'),
                          environ.get(request_id.ENV_REQUEST_ID))
            response = render.error_response(
                environ, status=500, code=self.code,
                detail='An unexpected error occurred; the request id '
                       'identifies it in the service log.')
            return response(environ, start_response)
