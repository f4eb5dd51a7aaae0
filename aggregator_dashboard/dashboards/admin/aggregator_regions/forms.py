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


class CreateRegion(forms.SelfHandlingForm):
    name = forms.RegexField(
        label=_('Name'), max_length=255, regex=r'^[A-Za-z0-9][A-Za-z0-9_.-]*$',
        help_text=_('The region name tenants see, e.g. V3.'))
    offering = forms.ThemableChoiceField(label=_('Offering'))
    token_mode = forms.ThemableChoiceField(
        label=_('Token mode'), choices=(
            ('proxy', _('proxy (the provider sees only the reseller)')),
            ('pass-through', _('pass-through (tenants reach the provider '
                               'by K2K)'))))
    description = forms.CharField(label=_('Description'), required=False,
                                  max_length=1024)

    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        try:
            offerings = api.aggregator.offering_list(request)
        except Exception:
            offerings = []
            exceptions.handle(request, _('Unable to retrieve the '
                                         'offerings.'))
        self.fields['offering'].choices = [
            ('%s/%s' % (o['provider_id'], o['virtual_region_id']),
             '%s: %s (%s)' % (o.get('provider_name') or o['provider_id'],
                              o['name'], o.get('region_id', '')))
            for o in offerings]

    def handle(self, request, data):
        provider_id, _sep, vr_id = data['offering'].partition('/')
        try:
            region = api.aggregator.region_create(
                request, data['name'], provider_id, vr_id,
                token_mode=data['token_mode'],
                description=data['description'])
        except Exception:
            exceptions.handle(
                request, _('Unable to create region %s.') % data['name'],
                redirect=reverse('horizon:admin:aggregator_regions:index'))
            return False
        messages.success(request, _('Region %(name)s created; its binding '
                                    'is %(status)s.') % {
            'name': data['name'], 'status': region.get('status')})
        return region
