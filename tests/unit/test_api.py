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
"""Each service's WSGI application: its route table and its error codes.

The pipeline itself (discovery documents, 404, 405 with ``Allow``, 401,
domain errors, policy refusals, JSON 500) is tested once, in
tests/unit/common/test_api.py.
"""

import fixtures

from csf_common import context
from csf_common.handlers import root
from tests.unit import base

USER = {'X-Auth-Token': 'user:project'}


class _ApiTests:

    def test_version_routes(self):
        routes = self.module('handler').ROUTE_DECLARATIONS
        app = self.make_app()
        for path in ('', '/', '/v1', '/v1/'):
            self.assertIn(path, routes)
            self.assertEqual(200, self.request(app, path).status_code)
        self.assertEqual('v1.0', self.request(app, '/v1/').json[
            'version']['id'])

    def _raise(self, req):
        raise {'/not-found': self.errors.NotFound(),
               '/crash': ValueError('secret internals')}[req.path_info]

    def test_error_codes(self):
        def refuse(req):
            req.environ[context.ENV_CONTEXT].can('admin', {})

        self.useFixture(fixtures.MonkeyPatch(
            self.package_name + '.handler.ROUTE_DECLARATIONS',
            {'/': {'GET': root.home}, '/forbidden': {'GET': refuse},
             '/not-found': {'GET': self._raise},
             '/crash': {'GET': self._raise}}))
        app = self.make_app(auth_strategy='noauth')
        cases = [
            ('/v1/no-such-thing', 'GET', base.ADMIN, 404, 'route_not_found'),
            ('/', 'DELETE', base.ADMIN, 405, 'method_not_allowed'),
            ('/not-found', 'GET', None, 401, 'unauthorized'),
            ('/not-found', 'GET', base.ADMIN, 404, 'not_found'),
            ('/forbidden', 'GET', USER, 403, 'forbidden'),
            ('/crash', 'GET', base.ADMIN, 500, 'internal_error'),
        ]
        for path, method, headers, status, code in cases:
            response = self.request(app, path, method=method,
                                    headers=headers)
            self.assert_error(response, status, self.code_prefix + code)


class AggregatorApiTest(_ApiTests, base.ServiceTestCase):
    SERVICE = 'aggregator'


class AggregatorProxyRouteTest(base.ServiceTestCase):
    SERVICE = 'aggregator'

    def test_every_path_below_a_region_reaches_the_proxy(self):
        seen = []
        self.useFixture(fixtures.MonkeyPatch(
            'aggregator.handler.PROXY_METHODS',
            {'GET': lambda req: seen.append(req.urlvars['path']) or
             root.home(req)}))
        self.useFixture(fixtures.MonkeyPatch(
            'aggregator.handler.ROUTE_DECLARATIONS', {
                path: self.module('handler').PROXY_METHODS
                for path in self.module('handler').ROUTE_DECLARATIONS
                if path.startswith('/proxy/')}))
        app = self.make_app(auth_strategy='noauth')
        for path in ('/proxy/V1/image/v2/images', '/proxy/V1/image/a%0Ab',
                     '/proxy/V1/image/%BC%8E'):
            self.assertEqual(200, self.request(
                app, path, headers=base.ADMIN).status_code, path)
        self.assertEqual(['v2/images', 'a\nb', '\xbc\x8e'], seen)


class VirtualRegionManagerApiTest(_ApiTests, base.ServiceTestCase):
    SERVICE = 'vrm'
