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
"""What every VRM handler needs: the caller, the body, the provider."""

from __future__ import annotations

import webob

from csf_common.handlers import util
from virtual_region_manager import errors
from virtual_region_manager import partners

ENV_PROVIDER_KEYSTONE = 'virtual_region_manager.provider_keystone'

ctx = util.ctx
conf = util.conf


def keystone(req: webob.Request):
    return req.environ[ENV_PROVIDER_KEYSTONE]


def body(req: webob.Request, schema: dict) -> dict:
    return util.json_body(req, schema, error=errors.InvalidInput)


def caller_partner(req: webob.Request):
    """The partner making this call, or None for the provider's staff."""
    return partners.for_project(ctx(req).project_id)
