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
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from aggregator_dashboard import api
from aggregator_dashboard.dashboards.admin.aggregator_regions import (
    forms as region_forms)
from aggregator_dashboard.dashboards.admin.aggregator_regions import (
    tables as region_tables)
from aggregator_dashboard import utils


class IndexView(utils.ListView):
    table_class = region_tables.RegionsTable
    page_title = _('Aggregator Regions')
    error = _('Unable to retrieve the regions.')

    @staticmethod
    def row_id(region):
        return region['name']

    def fetch(self):
        regions = api.aggregator.region_list(self.request)
        try:
            names = {p['id']: p['name']
                     for p in api.aggregator.provider_list(self.request)}
        except Exception:
            names = {}      # the regions are still worth showing
        return [dict(r, provider_name=names.get(
            r.get('provider_id'), r.get('provider_id'))) for r in regions]


class CreateView(utils.ModalFormView):
    form_class = region_forms.CreateRegion
    modal_id = 'create_region_modal'
    modal_header = _('Create Region')
    submit_label = _('Create Region')
    submit_url = reverse_lazy('horizon:admin:aggregator_regions:create')
    success_url = reverse_lazy('horizon:admin:aggregator_regions:index')
    page_title = _('Create Region')
    help_text = _(
        'A region binds one provider offering (a virtual region). Its '
        'status follows the binding: active at once when the provider '
        'approves automatically, pending until a provider administrator '
        'approves otherwise.')

    def get_initial(self):
        return {'offering': self.request.GET.get('offering')}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offering = self.request.GET.get('offering')
        if offering:
            context['submit_url'] = '%s?offering=%s' % (
                context['submit_url'], offering)
        return context
