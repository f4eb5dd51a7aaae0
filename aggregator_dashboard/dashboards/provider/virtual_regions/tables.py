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
from django.utils.translation import ngettext_lazy
from horizon import tables

from aggregator_dashboard import api


class CreateVirtualRegion(tables.LinkAction):
    name = 'create'
    verbose_name = _('Create Virtual Region')
    url = 'horizon:provider:virtual_regions:create'
    classes = ('ajax-modal',)
    icon = 'plus'


class EditVirtualRegion(tables.LinkAction):
    name = 'edit'
    verbose_name = _('Edit Virtual Region')
    classes = ('ajax-modal',)
    icon = 'pencil'

    def get_link_url(self, datum):
        return reverse('horizon:provider:virtual_regions:update',
                       args=[datum.id])


class DeleteVirtualRegion(tables.DeleteAction):
    help_text = _('A virtual region with an active binding cannot be '
                  'deleted.')

    @staticmethod
    def action_present(count):
        return ngettext_lazy('Delete Virtual Region',
                             'Delete Virtual Regions', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Deleted Virtual Region',
                             'Deleted Virtual Regions', count)

    def delete(self, request, obj_id):
        api.vrm.virtual_region_delete(request, obj_id)


def _limits(vr):
    quota = vr.get('quota') or {}
    return '; '.join('%s: %s' % (svc, ', '.join(
        '%s=%s' % item for item in sorted(limits.items())))
        for svc, limits in sorted(quota.items())) or '-'


class VirtualRegionsTable(tables.DataTable):
    name = tables.Column('name', verbose_name=_('Name'))
    region_id = tables.Column('region_id', verbose_name=_('Physical Region'))
    services = tables.Column(lambda v: ', '.join(v.services or []),
                             verbose_name=_('Services'))
    visibility = tables.Column('visibility', verbose_name=_('Visibility'))
    approval = tables.Column('approval', verbose_name=_('Approval'))
    limits = tables.Column(_limits, verbose_name=_('Limits'))
    description = tables.Column('description', verbose_name=_('Description'))

    class Meta(object):
        name = 'virtual_regions'
        verbose_name = _('Virtual Regions')
        table_actions = (CreateVirtualRegion, DeleteVirtualRegion)
        row_actions = (EditVirtualRegion, DeleteVirtualRegion)
