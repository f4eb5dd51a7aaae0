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
"""aggregator-manage: operator commands.

``aggregator-manage [--config-file FILE] db sync`` brings the database
schema up to date; ``credentials re-encrypt`` encrypts every stored
partner credential anew with ``[credentials] encryption_key`` (the last
step of a key rotation, before the old key leaves ``decryption_keys``).
"""

from collections.abc import Sequence
import sys

from oslo_db import exception as db_exc

from aggregator.db import api as db
from aggregator.db import models
from aggregator import errors
from aggregator import providers
from aggregator import service
from csf_common.cmd import manage

MIGRATIONS = 'aggregator.db:migrations'


def credentials_reencrypt(conf) -> int:
    db.configure(conf)
    try:
        count, placed = providers.reencrypt_credentials(conf)
    except errors.AggregatorError as exc:
        print(exc, file=sys.stderr)
        return 1
    except db_exc.DBError as exc:
        print('Cannot reach the database at [database] connection: %s'
              % exc, file=sys.stderr)
        return 1
    print('Re-encrypted %d partner credential(s) and %d placement user '
          'password(s) with [credentials] encryption_key.'
          % (count, placed))
    return 0


def add_commands(subparsers) -> None:
    credentials = subparsers.add_parser(
        'credentials', help='Partner credentials stored encrypted.')
    actions = credentials.add_subparsers(dest='action', required=True)
    actions.add_parser(
        're-encrypt', help='Encrypt every stored partner credential anew '
        'with [credentials] encryption_key.'
    ).set_defaults(func=credentials_reencrypt)


def main(argv: Sequence[str] | None = None) -> int:
    return manage.main(service.SERVICE, metadata=models.Base.metadata,
                       migrations=MIGRATIONS, commands=add_commands,
                       argv=argv)
