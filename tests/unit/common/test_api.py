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
"""The shared WSGI pipeline: discovery, routing, errors."""

import webob.exc

from csf_common import context
from csf_common.handlers import root
from tests.unit.common import base


class ApiTest(base.CommonTestCase):

    def test_version_discovery(self):
        # The default strategy (keystone) lets version documents through
        # without a token.
        response = self.request(self.make_app(), '/')
        self.assertEqual(200, response.status_code)
        self.assertEqual('application/json', response.content_type)
        self.assertIn('x-openstack-request-id', response.headers)
        self.assertEqual(
            {'versions': [{
                'id': 'v1.0', 'status': 'CURRENT',
                'links': [{'rel': 'self',
                           'href': 'http://localhost/v1/'}]}]},
            response.json)

    def test_v1_document(self):
        for path in ('/v1', '/v1/'):
            response = self.request(self.make_app(), path)
            self.assertEqual(200, response.status_code)
            version = response.json['version']
            self.assertEqual('v1.0', version['id'])
            self.assertEqual('CURRENT', version['status'])

    def test_version_discovery_under_prefix(self):
        response = self.request(self.make_app(), '/',
                                environ={'SCRIPT_NAME': '/svc'})
        self.assertEqual('http://localhost/svc/v1/',
                         response.json['versions'][0]['links'][0]['href'])

    def test_version_discovery_public_endpoint(self):
        app = self.make_app(public_endpoint='https://cloud.example.com/x/')
        response = self.request(app, '/')
        self.assertEqual('https://cloud.example.com/x/v1/',
                         response.json['versions'][0]['links'][0]['href'])

    def test_unknown_path(self):
        app = self.make_app(auth_strategy='noauth')
        response = self.request(app, '/v1/no-such-thing',
                                headers=base.ADMIN)
        error = self.assert_error(response, 404,
                                  base.PREFIX + 'route_not_found')
        self.assertIn('/v1/no-such-thing', error['detail'])

    def test_unknown_path_that_is_not_utf8(self):
        app = self.make_app(auth_strategy='noauth')
        response = self.request(app, '/v1/no-%BC%8E-thing',
                                headers=base.ADMIN)
        error = self.assert_error(response, 404,
                                  base.PREFIX + 'route_not_found')
        self.assertIn('/v1/no-', error['detail'])

    def test_method_not_allowed(self):
        app = self.make_app(auth_strategy='noauth')
        response = self.request(app, '/', method='DELETE')
        self.assert_error(response, 405,
                          base.PREFIX + 'method_not_allowed')
        self.assertEqual('GET', response.headers['Allow'])

    def test_method_not_allowed_lists_every_method(self):
        def handler(req):
            return webob.Response()
        routes = {'/things': {'GET': handler, 'POST': handler}}
        app = self.make_app(routes, auth_strategy='noauth')
        response = self.request(app, '/things', method='DELETE',
                                headers=base.ADMIN)
        self.assert_error(response, 405,
                          base.PREFIX + 'method_not_allowed')
        self.assertEqual('GET, POST', response.headers['Allow'])

    def test_a_nul_in_a_path_parameter_or_query_is_a_400(self):
        seen = []

        def handler(req):
            seen.append(req.urlvars)
            return webob.Response()
        routes = {'/things/{id}/parts/{key}': {'GET': handler}}
        app = self.make_app(routes, auth_strategy='noauth')
        for path, says in (('/things/a%00b/parts/k', '{id}'),
                           ('/things/a/parts/%00', '{key}'),
                           ('/things/a/parts/k?name=x%00', 'query')):
            response = self.request(app, path, headers=base.ADMIN)
            self.assert_error(response, 400, base.PREFIX + 'invalid_input')
            self.assertIn(says, response.json['errors'][0]['detail'])
        self.assertEqual([], seen)
        self.assertEqual(200, self.request(app, '/things/a/parts/k',
                                           headers=base.ADMIN).status_int)

    def test_unauthenticated(self):
        app = self.make_app(auth_strategy='noauth')
        response = self.request(app, '/v1/anything')
        self.assert_error(response, 401, base.PREFIX + 'unauthorized')

    def _route(self, handler, *, headers=base.ADMIN):
        routes = dict(root.ROUTE_DECLARATIONS, **{'/boom': {'GET': handler}})
        app = self.make_app(routes, auth_strategy='noauth')
        return self.request(app, '/boom', headers=headers)

    def test_domain_error_mapped_at_boundary(self):
        def handler(req):
            raise base.NotFound('No such thing.')
        response = self._route(handler)
        error = self.assert_error(response, 404, base.PREFIX + 'not_found')
        self.assertEqual('No such thing.', error['detail'])

    def test_policy_refusal_is_403(self):
        def handler(req):
            ctx = req.environ[context.ENV_CONTEXT]
            ctx.can('admin', {})
        response = self._route(handler,
                               headers={'X-Auth-Token': 'user:project'})
        self.assert_error(response, 403, base.PREFIX + 'forbidden')

    def test_http_error_without_code(self):
        def handler(req):
            raise webob.exc.HTTPGone()
        response = self._route(handler)
        self.assert_error(response, 410, base.PREFIX + 'undefined_code')

    def test_unexpected_exception_is_json_500(self):
        def handler(req):
            raise ValueError('secret internals')
        response = self._route(handler)
        error = self.assert_error(response, 500,
                                  base.PREFIX + 'internal_error')
        self.assertNotIn('secret internals', error['detail'])
