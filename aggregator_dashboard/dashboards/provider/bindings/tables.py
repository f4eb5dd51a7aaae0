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
"""Bindings and their lifecycle actions (the VRM's state machine):
pending -> approved -> active <-> suspended -> terminated, or rejected."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from horizon import tables

from aggregator_dashboard import api


def _action(name, present, past, from_states, danger=False, args=None,
            help_text=None):
    """A BatchAction running binding action ``name``."""

    class BindingAction(tables.BatchAction):
        action_type = 'danger' if danger else 'normal'

        @staticmethod
        def action_present(count):
            return ngettext_lazy(present[0], present[1], count)

        @staticmethod
        def action_past(count):
            return ngettext_lazy(past[0], past[1], count)

        def allowed(self, request, datum=None):
            return datum is None or datum.status in from_states

        def action(self, request, obj_id):
            api.vrm.binding_action(request, obj_id, name, args)

    BindingAction.name = name
    BindingAction.help_text = help_text or ''
    BindingAction.__name__ = '%sBinding' % name.title()
    return BindingAction


ApproveBinding = _action('approve', ('Approve Binding', 'Approve Bindings'),
                         ('Approved Binding', 'Approved Bindings'),
                         ('pending',))
RejectBinding = _action('reject', ('Reject Binding', 'Reject Bindings'),
                        ('Rejected Binding', 'Rejected Bindings'),
                        ('pending',), danger=True)
SuspendBinding = _action(
    'suspend', ('Suspend Binding', 'Suspend Bindings'),
    ('Suspended Binding', 'Suspended Bindings'), ('active',), danger=True,
    help_text=_('The partner\'s identity provider is disabled: its users '
                'lose access until the binding is resumed.'))
ResumeBinding = _action('resume', ('Resume Binding', 'Resume Bindings'),
                        ('Resumed Binding', 'Resumed Bindings'),
                        ('suspended',))
TerminateBinding = _action(
    'terminate', ('Terminate Binding', 'Terminate Bindings'),
    ('Terminated Binding', 'Terminated Bindings'),
    ('pending', 'approved', 'active', 'suspended', 'error'), danger=True,
    args={'projects': 'retain'},
    help_text=_('Everything the binding set up is removed; the projects '
                'of the partner\'s tenants are retained.'))


class BindingsTable(tables.DataTable):
    id = tables.Column('id', verbose_name=_('ID'))
    virtual_region = tables.Column('virtual_region_name',
                                   verbose_name=_('Virtual Region'))
    partner = tables.Column('partner_name', verbose_name=_('Partner'))
    status = tables.Column('status', verbose_name=_('Status'))
    api_version = tables.Column('api_version', verbose_name=_('API'))
    created = tables.Column('created_at', verbose_name=_('Requested'))

    class Meta(object):
        name = 'bindings'
        verbose_name = _('Bindings')
        table_actions = (ApproveBinding, SuspendBinding, ResumeBinding)
        row_actions = (ApproveBinding, RejectBinding, SuspendBinding,
                       ResumeBinding, TerminateBinding)
