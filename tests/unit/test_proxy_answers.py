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
"""The proxy's answers name no provider, and a provider 401 stays inside.

``proxy()`` runs against a stub provider (a requests-like callable) and
stub provider tokens; routing (``_target``) is stubbed too.
"""

import io
import json
import types

from openstack import exceptions as sdk_exc
import requests
from requests import structures
import testtools

from aggregator import errors
from aggregator.handlers import proxy
from aggregator.proxy import forward
from csf_common import auth
from csf_common import context
from csf_common import render
import webob

PROVIDER = 'http://127.0.0.1:9292'
MINE, THEIRS = 'a' * 32, 'b' * 32
REGION = types.SimpleNamespace(id='r1', name='V1', token_mode='proxy',
                               binding={})
PLACEMENT = types.SimpleNamespace(id='pl1', provider_project_id=THEIRS)
# The tenant's own user at the provider, and another user of the project.
ME = types.SimpleNamespace(id='pu1', user_id='me', provider_user_id='c' * 32,
                           secret=b'sealed')
OTHER = types.SimpleNamespace(id='pu2', user_id='other',
                              provider_user_id='e' * 32, secret=b'sealed')


def _answer(status=200, body=b'{}', headers=None) -> requests.Response:
    resp = requests.Response()
    resp.status_code = status
    resp.headers = structures.CaseInsensitiveDict(
        {'Content-Type': 'application/json',
         'Content-Length': str(len(body))})
    resp.headers.update(headers or {})
    resp.raw = io.BytesIO(body)
    return resp


class Tokens:
    def __init__(self):
        self.issued = 0
        self.forgotten = []

    def token(self, region, placement, user):
        self.issued += 1
        return 'provider-token-%d' % self.issued

    def forget(self, region, project_id=None):
        self.forgotten.append(project_id)


class Provider:
    """Answers in turn; records what it was sent."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.sent = []

    def request(self, method, url, headers=None, data=None, **kwargs):
        if hasattr(data, 'read'):
            data = data.read()
        self.sent.append((method, url, dict(headers), data))
        return self.answers.pop(0)


class TestProxyAnswers(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.patch(proxy, '_target',
                   lambda req: (REGION, PLACEMENT, PROVIDER + '/image'))
        self.known = [OTHER]
        self.patch(proxy.placement_users, 'for_placement',
                   lambda placement_id: list(self.known))
        self.patch(proxy.placement_users, 'credential',
                   lambda conf, region, placement, user_id, role, known: ME)
        self.tokens = Tokens()

    def call(self, provider, method='GET', body=None, **headers):
        conf = types.SimpleNamespace(
            proxy=types.SimpleNamespace(public_url='http://agg/proxy'),
            api=types.SimpleNamespace(public_endpoint=''),
            providers=types.SimpleNamespace(timeout=5))
        ctx = types.SimpleNamespace(project_id=MINE, config=conf,
                                    roles=['member'], user_id='me',
                                    project_domain_id='default')
        req = webob.Request.blank('/proxy/V1/image/v2/images',
                                  method=method, headers=headers)
        if body is not None:
            req.body = body
            req.content_type = 'application/json'
        req.urlvars = {'region': 'V1', 'service_type': 'image',
                       'path': '/v2/images'}
        req.environ.update({
            context.ENV_CONTEXT: ctx, proxy.ENV_TOKENS: self.tokens,
            proxy.ENV_HTTP: provider,
            proxy.REQUEST_ID: 'req-00000000-0000-0000-0000-000000000001'})
        return proxy.proxy(req)

    def test_answer_headers_name_no_provider(self):
        provider = Provider(_answer(headers={
            'Server': 'Apache/2.4.57 (Debian) p1-cloud',
            'Via': '1.1 p1-edge.example', 'X-Powered-By': 'P1',
            'WWW-Authenticate': 'Keystone uri="%s/identity"' % PROVIDER,
            'Set-Cookie': 'p1lb=node3; Domain=p1.example',
            'X-Openstack-Request-Id': 'req-p1', 'X-Trans-Id': 'tx1-p1edge',
            'X-Compute-Request-Id': 'req-p1',
            'Location': PROVIDER + '/image/v2/images/1',
            'OpenStack-Image-Import-Methods': 'glance-direct'}))
        out = self.call(provider)
        self.assertEqual(200, out.status_int)
        names = {k.lower() for k in out.headers}
        for gone in ('server', 'via', 'x-powered-by', 'www-authenticate',
                     'set-cookie', 'x-openstack-request-id'):
            self.assertNotIn(gone, names)
        self.assertNotIn('p1', repr(out.headerlist).lower())
        self.assertNotIn(PROVIDER, repr(out.headerlist))
        # The Aggregator's own request id stands for the provider's.
        self.assertEqual('req-00000000-0000-0000-0000-000000000001',
                         out.headers['X-Trans-Id'])
        self.assertEqual(out.headers['X-Trans-Id'],
                         out.headers['X-Compute-Request-Id'])
        self.assertEqual('http://agg/proxy/V1/image/v2/images/1',
                         out.headers['Location'])
        # What the service itself says passes.
        self.assertEqual('glance-direct',
                         out.headers['OpenStack-Image-Import-Methods'])

    def test_error_answers_of_any_type_are_in_the_tenants_words(self):
        said = ('Project %s is over a limit for [image_count_total]; '
                'see %s/image/v2/images' % (THEIRS, PROVIDER)).encode()
        out = self.call(Provider(_answer(413, said, {
            'Content-Type': 'text/plain; charset=UTF-8'})))
        self.assertEqual(413, out.status_int)
        self.assertEqual('Project %s is over a limit for [image_count_total]'
                         '; see http://agg/proxy/V1/image/v2/images' % MINE,
                         out.text)
        self.assertEqual(str(len(out.body)), out.headers['Content-Length'])

    def test_each_provider_user_is_its_reseller_user(self):
        # The tenant's own (made by this request, or before), and the
        # project's other users, by their reseller ids.
        for known in ([OTHER], [ME, OTHER]):
            self.known = known
            out = self.call(Provider(_answer(
                200, b'[{"user_id": "%s"}, {"user_id": "%s"}]'
                % (b'c' * 32, b'e' * 32))))
            self.assertEqual([{'user_id': 'me'}, {'user_id': 'other'}],
                             out.json)

    def test_data_answers_stream_untouched(self):
        data = b'\0raw ' + THEIRS.encode() + b' ' + PROVIDER.encode()
        out = self.call(Provider(_answer(200, data, {
            'Content-Type': 'application/octet-stream'})))
        self.assertEqual(data, b''.join(out.app_iter))

    def test_provider_401_is_retried_with_a_new_token_body_and_all(self):
        provider = Provider(_answer(401), _answer(201, b'{"id": "1"}'))
        out = self.call(provider, 'POST', body=b'{"name": "x"}')
        self.assertEqual(201, out.status_int)
        self.assertEqual(2, len(provider.sent))
        first, second = provider.sent
        self.assertEqual(b'{"name": "x"}', second[3])
        self.assertEqual(first[3], second[3])
        self.assertNotEqual(first[2]['X-Auth-Token'],
                            second[2]['X-Auth-Token'])
        self.assertEqual([THEIRS], self.tokens.forgotten)

    def test_second_401_is_a_plain_401_and_forgets_the_token(self):
        provider = Provider(_answer(401, headers={
            'WWW-Authenticate': 'Keystone uri="%s/identity"' % PROVIDER}),
            _answer(401))
        exc = self.assertRaises(errors.ProviderRefused, self.call, provider)
        self.assertNotIn('127.0.0.1', str(exc))
        self.assertEqual([THEIRS, THEIRS], self.tokens.forgotten)

    def test_a_streamed_body_is_not_sent_twice(self):
        self.patch(forward, 'REPLAY_MAX', 4)
        provider = Provider(_answer(401), _answer(201))
        self.assertRaises(errors.ProviderRefused, self.call, provider,
                          'PUT', body=b'0123456789')
        self.assertEqual(1, len(provider.sent))
        self.assertEqual(b'0123456789', provider.sent[0][3])
        self.assertEqual([THEIRS], self.tokens.forgotten)

    def test_a_small_body_cut_short_is_the_clients_400(self):
        provider = Provider(_answer())
        conf_body = b'{"name": "x"}'

        class Short(io.BytesIO):
            pass
        self.patch(forward, 'REPLAY_MAX', 1024)
        req_body = Short(conf_body[:5])
        orig = webob.Request.blank

        def blank(*args, **kwargs):
            req = orig(*args, **kwargs)
            req.environ['wsgi.input'] = req_body
            req.environ['CONTENT_LENGTH'] = str(len(conf_body))
            req.environ['CONTENT_TYPE'] = 'application/json'
            return req
        self.patch(webob.Request, 'blank', blank)
        exc = self.assertRaises(errors.InvalidInput, self.call, provider,
                                'POST')
        self.assertEqual(forward.BODY_CUT, str(exc))
        self.assertEqual([], provider.sent)


class TestVersionDiscovery(testtools.TestCase):
    """A service's root answers without a token, as at the provider."""

    NOVA = 'http://127.0.0.1:8774'

    def call(self, provider, path='/proxy/V1/compute/', user_id=None,
             region=None):
        conf = types.SimpleNamespace(
            proxy=types.SimpleNamespace(public_url='http://agg/proxy'),
            api=types.SimpleNamespace(public_endpoint=''),
            providers=types.SimpleNamespace(timeout=5))
        self.patch(proxy.regions, 'get', lambda name: region or
                   types.SimpleNamespace(
                       id='r1', name='V1', token_mode='proxy',
                       status='active', binding={
                           'region_id': 'R4', 'endpoints': {'compute': [{
                               'interface': 'public',
                               'url': self.NOVA + '/v2.1'}]}}))
        ctx = types.SimpleNamespace(user_id=user_id, config=conf)
        req = webob.Request.blank(path)
        req.urlvars = {'region': 'V1', 'service_type': 'compute'}
        req.environ.update({context.ENV_CONTEXT: ctx,
                            proxy.ENV_HTTP: provider, proxy.REQUEST_ID: 'r'})
        return proxy.proxy(req)

    def test_the_root_is_public_and_in_the_tenants_words(self):
        self.assertTrue(auth.is_public({'PATH_INFO': '/proxy/V1/compute/',
                                        'REQUEST_METHOD': 'GET'}))
        for environ in ({'PATH_INFO': '/proxy/V1/compute/servers',
                         'REQUEST_METHOD': 'GET'},
                        {'PATH_INFO': '/proxy/V1/compute/',
                         'REQUEST_METHOD': 'POST'}):
            self.assertFalse(auth.is_public(environ))
        doc = json.dumps({'versions': [{'id': 'v2.1', 'links': [
            {'rel': 'self', 'href': self.NOVA + '/v2.1/'}]}]}).encode()
        provider = Provider(_answer(body=doc, headers={'Server': 'p1'}))
        out = self.call(provider)
        self.assertEqual(200, out.status_int)
        (method, url, headers, _data), = provider.sent
        self.assertEqual(('GET', self.NOVA + '/'), (method, url))
        self.assertNotIn('X-Auth-Token', headers)
        self.assertEqual('http://agg/proxy/V1/compute/v2.1/', json.loads(
            out.body)['versions'][0]['links'][0]['href'])
        self.assertNotIn(b'8774', out.body)
        self.assertNotIn('Server', out.headers)

    def test_only_proxy_regions_have_one(self):
        passing = types.SimpleNamespace(id='r2', name='V2', status='active',
                                        token_mode='pass-through',
                                        binding={'endpoints': {
                                            'compute': [{'url': 'http://x'}]}})
        self.assertRaises(errors.NotFound, self.call, Provider(),
                          region=passing)


class TestProxyErrors(testtools.TestCase):
    """The proxy's own errors, as the services' clients read them."""

    def render(self, path):
        out = render.error_response({'PATH_INFO': path}, status=400,
                                    detail='target_tenant: project p is '
                                    'not placed in this region.',
                                    code='invalid_input')
        resp = requests.Response()
        resp.status_code = out.status_int
        resp.headers = structures.CaseInsensitiveDict(out.headers)
        resp._content = out.body
        return resp

    def test_clients_of_the_services_show_the_message(self):
        resp = self.render('/proxy/V1/network/v2.0/rbac-policies')
        body = resp.json()
        # novaclient (Horizon) reads the first member's message.
        self.assertEqual('error', list(body)[0])
        exc = self.assertRaises(sdk_exc.HttpException,
                                sdk_exc.raise_from_response, resp)
        self.assertIn('is not placed in this region', exc.details)
        # The Aggregator's own API keeps its format.
        self.assertEqual(['errors'], list(self.render('/v1/regions').json()))
        self.assertEqual(body['errors'], self.render(
            '/v1/regions').json()['errors'])
