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
from django.utils.translation import gettext_lazy as _
from horizon import exceptions
from horizon import forms

from aggregator_dashboard import api
from aggregator_dashboard import utils

# The one-time credential waits here until the credential page shows it.
SESSION_KEY = 'csf_partner_credential'


class OnboardPartner(forms.SelfHandlingForm):
    name = forms.CharField(label=_('Name'), max_length=255)
    idp_entity_id = forms.RegexField(
        regex=utils.URL, max_length=1024,
        label=_('SAML IdP entity ID'),
        help_text=_('The aggregator Keystone\'s [saml] idp_entity_id.'))
    idp_metadata = forms.CharField(
        label=_('SAML IdP metadata (XML)'),
        widget=forms.Textarea(attrs={'rows': 6}))
    description = forms.CharField(label=_('Description'), required=False,
                                  max_length=1024)

    def handle(self, request, data):
        try:
            partner = api.vrm.partner_create(
                request, data['name'], data['idp_entity_id'],
                data['idp_metadata'], description=data['description'])
        except Exception:
            exceptions.handle(request, _('Unable to onboard partner %s.')
                              % data['name'],
                              redirect=reverse('horizon:provider:partners:'
                                               'index'))
            return False
        credential = partner.get('application_credential') or {}
        request.session[SESSION_KEY] = {
            'partner': partner.get('name'), 'id': credential.get('id'),
            'secret': credential.get('secret'),
            'auth_url': partner.get('auth_url')}
        return partner
