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
"""Options are registered in one place and all listed for the generator."""

from oslo_config import cfg

from tests.unit import base

GROUPS = {'api', 'database', 'keystone', 'keystone_authtoken'}


def _group_name(group) -> str:
    return group.name if isinstance(group, cfg.OptGroup) else group


class _ConfTests:

    def test_list_opts_covers_all_groups(self):
        listed = {_group_name(group): opts
                  for group, opts in self.module('conf.opts').list_opts()}
        self.assertEqual(GROUPS, set(listed))
        for group, opts in listed.items():
            self.assertTrue(opts, group)

    def test_registered_groups_are_listed(self):
        conf = self.make_conf()
        listed = {_group_name(group): {opt.dest for opt in opts}
                  for group, opts in self.module('conf.opts').list_opts()}
        for group in GROUPS:
            registered = {opt['opt'].dest for opt in
                          conf._groups[group]._opts.values()}
            self.assertTrue(registered <= listed[group],
                            registered - listed[group])

    def test_defaults(self):
        conf = self.make_conf()
        self.assertEqual('keystone', conf.api.auth_strategy)
        self.assertIsNone(conf.api.public_endpoint)
        self.assertTrue(conf.database.connection.startswith('sqlite:///'))

    def test_register_twice(self):
        conf = cfg.ConfigOpts()
        self.module('conf').register_opts(conf)
        self.module('conf').register_opts(conf)


class AggregatorConfTest(_ConfTests, base.ServiceTestCase):
    SERVICE = 'aggregator'


class VirtualRegionManagerConfTest(_ConfTests, base.ServiceTestCase):
    SERVICE = 'vrm'
