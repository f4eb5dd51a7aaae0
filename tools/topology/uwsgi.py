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
"""uwsgi command lines for the Python services of the topology."""

from __future__ import annotations

import os
import sys


def binary() -> str:
    return os.path.join(os.path.dirname(sys.executable), 'uwsgi')


def command(*, module: str, http_port: int | None = None,
            uwsgi_port: int | None = None, processes: int = 2,
            threads: int = 1, env: dict | None = None,
            extra: list[str] | None = None) -> list[str]:
    """Build the uwsgi argv serving WSGI ``module`` on loopback.

    ``http_port`` serves plain HTTP; ``uwsgi_port`` serves the uwsgi
    protocol for a web server in front (Apache's mod_proxy_uwsgi), bound to
    loopback so that nobody but that web server reaches it.
    """
    argv = [binary(), '--master', '--die-on-term', '--need-app',
            '--module', module, '--processes', str(processes),
            '--threads', str(threads), '--enable-threads',
            '--virtualenv', sys.prefix, '--buffer-size', '65535',
            '--thunder-lock', '--lazy-apps']
    if http_port:
        argv += ['--http-socket', '127.0.0.1:%d' % http_port,
                 # A client that sends nothing for this long (while its
                 # request line, headers or body are read) is closed.
                 '--socket-timeout', '4',
                 # Room for more header fields than the services accept
                 # (100), so that they answer 431, not uwsgi a closed
                 # connection.
                 '--max-vars', '512',
                 # uwsgi's http-socket keep-alive resets reused
                 # connections; tell clients not to reuse them.
                 '--add-header', 'Connection: close',
                 '--http-auto-chunked',
                 '--http-chunked-input', '--http-raw-body']
    if uwsgi_port:
        argv += ['--socket', '127.0.0.1:%d' % uwsgi_port]
    for key, value in (env or {}).items():
        argv += ['--env', '%s=%s' % (key, value)]
    return argv + list(extra or [])
