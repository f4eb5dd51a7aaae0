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
"""Unit tests of aggregator_dashboard: its views and forms in Horizon's
test harness, with the plugin's api layer stubbed.

Importing this package selects the Django settings of these tests
(``tests.unit.dashboard.settings``); other unit tests do not use Django.
"""

import os

os.environ['DJANGO_SETTINGS_MODULE'] = 'tests.unit.dashboard.settings'

import django  # noqa: E402
from django.test import utils  # noqa: E402

django.setup()
# What Django's own test runner does first (e.g. allows 'testserver').
utils.setup_test_environment()
