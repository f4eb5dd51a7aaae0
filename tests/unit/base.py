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
"""Helpers shared by the unit tests of both services."""

import importlib
import types

import fixtures
from oslo_config import cfg
import testtools
import webob

import aggregator
import virtual_region_manager

SERVICES = {
    'aggregator': {'package': aggregator, 'code_prefix': 'aggregator.',
                   'error': 'AggregatorError'},
    'vrm': {'package': virtual_region_manager, 'code_prefix': 'vrm.',
            'error': 'VRMError'},
}


class ServiceTestCase(testtools.TestCase):
    """Base for tests that run against one service, named by SERVICE."""

    SERVICE = 'aggregator'

    def setUp(self) -> None:
        super().setUp()
        self.useFixture(fixtures.FakeLogger())
        info = SERVICES[self.SERVICE]
        self.package_name = info['package'].__name__
        self.code_prefix = info['code_prefix']
        self.errors = self.module('errors')
        self.base_error = getattr(self.errors, info['error'])

    def module(self, name: str) -> types.ModuleType:
        return importlib.import_module('%s.%s' % (self.package_name, name))

    def make_conf(self, **api_overrides: object) -> cfg.ConfigOpts:
        conf = cfg.ConfigOpts()
        self.module('conf').register_opts(conf)
        conf([], default_config_files=[])
        for name, value in api_overrides.items():
            conf.set_override(name, value, group='api')
        return conf

    def make_app(self, **api_overrides: object):
        return self.module('deploy').deploy(self.make_conf(**api_overrides))

    @staticmethod
    def request(app, path: str, *, method: str = 'GET',
                headers: dict[str, str] | None = None,
                environ: dict | None = None) -> webob.Response:
        req = webob.Request.blank(path, method=method, headers=headers,
                                  environ=environ)
        return req.get_response(app)
