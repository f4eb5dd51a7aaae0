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
"""Plumbing shared by the Aggregator and the Virtual Region Manager.

The WSGI pipeline, routing, rendering, request context, policy enforcement,
option groups and console-script bodies live here once. Each service
describes itself with a ``service.ServiceSpec`` (name, error codes, config
file) and keeps only its own routes, policies, option values and errors.
"""
