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
"""Schema fragments shared by several resources."""

from csf_common import schemas

NAME = schemas.NAME
DESCRIPTION = schemas.DESCRIPTION
UUID_HEX = {'type': 'string', 'pattern': '^[0-9a-fA-F-]{32,36}$'}
QUOTA = schemas.QUOTA
