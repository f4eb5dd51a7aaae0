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
from horizon import messages
from horizon import views

from aggregator_dashboard import api
from aggregator_dashboard.dashboards.project.virtual_regions import (
    forms as vr_forms)
from aggregator_dashboard.dashboards.project.virtual_regions import (
    tables as vr_tables)
from aggregator_dashboard import utils

INDEX = 'horizon:project:virtual_regions:index'


def regions_with_placement(request) -> list[dict]:
    """Every region, with whether the current project is placed there."""
    regions = api.aggregator.region_list(request)
    placed = {p['region']: p for p in api.aggregator.project_region_list(
        request, request.user.project_id)}
    result = []
    for region in regions:
        placement = placed.get(region['name']) or {}
        # A pass-through placement names the provider project the user's
        # federated identity reaches (by the region's service provider).
        result.append(dict(
            region, placed=bool(placement),
            placement_status=placement.get('status'),
            service_provider_id=placement.get(
                'service_provider_id', region.get('service_provider_id')),
            provider_project_id=placement.get('provider_project_id')))
    return result


class IndexView(utils.ListView):
    table_class = vr_tables.RegionsTable
    page_title = _('Virtual Regions')
    error = _('Unable to retrieve the regions.')

    @staticmethod
    def row_id(region):
        return region['name']

    def fetch(self):
        return regions_with_placement(self.request)


class CompareView(views.HorizonTemplateView):
    template_name = 'aggregator_dashboard/virtual_regions/compare.html'
    page_title = _('Compare Regions')

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        wanted = self.request.GET.getlist('region')
        try:
            regions = [r for r in regions_with_placement(self.request)
                       if r['name'] in wanted]
        except Exception:
            exceptions.handle(
                self.request, _('Unable to retrieve the regions.'),
                redirect=reverse('horizon:project:virtual_regions:index'))
        if len(regions) < 2:
            messages.error(self.request,
                           _('Select at least two regions to compare.'))
            raise exceptions.Http302(
                reverse('horizon:project:virtual_regions:index'))
        context['regions'] = regions
        context['rows'] = utils.compare(regions)
        return context


class PlaceView(utils.ModalFormView):
    form_class = vr_forms.PlaceProject
    modal_id = 'place_project_modal'
    submit_label = _('Place Project')
    page_title = _('Place Project in Region')

    def get_success_url(self):
        return utils.refresh_catalog_url(self.request, INDEX)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context['help'] = _(
            'Place project %(project)s in region %(region)s: the region '
            'creates a project for it, and Horizon\'s region selector then '
            'offers the region.') % {
            'project': self.request.user.project_name,
            'region': self.kwargs['region']}
        context['submit_url'] = reverse(
            'horizon:project:virtual_regions:place',
            args=[self.kwargs['region']])
        return context

    def get_initial(self):
        return {'region': self.kwargs['region']}
