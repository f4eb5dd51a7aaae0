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
"""Policy in code: one module per resource, listed here.

The reseller's Keystone issues the tokens. Reseller administrators hold the
``admin`` role; tenants hold ``member`` or ``reader`` on their projects.
The base rules come from ``csf_common.policies.base``.
"""

import itertools

from oslo_policy import policy

from aggregator.policies import aggregator
from csf_common.policies import base


def list_rules() -> list[policy.RuleDefault]:
    return list(itertools.chain(
        base.list_rules(operator='reseller'),
        aggregator.list_rules(),
    ))
