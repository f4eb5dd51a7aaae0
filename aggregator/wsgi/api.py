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
"""WSGI entry point of the Aggregator API.

Point a WSGI server at ``aggregator.wsgi.api:application``, for instance
uwsgi's ``module = aggregator.wsgi.api:application``. The configuration file
is ``$AGGREGATOR_CONFIG_FILE``, or ``/etc/aggregator/aggregator.conf`` when
that variable is unset (the service runs on defaults if that file is
missing).

The application is built when this module is imported (by the WSGI
server, in each worker).
"""

import functools

from aggregator import deploy
from aggregator import service
from csf_common import wsgi

# Workers also refresh offerings and bindings in the background.
application = wsgi.init_application(
    service.SERVICE, functools.partial(deploy.deploy, refresh=True))
