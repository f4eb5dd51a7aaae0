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
"""Project > Virtual Regions panel group (registers the plugin's app)."""

from aggregator_dashboard import exceptions

PANEL_GROUP = 'virtual_regions_group'
PANEL_GROUP_NAME = 'Virtual Regions'
PANEL_GROUP_DASHBOARD = 'project'

ADD_INSTALLED_APPS = ['aggregator_dashboard']
ADD_EXCEPTIONS = exceptions.ADD_EXCEPTIONS
