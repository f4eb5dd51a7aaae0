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
"""Helpers the panels share: rows, paging, metadata and JSON fields."""

from __future__ import annotations

import json
from urllib import parse

from django import forms as django_forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
import horizon
from horizon import exceptions
from horizon import forms
from horizon import tables
from horizon.utils import functions
from openstack_dashboard.api import base

# What the services' schemas take for a URL (hosts without a domain too).
URL = r'^https?://[^\s/]+(/\S*)?$'


def has_service(request, service_type: str) -> bool:
    """Whether the user's catalog has ``service_type`` in any region.

    Horizon's ``openstack.services.*`` permissions look at the current
    region only, but the Aggregator and the VRM live in the home region
    while the user may have switched to a virtual region.
    """
    return any(s.get('type') == service_type
               for s in request.user.service_catalog or [])


class ServicePanel(horizon.Panel):
    """A panel shown only when the catalog has ``service_type``."""

    service_type: str = ''

    def allowed(self, context):
        return (has_service(context['request'], self.service_type) and
                super().allowed(context))


def refresh_catalog_url(request, next_view: str) -> str:
    """Where to go after a placement changed.

    To ``next_view``, by way of a new token for the same project, whose
    catalog (hence Horizon's region selector) shows the project's regions
    as they are now.
    """
    return '%s?%s' % (
        reverse('switch_project_id', args=[request.user.project_id]),
        parse.urlencode({'next': reverse(next_view)}))


def rows(items: list[dict]) -> list[base.APIDictWrapper]:
    """API dicts as table rows (attribute and key access both work)."""
    return [base.APIDictWrapper(item) for item in items]


class PagedTableMixin:
    """Pages a list the API returns whole, by id markers in the query.

    Tables set ``pagination_param`` and ``prev_pagination_param`` in Meta
    (Horizon's defaults are ``marker`` and ``prev_marker``).
    """

    _more = False
    _prev = False

    def has_more_data(self, table):
        return self._more

    def has_prev_data(self, table):
        return self._prev

    def page(self, items: list, key=None) -> list:
        """This request's page of ``items``.

        ``key(item)`` is the row id the table puts in its markers
        (default ``item['id']``).
        """
        size = functions.get_page_size(self.request)
        key = key or (lambda item: item['id'])
        ids = [key(item) for item in items]
        marker = self.request.GET.get('marker')
        prev_marker = self.request.GET.get('prev_marker')
        start = 0
        if marker in ids:
            start = ids.index(marker) + 1
        elif prev_marker in ids:
            start = max(0, ids.index(prev_marker) - size)
        self._more = start + size < len(items)
        self._prev = start > 0
        return items[start:start + size]


class ListView(PagedTableMixin, tables.DataTableView):
    """A table of what ``fetch()`` returns, paged, errors as messages.

    Subclasses set ``table_class``, ``page_title`` and ``error`` (the
    message shown when the service fails) and define ``fetch()``.
    """

    template_name = 'horizon/common/_data_table_view.html'
    error = _('Unable to retrieve the list.')

    def fetch(self) -> list:
        raise NotImplementedError

    @staticmethod
    def row_id(item: dict) -> str:
        return item['id']

    def get_data(self):
        try:
            items = self.fetch()
        except Exception:
            exceptions.handle(self.request, self.error)
            return []
        return rows(self.page(items, key=self.row_id))


class ModalFormView(forms.ModalFormView):
    """A modal form with a help text on its right-hand side."""

    template_name = 'aggregator_dashboard/form.html'
    help_text = ''

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context['help'] = self.help_text
        return context


def flatten(data, prefix: str = '') -> dict:
    """{'location': {'country': 'DE'}} -> {'location.country': 'DE'}.

    Lists of objects with a ``name`` (flavors) become one key per name.
    """
    flat: dict = {}
    if isinstance(data, dict):
        for key in sorted(data):
            flat.update(flatten(data[key], '%s%s.' % (prefix, key)))
    elif isinstance(data, list) and data and all(
            isinstance(i, dict) and 'name' in i for i in data):
        for item in data:
            rest = {k: v for k, v in item.items() if k != 'name'}
            flat.update(flatten(rest, '%s%s.' % (prefix, item['name'])))
    else:
        value = ', '.join(str(v) for v in data) if isinstance(
            data, list) else data
        flat[prefix.rstrip('.')] = display(value)
    return flat


def display(value) -> str:
    if value is True:
        return str(_('Yes'))
    if value is False:
        return str(_('No'))
    if value is None:
        return '-'
    return str(value)


def compare(regions: list[dict]) -> list[dict]:
    """Side-by-side rows: ``{'key', 'values': [...], 'differs'}``."""
    columns = []
    for region in regions:
        flat = {'status': display(region.get('status')),
                'token_mode': display(region.get('token_mode')),
                'services': ', '.join(region.get('services') or []) or '-',
                'placed': display(bool(region.get('placed')))}
        flat.update(flatten(region.get('metadata') or {}, 'metadata.'))
        columns.append(flat)
    keys = []
    for flat in columns:
        keys += [k for k in flat if k not in keys]
    result = []
    for key in keys:
        values = [flat.get(key, '-') for flat in columns]
        result.append({'key': key, 'values': values,
                       'differs': len(set(values)) > 1})
    return result


class JSONField(django_forms.CharField):
    """A textarea holding a JSON object (empty means ``None``)."""

    widget = django_forms.Textarea(attrs={'rows': 4})

    def to_python(self, value):
        value = super().to_python(value)
        if not value or not value.strip():
            return None
        try:
            data = json.loads(value)
        except ValueError as exc:
            raise django_forms.ValidationError(
                _('Not valid JSON: %s') % exc)
        if not isinstance(data, dict):
            raise django_forms.ValidationError(_('A JSON object is needed.'))
        return data


def to_json(data) -> str:
    return json.dumps(data, indent=2, sort_keys=True) if data else ''
