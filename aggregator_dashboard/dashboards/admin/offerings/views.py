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
from horizon import messages

from aggregator_dashboard import api
from aggregator_dashboard.dashboards.admin.offerings import (
    tables as offering_tables)
from aggregator_dashboard import utils


def offering_id(offering: dict) -> str:
    return '%s/%s' % (offering['provider_id'], offering['virtual_region_id'])


def parse_filter(field: str | None, value: str | None):
    """(service, metadata pairs) from the table's server-side filter."""
    value = (value or '').strip()
    if not value:
        return None, ()
    if field == 'service':
        return value, ()
    if '=' not in value:
        raise ValueError(value)
    path, _sep, wanted = value.partition('=')
    return None, ((path.strip(), wanted.strip()),)


class IndexView(utils.ListView):
    table_class = offering_tables.OfferingsTable
    page_title = _('Offerings')
    error = _('Unable to retrieve the offerings.')
    row_id = staticmethod(offering_id)

    def fetch(self):
        info = self.get_server_filter_info(self.request)
        try:
            service, metadata = parse_filter(info['field'], info['value'])
        except ValueError:
            messages.error(self.request, _('Filter on metadata as '
                                           'path=value, e.g. '
                                           'location.jurisdiction=EU.'))
            return []
        return api.aggregator.offering_list(
            self.request, service=service, metadata=metadata)
