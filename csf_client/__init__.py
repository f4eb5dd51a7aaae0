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
"""Python client of the Cloud Service Federation APIs.

``csf_client.vrm.VRMClient`` talks to a provider's Virtual Region
Manager, ``csf_client.aggregator.AggregatorClient`` to a reseller's
Aggregator; both are built from a keystoneauth1 Session and find their
endpoint in the catalog. ``csf_client.osc`` is the ``openstack`` CLI
plugin built on them.
"""
