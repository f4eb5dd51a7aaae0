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
"""Which client errors Horizon shows as messages instead of tracebacks.

The enabled files add these to ``HORIZON_CONFIG['exceptions']``, so
``horizon.exceptions.handle`` turns a failed API call into an error
message (and a 401 into a fresh login).
"""

from csf_client import exceptions

RECOVERABLE = (exceptions.ClientException,)
NOT_FOUND = (exceptions.NotFound,)
UNAUTHORIZED = (exceptions.Unauthorized,)

ADD_EXCEPTIONS = {'recoverable': RECOVERABLE, 'not_found': NOT_FOUND,
                  'unauthorized': UNAUTHORIZED}
