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
from horizon import exceptions
from horizon import messages
from horizon import views

from aggregator_dashboard import api
from aggregator_dashboard.dashboards.provider.partners import (
    forms as partner_forms)
from aggregator_dashboard.dashboards.provider.partners import (
    tables as partner_tables)
from aggregator_dashboard import utils

INDEX = reverse_lazy('horizon:provider:partners:index')


class IndexView(utils.ListView):
    table_class = partner_tables.PartnersTable
    page_title = _('Partners')
    error = _('Unable to retrieve the partners.')

    def fetch(self):
        return api.vrm.partner_list(self.request)


class CreateView(utils.ModalFormView):
    form_class = partner_forms.OnboardPartner
    modal_id = 'onboard_partner_modal'
    modal_header = _('Onboard Partner')
    submit_label = _('Onboard')
    submit_url = reverse_lazy('horizon:provider:partners:create')
    success_url = reverse_lazy('horizon:provider:partners:credential')
    cancel_url = INDEX
    page_title = _('Onboard Partner')
    help_text = _(
        'Onboard an aggregator: its SAML identity provider, so that '
        'bindings can federate its users into your virtual regions. You '
        'get the partner credential once, on the next page.')


class CredentialView(views.HorizonTemplateView):
    """Shows the new partner's credential once, then forgets it."""

    template_name = 'aggregator_dashboard/partners/credential.html'
    page_title = _('Partner Credential')

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        credential = self.request.session.pop(
            partner_forms.SESSION_KEY, None)
        if not credential:
            messages.error(self.request, _('The credential was shown '
                                           'already.'))
            raise exceptions.Http302(INDEX)
        context['credential'] = credential
        return context
