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
"""/v1/offerings: every provider's offerings, from the cache.

``?service=image`` keeps offerings with that service;
``?metadata.<path>=<value>`` compares a metadata field (a dotted path, or
a single key found at any depth: ``metadata.jurisdiction=EU``).
"""

import webob

from aggregator import errors
from aggregator.handlers import util
from aggregator import offerings
from csf_common import render


def index(req: webob.Request) -> webob.Response:
    util.ctx(req).can('aggregator:offerings:list')
    service = None
    filters = {}
    for key, value in req.GET.items():
        if key == 'service':
            service = value
        elif key.startswith('metadata.') and len(key) > 9:
            filters[key[9:]] = value
        else:
            raise errors.InvalidInput(
                'Unknown filter %r: use service= or metadata.<field>=.'
                % key)
    return render.json_response({'offerings': offerings.search(
        service=service, metadata_filters=filters)})
