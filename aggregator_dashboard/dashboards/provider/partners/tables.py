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


class OnboardPartner(tables.LinkAction):
    name = 'create'
    verbose_name = _('Onboard Partner')
    url = 'horizon:provider:partners:create'
    classes = ('ajax-modal',)
    icon = 'plus'


class OffboardPartner(tables.DeleteAction):
    help_text = _('The partner\'s credential stops working; a partner '
                  'with active bindings cannot be removed.')

    @staticmethod
    def action_present(count):
        return ngettext_lazy('Offboard Partner', 'Offboard Partners', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Offboarded Partner', 'Offboarded Partners',
                             count)

    def delete(self, request, obj_id):
        api.vrm.partner_delete(request, obj_id)


class PartnersTable(tables.DataTable):
    name = tables.Column('name', verbose_name=_('Name'))
    idp = tables.Column('idp_entity_id', verbose_name=_('SAML IdP entity'))
    description = tables.Column('description', verbose_name=_('Description'))
    created = tables.Column('created_at', verbose_name=_('Onboarded'))

    class Meta(object):
        name = 'partners'
        verbose_name = _('Partners')
        table_actions = (OnboardPartner, OffboardPartner)
        row_actions = (OffboardPartner,)
