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
"""What handlers of every service need: the context and the JSON body."""

from __future__ import annotations

import re

from oslo_serialization import jsonutils
import webob

from csf_common import context
from csf_common import errors
from csf_common import validation


def ctx(req: webob.Request) -> context.RequestContext:
    return req.environ[context.ENV_CONTEXT]


def conf(req: webob.Request):
    return ctx(req).config


# No request body of either API nests deeper (a virtual region's metadata
# included); parsing a deeper one could exhaust the interpreter's stack.
MAX_JSON_DEPTH = 32
_JSON_SPECIAL = re.compile(rb'[\[\]{}"\\]')


class JsonDepth:
    """Whether JSON text nests arrays/objects deeper than ``limit``.

    Fed in pieces (a streamed body) or whole: one pass over the brackets,
    quotes and backslashes, outside strings; nothing is kept but a few
    counters.
    """

    def __init__(self, limit: int = MAX_JSON_DEPTH) -> None:
        self.limit = limit
        self.depth = 0
        self.in_string = False
        self.escaped = -1       # position of an escaped character
        self.exceeded = False

    def feed(self, data: bytes) -> bool:
        """Scan the next piece; True once the limit was exceeded."""
        escaped, depth, in_string = self.escaped, self.depth, self.in_string
        for match in _JSON_SPECIAL.finditer(data):
            if self.exceeded:
                break
            char, pos = match.group(), match.start()
            if in_string:
                if pos == escaped:
                    continue
                if char == b'\\':
                    escaped = pos + 1
                elif char == b'"':
                    in_string = False
            elif char == b'"':
                in_string = True
            elif char in (b'[', b'{'):
                depth += 1
                self.exceeded = depth > self.limit
            elif char in (b']', b'}'):
                depth -= 1
        # An escape at the end of this piece escapes the next one's first.
        self.escaped = 0 if escaped == len(data) else -1
        self.depth, self.in_string = depth, in_string
        return self.exceeded


def json_depth_exceeds(raw: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when JSON text ``raw`` nests arrays/objects deeper than limit."""
    return JsonDepth(limit).feed(raw)


def json_body(req: webob.Request, schema: dict, *,
              error: type[errors.InvalidInput]) -> dict:
    """The JSON body, validated against ``schema``; bad input: ``error``."""
    if req.content_type != 'application/json':
        raise error('The body must be JSON (Content-Type: '
                    'application/json).')
    try:
        raw = req.body or b'null'
    except OSError as exc:      # webob's DisconnectionError, uwsgi's read
        raise error('The body ended before its Content-Length: %s' % exc)
    if json_depth_exceeds(raw):
        raise error('The body nests arrays and objects deeper than %d '
                    'levels.' % MAX_JSON_DEPTH)
    try:
        data = jsonutils.loads(raw)
    except ValueError as exc:
        raise error('The body is not valid JSON: %s' % exc)
    validation.validate(schema, data, error=error)
    return data
