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
"""Horizon's test case with the Aggregator and the VRM in the catalog."""

from unittest import mock

from openstack_dashboard.test import helpers

CSF_SERVICES = [
    {'type': 'aggregator', 'name': 'aggregator', 'endpoints': [
        {'region': 'RegionOne', 'region_id': 'RegionOne',
         'interface': 'public', 'url': 'http://aggregator.example:9870'}]},
    {'type': 'virtual-region-manager', 'name': 'vrm', 'endpoints': [
        {'region': 'RegionOne', 'region_id': 'RegionOne',
         'interface': 'public', 'url': 'http://vrm.example:9880'}]},
]


def stub(name: str):
    """Patch ``aggregator_dashboard.api.<name>`` (``aggregator.x``)."""
    return mock.patch('aggregator_dashboard.api.%s' % name, autospec=True)


class DashboardMixin:
    def _setup_user(self, **kwargs):
        kwargs.setdefault('service_catalog',
                          list(self.service_catalog) + CSF_SERVICES)
        super()._setup_user(**kwargs)

    def patch_api(self, name: str):
        """Stub an api function for the whole test."""
        patcher = stub(name)
        self.addCleanup(patcher.stop)
        return patcher.start()


class TestCase(DashboardMixin, helpers.TestCase):
    """A project member (tenant)."""


class AdminTestCase(DashboardMixin, helpers.BaseAdminViewTests):
    """An administrator."""
