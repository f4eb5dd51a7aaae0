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
from aggregator_dashboard.dashboards.admin.providers import (
    forms as provider_forms)
from aggregator_dashboard.dashboards.admin.providers import (
    tables as provider_tables)
from aggregator_dashboard import utils


class IndexView(utils.ListView):
    table_class = provider_tables.ProvidersTable
    page_title = _('Providers')
    error = _('Unable to retrieve the providers.')

    def fetch(self):
        return api.aggregator.provider_list(self.request)


class CreateView(utils.ModalFormView):
    form_class = provider_forms.RegisterProvider
    modal_id = 'register_provider_modal'
    modal_header = _('Register Provider')
    submit_label = _('Register')
    submit_url = reverse_lazy('horizon:admin:providers:create')
    success_url = reverse_lazy('horizon:admin:providers:index')
    page_title = _('Register Provider')
    help_text = _(
        'The provider\'s administrators onboard you as a partner at their '
        'Virtual Region Manager and give you its URL, their Keystone URL '
        'and a partner credential (shown to them once). The secret is '
        'stored encrypted and never shown again.')
