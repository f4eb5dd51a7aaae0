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
"""Malformed framing, oversize and nested bodies, slow clients: raw sockets.

Sent to the running Aggregator API, VRM API and the Aggregator's proxy (a
proxy region at P1's Glance): bad and negative Content-Length, two of
them, Content-Length with Transfer-Encoding, a body shorter than its
Content-Length, a folded header line, control characters, request lines
and headers over the services' limits, JSON nested 10,000 deep, a 50 MB
body, and slow clients. Each gets a 4xx (or, for a client that stops
sending, the connection closed after a bounded time) -- never a 5xx,
never a connection dropped without an answer -- and normal clients are
served meanwhile. Afterwards the tenant's proxied request still works and
the region's shared provider tokens were never retired: a malformed
request no longer drops every tenant's provider token.

nginx answers in front of each service's uwsgi (tools/topology/nginx.py):
a request line plus headers over uwsgi's 64 KiB, which uwsgi alone would
answer with a reset (and Apache in front with a 500 or 502), gets 414 or
431 (doc/source/admin/bad-input.rst).
"""

from __future__ import annotations

import socket
import sys
import threading
import time
import urllib.parse

from oslo_config import cfg
import requests
from testtools import content

from aggregator.proxy import tokens
from csf_common.conf import cache as cache_conf
from tests.functional import test_load

FOURXX = (400, 411, 413, 414, 431)
NESTED = b'[' * 10000 + b']' * 10000
BIG = 50 * 1024 * 1024


def _request(method: str, target: str, headers, body: bytes = b'') -> bytes:
    # Connection: close -- the answer is read to the end of the stream.
    lines = ['%s %s HTTP/1.1' % (method, target), 'Host: 127.0.0.1',
             'Connection: close']
    lines += ['%s: %s' % header for header in headers]
    return ('\r\n'.join(lines) + '\r\n\r\n').encode('latin-1') + body


def _exchange(port: int, data: bytes, *, half_close: bool = False,
              timeout: float = 20) -> tuple[int | None, str]:
    """Send ``data``; (status or None, what happened)."""
    sock = socket.create_connection(('127.0.0.1', port), timeout=timeout)
    out = b''
    try:
        try:
            sock.sendall(data)
            if half_close:
                sock.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass        # refused early: the answer may be there anyway
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                return _status(out), 'reset after %d bytes' % len(out)
            except socket.timeout:
                return _status(out), 'no answer in %d s' % timeout
            if not chunk:
                break
            out += chunk
    finally:
        sock.close()
    return _status(out), out[:300].decode('latin-1')


def _status(out: bytes) -> int | None:
    parts = out.split(b' ', 2)
    if len(parts) > 1 and out.startswith(b'HTTP/1.') and parts[1].isdigit():
        return int(parts[1])
    return None


def _big_body(port: int, target: str, headers) -> tuple[int | None, str]:
    """A 50 MB body, sent until the service answers or takes it all."""
    sock = socket.create_connection(('127.0.0.1', port), timeout=30)
    chunk = b' ' * (1024 * 1024)
    try:
        sock.sendall(_request('POST', target, list(headers) + [
            ('Content-Type', 'application/json'),
            ('Content-Length', str(BIG))]))
        sent = 0
        try:
            while sent < BIG:
                sock.sendall(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        try:
            out = sock.recv(65536)
        except ConnectionResetError:
            return None, 'reset after sending %d MB' % (sent >> 20)
    finally:
        sock.close()
    return _status(out), out[:300].decode('latin-1')


def _slow(port: int, data: bytes, *, nbytes: int, results: list) -> None:
    """Send ``nbytes`` of ``data`` one a second, then stall; how it ended."""
    sock = socket.create_connection(('127.0.0.1', port), timeout=30)
    started = time.monotonic()
    try:
        for i in range(nbytes):
            sock.sendall(data[i:i + 1])
            time.sleep(1)
        stalled = time.monotonic()
        try:
            out = sock.recv(65536)
        except (socket.timeout, ConnectionResetError) as exc:
            out = repr(exc).encode()
        results.append((_status(out), out[:80],
                        time.monotonic() - stalled,
                        time.monotonic() - started))
    finally:
        sock.close()


class TestFuzzFraming(test_load.ProxyRegionTestCase):

    def port(self, name: str) -> int:
        return urllib.parse.urlsplit(self.service(name)['url']).port

    def generation(self, region_id: str) -> str:
        """The region's provider-token generation in the shared cache."""
        conf = cfg.ConfigOpts()
        cache_conf.register_opts(conf)
        conf([], default_config_files=[
            self.service('reseller-aggregator')['config']])
        return tokens.SharedState(conf)._generation(region_id)

    def cases(self, read: str, write: str, token: str):
        auth = [('X-Auth-Token', token)]
        js = auth + [('Content-Type', 'application/json')]
        body = b'{"a": 1}'
        return [
            ('content-length -1', _request(
                'POST', write, js + [('Content-Length', '-1')], body), {}),
            ('content-length abc', _request(
                'POST', write, js + [('Content-Length', 'abc')], body), {}),
            ('two content-lengths', _request(
                'POST', write, js + [('Content-Length', '8'),
                                     ('Content-Length', '3')], body), {}),
            ('content-length and chunked', _request(
                'POST', write, js + [('Content-Length', '8'),
                                     ('Transfer-Encoding', 'chunked')],
                b'8\r\n{"a": 1}\r\n0\r\n\r\n'), {}),
            ('transfer-encoding gzip', _request(
                'POST', write, js + [('Transfer-Encoding', 'gzip')],
                body), {}),
            ('body shorter than content-length, then close', _request(
                'POST', write, js + [('Content-Length', '1000')], body),
             {'half_close': True}),
            ('obs-fold', _request(
                'GET', read, auth + [('X-Folded', 'a\r\n  b')]), {}),
            ('control character', _request(
                'GET', read, auth + [('X-Ctl', 'a\x01b')]), {}),
            ('16 KB request line', _request(
                'GET', read + '?q=' + 'a' * 16384, auth), {}),
            ('32 KB header', _request(
                'GET', read, auth + [('X-Big', 'v' * 32768)]), {}),
            ('200 headers', _request(
                'GET', read, auth + [('X-H%d' % i, 'v') for i in
                                     range(200)]), {}),
            ('JSON nested 10,000 deep', _request(
                'POST', write, js + [('Content-Length', str(len(NESTED)))],
                NESTED), {}),
        ]

    def check(self, name: str, status, what: str, allowed=FOURXX) -> None:
        self.seen.append('%s -> %s' % (name, status or what[:40]))
        if status not in allowed:
            self.failures.append('%s: %s %s' % (name, status, what))

    def send_malformed(self, api, port, read, write, token) -> None:
        for case, data, kwargs in self.cases(read, write, token):
            status, what = _exchange(port, data, **kwargs)
            allowed = FOURXX
            if kwargs.get('half_close') and not what.startswith('reset'):
                # The client said it sent all: a body cut short then is
                # an abort, which nginx closes (not resets) unanswered.
                allowed = FOURXX + (None,)
            self.check('%s %s' % (api, case), status, what, allowed)
        # Beyond uwsgi's 64 KiB: refused in front of it, never a reset.
        for case, data in (
                ('64 KB request line', _request(
                    'GET', read + '?q=' + 'a' * 65536, [])),
                ('100 KB of headers', _request(
                    'GET', read, [('X-H%d' % i, 'v' * 1000)
                                  for i in range(100)])),
                ('10 headers of 8 KB', _request(
                    'GET', read, [('X-H%d' % i, 'v' * 8000)
                                  for i in range(10)]))):
            status, what = _exchange(port, data)
            self.check('%s %s' % (api, case), status, what)

    def upload_big_image(self, proxy: str, token: str) -> None:
        """The proxy streams big bodies to the provider: a 50 MB image."""
        image = self.agg('POST', proxy, sess=self.tenant, json={
            'name': self.unique('framing'), 'disk_format': 'raw',
            'container_format': 'bare'})
        self.assertEqual(201, image.status_code, image.text)
        image_url = '%s/%s' % (proxy, image.json()['id'])
        self.addCleanup(self.agg, 'DELETE', image_url, sess=self.tenant)
        upload = requests.put(
            self.agg_url + image_url + '/file', data=b'\0' * BIG,
            timeout=120, headers={
                'X-Auth-Token': token,
                'Content-Type': 'application/octet-stream'})
        self.assertEqual(204, upload.status_code, upload.text)
        self.assertEqual(BIG, self.agg('GET', image_url, sess=self.tenant)
                         .json()['size'])

    def slow_clients(self, agg_port: int, vrm_port: int, proxy: str,
                     token: str) -> int:
        """Slow clients beside normal ones; how many there were.

        4 at each service (half of its threads) send one byte of their
        headers a second, then fall silent; others are served meanwhile.
        """
        slow, threads = [], []
        for port, path, count in ((agg_port, '/', 2), (agg_port, proxy, 2),
                                  (vrm_port, '/', 4)):
            data = _request('GET', path, [('X-Auth-Token', token)])
            for _ in range(count):
                thread = threading.Thread(target=_slow, args=(port, data),
                                          kwargs={'nbytes': 5,
                                                  'results': slow})
                thread.start()
                threads.append(thread)
        time.sleep(2)
        for port in (agg_port, vrm_port):
            started = time.monotonic()
            status, what = _exchange(port, _request('GET', '/', []),
                                     timeout=10)
            elapsed = time.monotonic() - started
            self.check('GET / beside 4 slow clients', status, what,
                       allowed=(200,))
            if elapsed > 3:
                self.failures.append('GET / on port %d waited %.1f s '
                                     'beside slow clients' % (port, elapsed))
        for thread in threads:
            thread.join(60)
        for status, out, after_stall, _total in slow:
            # Closed a few seconds after it stalled, with no 5xx.
            if status is not None and status not in FOURXX:
                self.failures.append('slow client: %s %r' % (status, out))
            if after_stall > 15:
                self.failures.append('slow client held %.1f s after it '
                                     'stalled' % after_stall)
        return len(slow)

    def test_framing_size_nesting_slow_clients(self):
        region = self.usable_proxy_region()
        region_id = self.agg('GET', '/v1/regions/%s' % region).json()[
            'region']['id']
        agg_port = self.port('reseller-aggregator')
        vrm_port = self.port('p1-vrm')
        proxy = '/proxy/%s/image/v2/images' % region
        tenant = self.tenant.get_token()
        # Warm: the region's provider token is in the shared cache.
        self.assertEqual(200, self.agg('GET', proxy,
                                       sess=self.tenant).status_code)
        before = self.generation(region_id)
        self.failures, self.seen = [], []
        for api, port, read, write, token in (
                ('aggregator', agg_port, '/v1/regions', '/v1/providers',
                 self.reseller.get_token()),
                ('vrm', vrm_port, '/v1/partners', '/v1/partners',
                 self.password_session('provider-p1-admin').get_token()),
                ('proxy', agg_port, proxy, proxy, tenant)):
            self.send_malformed(api, port, read, write, token)
            if api != 'proxy':
                status, what = _big_body(port, write, [
                    ('X-Auth-Token', token)])
                self.check('%s 50 MB body' % api, status, what,
                           allowed=(413,))
        self.upload_big_image(proxy, tenant)
        slow = self.slow_clients(agg_port, vrm_port, proxy, tenant)

        # The shared state is intact: the tenant's proxied request works,
        # and the region's provider tokens were never retired.
        resp = self.agg('GET', proxy, sess=self.tenant)
        self.assertEqual(200, resp.status_code, resp.text)
        if self.generation(region_id) != before:
            self.failures.append('a malformed request retired the '
                                 'region\'s provider tokens (every tenant '
                                 'logs in again)')
        self.addDetail('framing', content.text_content('\n'.join(
            self.seen)))
        sys.stderr.write('framing: %d cases, %d slow clients\n'
                         % (len(self.seen), slow))
        self.assertEqual([], self.failures, '\n'.join(self.failures))
