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

The provider's Keystone issues the tokens. Provider administrators hold the
``admin`` role; partners (aggregators) call with an application credential
scoped to their own project. The base rules come from
``csf_common.policies.base``.
"""

import itertools

from oslo_policy import policy

from csf_common.policies import base
from virtual_region_manager.policies import vrm


def list_rules() -> list[policy.RuleDefault]:
    return list(itertools.chain(
        base.list_rules(operator='provider'),
        vrm.list_rules(),
    ))
