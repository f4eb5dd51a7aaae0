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
"""The live proxy against hostile paths (hypothesis).

Paths with traversal, encoded and double-encoded dots and slashes,
unicode, control characters, ``//``, provider URLs and overlong names are
sent, raw, by the tenant below its proxy region's image service. No answer
may be a 5xx; afterwards, every request the provider's Glance logged for
this run stays inside the service (no dot segment once decoded), and the
provider's Keystone logged none of them.
"""

from __future__ import annotations

import http.client
import os
import re
import sys
import urllib.parse
import uuid

from hypothesis import example
from hypothesis import given
from hypothesis import HealthCheck
from hypothesis import settings

from tests.functional import test_load
from tests.unit import test_proxy_paths

EXAMPLES = int(os.environ.get('CSF_FUZZ_EXAMPLES', '6')) * 10
SAFE = "/%.~:@!$&'()*+,;=-_"
REQUEST_LINE = re.compile(r'\] [A-Z]+ (\S+) => ')


def _lines_with(path: str, marker: str) -> list[str]:
    with open(path, errors='replace') as fh:
        return [line for line in fh if marker in line]


class TestFuzzProxy(test_load.ProxyRegionTestCase):

    def test_hostile_paths(self):
        region = self.usable_proxy_region()
        agg = urllib.parse.urlsplit(self.service('reseller-aggregator')[
            'url'])
        keystone = self.service('p1-keystone')['url']
        token = self.tenant.get_token()
        marker = uuid.uuid4().hex
        sent, failures = [], []

        def send(raw: str) -> None:
            target = '/proxy/%s/image/%s?m=%s' % (
                region, urllib.parse.quote(raw, safe=SAFE), marker)
            conn = http.client.HTTPConnection(agg.hostname, agg.port,
                                              timeout=60)
            try:
                conn.request('GET', target, headers={'X-Auth-Token': token})
                resp = conn.getresponse()
                body = resp.read()
            finally:
                conn.close()
            sent.append(target)
            if resp.status >= 500:
                failures.append('%s -> %d %s' % (target, resp.status,
                                                 body[:200]))

        fuzz = settings(
            max_examples=EXAMPLES, derandomize=True, database=None,
            deadline=None, print_blob=False,
            suppress_health_check=list(HealthCheck))(
            given(test_proxy_paths.PATHS)(send))
        # An encoded '?' or '#' is part of the path, not a query or a
        # fragment; a non-ASCII name reaches the provider as sent.
        injected = 'v2/images%3Finjected=' + marker
        unicode_name = 'v2/images/%C3%A9-' + marker
        for raw in ('v2/images', '../../v3/auth/tokens', '%2e%2e/v3',
                    '%252e%252e/%252e%252e/v3',
                    '%25252e%25252e/%25252e%25252e/v3', '..%2f..%2fv3',
                    injected, unicode_name, 'v2/images%23' + marker,
                    '//%s/v3' % keystone.split('//')[1],
                    keystone + '/v3/auth/tokens', 'v2/images/%00',
                    # Decoded, not UTF-8 (a provider would fail on it).
                    'v2/images/.7%%EF%BC%8E%', 'v2/images?x=%BC%8E',
                    # An encoded line break, and one with non-UTF-8 bytes.
                    'v2/images/%0A@http://evil.example',
                    'v2/%F3%8C%0A%C2..http://evil.example',
                    'v2/\u00e9\U0001f600', 'x' * 20000):
            fuzz = example(raw)(fuzz)
        fuzz()
        sys.stderr.write('fuzz proxy: %d paths sent\n' % len(sent))
        self.assertEqual([], failures, '\n'.join(failures))

        glance_log = self.service('p1-glance')['log']
        forwarded = _lines_with(glance_log, marker)
        self.assertTrue(forwarded, 'nothing reached the provider Glance')
        for line in forwarded:
            # uwsgi's request log: "... [date] GET /the/uri?m=... => ..."
            found = REQUEST_LINE.search(line)
            if not found:
                continue
            path = urllib.parse.unquote(found.group(1).split('?')[0])
            self.assertNotIn('..', path.split('/'), line)
        queries = [REQUEST_LINE.search(line).group(1).partition('?')[2]
                   for line in forwarded if REQUEST_LINE.search(line)]
        self.assertEqual([], [q for q in queries
                              if 'injected=' + marker in q],
                         'an encoded ? became a query at the provider')
        self.assertTrue([line for line in forwarded
                         if '/v2/images/%C3%A9-' + marker in line],
                        'the non-ASCII path did not reach the provider '
                        'as sent')
        for name in ('p1-keystone', 'p1-keystone-sp'):
            log = self.service(name)['log']
            self.assertEqual([], _lines_with(log, marker), log)
        access = self.service('p1-keystone-sp').get('access_log')
        if access:
            self.assertEqual([], _lines_with(access, marker), access)
