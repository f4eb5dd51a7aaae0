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
"""/v1/offerings: what a partner may bind."""

import webob

from csf_common import render
from virtual_region_manager.handlers import util
from virtual_region_manager import regions


def index(req: webob.Request) -> webob.Response:
    util.ctx(req).can('vrm:offerings:list')
    partner = util.caller_partner(req)
    pk = util.keystone(req)
    found = [vr for vr in regions.list_all()
             if partner is None or regions.visible_to(vr, partner.id)]
    offerings = []
    catalog = pk.shown_catalog() if found else None
    for vr in found:
        item = regions.offering(pk, vr)
        item['endpoints'] = {stype: [e['url'] for e in eps] for stype, eps
                             in catalog.endpoints(vr.region_id,
                                                  vr.services).items()}
        offerings.append(item)
    return render.json_response({'offerings': offerings})
