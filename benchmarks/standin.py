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
"""Stand-in VRMs: many lightweight providers on one loopback port.

Each provider ``i`` lives under ``/p<i>``: ``POST /p<i>/v3/auth/tokens``
answers like a provider's Keystone (application credential accepted),
``GET /p<i>/v1/offerings`` like its VRM. A provider can be made slow
(its offerings answer after a delay) or dead (the connection is closed
without an answer), to see that the Aggregator's offerings search does
not wait on them.
"""

from __future__ import annotations

import datetime
import http.server
import json
import socketserver
import threading
import time
import uuid

COUNTRIES = ('DE', 'FR', 'NL', 'SE', 'IT')


def offerings(index: int) -> list[dict]:
    return [{'id': uuid.UUID(int=index * 16 + n).hex,
             'name': 'vr-%d-%d' % (index, n), 'region_id': 'R%d' % index,
             'services': ['image'], 'available': True,
             'metadata': {'schema_version': '1', 'location': {
                 'country': COUNTRIES[(index + n) % len(COUNTRIES)],
                 'jurisdiction': 'EU'}}} for n in range(2)]


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args) -> None:
        pass

    def _provider(self) -> tuple[int | None, str]:
        head, _, rest = self.path.lstrip('/').partition('/')
        if not head.startswith('p') or not head[1:].isdigit():
            return None, ''
        return int(head[1:]), '/' + rest

    def _send(self, status: int, body: dict, headers: dict = None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _answer(self, method: str) -> None:
        index, path = self._provider()
        if self.headers.get('Content-Length'):
            self.rfile.read(int(self.headers['Content-Length']))
        farm = self.server.farm
        if index is None or index >= farm.count:
            return self._send(404, {'error': 'no such provider'})
        if index in farm.dead:
            self.close_connection = True
            self.connection.shutdown(2)
            return None
        if method == 'POST' and path == '/v3/auth/tokens':
            expires = (datetime.datetime.now(datetime.timezone.utc) +
                       datetime.timedelta(hours=1))
            return self._send(201, {'token': {
                'methods': ['application_credential'],
                'expires_at': expires.strftime('%Y-%m-%dT%H:%M:%S.000000Z'),
                'issued_at': expires.strftime('%Y-%m-%dT%H:%M:%S.000000Z'),
                'user': {'id': 'u%d' % index, 'name': 'partner',
                         'domain': {'id': 'default', 'name': 'Default'}},
                'project': {'id': 'p%d' % index, 'name': 'partner',
                            'domain': {'id': 'default', 'name': 'Default'}},
                'roles': [{'id': 'r', 'name': 'vrm_partner'}],
                'catalog': []}},
                {'X-Subject-Token': uuid.uuid4().hex})
        if method == 'GET' and path == '/v1/offerings':
            if index in farm.slow:
                time.sleep(farm.slow_seconds)
            return self._send(200, {'offerings': offerings(index)})
        return self._send(404, {'error': 'not found'})

    def do_GET(self) -> None:
        self._answer('GET')

    def do_POST(self) -> None:
        self._answer('POST')


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


class ProviderFarm:
    """``count`` stand-in providers on 127.0.0.1; stop() when done."""

    def __init__(self, count: int, slow_seconds: float = 2.0) -> None:
        self.count = count
        self.slow: set = set()
        self.dead: set = set()
        self.slow_seconds = slow_seconds
        self.server = _Server(('127.0.0.1', 0), _Handler)
        self.server.farm = self
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       daemon=True)
        self.thread.start()

    def url(self, index: int) -> str:
        return 'http://127.0.0.1:%d/p%d' % (self.port, index)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
