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
"""Virtual region forms: the metadata as form fields, JSON, or both.

The fields cover the common characteristics of the published metadata
schema (location, SLA); the JSON field takes the rest (flavors, network,
prices, ...) and the form fields win where both say something.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from horizon import exceptions
from horizon import forms
from horizon import messages

from aggregator_dashboard import api
from aggregator_dashboard import utils

SCHEMA_VERSION = '1'
METADATA_FIELDS = (
    # form field, metadata path
    ('country', ('location', 'country')),
    ('jurisdiction', ('location', 'jurisdiction')),
    ('city', ('location', 'city')),
    ('availability', ('sla', 'availability')),
)


def metadata_from(data: dict) -> dict:
    metadata = dict(data.get('metadata_json') or {})
    metadata.setdefault('schema_version', SCHEMA_VERSION)
    for field, (group, key) in METADATA_FIELDS:
        if data.get(field):
            metadata.setdefault(group, {})
            metadata[group] = dict(metadata[group], **{key: data[field]})
    return metadata


def initial_from(virtual_region: dict) -> dict:
    metadata = virtual_region.get('metadata') or {}
    initial = {'metadata_json': utils.to_json(metadata),
               'quota': utils.to_json(virtual_region.get('quota')),
               'services': ', '.join(virtual_region.get('services') or [])}
    for field, (group, key) in METADATA_FIELDS:
        initial[field] = (metadata.get(group) or {}).get(key, '')
    for field in ('name', 'region_id', 'visibility', 'approval',
                  'description'):
        initial[field] = virtual_region.get(field)
    return initial


def services_list(text: str) -> list:
    return [s.strip() for s in (text or '').split(',') if s.strip()]


class VirtualRegionForm(forms.SelfHandlingForm):
    services = forms.CharField(
        label=_('Services'), help_text=_('Service types, comma separated '
                                         '(e.g. image, compute).'))
    visibility = forms.ThemableChoiceField(label=_('Visibility'), choices=(
        ('public', _('Public: every partner')),
        ('private', _('Private: named partners'))))
    approval = forms.ThemableChoiceField(label=_('Binding approval'),
                                         choices=(('auto', _('Automatic')),
                                                  ('manual', _('Manual'))))
    country = forms.CharField(label=_('Country'), required=False,
                              max_length=2)
    jurisdiction = forms.CharField(label=_('Jurisdiction'), required=False)
    city = forms.CharField(label=_('City'), required=False)
    availability = forms.CharField(label=_('SLA availability'),
                                   required=False)
    metadata_json = utils.JSONField(
        label=_('Metadata (JSON)'), required=False,
        help_text=_('Further characteristics of the region metadata '
                    'schema: flavors, network, images, prices, ...'))
    quota = utils.JSONField(
        label=_('Limits (JSON)'), required=False,
        help_text=_('Per service type, e.g. {"image": '
                    '{"image_count_total": 50}}.'))
    description = forms.CharField(label=_('Description'), required=False,
                                  max_length=1024)

    def fields_for_api(self, data: dict) -> dict:
        return {'services': services_list(data['services']),
                'visibility': data['visibility'],
                'approval': data['approval'],
                'metadata': metadata_from(data),
                'quota': data['quota'],
                'description': data['description'] or None}


class CreateVirtualRegion(VirtualRegionForm):
    name = forms.CharField(label=_('Name'), max_length=255)
    region_id = forms.CharField(label=_('Physical region'), max_length=255)
    field_order = ['name', 'region_id']

    def handle(self, request, data):
        fields = self.fields_for_api(data)
        try:
            vr = api.vrm.virtual_region_create(
                request, name=data['name'], region_id=data['region_id'],
                **fields)
        except Exception:
            exceptions.handle(
                request, _('Unable to create virtual region %s.')
                % data['name'],
                redirect=reverse('horizon:provider:virtual_regions:index'))
            return False
        messages.success(request, _('Virtual region %s created.')
                         % data['name'])
        return vr


class UpdateVirtualRegion(VirtualRegionForm):
    virtual_region_id = forms.CharField(widget=forms.HiddenInput())

    def handle(self, request, data):
        try:
            vr = api.vrm.virtual_region_update(
                request, data['virtual_region_id'],
                **self.fields_for_api(data))
        except Exception:
            exceptions.handle(
                request, _('Unable to update the virtual region.'),
                redirect=reverse('horizon:provider:virtual_regions:index'))
            return False
        messages.success(request, _('Virtual region %s updated.')
                         % vr.get('name'))
        return vr
