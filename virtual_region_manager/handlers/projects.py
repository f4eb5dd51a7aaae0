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
"""/v1/bindings/{id}/projects: partners place tenant projects."""

import webob

from csf_common import render
from virtual_region_manager import errors
from virtual_region_manager.handlers import bindings as binding_handlers
from virtual_region_manager.handlers import util
from virtual_region_manager import partners
from virtual_region_manager import placements
from virtual_region_manager import regions
from virtual_region_manager.schemas import project as schema


def create(req: webob.Request) -> webob.Response:
    binding = binding_handlers.get_for_caller(req)
    target = binding_handlers.policy_target(binding)
    util.ctx(req).can('vrm:projects:create', target)
    data = util.body(req, schema.CREATE)['project']
    placement = placements.create(
        util.conf(req), util.keystone(req), binding,
        partners.get(binding.partner_id),
        regions.get(binding.virtual_region_id), data)
    return render.json_response({'project': placements.view(placement)},
                                status=201)


def index(req: webob.Request) -> webob.Response:
    binding = binding_handlers.get_for_caller(req)
    util.ctx(req).can('vrm:projects:list',
                      binding_handlers.policy_target(binding))
    return render.json_response({'projects': [
        placements.view(p) for p in placements.list_for(binding.id)]})


def delete(req: webob.Request) -> webob.Response:
    binding = binding_handlers.get_for_caller(req)
    util.ctx(req).can('vrm:projects:delete',
                      binding_handlers.policy_target(binding))
    placements.delete(util.conf(req), util.keystone(req), binding.id,
                      req.urlvars['project_id'])
    return webob.Response(status=204)


def update(req: webob.Request) -> webob.Response:
    binding = binding_handlers.get_for_caller(req)
    util.ctx(req).can('vrm:projects:update',
                      binding_handlers.policy_target(binding))
    data = util.body(req, schema.UPDATE)['project']
    placement = placements.set_access(
        util.conf(req), util.keystone(req), binding.id,
        req.urlvars['project_id'], data['access'])
    return render.json_response({'project': placements.view(placement)})


def credential(req: webob.Request) -> webob.Response:
    binding = binding_handlers.get_for_caller(req)
    util.ctx(req).can('vrm:projects:credential',
                      binding_handlers.policy_target(binding))
    data = util.body(req, schema.CREDENTIAL)['credential']
    found = placements.set_credential(
        util.conf(req), util.keystone(req), binding.id,
        req.urlvars['project_id'], data['secret'],
        data.get('role', 'member'))
    return render.json_response({'credential': found})


def _user_key(req: webob.Request) -> str:
    key = req.urlvars['key']
    if not schema.USER_KEY.fullmatch(key):
        raise errors.InvalidInput(
            'key: a user key is 16 to 64 lower-case letters and digits.')
    return key


def set_user(req: webob.Request) -> webob.Response:
    binding = binding_handlers.get_for_caller(req)
    util.ctx(req).can('vrm:projects:users:update',
                      binding_handlers.policy_target(binding))
    key = _user_key(req)
    data = util.body(req, schema.USER_CREDENTIAL)['credential']
    found = placements.set_user(
        util.conf(req), util.keystone(req), binding.id,
        req.urlvars['project_id'], key, data.get('secret'),
        data.get('role', 'member'))
    return render.json_response({'credential': found})


def remove_user(req: webob.Request) -> webob.Response:
    binding = binding_handlers.get_for_caller(req)
    util.ctx(req).can('vrm:projects:users:delete',
                      binding_handlers.policy_target(binding))
    placements.remove_user(util.keystone(req), binding.id,
                           req.urlvars['project_id'], _user_key(req))
    return webob.Response(status=204)
