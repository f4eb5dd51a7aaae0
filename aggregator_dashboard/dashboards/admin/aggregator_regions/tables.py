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
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from horizon import tables

from aggregator_dashboard import api


class CreateRegion(tables.LinkAction):
    name = 'create'
    verbose_name = _('Create Region')
    url = 'horizon:admin:aggregator_regions:create'
    classes = ('ajax-modal',)
    icon = 'plus'


class SuspendRegion(tables.BatchAction):
    name = 'suspend'
    action_type = 'danger'
    help_text = _('Tenants can no longer use the region until it is '
                  'resumed.')

    @staticmethod
    def action_present(count):
        return ngettext_lazy('Suspend Region', 'Suspend Regions', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Suspended Region', 'Suspended Regions', count)

    def allowed(self, request, datum=None):
        return datum is None or datum.status == 'active'

    def action(self, request, obj_id):
        api.aggregator.region_suspend(request, obj_id)


class ResumeRegion(tables.BatchAction):
    name = 'resume'

    @staticmethod
    def action_present(count):
        return ngettext_lazy('Resume Region', 'Resume Regions', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Resumed Region', 'Resumed Regions', count)

    def allowed(self, request, datum=None):
        return datum is None or datum.status == 'suspended'

    def action(self, request, obj_id):
        api.aggregator.region_resume(request, obj_id)


class DeleteRegion(tables.DeleteAction):
    help_text = _('The binding at the provider is terminated. A region '
                  'with placed projects cannot be deleted.')

    @staticmethod
    def action_present(count):
        return ngettext_lazy('Delete Region', 'Delete Regions', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Deleted Region', 'Deleted Regions', count)

    def delete(self, request, obj_id):
        api.aggregator.region_delete(request, obj_id)


STATUS_CHOICES = (
    ('active', True), ('suspended', True), ('error', False),
    ('rejected', False), ('terminated', False),
)


class RegionsTable(tables.DataTable):
    name = tables.Column('name', verbose_name=_('Name'))
    status = tables.Column('status', verbose_name=_('Status'),
                           status=True, status_choices=STATUS_CHOICES)
    token_mode = tables.Column('token_mode', verbose_name=_('Token Mode'))
    provider = tables.Column('provider_name', verbose_name=_('Provider'))
    virtual_region = tables.Column('virtual_region_id',
                                   verbose_name=_('Virtual Region'))
    binding = tables.Column('binding_id', verbose_name=_('Binding'))
    services = tables.Column(lambda r: ', '.join(r.services or []),
                             verbose_name=_('Services'))
    description = tables.Column('description', verbose_name=_('Description'))

    def get_object_id(self, datum):
        return datum['name']

    def get_object_display(self, datum):
        return datum['name']

    class Meta(object):
        name = 'regions'
        verbose_name = _('Aggregator Regions')
        status_columns = ('status',)
        table_actions = (CreateRegion, DeleteRegion)
        row_actions = (SuspendRegion, ResumeRegion, DeleteRegion)
