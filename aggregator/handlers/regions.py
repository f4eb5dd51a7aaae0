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
"""/v1/regions: aggregator regions and the projects placed in them."""

import webob

from aggregator.handlers import proxy
from aggregator.handlers import util
from aggregator import offerings
from aggregator import placements
from aggregator import regions
from aggregator.schemas import placement as placement_schema
from aggregator.schemas import region as schema
from csf_common import render


def create(req: webob.Request) -> webob.Response:
    util.ctx(req).can('aggregator:regions:create')
    data = util.body(req, schema.CREATE)['region']
    region = regions.create(util.conf(req), data)
    return render.json_response({'region': regions.view(region)},
                                status=201)


def index(req: webob.Request) -> webob.Response:
    util.ctx(req).can('aggregator:regions:list')
    admin = util.is_admin(req)
    cached = offerings.by_key()
    return render.json_response({'regions': [
        regions.view(r, admin=admin, cached=cached)
        for r in regions.list_all()]})


def show(req: webob.Request) -> webob.Response:
    util.ctx(req).can('aggregator:regions:show')
    return render.json_response({'region': regions.view(
        regions.get(req.urlvars['name']), admin=util.is_admin(req))})


def update(req: webob.Request) -> webob.Response:
    util.ctx(req).can('aggregator:regions:update')
    data = util.body(req, schema.UPDATE)['region']
    region = regions.update(util.conf(req), req.urlvars['name'], data)
    return render.json_response({'region': regions.view(region)})


def delete(req: webob.Request) -> webob.Response:
    util.ctx(req).can('aggregator:regions:delete')
    regions.delete(util.conf(req), req.urlvars['name'])
    return webob.Response(status=204)


# How long placing a project in a proxy region waits for its provider token.
WARM_SECONDS = 15


def place(req: webob.Request) -> webob.Response:
    data = util.body(req, placement_schema.CREATE)['project']
    # A tenant places only a project its token is scoped to.
    util.ctx(req).can('aggregator:placements:create',
                      {'project_id': data['project_id']})
    region = regions.get(req.urlvars['name'])
    placement = placements.create(util.conf(req), region,
                                  data['project_id'], data.get('quota', {}))
    tokens = req.environ.get(proxy.ENV_TOKENS)
    if (tokens and region.token_mode == 'proxy' and
            placement.status == 'active' and
            util.ctx(req).project_id == placement.project_id):
        # Answer when the project is usable at once: its provider token
        # is ready (bounded wait; the first request tries again if not).
        proxy.warm(util.conf(req), tokens, region, placement,
                   util.ctx(req)).join(WARM_SECONDS)
    return render.json_response(
        {'project': placements.view(placement, region)}, status=201)


def placements_index(req: webob.Request) -> webob.Response:
    ctx = util.ctx(req)
    ctx.can('aggregator:placements:list')
    region = regions.get(req.urlvars['name'])
    only = None if util.is_admin(req) else ctx.project_id
    return render.json_response({'projects': [
        placements.view(p, region)
        for p in placements.for_region(region, only)]})


def unplace(req: webob.Request) -> webob.Response:
    project_id = req.urlvars['project_id']
    util.ctx(req).can('aggregator:placements:delete',
                      {'project_id': project_id})
    placements.delete(util.conf(req), regions.get(req.urlvars['name']),
                      project_id)
    return webob.Response(status=204)
