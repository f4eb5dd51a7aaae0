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
"""Property tests (hypothesis) of the proxy's path handling and rewriting.

Whatever path a tenant sends below ``/proxy/{region}/{service_type}/``,
the URL the proxy forwards to stays on the provider endpoint of that
service (same scheme, host, port, and below its path), carries no dot
segment, and means at the provider the path the tenant meant; anything
else is refused with a 400, never an unexpected exception (a 500).
"""

import posixpath
import urllib.parse

from hypothesis import example
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
import testtools

from aggregator import errors
from aggregator.handlers import proxy
from aggregator.proxy import forward
from aggregator.proxy import translation

PROVIDER = 'http://127.0.0.1:9292/image'
PROXY = 'http://127.0.0.1:8080/proxy/V1/image'
SETTINGS = settings(max_examples=400, derandomize=True, database=None,
                    deadline=None)

# Pieces that matter to a path parser, mixed with arbitrary text.
PIECES = st.sampled_from([
    '/', '//', '.', '..', '%2e', '%2E', '%2e%2e', '%252e%252e', '%2f',
    '%2F', '%5c', '\\', '?', '%3f', '#', '%23', '%00', '%', '%zz', '@',
    ':', ';', 'http://evil.example', '//evil.example', '127.0.0.1:1',
    '\u2024', '\uff0e', '\u2025', '\u00e9', '\U0001f600', ' ', '\t', '\n',
    'v2', 'images', 'file',
])
PATHS = st.lists(st.one_of(PIECES, st.text(max_size=8)),
                 max_size=12).map(''.join)


def _forwarded(raw: str) -> str | None:
    try:
        return PROVIDER + proxy._safe_path(raw)
    except errors.InvalidInput:
        return None


class TestSafePath(testtools.TestCase):

    @SETTINGS
    @given(PATHS)
    @example('../../identity/v3')
    @example('v2/%2e%2e/%2e%2e/x')
    @example('//evil.example/x')
    @example('v2/images%3Fowner=other')
    @example('v2/images%23frag')
    @example('x' * 70000)
    def test_forwarded_url_stays_in_the_service(self, raw):
        url = _forwarded(raw)
        if url is None:
            return
        parts = urllib.parse.urlsplit(url)
        base = urllib.parse.urlsplit(PROVIDER)
        self.assertEqual((base.scheme, base.netloc),
                         (parts.scheme, parts.netloc), url)
        self.assertTrue(parts.path == base.path
                        or parts.path.startswith(base.path + '/'), url)
        segments = urllib.parse.unquote(parts.path).split('/')
        self.assertNotIn('..', segments, url)
        self.assertEqual(posixpath.normpath(parts.path),
                         posixpath.normpath(
                             posixpath.join(base.path, '.' + parts.path[
                                 len(base.path):] or '.')), url)

    @SETTINGS
    @given(PATHS)
    @example('v2/images%3Fowner=other')
    @example('v2/images%23frag')
    def test_provider_sees_the_path_the_tenant_meant(self, raw):
        # An encoded '?' or '#' is part of a name, not a query or a
        # fragment: the provider must see the same path, no query added.
        url = _forwarded(raw)
        if url is None:
            return
        parts = urllib.parse.urlsplit(url)
        self.assertEqual('', parts.query, url)
        self.assertEqual('', parts.fragment, url)

    @SETTINGS
    @given(PATHS)
    @example('v2/images/\0')
    def test_no_nul_reaches_the_provider(self, raw):
        # A NUL makes a provider service on PostgreSQL answer 500.
        url = _forwarded(raw)
        if url is None:
            return
        self.assertNotIn('\0', urllib.parse.unquote(url), url)

    def test_nul_is_refused_in_path_and_query(self):
        for raw in ('v2/images/\0', '\0', 'v2/a\0b/file'):
            self.assertRaises(errors.InvalidInput, proxy._safe_path, raw)
        for query in ('name=%00', 'm%00=x', 'a=1&b=%2500%00'):
            self.assertRaises(errors.InvalidInput, proxy._safe_query, query)
        self.assertEqual('name=%2500&x=1',
                         proxy._safe_query('name=%2500&x=1'))

    def test_invalid_utf8_is_refused_in_path_and_query(self):
        # WSGI's PATH_INFO: the decoded bytes as a latin-1 string.
        for raw in ('v2/images/\xbc\x8e', '.7%EF\xbc\x8e', '\xc3'):
            self.assertRaises(errors.InvalidInput, proxy._safe_path, raw)
        for query in ('name=%BC%8E', 'm=%C3', '%FF=1'):
            self.assertRaises(errors.InvalidInput, proxy._safe_query, query)
        # UTF-8 (here an e-acute) passes, as sent.
        self.assertEqual('/v2/images/%C3%A9',
                         proxy._safe_path('v2/images/\xc3\xa9'))
        self.assertEqual('name=%C3%A9', proxy._safe_query('name=%C3%A9'))

    @SETTINGS
    @given(st.text(max_size=300))
    def test_only_invalid_input_is_raised(self, raw):
        try:
            path = proxy._safe_path(raw)
        except errors.InvalidInput:
            return
        self.assertTrue(path == '' or path.startswith('/'), path)


class TestRewrite(testtools.TestCase):

    @SETTINGS
    @given(st.lists(st.one_of(
        st.just(PROVIDER), st.just(PROVIDER.replace('/', '\\/')),
        st.just(PROVIDER + '/'), st.text(max_size=10)), max_size=20))
    def test_no_provider_url_survives(self, parts):
        out = translation.Translation(urls=[(PROVIDER, PROXY)]).to_tenant(
            ''.join(parts))
        self.assertNotIn(PROVIDER, out.replace(PROXY, ''))
        self.assertNotIn(PROVIDER.replace('/', '\\/'),
                         out.replace(PROXY.replace('/', '\\/'), ''))

    @SETTINGS
    @given(st.dictionaries(
        st.text(alphabet='ABCDEFGHIJKLMNOPQRSTUVWXYZ_', min_size=1,
                max_size=30),
        st.text(max_size=20), max_size=15))
    def test_no_identity_header_is_forwarded(self, extra):
        environ = {'HTTP_' + k: v for k, v in extra.items()}
        environ.update({'HTTP_X_AUTH_TOKEN': 'tok', 'HTTP_X_USER_ID': 'u',
                        'HTTP_X_PROJECT_ID': 'p', 'HTTP_COOKIE': 'c',
                        'HTTP_X_ROLES': 'admin'})
        sent = {k.lower() for k in forward.request_headers(environ)}
        for name in sent:
            self.assertFalse(name.startswith(forward.IDENTITY_PREFIXES),
                             name)
            self.assertNotIn(name, forward.HOP_BY_HOP)


class TestOwnerRewrite(testtools.TestCase):
    """The tenant sees its own project where the provider names its own."""

    def test_provider_project_becomes_the_tenant_project(self):
        body = ('{"owner": "%s", "file": "%s/v2/images/1/file"}'
                % ('a' * 32, PROVIDER))
        out = translation.Translation([('a' * 32, 'b' * 32)],
                                      [(PROVIDER, PROXY)]).to_tenant(body)
        self.assertEqual('{"owner": "%s", "file": "%s/v2/images/1/file"}'
                         % ('b' * 32, PROXY), out)

    def test_no_projects_changes_only_urls(self):
        body = '{"owner": "%s"}' % ('a' * 32)
        self.assertEqual(body, translation.Translation(
            urls=[(PROVIDER, PROXY)]).to_tenant(body))
