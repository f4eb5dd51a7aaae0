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
"""A provider endpoint as the proxy serves it: its service root, and the
version path the catalog adds to it.

Nova's endpoint is ``http://nova/v2.1``, yet the service answers version
discovery at ``http://nova/`` and names its bookmarks below that root
(``http://nova/servers/<id>``). So the proxy maps
``/proxy/<region>/<type>/`` onto the service root, and a region's catalog
shows ``/proxy/<region>/<type>/v2.1``: unchanged clients find the
versions where the provider has them, and every link of the provider's
has its place below the proxy. An endpoint without a version path
(Glance, Neutron) is its own root.
"""

from __future__ import annotations

import re
import urllib.parse

_VERSION = re.compile(r'/v[0-9]+(\.[0-9]+)*$')


def split(url: str) -> tuple[str, str]:
    """``(service root, version path)`` of endpoint ``url``."""
    url = url.rstrip('/')
    path = urllib.parse.urlsplit(url).path
    found = _VERSION.search(path)
    if not found:
        return url, ''
    return url[:len(url) - len(found.group(0))], found.group(0)
