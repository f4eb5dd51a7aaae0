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
"""/v1/bindings: partners ask, provider admins approve, both may end."""

import webob

from csf_common import render
from virtual_region_manager import bindings
from virtual_region_manager import errors
from virtual_region_manager.handlers import util
from virtual_region_manager import partners
from virtual_region_manager.schemas import binding as schema


def policy_target(binding) -> dict:
    """Policy target: the project of the partner owning the binding."""
    return {'project_id': partners.get(binding.partner_id).project_id}


def _render(req, binding, status: int = 200) -> webob.Response:
    return render.json_response({'binding': bindings.view(
        util.conf(req), util.keystone(req), binding)}, status=status)


def create(req: webob.Request) -> webob.Response:
    ctx = util.ctx(req)
    ctx.can('vrm:bindings:create')
    partner = util.caller_partner(req)
    if partner is None:
        raise errors.InvalidInput('Only a partner credential can request a '
                                  'binding.')
    data = util.body(req, schema.CREATE)['binding']
    binding = bindings.create(util.conf(req), util.keystone(req), partner,
                              data)
    return _render(req, binding, status=201)


def index(req: webob.Request) -> webob.Response:
    util.ctx(req).can('vrm:bindings:list')
    partner = util.caller_partner(req)
    found = bindings.list_all(partner.id if partner else None)
    conf, pk = util.conf(req), util.keystone(req)
    return render.json_response({'bindings': [
        bindings.view(conf, pk, b) for b in found]})


def get_for_caller(req) -> object:
    binding = bindings.get(req.urlvars['id'])
    partner = util.caller_partner(req)
    if partner is not None and partner.id != binding.partner_id:
        # Another partner's binding does not exist for this caller.
        raise errors.NotFound('Binding %s not found.' % binding.id)
    return binding


def show(req: webob.Request) -> webob.Response:
    binding = get_for_caller(req)
    util.ctx(req).can('vrm:bindings:show', policy_target(binding))
    return _render(req, binding)


def action(req: webob.Request) -> webob.Response:
    binding = get_for_caller(req)
    data = util.body(req, schema.ACTION)
    (name, args), = data.items()
    util.ctx(req).can('vrm:bindings:%s' % name, policy_target(binding))
    # Each side lifts only its own suspension (bindings.transition).
    side = bindings.PARTNER if util.caller_partner(req) else \
        bindings.PROVIDER
    binding = bindings.act(util.conf(req), util.keystone(req), binding.id,
                           name, args, side=side)
    return _render(req, binding)
