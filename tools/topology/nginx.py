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
"""nginx (from apt) in front of a uwsgi-served API: the Aggregator, a VRM.

uwsgi reads a request line plus headers of 64 KiB at most and resets the
connection beyond; Apache in front bounds each header field but not their
sum, and answers 500 or 502 when uwsgi refuses the whole. nginx bounds the
sum (its header buffers), so what is too large gets 414 or 431 and
never reaches uwsgi; slow clients wait in its event loop, not in a uwsgi
thread; bodies stream both ways unbuffered (image uploads and downloads
through the proxy). See doc/source/admin/bad-input.rst.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil

from tools.topology import service

CONFIG = """\
daemon off;
master_process on;
user {user};
worker_processes 2;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {dir}/access.log;
    client_body_temp_path {dir}/tmp/body;
    proxy_temp_path {dir}/tmp/proxy;
    fastcgi_temp_path {dir}/tmp/fastcgi;
    uwsgi_temp_path {dir}/tmp/uwsgi;
    scgi_temp_path {dir}/tmp/scgi;
    server_tokens off;
    # A request line or header field over 16 KiB: 414 or 431; all of them
    # together stay under 48 KiB, within uwsgi's 64 KiB.
    client_header_buffer_size 8k;
    large_client_header_buffers 3 16k;
    # Slow clients: the headers within 10 s, then no pause over 20 s.
    client_header_timeout 10s;
    client_body_timeout 20s;
    send_timeout 60s;
    keepalive_timeout 30s;
    server {{
        listen 127.0.0.1:{port};
        # The API's own bodies are small: larger ones get 413 here, before
        # any parsing (the service's sizelimit is the second line).
        client_max_body_size {api_body};
        # nginx's own refusals in the APIs' JSON error format.
{errors}
        location / {{
{proxy}
        }}
{unlimited}
    }}
}}
"""

PROXY = """\
            proxy_pass http://127.0.0.1:{upstream};
            proxy_http_version 1.1;
            proxy_set_header Host $http_host;
            proxy_request_buffering off;
            proxy_buffering off;
            proxy_read_timeout 600s;
            proxy_send_timeout 600s;"""

# Bodies of the API calls themselves: oslo.middleware's default
# ``[oslo_middleware] max_request_body_size`` (the services check it too).
API_BODY = 114688

# Paths whose bodies the service streams (the Aggregator's proxy: image
# data): no size limit here.
UNLIMITED = """\
        location {path} {{
            client_max_body_size 0;
{proxy}
        }}"""


# nginx's own refusals: (status it sends, title, detail, code); 494 is
# nginx's "request header too large", sent as 431. (A request line over
# 16 KiB gets nginx's own 414 page: there is no request to redirect.)
ERRORS = {
    413: (413, 'Request Entity Too Large', 'The request body is too large.',
          'front.body_too_large'),
    # A Transfer-Encoding other than chunked (nginx: 501): the client's.
    501: (400, 'Bad Request', 'Transfer-Encoding: only chunked is '
          'accepted.', 'front.transfer_encoding'),
    494: (431, 'Request Header Fields Too Large',
          'A header field is longer than 16 KiB, or all of them together '
          'longer than 48 KiB.', 'front.headers_too_large'),
}


def _error_pages() -> str:
    lines = []
    for code, (status, title, detail, name) in sorted(ERRORS.items()):
        body = json.dumps({'errors': [{'status': status, 'title': title,
                                       'detail': detail, 'code': name}]})
        lines.append('        error_page %d =%d @e%d;' % (code, status, code))
        lines.append("        location @e%d { default_type application/json;"
                     " return %d '%s'; }" % (code, status, body))
    return '\n'.join(lines)


def binary() -> str:
    return shutil.which('nginx') or '/usr/sbin/nginx'


class Front(service.Service):
    """nginx on ``port`` forwarding to a uwsgi ``upstream`` port."""

    kind = 'front'

    def __init__(self, *, name: str, cloud: str, root: str, port: int,
                 upstream: int, api_body: int,
                 unlimited: tuple[str, ...] = ()) -> None:
        super().__init__(name=name, cloud=cloud, root=root)
        self.port = port
        self.upstream = upstream
        self.api_body = api_body
        self.unlimited = unlimited
        self.conf = self.path('nginx.conf')

    @property
    def url(self) -> str:
        return 'http://127.0.0.1:%d' % self.port

    def health_url(self) -> str:
        return self.url + '/'

    def record(self) -> dict:
        data = super().record()
        data.update(config=self.conf, upstream=self.upstream)
        return data

    def config(self) -> str:
        proxy = PROXY.format(upstream=self.upstream)
        return CONFIG.format(
            user=pwd.getpwuid(os.geteuid()).pw_name, dir=self.path(),
            port=self.port, api_body=self.api_body,
            proxy=proxy, errors=_error_pages(), unlimited='\n'.join(
                UNLIMITED.format(path=path, proxy=proxy)
                for path in self.unlimited))

    def prepare(self) -> None:
        os.makedirs(self.path('tmp'), exist_ok=True)
        service.write_private(self.conf, self.config())

    def start(self) -> None:
        self.spawn([binary(), '-c', self.conf, '-p', self.path(),
                    '-e', self.path('error.log')])
