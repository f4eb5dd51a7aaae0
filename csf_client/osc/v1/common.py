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
"""What the commands share: the clients, argument parsing, output."""

from __future__ import annotations

import json
import logging

from osc_lib.cli import format_columns
from osc_lib.command import command
from osc_lib import exceptions as osc_exc
from osc_lib import utils

from csf_client import exceptions

LOG = logging.getLogger(__name__)


def vrm(app):
    """The VRM client of a command's app."""
    return app.client_manager.cloud_federation.vrm


def aggregator(app):
    """The Aggregator client of a command's app."""
    return app.client_manager.cloud_federation.aggregator


# Arguments.

def add_quota_option(parser, *, what: str) -> None:
    parser.add_argument(
        '--quota', metavar='<service>.<resource>=<limit>',
        action='append', default=[], dest='quota',
        help='Quota of %s, e.g. image.image_count_total=10 (-1: no '
             'limit); repeat for more limits.' % what)


def parse_quota(items: list[str]) -> dict | None:
    """``['image.image_count_total=10']`` -> ``{'image': {...: 10}}``."""
    if not items:
        return None
    quota: dict = {}
    for item in items:
        key, sep, value = item.partition('=')
        service, dot, resource = key.partition('.')
        if not (sep and dot and service and resource):
            raise osc_exc.CommandError(
                '--quota %s: expected <service>.<resource>=<limit>.' % item)
        try:
            limit = int(value)
        except ValueError:
            raise osc_exc.CommandError(
                '--quota %s: the limit must be an integer.' % item)
        quota.setdefault(service, {})[resource] = limit
    return quota


def add_metadata_options(parser, *, required: bool) -> None:
    group = parser.add_mutually_exclusive_group(required=required)
    group.add_argument(
        '--metadata-file', metavar='<path>',
        help='File with the metadata (JSON) following the published '
             'region metadata schema.')
    group.add_argument(
        '--metadata', metavar='<json>',
        help='The metadata as a JSON object.')


def parse_metadata(args) -> dict | None:
    """The metadata object of ``--metadata`` or ``--metadata-file``."""
    try:
        if args.metadata_file:
            with open(args.metadata_file) as fh:
                data = json.load(fh)
        elif args.metadata:
            data = json.loads(args.metadata)
        else:
            return None
    except (OSError, ValueError) as exc:
        raise osc_exc.CommandError('Cannot read the metadata: %s' % exc)
    if not isinstance(data, dict):
        raise osc_exc.CommandError('The metadata must be a JSON object.')
    return data


# Output.

def _formatted(value):
    if isinstance(value, dict):
        return format_columns.DictColumn(value)
    if isinstance(value, list):
        return format_columns.ListColumn(value)
    return value


def show(obj: dict, *, hidden: tuple[str, ...] = ()) -> tuple:
    """(columns, values) of one object for a ShowOne command."""
    columns = tuple(sorted(k for k in obj if k not in hidden))
    return columns, tuple(_formatted(obj[k]) for k in columns)


def listing(items: list[dict], columns: tuple[tuple[str, str], ...]
            ) -> tuple:
    """(headers, rows) for a Lister: ``columns`` is (header, field)."""
    headers = tuple(header for header, _ in columns)
    fields = tuple(field for _, field in columns)
    items = list(items)
    formatters = {}
    for field in fields:
        for kind, column in ((list, format_columns.ListColumn),
                             (dict, format_columns.DictColumn)):
            if any(isinstance(i.get(field), kind) for i in items):
                formatters[field] = column
    return headers, (utils.get_dict_properties(
        item, fields, formatters=formatters) for item in items)


def delete_each(kind: str, delete, names: list[str]) -> None:
    """Delete each of ``names``; report the failures together."""
    failed = 0
    for name in names:
        try:
            delete(name)
        except (exceptions.ClientException, osc_exc.CommandError) as exc:
            failed += 1
            LOG.error('Failed to delete %s %s: %s', kind, name, exc)
    if failed:
        raise osc_exc.CommandError('%d of %d %ss failed to delete.'
                                   % (failed, len(names), kind))


def find(kind: str, get, list_all, name_or_id: str) -> dict:
    """The object with this id, or else the one object with this name."""
    try:
        return get(name_or_id)
    except exceptions.NotFound:
        pass
    except exceptions.BadRequest:
        pass     # not shaped like an id
    found = [item for item in list_all() if item.get('name') == name_or_id]
    if len(found) == 1:
        return found[0]
    if found:
        raise osc_exc.CommandError('More than one %s is named %s: use its '
                                   'ID.' % (kind, name_or_id))
    raise osc_exc.CommandError('No %s with a name or ID of %s.'
                               % (kind, name_or_id))


class OfferingLister(command.Lister):
    """Lists offerings; ``--long`` adds their quota and metadata."""

    columns: tuple[tuple[str, str], ...] = ()

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--long', action='store_true',
                            help='Also show metadata and quota')
        return parser

    def offerings(self, args) -> list[dict]:
        raise NotImplementedError

    def take_action(self, args):
        columns = self.columns
        if args.long:
            columns += (('Quota', 'quota'), ('Metadata', 'metadata'))
        return listing(self.offerings(args), columns)


class ShowByName(command.ShowOne):
    """Shows one object found by name or ID (``find`` says how)."""

    resource = ''
    hidden: tuple[str, ...] = ()

    def find(self, name_or_id: str) -> dict:
        raise NotImplementedError

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('name_or_id',
                            metavar='<%s>' % self.resource.replace(' ', '-'),
                            help='Name or ID')
        return parser

    def take_action(self, args):
        return show(self.find(args.name_or_id), hidden=self.hidden)


class DeleteByName(command.Command):
    """Deletes objects found by name or ID, reporting failures together."""

    resource = ''

    def find(self, name_or_id: str) -> dict:
        raise NotImplementedError

    def delete(self, object_id: str) -> None:
        raise NotImplementedError

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('names',
                            metavar='<%s>' % self.resource.replace(' ', '-'),
                            nargs='+', help='Name or ID')
        return parser

    def take_action(self, args):
        delete_each(self.resource,
                    lambda name: self.delete(self.find(name)['id']),
                    args.names)
