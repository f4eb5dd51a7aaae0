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
from django.urls import reverse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from horizon import exceptions

from aggregator_dashboard import api
from aggregator_dashboard.dashboards.provider.virtual_regions import (
    forms as vr_forms)
from aggregator_dashboard.dashboards.provider.virtual_regions import (
    tables as vr_tables)
from aggregator_dashboard import utils

INDEX = reverse_lazy('horizon:provider:virtual_regions:index')


class IndexView(utils.ListView):
    table_class = vr_tables.VirtualRegionsTable
    page_title = _('Virtual Regions')
    error = _('Unable to retrieve the virtual regions.')

    def fetch(self):
        return api.vrm.virtual_region_list(self.request)


class CreateView(utils.ModalFormView):
    form_class = vr_forms.CreateVirtualRegion
    modal_id = 'create_virtual_region_modal'
    modal_header = _('Create Virtual Region')
    submit_label = _('Create')
    submit_url = reverse_lazy('horizon:provider:virtual_regions:create')
    success_url = INDEX
    page_title = _('Create Virtual Region')
    help_text = _(
        'A virtual region is a domain of your cloud in one physical region, '
        'with the services, limits and characteristics you offer to '
        'partners. The metadata is checked against the published region '
        'metadata schema.')

    def get_initial(self):
        return {'services': 'image', 'visibility': 'public',
                'approval': 'manual'}


class UpdateView(utils.ModalFormView):
    form_class = vr_forms.UpdateVirtualRegion
    modal_id = 'update_virtual_region_modal'
    modal_header = _('Edit Virtual Region')
    submit_label = _('Save')
    success_url = INDEX
    page_title = _('Edit Virtual Region')

    def get_initial(self):
        vr_id = self.kwargs['virtual_region_id']
        try:
            vr = api.vrm.virtual_region_get(self.request, vr_id)
        except Exception:
            exceptions.handle(self.request,
                              _('Unable to retrieve the virtual region.'),
                              redirect=INDEX)
        return dict(vr_forms.initial_from(vr), virtual_region_id=vr_id)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context['submit_url'] = reverse(
            'horizon:provider:virtual_regions:update',
            args=[self.kwargs['virtual_region_id']])
        return context
