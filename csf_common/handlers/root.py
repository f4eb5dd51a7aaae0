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
"""Version discovery at ``/`` and ``/v1/``.

Like every handler, each function takes a ``webob.Request`` and returns a
``webob.Response``; each service's ``handler.ROUTE_DECLARATIONS`` includes
``ROUTE_DECLARATIONS`` below.
"""

import webob

from csf_common import context
from csf_common import render

VERSION_ID = 'v1.0'


def _version(req: webob.Request) -> dict:
    conf = req.environ[context.ENV_CONTEXT].config
    base = (conf.api.public_endpoint or req.application_url).rstrip('/')
    return {
        'id': VERSION_ID,
        'status': 'CURRENT',
        'links': [{'rel': 'self', 'href': base + '/v1/'}],
    }


def home(req: webob.Request) -> webob.Response:
    return render.json_response({'versions': [_version(req)]})


def v1(req: webob.Request) -> webob.Response:
    return render.json_response({'version': _version(req)})


# The version routes every service starts its route table with. They are
# public (see csf_common.auth). '' lets a service answer at its prefix
# without a trailing slash when it is mounted under one (/aggregator as
# well as /aggregator/).
ROUTE_DECLARATIONS = {
    '': {'GET': home},
    '/': {'GET': home},
    '/v1': {'GET': v1},
    '/v1/': {'GET': v1},
}
