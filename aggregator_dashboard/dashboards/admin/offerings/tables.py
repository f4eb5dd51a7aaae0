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
from urllib import parse

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from horizon import tables


def _meta(path):
    def get(offering):
        value = offering.get('metadata') or {}
        for part in path.split('.'):
            value = value.get(part) if isinstance(value, dict) else None
        return '-' if value is None else value
    return get


class OfferingFilter(tables.FilterAction):
    """Search at the Aggregator: by service, or by a metadata value."""

    filter_type = 'server'
    filter_choices = (
        ('metadata', _('Metadata (path=value)'), True),
        ('service', _('Service ='), True),
    )


class CreateRegion(tables.LinkAction):
    name = 'create_region'
    verbose_name = _('Create Region')
    classes = ('ajax-modal',)
    icon = 'plus'

    def get_link_url(self, datum):
        return '%s?%s' % (
            reverse('horizon:admin:aggregator_regions:create'),
            parse.urlencode({'offering': '%s/%s' % (
                datum.provider_id, datum.virtual_region_id)}))

    def allowed(self, request, datum=None):
        return datum is None or bool(datum.get('available', True))


class OfferingsTable(tables.DataTable):
    name = tables.Column('name', verbose_name=_('Virtual Region'))
    provider = tables.Column('provider_name', verbose_name=_('Provider'))
    region_id = tables.Column('region_id', verbose_name=_('Physical Region'))
    services = tables.Column(lambda o: ', '.join(o.services or []),
                             verbose_name=_('Services'))
    jurisdiction = tables.Column(_meta('location.jurisdiction'),
                                 verbose_name=_('Jurisdiction'))
    country = tables.Column(_meta('location.country'),
                            verbose_name=_('Country'))
    approval = tables.Column('approval', verbose_name=_('Approval'))
    available = tables.Column(
        lambda o: _('Yes') if o.get('available') and o.get(
            'provider_available', True) else _('No'),
        verbose_name=_('Available'))

    def get_object_id(self, datum):
        return '%s/%s' % (datum['provider_id'], datum['virtual_region_id'])

    class Meta(object):
        name = 'offerings'
        verbose_name = _('Offerings')
        table_actions = (OfferingFilter,)
        row_actions = (CreateRegion,)
