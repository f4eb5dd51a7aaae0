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
"""virtual-region-manager: serve the VRM API with a development server.

This runs Python's wsgiref server, one thread per request, on
``[api] bind_host`` and ``[api] bind_port``. It is meant for development
and tests. In production, run
``virtual_region_manager.wsgi.api:application`` under a real WSGI server
(uwsgi, mod_wsgi, gunicorn).
"""

from collections.abc import Sequence

from csf_common.cmd import api
from virtual_region_manager import deploy
from virtual_region_manager import service


def main(argv: Sequence[str] | None = None) -> None:
    api.serve(service.SERVICE, deploy.deploy, argv)
