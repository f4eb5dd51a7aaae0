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
"""Forward one request to a provider endpoint and its answer back.

Requests are forwarded as they are -- method, path, query, headers and
body -- except for the token (swapped for a provider token), the caller's
identity (never forwarded) and hop-by-hop headers. Bodies stream both ways
in chunks; only JSON answers and error answers are read whole, to put
them in the tenant's words (translation.py; URL headers too), so that no
provider link, id or host leaks.
"""

from __future__ import annotations

import requests

from csf_common.handlers import util

CHUNK = 64 * 1024
# JSON answers larger than this are streamed untouched.
MAX_REWRITE = 8 * 1024 * 1024
HOP_BY_HOP = {'connection', 'keep-alive', 'proxy-authenticate',
              'proxy-authorization', 'te', 'trailer', 'trailers',
              'transfer-encoding', 'upgrade', 'host', 'content-length'}
# What says who the caller is, or carries its credentials: never forwarded.
IDENTITY_PREFIXES = ('x-auth-', 'x-service-', 'x-user', 'x-project',
                     'x-domain', 'x-role', 'x-identity-status', 'x-tenant',
                     'x-is-admin-project', 'x-subject-token', 'x-trust',
                     'x-system-scope', 'openstack-system-scope',
                     'x-application-credential', 'x-forwarded-', 'x-real-ip',
                     'forwarded', 'cookie', 'authorization', 'x-openstack-'
                     'request-id', 'x-compute-request-id', 'via')
URL_HEADERS = ('location', 'content-location', 'link')
# What in an answer tells who or what serves it: never returned. The
# provider's web server and proxies (Server, Via, X-Powered-By), its
# Keystone (WWW-Authenticate names its URI), its cookies, and its request
# ids (a Swift transaction id ends with the provider's own suffix): the
# Aggregator's request id stands for them (REQUEST_IDS).
PROVIDER_ONLY = {'server', 'via', 'x-powered-by', 'www-authenticate',
                 'set-cookie', 'x-openstack-request-id'}
REQUEST_IDS = ('x-compute-request-id', 'x-trans-id', 'x-openstack-trans-id')
# Request bodies up to this size are read before sending, so that a
# request the provider refuses for an expired provider token can be sent
# again with a new one; larger ones stream through.
REPLAY_MAX = 1024 * 1024


def request_headers(environ: dict) -> dict:
    """The caller's HTTP headers that may go to the provider."""
    headers = {}
    for key, value in environ.items():
        if key.startswith('HTTP_'):
            name = key[5:].replace('_', '-').title()
        elif key in ('CONTENT_TYPE', 'CONTENT_LENGTH'):
            name = key.replace('_', '-').title()
        else:
            continue
        lower = name.lower()
        if lower in HOP_BY_HOP or lower.startswith(IDENTITY_PREFIXES):
            continue
        # Optional whitespace around a value is not part of it (RFC 9110
        # 5.5); requests refuses a value that starts with some.
        value = value.strip(' \t')
        if value:
            headers[name] = value
    return headers


class ClientBodyError(OSError):
    """The client's body cannot be forwarded (the client's fault)."""


BODY_CUT = 'The request body ended before its Content-Length.'
TOO_DEEP = ('The JSON body nests arrays and objects deeper than %d levels.'
            % util.MAX_JSON_DEPTH)


def _checked(data: bytes, depth) -> bytes:
    """``data``, unless it takes a JSON body past the nesting limit."""
    if depth is not None and depth.feed(data):
        # Provider services parse JSON recursively: one nested deeper
        # makes them fail (Glance: 500); the upload is cut off here.
        raise ClientBodyError(TOO_DEEP)
    return data


class _Body:
    """The request body, read from the WSGI input as the upstream needs it.

    Its length is known, so the provider gets a Content-Length (many WSGI
    servers drop a chunked body from ``request.body``). A read that fails
    (the client closed or stalled before sending the whole body) is kept
    in ``failed``: the upstream request then fails because of the client,
    not the provider.
    """

    def __init__(self, stream, length: int, depth=None) -> None:
        self._stream = stream
        self._left = length
        self.len = length
        self._depth = depth
        self.failed: Exception | None = None

    def __len__(self) -> int:
        return self.len

    def read(self, size: int = -1) -> bytes:
        if self._left <= 0:
            return b''
        if size is None or size < 0 or size > self._left:
            size = self._left
        try:
            data = self._stream.read(min(size, CHUNK * 16))
            if not data:
                # The client closed early: fewer bytes than announced.
                raise ClientBodyError(BODY_CUT)
            data = _checked(data, self._depth)
        except Exception as exc:
            self.failed = exc
            raise
        self._left -= len(data)
        return data


class _Chunked:
    """A chunked body of unknown length; a failed read is kept in failed."""

    def __init__(self, chunks, depth=None) -> None:
        self._chunks = chunks
        self._depth = depth
        self.failed: Exception | None = None

    def __iter__(self):
        try:
            for data in self._chunks:
                yield _checked(data, self._depth)
        except Exception as exc:
            self.failed = exc
            raise


def _chunks(stream):
    while True:
        data = stream.read(CHUNK)
        if not data:
            return
        yield data


def body(environ: dict):
    """The request body for the upstream request, or None.

    The framing guard (``csf_common.framing``) let through only a decimal
    Content-Length, and never one beside Transfer-Encoding. A JSON body
    is checked for its nesting as it streams.
    """
    stream = environ.get('wsgi.input')
    length = environ.get('CONTENT_LENGTH')
    if stream is None:
        return None
    depth = (util.JsonDepth() if 'json' in environ.get('CONTENT_TYPE', '')
             else None)
    if length and int(length) <= REPLAY_MAX:
        return _read_whole(_Body(stream, int(length), depth))
    if length:
        return _Body(stream, int(length), depth)
    if 'chunked' in environ.get('HTTP_TRANSFER_ENCODING', '').lower():
        # Length unknown: read to the end, send chunked upstream. Under
        # uwsgi a chunked body is read with its chunked_read API (as
        # Glance does); wsgi.input is empty then.
        return _Chunked(_uwsgi_chunks() if _uwsgi() else _chunks(stream),
                        depth)
    return None


def _read_whole(data: _Body) -> bytes | None:
    """A small body, read now: it can be sent more than once."""
    parts, left = [], data.len
    while left > 0:
        part = data.read(left)
        parts.append(part)
        left -= len(part)
    return b''.join(parts) or None


def replayable(data) -> bool:
    """Whether the upstream request can be sent again with this body."""
    return data is None or isinstance(data, bytes)


def body_failed(data) -> str | None:
    """Why the client's body could not be forwarded, if it could not."""
    failed = getattr(data, 'failed', None)
    if failed is None:
        return None
    return str(failed) if isinstance(failed, ClientBodyError) else BODY_CUT


def _uwsgi():
    try:
        import uwsgi     # only inside a uwsgi worker
    except ImportError:
        return None
    return uwsgi


def _uwsgi_chunks():
    uwsgi = _uwsgi()
    while True:
        data = uwsgi.chunked_read()
        if not data:
            return
        yield data


def response_headers(resp: requests.Response, translation,
                     request_id: str | None = None
                     ) -> list[tuple[str, str]]:
    """The answer's headers as the tenant gets them.

    URL headers are in the tenant's words (``translation``); what
    identifies the provider goes (the Aggregator's request id middleware
    adds its own X-OpenStack-Request-Id), and the provider's other
    request ids become ``request_id``, the Aggregator's.
    """
    headers = []
    for name, value in resp.headers.items():
        lower = name.lower()
        if lower in HOP_BY_HOP or lower in PROVIDER_ONLY or \
                lower == 'content-encoding':
            continue
        if lower in REQUEST_IDS:
            if not request_id:
                continue
            value = request_id
        elif lower in URL_HEADERS:
            value = translation.to_tenant(value)
        headers.append((name, value))
    return headers


def read_to_rewrite(resp: requests.Response) -> bytes | None:
    """The whole body of an answer that is rewritten, else None.

    JSON answers (up to MAX_REWRITE) carry links and ids; error answers
    of any type carry the provider's messages, which may name its hosts,
    projects or region. Other answers (image data, say) stream untouched.
    """
    length = int(resp.headers.get('Content-Length', 0) or 0)
    if length > MAX_REWRITE:
        return None
    if not is_json(resp) and resp.status_code < 400:
        return None
    data = bytearray()
    try:
        for chunk in resp.iter_content(CHUNK):
            data += chunk
            if len(data) >= MAX_REWRITE:
                # An error without a length that is larger still: its
                # start says what it is.
                break
    finally:
        resp.close()
    return bytes(data[:MAX_REWRITE])


def is_json(resp: requests.Response) -> bool:
    ctype = resp.headers.get('Content-Type', '').split(';')[0].strip()
    return ctype == 'application/json' or ctype.endswith('+json')


def stream(resp: requests.Response):
    """Yield the upstream body in chunks, then release the connection."""
    try:
        for chunk in resp.iter_content(CHUNK):
            if chunk:
                yield chunk
    finally:
        resp.close()
