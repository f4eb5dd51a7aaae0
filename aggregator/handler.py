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
"""Routing of the Aggregator API: its whole surface, in one table.

``csf_common.handler`` dispatches along ``ROUTE_DECLARATIONS`` (path, then
HTTP method, then a handler taking a ``webob.Request``), answers 405 for a
method a path does not accept and maps domain errors to HTTP statuses.
"""

from aggregator.handlers import offerings
from aggregator.handlers import projects
from aggregator.handlers import providers
from aggregator.handlers import proxy
from aggregator.handlers import regions
from csf_common.handlers import root

PROXY_METHODS = {method: proxy.proxy for method in (
    'GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS')}

# Do not put regular expressions in path parameters: a request that does
# not match must reach its handler so that the 404 can say what is missing.
ROUTE_DECLARATIONS = {
    # Version discovery: '', '/', '/v1' and '/v1/'.
    **root.ROUTE_DECLARATIONS,
    '/v1/providers': {'GET': providers.index, 'POST': providers.create},
    '/v1/providers/{id}': {'GET': providers.show,
                           'DELETE': providers.delete},
    '/v1/offerings': {'GET': offerings.index},
    '/v1/regions': {'GET': regions.index, 'POST': regions.create},
    '/v1/regions/{name}': {'GET': regions.show, 'PATCH': regions.update,
                           'DELETE': regions.delete},
    '/v1/regions/{name}/projects': {'GET': regions.placements_index,
                                    'POST': regions.place},
    '/v1/regions/{name}/projects/{project_id}': {'DELETE': regions.unplace},
    '/v1/projects/{id}/regions': {'GET': projects.regions},
    # The request-forwarding proxy: every method, any path below.
    '/proxy/{region}/{service_type}': PROXY_METHODS,
    # ([\s\S], not '.': a path may hold an encoded line break.)
    r'/proxy/{region}/{service_type}/{path:[\s\S]*}': PROXY_METHODS,
}
