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

from oslo_serialization import jsonutils
import webob

from csf_common import context
from csf_common import errors
from csf_common import validation


def ctx(req: webob.Request) -> context.RequestContext:
    return req.environ[context.ENV_CONTEXT]


def conf(req: webob.Request):
    return ctx(req).config


def json_body(req: webob.Request, schema: dict, *,
              error: type[errors.InvalidInput]) -> dict:
    """The JSON body, validated against ``schema``; bad input: ``error``."""
    if req.content_type != 'application/json':
        raise error('The body must be JSON (Content-Type: '
                    'application/json).')
    try:
        data = jsonutils.loads(req.body or b'null')
    except ValueError as exc:
        raise error('The body is not valid JSON: %s' % exc)
    validation.validate(schema, data, error=error)
    return data
