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
"""/v1/virtual-regions: provider admins define what they offer."""

import webob

from csf_common import render
from virtual_region_manager.handlers import util
from virtual_region_manager import regions
from virtual_region_manager.schemas import virtual_region as schema


def create(req: webob.Request) -> webob.Response:
    util.ctx(req).can('vrm:virtual_regions:create')
    data = util.body(req, schema.CREATE)['virtual_region']
    vr = regions.create(util.conf(req), util.keystone(req), data)
    return render.json_response({'virtual_region': regions.view(vr)},
                                status=201)


def index(req: webob.Request) -> webob.Response:
    util.ctx(req).can('vrm:virtual_regions:list')
    return render.json_response({'virtual_regions': [
        regions.view(vr) for vr in regions.list_all()]})


def show(req: webob.Request) -> webob.Response:
    util.ctx(req).can('vrm:virtual_regions:show')
    vr = regions.get(req.urlvars['id'])
    return render.json_response({'virtual_region': regions.view(vr)})


def update(req: webob.Request) -> webob.Response:
    util.ctx(req).can('vrm:virtual_regions:update')
    data = util.body(req, schema.UPDATE)['virtual_region']
    vr = regions.update(util.conf(req), util.keystone(req),
                        req.urlvars['id'], data)
    return render.json_response({'virtual_region': regions.view(vr)})


def delete(req: webob.Request) -> webob.Response:
    util.ctx(req).can('vrm:virtual_regions:delete')
    regions.delete(util.conf(req), util.keystone(req), req.urlvars['id'])
    return webob.Response(status=204)
