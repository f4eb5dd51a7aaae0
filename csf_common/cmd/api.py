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
"""Serve a service's API with a development server.

This runs Python's wsgiref server, one thread per request, on
``[api] bind_host`` and ``[api] bind_port``. It is meant for development
and tests. In production, run the service's ``wsgi.api:application`` under
a real WSGI server (uwsgi, mod_wsgi, gunicorn).
"""

from collections.abc import Callable
from collections.abc import Sequence
import socketserver
import sys
from wsgiref import simple_server

from oslo_config import cfg
from oslo_log import log as logging

from csf_common import deploy as common_deploy
from csf_common import service as common_service

LOG = logging.getLogger(__name__)


class ThreadingWSGIServer(socketserver.ThreadingMixIn,
                          simple_server.WSGIServer):
    daemon_threads = True


def serve(service: common_service.ServiceSpec,
          deploy: Callable[[cfg.ConfigOpts], common_deploy.WSGIApp],
          argv: Sequence[str] | None = None) -> None:
    """Parse ``argv``, then serve ``deploy(conf)`` until interrupted."""
    conf = common_service.prepare(
        service, sys.argv[1:] if argv is None else argv)
    app = deploy(conf)
    server = simple_server.make_server(
        conf.api.bind_host, conf.api.bind_port, app,
        server_class=ThreadingWSGIServer)
    LOG.info('%s API (development server) on http://%s:%s/',
             service.title, conf.api.bind_host, conf.api.bind_port)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
