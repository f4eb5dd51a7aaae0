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
"""What the shared plumbing of ``csf_common`` needs to know about the
Aggregator: its names, its error codes and its configuration.
"""

from aggregator import conf
from aggregator import errors
from csf_common import service

SERVICE = service.ServiceSpec(
    project='aggregator',
    title='Aggregator',
    code_prefix='aggregator',
    policy_error=errors.PolicyNotAuthorized,
    config_file_env='AGGREGATOR_CONFIG_FILE',
    option_groups=conf.GROUPS,
)
