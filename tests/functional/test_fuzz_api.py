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
"""Both APIs fuzzed from their OpenAPI descriptions (schemathesis).

Every operation of ``api-ref/*.yaml`` (the proxy excepted: see
test_fuzz_proxy) gets valid and invalid requests generated from its
schemas, sent with an administrator's real token to the live service: no
answer may be a 5xx, and the service must still answer afterwards.
Anything a valid request happened to create is deleted at once, and the
test checks it is gone. The number of cases is bounded
(``CSF_FUZZ_EXAMPLES`` per operation and mode, 6 by default) and the
generation deterministic; the counts are printed.
"""

from __future__ import annotations

import os
import sys

from hypothesis import errors
from hypothesis import given
from hypothesis import HealthCheck
from hypothesis import settings
import schemathesis
from schemathesis import GenerationMode
from testtools import content

from tests.functional import base

REPO = base.REPO
EXAMPLES = int(os.environ.get('CSF_FUZZ_EXAMPLES', '6'))
# Created objects and the collection that deletes them, per API.
CREATED = {
    'aggregator': {'provider': '/v1/providers',
                   'region': '/v1/regions'},
    'vrm': {'virtual_region': '/v1/virtual-regions',
            'partner': '/v1/partners'},
}


# Where generated URLs go instead: loopback, a port nobody listens on. The
# services call the URLs they are given; the fuzz must never reach out.
NOWHERE = 'http://127.0.0.1:9/v3'


def _loopback(body) -> None:
    """Point every URL the services would call at NOWHERE, in place."""
    if isinstance(body, dict):
        for key, value in body.items():
            if key in ('vrm_url', 'auth_url') and isinstance(value, str):
                body[key] = NOWHERE
            else:
                _loopback(value)
    elif isinstance(body, list):
        for item in body:
            _loopback(item)


def _unavailable(resp) -> bool:
    try:
        code = resp.json()['errors'][0]['code']
    except (ValueError, KeyError, IndexError, TypeError):
        return False
    return resp.status_code == 503 and code.endswith('provider_unavailable')


class TestFuzzAPIs(base.FunctionalTestCase):

    def fuzz(self, api: str, spec: str, url: str, cloud: str) -> dict:
        schema = schemathesis.openapi.from_path(
            os.path.join(REPO, 'api-ref', spec))
        sess = self.password_session(cloud)
        token = sess.get_token()
        headers = {'X-Auth-Token': token}
        counts = {'cases': 0, 'operations': 0}
        server_errors, created = [], []

        def send(case) -> None:
            counts['cases'] += 1
            _loopback(case.body)
            resp = case.call(base_url=url, headers=dict(headers),
                             timeout=60)
            if _unavailable(resp):
                # A provider URL that answers nothing: a clean 503.
                counts['unavailable_503'] = counts.get(
                    'unavailable_503', 0) + 1
            elif resp.status_code >= 500:
                server_errors.append('%s %s -> %d: body %r: %s' % (
                    case.method, case.formatted_path, resp.status_code,
                    case.body, resp.text[:300]))
            if resp.status_code == 201:
                for key, collection in CREATED[api].items():
                    obj = resp.json().get(key)
                    if obj:
                        ref = obj.get('name') if key == 'region' else obj[
                            'id']
                        path = '%s/%s' % (collection, ref)
                        created.append(path)
                        sess.request(url + path, 'DELETE', raise_exc=False)

        for result in schema.get_all_operations():
            operation = result.ok()
            if operation.path.startswith('/proxy/'):
                continue
            counts['operations'] += 1
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                test = settings(
                    max_examples=EXAMPLES, derandomize=True, database=None,
                    deadline=None, print_blob=False,
                    suppress_health_check=list(HealthCheck))(
                    given(operation.as_strategy(generation_mode=mode))(
                        send))
                try:
                    test()
                except errors.Unsatisfiable:
                    # Nothing to make invalid (no parameter, no body).
                    counts['modes_without_cases'] = counts.get(
                        'modes_without_cases', 0) + 1

        # Still alive, and nothing left behind.
        self.assertEqual(200, sess.request(url + '/v1/', 'GET',
                                           raise_exc=False).status_code)
        for path in created:
            self.assertEqual(404, sess.request(
                url + path, 'GET', raise_exc=False).status_code, path)
        counts['created_and_deleted'] = len(created)
        sys.stderr.write('fuzz %s: %s\n' % (api, counts))
        self.addDetail('fuzz-counts', content.text_content(
            '%s: %s' % (api, counts)))
        self.assertEqual([], server_errors, '\n'.join(server_errors))
        self.assertGreater(counts['cases'], counts['operations'])
        return counts

    def test_fuzz_aggregator(self):
        self.fuzz('aggregator', 'aggregator-v1.yaml',
                  self.service('reseller-aggregator')['url'],
                  'aggregator-admin')

    def test_fuzz_vrm(self):
        self.fuzz('vrm', 'virtual-region-manager-v1.yaml',
                  self.service('p1-vrm')['url'], 'provider-p1-admin')
