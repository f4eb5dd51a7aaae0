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
"""Refuse malformed or oversize requests before anything reads them.

Two middlewares, outside authentication and policy:

- ``FramingGuard``: the request's framing as the WSGI server handed it
  over. uwsgi passes on what a stricter server refuses -- ``Content-Length:
  -1`` or ``abc``, two Content-Lengths (joined as ``"8, 3"``), a
  Content-Length beside ``Transfer-Encoding``, a folded header line (its
  value then holds CR LF), control characters -- and a request line or
  header field longer than Apache's defaults. Each is refused with a 4xx
  in the API's error format, so that nothing below (webob, the proxy's
  upstream request) meets it.
- ``BodySizeLimiter``: oslo.middleware's ``RequestBodySizeLimiter``
  (``[oslo_middleware] max_request_body_size``), its 413 in the API's error
  format, with the paths whose bodies stream elsewhere (the Aggregator's
  proxy) exempt.
"""

from __future__ import annotations

import re

from oslo_middleware import sizelimit

from csf_common import render

# Apache httpd's defaults (LimitRequestLine, LimitRequestFieldSize,
# LimitRequestFields), so that a service answers the same behind Apache or
# served by uwsgi alone. uwsgi itself cannot take a request line plus
# headers over 64 KiB (it closes the connection); see the operations guide.
MAX_REQUEST_LINE = 8190
MAX_FIELD_SIZE = 8190
MAX_FIELDS = 100

# RFC 9110 token, and a header name as a WSGI server writes it in environ.
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+\Z")
_ENVIRON_NAME = re.compile(r'[A-Z0-9_]+\Z')
# Control characters but HTAB; CR and LF are those of a folded line.
_CONTROL = re.compile(r'[\x00-\x08\x0a-\x1f\x7f]')
_DIGITS = re.compile(r'[0-9]{1,18}\Z')


def _request_line(environ: dict) -> tuple[int, str] | None:
    if not _TOKEN.match(environ.get('REQUEST_METHOD', '')):
        return 400, 'The request method is not a valid HTTP token.'
    target = environ.get('REQUEST_URI')
    if target is None:
        target = environ.get('PATH_INFO', '') + (
            '?' + environ['QUERY_STRING']
            if environ.get('QUERY_STRING') else '')
    if len(target) > MAX_REQUEST_LINE:
        return 414, ('The request target is longer than %d bytes.'
                     % MAX_REQUEST_LINE)
    return None


def _header(name: str, value) -> tuple[int, str] | None:
    if not isinstance(value, str) or not _ENVIRON_NAME.match(name):
        return 400, 'A header name is not a valid HTTP token.'
    if '\r' in value or '\n' in value:
        return 400, ('A header line is folded onto the next one '
                     '(obs-fold); send each header on one line.')
    if _CONTROL.search(value):
        return 400, 'A header value holds a control character.'
    if len(name) + len(value) + 2 > MAX_FIELD_SIZE:
        return 431, 'A header field is longer than %d bytes.' % (
            MAX_FIELD_SIZE)
    return None


def _headers(environ: dict) -> tuple[int, str] | None:
    fields = 0
    for key, value in environ.items():
        if key.startswith('HTTP_'):
            name = key[5:]
        elif key in ('CONTENT_TYPE', 'CONTENT_LENGTH'):
            name = key
        else:
            continue
        fields += 1
        problem = _header(name, value)
        if problem:
            return problem
    if fields > MAX_FIELDS:
        return 431, 'The request has more than %d header fields.' % (
            MAX_FIELDS)
    return None


def _framing(environ: dict) -> tuple[int, str] | None:
    length = environ.get('CONTENT_LENGTH') or ''
    coding = environ.get('HTTP_TRANSFER_ENCODING')
    if length and not _DIGITS.match(length):
        # Two Content-Lengths arrive joined: "8, 3".
        return 400, ('Content-Length must be one non-negative decimal '
                     'number.')
    if coding is not None:
        if length:
            # Which one frames the body? Never guess (request smuggling).
            return 400, ('A request may not have both Content-Length and '
                         'Transfer-Encoding.')
        if coding.strip().lower() != 'chunked':
            return 400, 'Transfer-Encoding must be chunked.'
    return None


def _problem(environ: dict) -> tuple[int, str] | None:
    """(status, reason) of the first framing problem, or None."""
    return (_request_line(environ) or _headers(environ) or
            _framing(environ))


class FramingGuard:
    """Answer a malformed request with a 4xx before anything reads it."""

    def __init__(self, app, *, code: str) -> None:
        self.app = app
        self.code = code

    def __call__(self, environ, start_response):
        problem = _problem(environ)
        if problem is None:
            return self.app(environ, start_response)
        status, detail = problem
        response = render.error_response(environ, status=status,
                                         code=self.code, detail=detail,
                                         headers={'Connection': 'close'})
        return response(environ, start_response)


class BodySizeLimiter(sizelimit.RequestBodySizeLimiter):
    """oslo.middleware's body size limit, for every path but ``streamed``.

    A Content-Length over ``[oslo_middleware] max_request_body_size`` is
    refused (413) before the body is read; a chunked body is cut off, with
    the same 413, once it grows past it (oslo.middleware's limiting reader;
    the handler that reads the body renders that 413).
    """

    def __init__(self, app, conf, *, code: str,
                 streamed: tuple[str, ...] = ()) -> None:
        super().__init__(app, conf)
        self.code = code
        self.streamed = tuple(streamed)

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '')
        if self.streamed and path.startswith(self.streamed):
            return self.application(environ, start_response)
        limit = self._conf_get('max_request_body_size')
        # FramingGuard let through digits only.
        length = environ.get('CONTENT_LENGTH') or ''
        if length and int(length) > limit:
            response = render.error_response(
                environ, status=413, code=self.code,
                detail='The request body is larger than %d bytes.' % limit,
                headers={'Connection': 'close'})
            return response(environ, start_response)
        return super().__call__(environ, start_response)
