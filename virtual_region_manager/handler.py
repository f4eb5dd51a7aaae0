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
"""Routing of the Virtual Region Manager API: its whole surface, in one
table.

``csf_common.handler`` dispatches along ``ROUTE_DECLARATIONS`` (path, then
HTTP method, then a handler taking a ``webob.Request``), answers 405 for a
method a path does not accept and maps domain errors to HTTP statuses.
"""

from csf_common.handlers import root
from virtual_region_manager.handlers import bindings
from virtual_region_manager.handlers import offerings
from virtual_region_manager.handlers import partners
from virtual_region_manager.handlers import projects
from virtual_region_manager.handlers import virtual_regions

# Do not put regular expressions in path parameters: a request that does
# not match must reach its handler so that the 404 can say what is missing.
ROUTE_DECLARATIONS = {
    # Version discovery: '', '/', '/v1' and '/v1/'.
    **root.ROUTE_DECLARATIONS,
    '/v1/virtual-regions': {'GET': virtual_regions.index,
                            'POST': virtual_regions.create},
    '/v1/virtual-regions/{id}': {'GET': virtual_regions.show,
                                 'PATCH': virtual_regions.update,
                                 'DELETE': virtual_regions.delete},
    '/v1/partners': {'GET': partners.index, 'POST': partners.create},
    '/v1/partners/{id}': {'GET': partners.show, 'DELETE': partners.delete},
    '/v1/offerings': {'GET': offerings.index},
    '/v1/bindings': {'GET': bindings.index, 'POST': bindings.create},
    '/v1/bindings/{id}': {'GET': bindings.show},
    '/v1/bindings/{id}/action': {'POST': bindings.action},
    '/v1/bindings/{id}/projects': {'GET': projects.index,
                                   'POST': projects.create},
    '/v1/bindings/{id}/projects/{project_id}': {'DELETE': projects.delete,
                                                'PATCH': projects.update},
    '/v1/bindings/{id}/projects/{project_id}/credential': {
        'PUT': projects.credential},
    '/v1/bindings/{id}/projects/{project_id}/users/{key}': {
        'PUT': projects.set_user, 'DELETE': projects.remove_user},
}
