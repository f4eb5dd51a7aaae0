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
"""``openstack virtual region offering list`` (what the calling partner
may bind at this provider)."""

from __future__ import annotations

from csf_client.osc.v1 import common


class ListOffering(common.OfferingLister):
    _description = 'List the virtual regions a partner may bind'
    columns = (('ID', 'id'), ('Name', 'name'), ('Region', 'region_id'),
               ('Services', 'services'), ('Approval', 'approval'),
               ('Available', 'available'))

    def offerings(self, args) -> list[dict]:
        return common.vrm(self.app).list_offerings()
