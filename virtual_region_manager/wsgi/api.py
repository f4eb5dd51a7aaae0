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
"""WSGI entry point of the Virtual Region Manager API.

Point a WSGI server at ``virtual_region_manager.wsgi.api:application``,
for instance with uwsgi's ``module`` option. The configuration file is
``$VRM_CONFIG_FILE``, or
``/etc/virtual-region-manager/virtual-region-manager.conf`` when that
variable is unset (the service runs on defaults if that file is missing).

The application is built when this module is imported (by the WSGI
server, in each worker).
"""

import functools

from csf_common import wsgi
from virtual_region_manager import deploy
from virtual_region_manager import service

# Workers also finish or roll back jobs a crash interrupted.
application = wsgi.init_application(
    service.SERVICE, functools.partial(deploy.deploy, recover=True))
