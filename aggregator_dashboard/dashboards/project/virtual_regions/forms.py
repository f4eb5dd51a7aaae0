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


class PlaceProject(forms.SelfHandlingForm):
    region = forms.CharField(widget=forms.HiddenInput())
    quota = utils.JSONField(
        label=_('Quota request (JSON)'), required=False,
        help_text=_('Limits per service type, e.g. {"image": '
                    '{"image_count_total": 10}}. Empty: the region\'s '
                    'defaults.'))

    def handle(self, request, data):
        try:
            placement = api.aggregator.placement_create(
                request, data['region'], request.user.project_id,
                quota=data['quota'])
        except Exception:
            exceptions.handle(
                request, _('Unable to place the project in region %s.')
                % data['region'],
                redirect=reverse('horizon:project:virtual_regions:index'))
            return False
        messages.success(request, _('Project %(project)s placed in region '
                                    '%(region)s.') % {
            'project': request.user.project_name, 'region': data['region']})
        return placement
