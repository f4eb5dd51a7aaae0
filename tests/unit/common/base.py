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
"""A fake service built on csf_common alone, and a test case serving it.

The plumbing is tested once here; each service's tests cover only what is
its own (route table, codes, options, rules).
"""

from collections.abc import Mapping

from oslo_config import cfg
import sqlalchemy

from csf_common import conf as common_conf
from csf_common.conf import api
from csf_common.conf import database
from csf_common.conf import keystone
from csf_common.conf import keystone_authtoken
from csf_common import deploy
from csf_common import errors
from csf_common.handlers import root
from csf_common.policies import base as base_policies
from csf_common import service
from tests.unit import base as test_base

ADMIN = test_base.ADMIN
PREFIX = 'fake.'


class NotFound(errors.NotFound):
    """A kind used as is, without a service base class."""
    code = 'fake.not_found'


class Forbidden(errors.PolicyNotAuthorized):
    """The fake service's policy error."""
    code = 'fake.forbidden'


GROUPS = (
    api.ApiOptions(service='Fake', command='fake-api',
                   wsgi_app='fake.wsgi:application', default_port=9999,
                   example_url='https://cloud.example.com/fake'),
    database.DatabaseOptions(default_connection='sqlite:////nonexistent/f'),
    keystone.KeystoneOptions(title='Fake account', help='For tests.'),
    keystone_authtoken,
)

SERVICE = service.ServiceSpec(
    project='csf-fake-service', title='Fake', code_prefix='fake',
    policy_error=Forbidden, config_file_env='CSF_FAKE_CONFIG_FILE',
    option_groups=GROUPS)

METADATA = sqlalchemy.MetaData()
sqlalchemy.Table('things', METADATA,
                 sqlalchemy.Column('id', sqlalchemy.Integer, primary_key=True))


def rules() -> list:
    return base_policies.list_rules(operator='fake')


def deploy_fake(conf: cfg.ConfigOpts,
                routes: Mapping | None = None) -> deploy.WSGIApp:
    if routes is None:
        routes = root.ROUTE_DECLARATIONS
    return deploy.deploy(conf, service=SERVICE, routes=routes,
                         rules=rules())


class CommonTestCase(test_base.TestCase):
    """Base for tests of the plumbing, serving the fake service."""

    def register_opts(self, conf: cfg.ConfigOpts) -> None:
        common_conf.register_opts(conf, GROUPS)

    def make_app(self, routes: Mapping | None = None,
                 **api_overrides: object) -> deploy.WSGIApp:
        return deploy_fake(self.make_conf(**api_overrides), routes)
