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
from horizon import messages

from aggregator_dashboard import api
from aggregator_dashboard import utils


class RegisterProvider(forms.SelfHandlingForm):
    name = forms.CharField(label=_('Name'), max_length=255)
    vrm_url = forms.RegexField(label=_('VRM URL'), regex=utils.URL,
                               max_length=1024)
    auth_url = forms.RegexField(
        label=_('Keystone URL'), regex=utils.URL, max_length=1024,
        help_text=_('The provider\'s identity API, e.g. '
                    'https://keystone.p1.example/v3'))
    credential_id = forms.CharField(label=_('Partner credential ID'),
                                    max_length=64)
    credential_secret = forms.CharField(
        label=_('Partner credential secret'), max_length=1024,
        widget=forms.PasswordInput(render_value=False))
    description = forms.CharField(label=_('Description'), required=False,
                                  max_length=1024)

    def handle(self, request, data):
        try:
            provider = api.aggregator.provider_create(
                request, data['name'], data['vrm_url'], data['auth_url'],
                data['credential_id'], data['credential_secret'],
                description=data['description'])
        except Exception:
            exceptions.handle(request,
                              _('Unable to register provider %s.')
                              % data['name'],
                              redirect=reverse('horizon:admin:providers:'
                                               'index'))
            return False
        messages.success(request, _('Provider %s registered.')
                         % data['name'])
        return provider
