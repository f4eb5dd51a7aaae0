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
"""Each service registers all its options and lists them for the generator.

How option groups register and list is tested once, in
tests/unit/common/test_conf.py.
"""

from keystonemiddleware.auth_token import _opts as ks_opts
from oslo_config import cfg

from tests.unit import base

GROUPS = {'api', 'database', 'keystone', 'keystone_authtoken'}


class _ConfTests:

    def listed(self, name: str) -> dict:
        """The options of group ``name`` as the sample file lists them."""
        return {opt.dest: opt for group, opts in
                self.module('conf.opts').list_opts()
                if getattr(group, 'name', group) == name for opt in opts}

    def test_generator_lists_every_registered_option(self):
        # The generator also lists the options of the password plugin,
        # which keystoneauth registers only once the plugin is loaded.
        conf = self.make_conf()
        listed = {}
        for group, opts in self.module('conf.opts').list_opts():
            name = group.name if isinstance(group, cfg.OptGroup) else group
            self.assertTrue(opts, name)
            listed[name] = {opt.dest for opt in opts}
        groups = GROUPS | self.info.get('groups', set())
        self.assertEqual(groups, set(listed))
        for name in groups:
            registered = set(conf[name])
            self.assertTrue(registered <= listed[name],
                            registered - listed[name])

    def test_defaults(self):
        conf = self.make_conf()
        self.assertEqual('keystone', conf.api.auth_strategy)
        self.assertIsNone(conf.api.public_endpoint)
        self.assertEqual(self.info['bind_port'], conf.api.bind_port)
        self.assertTrue(conf.database.connection.startswith('sqlite:///'))
        self.assertEqual(self.info['connection'], conf.database.connection)
        # Calls to its own Keystone never wait for ever, and the sample
        # configuration says so.
        self.assertEqual(60, conf.keystone.timeout)
        self.assertEqual(60, self.listed('keystone')['timeout'].default)

    def test_a_revoked_token_is_trusted_from_cache_a_minute_at_most(self):
        conf = self.make_conf()
        self.assertEqual(60, conf.keystone_authtoken.token_cache_time)
        self.assertEqual(60, self.listed('keystone_authtoken')[
            'token_cache_time'].default)
        # keystonemiddleware registers its options again as it loads.
        conf.register_opts(ks_opts._OPTS, group='keystone_authtoken')
        self.assertEqual(60, conf.keystone_authtoken.token_cache_time)

    def test_spec_uses_the_same_groups(self):
        self.assertIs(self.module('conf').GROUPS, self.spec.option_groups)

    def test_register_twice(self):
        conf = cfg.ConfigOpts()
        self.module('conf').register_opts(conf)
        self.module('conf').register_opts(conf)


class AggregatorConfTest(_ConfTests, base.ServiceTestCase):
    SERVICE = 'aggregator'


class VirtualRegionManagerConfTest(_ConfTests, base.ServiceTestCase):
    SERVICE = 'vrm'
