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
"""Malformed framing, oversize and deeply nested bodies: 4xx, before auth.

The requests carry no token: a 4xx other than 401 shows that the refusal
came before authentication. tests/functional/test_fuzz_framing.py sends
the same cases over raw sockets to the running services.
"""

import io

from csf_common import errors
from csf_common.handlers import root
from csf_common.handlers import util
from tests.unit.common import base


def _echo(req):
    data = util.json_body(req, {'type': 'object'},
                          error=errors.InvalidInput)
    return root.home(req) if data is not None else None


ROUTES = dict(root.ROUTE_DECLARATIONS, **{'/echo': {'POST': _echo}})


class FramingTest(base.CommonTestCase):

    def send(self, app, path='/', *, method='GET', body=None,
             environ=None, **headers):
        env = {'REQUEST_METHOD': method}
        if body is not None:
            env['wsgi.input'] = io.BytesIO(body)
            env['CONTENT_LENGTH'] = str(len(body))
            env['CONTENT_TYPE'] = 'application/json'
        env.update(environ or {})
        for name, value in headers.items():
            env['HTTP_' + name.upper()] = value
        return self.request(app, path, method=method, environ=env)

    def refused(self, response, status):
        error = self.assert_error(response, status,
                                  base.PREFIX + 'undefined_code')
        return error['detail']

    def test_malformed_framing_is_400_before_auth(self):
        app = self.make_app(ROUTES)
        cases = [
            {'environ': {'CONTENT_LENGTH': '-1'}},
            {'environ': {'CONTENT_LENGTH': 'abc'}},
            # Two Content-Length headers, as uwsgi joins them.
            {'environ': {'CONTENT_LENGTH': '8, 3'}},
            {'environ': {'CONTENT_LENGTH': '8'}, 'transfer_encoding':
             'chunked'},
            {'transfer_encoding': 'gzip'},
            # A folded header line, as uwsgi hands it over.
            {'x_foo': 'a\r\n  b'},
            {'x_foo': 'a\x01b'},
            {'environ': {'HTTP_X_FOO ': 'v'}},
            {'method': 'G\x00T'},
        ]
        for case in cases:
            case = dict(case)
            environ = case.pop('environ', {})
            method = case.pop('method', 'POST')
            response = self.send(app, '/echo', method=method,
                                 environ=environ, **case)
            self.refused(response, 400)

    def test_oversize_request_line_and_headers(self):
        app = self.make_app(ROUTES)
        self.refused(self.send(app, '/?' + 'a' * 8200), 414)
        self.refused(self.send(app, x_big='v' * 8200), 431)
        many = {'x_h%d' % i: 'v' for i in range(101)}
        self.refused(self.send(app, **many), 431)
        # Within the limits: served.
        self.assertEqual(200, self.send(app, '/?' + 'a' * 8000,
                                        x_big='v' * 8000).status_code)

    def test_body_size_limit(self):
        app = self.make_app(ROUTES, auth_strategy='noauth')
        detail = self.refused(self.send(app, '/echo', method='POST',
                                        body=b' ' * 114689), 413)
        self.assertIn('114688', detail)
        # A chunked body (no Content-Length) is cut off as it is read.
        response = self.send(app, '/echo', method='POST',
                             body=b' ' * 114689, environ={
                                 'CONTENT_LENGTH': '',
                                 'HTTP_TRANSFER_ENCODING': 'chunked',
                                 'wsgi.input_terminated': True},
                             x_auth_token='admin')
        self.assertEqual(413, response.status_code)

    def test_limit_from_the_option(self):
        conf = self.make_conf()
        conf.register_opts([], group='oslo_middleware')
        app = base.deploy_fake(conf, ROUTES)
        conf.set_override('max_request_body_size', 10,
                          group='oslo_middleware')
        self.refused(self.send(app, '/echo', method='POST',
                               body=b'{"a": "bbbbbbb"}'), 413)

    def test_streamed_prefix_is_not_limited(self):
        seen = []

        def sink(req):
            seen.append(len(req.body_file.read()))
            return root.home(req)

        conf = self.make_conf(auth_strategy='noauth')
        app = base.deploy.deploy(
            conf, service=base.SERVICE, rules=base.rules(),
            routes={'/stream/{x}': {'PUT': sink}}, streamed=('/stream/',))
        response = self.send(app, '/stream/x', method='PUT',
                             body=b' ' * 200000, x_auth_token='admin')
        self.assertEqual(200, response.status_code, response.text)
        self.assertEqual([200000], seen)

    def test_deeply_nested_json_is_400(self):
        app = self.make_app(ROUTES, auth_strategy='noauth')
        nested = b'{"a": ' + b'[' * 10000 + b']' * 10000 + b'}'
        detail = self.refused_code(self.send(
            app, '/echo', method='POST', body=nested,
            x_auth_token='admin'), 400)
        self.assertIn('deeper than 32', detail)
        flat = b'{"a": ' + b'[' * 30 + b'"[[[[\\\\"' + b']' * 30 + b'}'
        self.assertEqual(200, self.send(
            app, '/echo', method='POST', body=flat,
            x_auth_token='admin').status_code)

    def test_body_shorter_than_its_length_is_400(self):
        app = self.make_app(ROUTES, auth_strategy='noauth')
        response = self.send(app, '/echo', method='POST', body=b'{"a": 1}',
                             environ={'CONTENT_LENGTH': '100'},
                             x_auth_token='admin')
        self.refused_code(response, 400)

    def refused_code(self, response, status):
        self.assertEqual(status, response.status_code, response.text)
        return response.json['errors'][0]['detail']

    def test_json_depth(self):
        self.assertFalse(util.json_depth_exceeds(b'[[["]]]]]["]]]', 3))
        self.assertTrue(util.json_depth_exceeds(b'[[[[]]]]', 3))
        self.assertFalse(util.json_depth_exceeds(b'["\\\\", ["\\"[["]]', 2))
        self.assertTrue(util.json_depth_exceeds(b'["\\\\", [[1]]]', 2))
