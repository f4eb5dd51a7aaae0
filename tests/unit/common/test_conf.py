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
"""Option groups: registered in one place, all listed for the generator."""

from oslo_config import cfg
from oslo_db import options as db_options

from csf_common import conf as common_conf
from csf_common import service
from tests.unit.common import base

GROUPS = {'api', 'database', 'keystone', 'keystone_authtoken'}


def _group_name(group) -> str:
    return group.name if isinstance(group, cfg.OptGroup) else group


class ConfTest(base.CommonTestCase):

    def test_list_opts_covers_all_groups(self):
        listed = {_group_name(group): opts
                  for group, opts in common_conf.list_opts(base.GROUPS)}
        self.assertEqual(GROUPS, set(listed))
        for group, opts in listed.items():
            self.assertTrue(opts, group)

    def test_registered_groups_are_listed(self):
        conf = self.make_conf()
        listed = {_group_name(group): {opt.dest for opt in opts}
                  for group, opts in common_conf.list_opts(base.GROUPS)}
        for group in GROUPS:
            registered = {opt['opt'].dest for opt in
                          conf._groups[group]._opts.values()}
            self.assertTrue(registered <= listed[group],
                            registered - listed[group])

    def test_defaults(self):
        conf = self.make_conf()
        self.assertEqual('keystone', conf.api.auth_strategy)
        self.assertIsNone(conf.api.public_endpoint)
        self.assertEqual('127.0.0.1', conf.api.bind_host)
        self.assertEqual(9999, conf.api.bind_port)
        self.assertTrue(conf.database.connection.startswith('sqlite:///'))
        self.assertEqual('sqlite:////nonexistent/f',
                         conf.database.connection)

    def test_help_names_the_service(self):
        api_group, api_opts = common_conf.list_opts(base.GROUPS)[0]
        self.assertIn('Fake API', api_group.help)
        helps = {opt.name: opt.help for opt in api_opts}
        self.assertIn('(fake-api)', helps['bind_host'])
        self.assertIn('fake.wsgi:application', helps['bind_host'])
        self.assertIn('https://cloud.example.com/fake',
                      helps['public_endpoint'])

    def test_register_twice(self):
        conf = cfg.ConfigOpts()
        common_conf.register_opts(conf, base.GROUPS)
        common_conf.register_opts(conf, base.GROUPS)

    def test_overrides_not_shared_between_conf_objects(self):
        first = self.make_conf(public_endpoint='https://a.example.com')
        second = self.make_conf()
        self.assertEqual('https://a.example.com', first.api.public_endpoint)
        self.assertIsNone(second.api.public_endpoint)

    def test_database_default_does_not_leak(self):
        for opt in db_options.database_opts:
            if opt.name == 'connection':
                self.assertNotEqual('sqlite:////nonexistent/f', opt.default)

    def test_prepare_registers_and_parses(self):
        conf = service.prepare(base.SERVICE, [], default_config_files=[])
        self.assertEqual(9999, conf.api.bind_port)
        self.assertEqual('csf-fake-service', conf.project)
