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
"""Options of the ``[credentials]`` group: partner credentials at rest."""

from oslo_config import cfg

GROUP = 'credentials'

OPTS = [
    cfg.StrOpt('encryption_key', secret=True,
               help='Fernet key (32 url-safe base64-encoded bytes, e.g. '
                    'from "python3 -c \'from cryptography.fernet import '
                    'Fernet; print(Fernet.generate_key().decode())\'") '
                    "encrypting providers' partner credentials in the "
                    'database and keying the opaque names of placed '
                    'projects. Required. To rotate it, see '
                    'decryption_keys.'),
    cfg.ListOpt('decryption_keys', secret=True, default=[],
                help='More Fernet keys that decrypt partner credentials '
                     '(and shared-cache values) but never encrypt: the key '
                     'being retired after a rotation, until '
                     '"aggregator-manage credentials re-encrypt" has run, '
                     'or the next key, on every host before any host '
                     'makes it encryption_key. encryption_key is always '
                     'tried first.'),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_opts(OPTS, group=GROUP)


def list_opts() -> dict:
    return {GROUP: OPTS}
