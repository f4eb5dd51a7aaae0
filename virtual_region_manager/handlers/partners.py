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
"""/v1/partners: provider admins onboard aggregators."""

import webob

from csf_common import render
from virtual_region_manager.handlers import util
from virtual_region_manager import partners
from virtual_region_manager.schemas import partner as schema


def create(req: webob.Request) -> webob.Response:
    util.ctx(req).can('vrm:partners:create')
    data = util.body(req, schema.CREATE)['partner']
    partner, credential = partners.create(util.conf(req),
                                          util.keystone(req), data)
    view = partners.view(partner)
    # Shown once: the VRM keeps only the credential's id.
    view['application_credential'] = credential
    view['auth_url'] = util.conf(req).federation.auth_url
    return render.json_response({'partner': view}, status=201)


def index(req: webob.Request) -> webob.Response:
    util.ctx(req).can('vrm:partners:list')
    return render.json_response({'partners': [
        partners.view(p) for p in partners.list_all()]})


def show(req: webob.Request) -> webob.Response:
    util.ctx(req).can('vrm:partners:show')
    return render.json_response(
        {'partner': partners.view(partners.get(req.urlvars['id']))})


def delete(req: webob.Request) -> webob.Response:
    util.ctx(req).can('vrm:partners:delete')
    partners.delete(util.conf(req), util.keystone(req), req.urlvars['id'])
    return webob.Response(status=204)
