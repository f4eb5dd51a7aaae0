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
"""The devstack plugin's override-defaults, as devstack sources it."""

import os
import subprocess

import testtools

DEFAULTS = os.path.join(os.path.dirname(__file__), '..', '..', 'devstack',
                        'override-defaults')


def _sourced(services: str, localrc: str = '') -> str:
    script = ('ENABLED_SERVICES=%s; %s\nsource %s\n'
              'echo "${NOVA_USE_UNIFIED_LIMITS-unset}"'
              % (services, localrc, DEFAULTS))
    return subprocess.run(['bash', '-c', script], capture_output=True,
                          text=True, check=True, timeout=30).stdout.strip()


class OverrideDefaultsTest(testtools.TestCase):

    def test_a_provider_gets_nova_unified_limits(self):
        self.assertEqual('True', _sourced('key,n-api,q-svc,csf-vrm'))

    def test_localrc_still_wins(self):
        self.assertEqual('False', _sourced('key,csf-vrm',
                                           'NOVA_USE_UNIFIED_LIMITS=False'))

    def test_a_reseller_is_left_alone(self):
        self.assertEqual('unset', _sourced('key,horizon,csf-aggregator'))
