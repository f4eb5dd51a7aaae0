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
"""Helpers shared by the unit tests of both services and of csf_common."""

import importlib
import io
import os
import types

import fixtures
from oslo_config import cfg
import testtools
import webob

import aggregator
import virtual_region_manager

ADMIN = {'X-Auth-Token': 'admin:admin-project'}

# What is each service's own: checked by the tests under tests/unit, while
# the plumbing they share is tested once under tests/unit/common.
SERVICES = {
    'aggregator': {
        'package': aggregator, 'code_prefix': 'aggregator.',
        'error': 'AggregatorError', 'project': 'aggregator',
        'config_file_env': 'AGGREGATOR_CONFIG_FILE',
        'config_file': '/etc/aggregator/aggregator.conf',
        'bind_port': 9870,
        'connection': 'sqlite:////var/lib/aggregator/aggregator.sqlite',
        'operator': 'reseller',
        'statuses': {'AggregatorError': 500, 'NotFound': 404,
                     'Conflict': 409, 'InvalidInput': 400,
                     'PolicyNotAuthorized': 403,
                     'ProviderUnavailable': 503,
                     'CredentialRefused': 400, 'ProviderRefused': 401},
        'groups': {'credentials', 'providers', 'proxy',
                   'cache'},
    },
    'vrm': {
        'package': virtual_region_manager, 'code_prefix': 'vrm.',
        'error': 'VRMError', 'project': 'virtual-region-manager',
        'config_file_env': 'VRM_CONFIG_FILE',
        'config_file':
            '/etc/virtual-region-manager/virtual-region-manager.conf',
        'bind_port': 9871,
        'connection': 'sqlite:////var/lib/virtual-region-manager/'
                      'virtual-region-manager.sqlite',
        'operator': 'provider',
        'statuses': {'VRMError': 500, 'NotFound': 404, 'Conflict': 409,
                     'InvalidInput': 400, 'PolicyNotAuthorized': 403,
                     'KeystoneUnavailable': 503,
                     'ProviderMisconfigured': 500},
        'groups': {'federation', 'virtual_regions', 'partners', 'jobs',
                   'neutron'},
        # The VRM does not start without these.
        'required_conf': ('[federation]\n'
                          'auth_url = http://keystone.test/v3\n'
                          'sp_url = http://keystone.test/v3/sp\n'
                          'trusted_idp_dir = /nonexistent\n'),
    },
}


class TestCase(testtools.TestCase):
    """Fake logging, WSGI requests and API-WG error checks."""

    def setUp(self) -> None:
        super().setUp()
        self.useFixture(fixtures.FakeLogger())

    def register_opts(self, conf: cfg.ConfigOpts) -> None:
        raise NotImplementedError

    def make_conf(self, **api_overrides: object) -> cfg.ConfigOpts:
        """A parsed ConfigOpts, no file read, ``[api]`` overridden."""
        conf = cfg.ConfigOpts()
        self.register_opts(conf)
        conf([], default_config_files=[])
        if 'federation' in conf:
            # What the VRM needs to start; no call reaches these URLs.
            for name, value in (('auth_url', 'http://keystone.test/v3'),
                                ('sp_url', 'http://keystone.test/v3/sp'),
                                ('trusted_idp_dir', '/nonexistent')):
                conf.set_override(name, value, group='federation')
        for name, value in api_overrides.items():
            conf.set_override(name, value, group='api')
        return conf

    def write_conf(self, text: str) -> str:
        """Write a configuration file in a temporary folder; its path."""
        path = os.path.join(self.useFixture(fixtures.TempDir()).path,
                            'svc.conf')
        with open(path, 'w') as f:
            f.write(text)
        return path

    def capture(self, stream: str) -> io.StringIO:
        """Capture ``sys.<stream>`` for the rest of the test."""
        output = io.StringIO()
        self.useFixture(fixtures.MonkeyPatch('sys.' + stream, output))
        return output

    @staticmethod
    def request(app, path: str, *, method: str = 'GET',
                headers: dict[str, str] | None = None,
                environ: dict | None = None) -> webob.Response:
        req = webob.Request.blank(path, method=method, headers=headers,
                                  environ=environ)
        return req.get_response(app)

    def assert_error(self, response, status: int, code: str) -> dict:
        """Assert an API-WG error document; return its only error."""
        self.assertEqual(status, response.status_code)
        self.assertEqual('application/json', response.content_type)
        error = response.json['errors'][0]
        self.assertEqual(status, error['status'])
        self.assertEqual(code, error['code'])
        self.assertEqual(response.headers['x-openstack-request-id'],
                         error['request_id'])
        self.assertTrue(error['title'])
        self.assertTrue(error['detail'])
        return error


class ServiceTestCase(TestCase):
    """Base for tests that run against one service, named by SERVICE."""

    SERVICE = 'aggregator'

    def setUp(self) -> None:
        super().setUp()
        self.info = SERVICES[self.SERVICE]
        self.package_name = self.info['package'].__name__
        self.code_prefix = self.info['code_prefix']
        self.errors = self.module('errors')
        self.base_error = getattr(self.errors, self.info['error'])
        self.spec = self.module('service').SERVICE

    def module(self, name: str) -> types.ModuleType:
        return importlib.import_module('%s.%s' % (self.package_name, name))

    def register_opts(self, conf: cfg.ConfigOpts) -> None:
        self.module('conf').register_opts(conf)

    def make_app(self, **api_overrides: object):
        return self.module('deploy').deploy(self.make_conf(**api_overrides))
