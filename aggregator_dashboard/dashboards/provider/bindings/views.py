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
from django.utils.translation import gettext_lazy as _
from horizon import exceptions

from aggregator_dashboard import api
from aggregator_dashboard.dashboards.provider.bindings import (
    tables as binding_tables)
from aggregator_dashboard import utils


class IndexView(utils.ListView):
    table_class = binding_tables.BindingsTable
    page_title = _('Bindings')
    error = _('Unable to retrieve the bindings.')

    def fetch(self):
        bindings = api.vrm.binding_list(self.request)
        names = {}
        try:
            names.update((v['id'], v['name'])
                         for v in api.vrm.virtual_region_list(self.request))
            names.update((p['id'], p['name'])
                         for p in api.vrm.partner_list(self.request))
        except Exception:
            exceptions.handle(self.request, _('Unable to retrieve the '
                                              'names of virtual regions '
                                              'and partners.'))
        return [dict(b, virtual_region_name=names.get(
            b.get('virtual_region_id'), b.get('virtual_region_id')),
            partner_name=names.get(b.get('partner_id'), b.get('partner_id')))
            for b in bindings]
