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

from django import shortcuts
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from horizon import tables

from aggregator_dashboard import api
from aggregator_dashboard import utils

INDEX = 'horizon:project:virtual_regions:index'
# Where Switch to Region lands: the panel of the region's first service.
LANDING = (('compute', 'horizon:project:instances:index'),
           ('network', 'horizon:project:networks:index'),
           ('volumev3', 'horizon:project:volumes:index'),
           ('image', 'horizon:project:images:index'),
           ('object-store', 'horizon:project:containers:index'))


def _meta(path):
    def get(region):
        value = region.get('metadata') or {}
        for part in path.split('.'):
            value = value.get(part) if isinstance(value, dict) else None
        return value if value is not None else '-'
    return get


def _placed(region):
    return region.placement_status if region.placed else _('No')


class PlaceProject(tables.LinkAction):
    name = 'place'
    verbose_name = _('Place Project in Region')
    classes = ('ajax-modal',)
    icon = 'plus'

    def get_link_url(self, datum):
        return reverse('horizon:project:virtual_regions:place',
                       args=[datum.name])

    def allowed(self, request, datum=None):
        return datum is None or (not datum.placed and
                                 datum.status == 'active')


class SwitchToRegion(tables.LinkAction):
    """Work in the region, through Horizon's own switches.

    A proxy region is in the project's catalog: Horizon's region selector
    switches to it. A pass-through region is not (the reseller's token is
    never sent to a provider): the user's own federated identity reaches
    it by Horizon's keystone provider switch (K2K) to the region's service
    provider, then the project the region made for this one.
    """

    name = 'switch'
    verbose_name = _('Switch to Region')
    icon = 'exchange'

    def allowed(self, request, datum=None):
        if datum is None or not datum.placed or datum.status != 'active' \
                or datum.placement_status != 'active':
            return False
        if datum.token_mode == 'pass-through':
            return bool(datum.service_provider_id and
                        datum.provider_project_id)
        return True

    @staticmethod
    def landing(datum) -> str:
        services = set(datum.services or ())
        for service_type, view in LANDING:
            if service_type in services:
                return reverse(view)
        return '/'

    def get_link_url(self, datum):
        if datum.token_mode == 'pass-through':
            project = '%s?%s' % (
                reverse('switch_project_id',
                        args=[datum.provider_project_id]),
                parse.urlencode({'next': self.landing(datum)}))
            return '%s?%s' % (
                reverse('switch_keystone_provider',
                        args=[datum.service_provider_id]),
                parse.urlencode({'next': project}))
        return '%s?%s' % (
            reverse('switch_services_region', args=[datum.name]),
            parse.urlencode({'next': self.landing(datum)}))


class RemovePlacement(tables.DeleteAction):
    name = 'remove_placement'
    help_text = _('The project and everything in it is deleted at the '
                  'region.')

    @staticmethod
    def action_present(count):
        return ngettext_lazy('Remove Placement', 'Remove Placements', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Removed Placement', 'Removed Placements',
                             count)

    def allowed(self, request, datum=None):
        return datum is None or bool(datum.placed)

    def delete(self, request, obj_id):
        api.aggregator.placement_delete(request, obj_id,
                                        request.user.project_id)

    def get_success_url(self, request=None):
        return utils.refresh_catalog_url(request, INDEX)


class CompareRegions(tables.BatchAction):
    """Opens the comparison of the selected regions (changes nothing).

    A BatchAction so that Horizon shows the rows' checkboxes.
    """

    name = 'compare'
    icon = 'columns'
    help_text = _('Select two or more regions.')

    @staticmethod
    def action_present(count):
        return ngettext_lazy('Compare', 'Compare Regions', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Compared', 'Compared Regions', count)

    def action(self, request, obj_id):
        """Unused: ``handle`` redirects with every selected region."""

    def handle(self, data_table, request, object_ids):
        query = parse.urlencode([('region', i) for i in object_ids])
        return shortcuts.redirect(
            reverse('horizon:project:virtual_regions:compare') + '?' + query)


class RegionsTable(tables.DataTable):
    name = tables.Column('name', verbose_name=_('Region'))
    description = tables.Column('description', verbose_name=_('Description'))
    status = tables.Column('status', verbose_name=_('Status'))
    jurisdiction = tables.Column(_meta('location.jurisdiction'),
                                 verbose_name=_('Jurisdiction'))
    city = tables.Column(_meta('location.city'), verbose_name=_('Location'))
    services = tables.Column(lambda r: ', '.join(r.services or []),
                             verbose_name=_('Services'))
    placed = tables.Column(_placed, verbose_name=_('Project placed'))

    def get_object_id(self, datum):
        return datum.name

    def get_object_display(self, datum):
        return datum.name

    class Meta(object):
        name = 'regions'
        verbose_name = _('Virtual Regions')
        multi_select = True
        table_actions = (CompareRegions,)
        row_actions = (SwitchToRegion, PlaceProject, RemovePlacement)
