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


class RegisterProvider(tables.LinkAction):
    name = 'create'
    verbose_name = _('Register Provider')
    url = 'horizon:admin:providers:create'
    classes = ('ajax-modal',)
    icon = 'plus'


class RemoveProvider(tables.DeleteAction):
    help_text = _('A provider serving a region cannot be removed.')

    @staticmethod
    def action_present(count):
        return ngettext_lazy('Remove Provider', 'Remove Providers', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Removed Provider', 'Removed Providers', count)

    def delete(self, request, obj_id):
        api.aggregator.provider_delete(request, obj_id)


def _available(provider):
    if provider.available:
        return _('Available')
    return _('Unavailable: %s') % (provider.get('last_error') or '-')


class ProvidersTable(tables.DataTable):
    name = tables.Column('name', verbose_name=_('Name'))
    description = tables.Column('description', verbose_name=_('Description'))
    vrm_url = tables.Column('vrm_url', verbose_name=_('VRM URL'))
    auth_url = tables.Column('auth_url', verbose_name=_('Keystone URL'))
    available = tables.Column(_available, verbose_name=_('Availability'))
    checked_at = tables.Column('checked_at', verbose_name=_('Checked'))

    class Meta(object):
        name = 'providers'
        verbose_name = _('Providers')
        table_actions = (RegisterProvider, RemoveProvider)
        row_actions = (RemoveProvider,)
