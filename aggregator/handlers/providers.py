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
"""/v1/providers: reseller admins register the clouds they resell."""

import webob

from aggregator.handlers import util
from aggregator import providers
from aggregator.schemas import provider as schema
from csf_common import render


def create(req: webob.Request) -> webob.Response:
    util.ctx(req).can('aggregator:providers:create')
    data = util.body(req, schema.CREATE)['provider']
    provider = providers.create(util.conf(req), data)
    return render.json_response({'provider': providers.view(provider)},
                                status=201)


def index(req: webob.Request) -> webob.Response:
    util.ctx(req).can('aggregator:providers:list')
    return render.json_response({'providers': [
        providers.view(p) for p in providers.list_all()]})


def show(req: webob.Request) -> webob.Response:
    util.ctx(req).can('aggregator:providers:show')
    return render.json_response({'provider': providers.view(
        providers.get(req.urlvars['id']))})


def delete(req: webob.Request) -> webob.Response:
    util.ctx(req).can('aggregator:providers:delete')
    providers.delete(util.conf(req), req.urlvars['id'])
    return webob.Response(status=204)
