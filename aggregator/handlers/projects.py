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
"""/v1/projects/{id}/regions: where a project is placed."""

import webob

from aggregator.handlers import util
from aggregator import placements
from csf_common import render


def regions(req: webob.Request) -> webob.Response:
    project_id = req.urlvars['id']
    util.ctx(req).can('aggregator:project_regions:list',
                      {'project_id': project_id})
    return render.json_response({'regions': [
        placements.view(p, region)
        for p, region in placements.for_project(project_id)]})
