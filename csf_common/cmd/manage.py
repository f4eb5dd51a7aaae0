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
"""Operator commands of a service's ``*-manage`` console script.

``<service>-manage [--config-file FILE] db sync`` brings the database
schema up to date; a service adds its own commands with ``commands``.
"""

from collections.abc import Callable
from collections.abc import Sequence
import functools
import sys

from oslo_config import cfg
from oslo_db import exception as db_exc
import sqlalchemy

from csf_common.db import migration
from csf_common import service as common_service


def db_sync(conf: cfg.ConfigOpts, *, metadata: sqlalchemy.MetaData,
            migrations: str | None = None) -> int:
    try:
        tables = migration.sync(conf, metadata, script_location=migrations)
    except db_exc.DBError as exc:
        print('Cannot reach the database at [database] connection: %s'
              % exc, file=sys.stderr)
        return 1
    print('Database schema up to date (%d tables).' % len(tables))
    return 0


def add_parsers(subparsers, *, metadata: sqlalchemy.MetaData,
                migrations: str | None = None,
                commands: Callable | None = None) -> None:
    db = subparsers.add_parser('db', help='Database commands.')
    db_commands = db.add_subparsers(dest='action', required=True)
    sync = db_commands.add_parser(
        'sync', help='Bring the database schema up to date.')
    sync.set_defaults(func=functools.partial(db_sync, metadata=metadata,
                                             migrations=migrations))
    if commands is not None:
        commands(subparsers)


def main(service: common_service.ServiceSpec, *,
         metadata: sqlalchemy.MetaData,
         migrations: str | None = None,
         commands: Callable | None = None,
         argv: Sequence[str] | None = None) -> int:
    """Run the command of ``argv`` against the tables of ``metadata``.

    ``commands(subparsers)``, when given, adds the service's own commands;
    each sets ``func``, called with the ``ConfigOpts``, returning the exit
    status.
    """
    command = cfg.SubCommandOpt(
        'command', help='Available commands.',
        handler=functools.partial(add_parsers, metadata=metadata,
                                  migrations=migrations, commands=commands))
    conf = common_service.prepare(
        service, sys.argv[1:] if argv is None else argv,
        cli_opts=[command])
    return conf.command.func(conf)
