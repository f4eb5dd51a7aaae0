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
"""A real Keystone (from PyPI) under uwsgi, SQLite and fernet.

The reseller's Keystone is a SAML2 identity provider (K2K.md: signing with
xmlsec1, metadata from ``keystone-manage saml_idp_metadata``). A provider's
Keystone is a SAML2 service provider: it listens on a loopback uwsgi socket
and Apache with mod_auth_mellon (``apache.py``) is its public face.
"""

from __future__ import annotations

import os
import subprocess

from tools.topology import memcached as memcache
from tools.topology import process
from tools.topology import service
from tools.topology import uwsgi

ADMIN_USER = 'admin'
ADMIN_PROJECT = 'admin'


class Keystone(service.Service):
    kind = 'keystone'

    def __init__(self, *, name: str, cloud: str, root: str, region: str,
                 admin_password: str, port: int, uwsgi_port: int | None = None,
                 idp: bool = False, catalog_driver: str | None = None,
                 extra_config: dict | None = None,
                 database_url: str | None = None,
                 cache_servers: str | None = None) -> None:
        super().__init__(name=name, cloud=cloud, root=root)
        # PostgreSQL when scaled out, else SQLite.
        self.database_url = database_url
        # Keystone's own memcached when scaled out (several processes must
        # see one cache), else a cache in its one process.
        self.cache_servers = cache_servers
        self.region = region
        self.admin_password = admin_password
        self.port = port            # public port (Apache's when behind it)
        self.uwsgi_port = uwsgi_port
        self.idp = idp
        self.catalog_driver = catalog_driver
        self.extra_config = extra_config or {}
        self.conf = self.path('keystone.conf')

    @property
    def url(self) -> str:
        return 'http://127.0.0.1:%d' % self.port

    @property
    def processes(self) -> int:
        return 2 if self.database_url else 1

    @property
    def auth_url(self) -> str:
        return self.url + '/v3'

    def health_url(self) -> str:
        return self.auth_url

    # SAML identity provider -------------------------------------------
    @property
    def idp_entity_id(self) -> str:
        return self.auth_url + '/OS-FEDERATION/saml2/idp'

    @property
    def idp_metadata_path(self) -> str:
        return self.path('saml', 'idp_metadata.xml')

    def record(self) -> dict:
        data = super().record()
        data.update(region=self.region, auth_url=self.auth_url,
                    config=self.conf, processes=self.processes,
                    database=self.path('keystone.db'),
                    connection=self.database_url or 'sqlite:///%s'
                    % self.path('keystone.db'))
        if self.idp:
            data.update(idp_entity_id=self.idp_entity_id,
                        idp_metadata=self.idp_metadata_path)
        if self.uwsgi_port:
            data['uwsgi_socket'] = '127.0.0.1:%d' % self.uwsgi_port
        return data

    def _config(self) -> dict:
        keys = self.path('keys')
        conf = {
            'DEFAULT': {'debug': 'False', 'use_stderr': 'True'},
            'database': {'connection': self.database_url or 'sqlite:///%s'
                         % self.path('keystone.db')},
            'token': {'provider': 'fernet'},
            'fernet_tokens': {'key_repository': os.path.join(keys, 'fernet')},
            # Receipts (MFA) share the token keys, as devstack does.
            'fernet_receipts': {'key_repository':
                                os.path.join(keys, 'fernet')},
            'credential': {'key_repository':
                           os.path.join(keys, 'credential')},
            # bcrypt's default cost makes every login ~250 ms; this is a
            # test topology on loopback, never a production default.
            'identity': {'password_hash_rounds': '4'},
            'auth': {'methods': 'password,token,application_credential,'
                                'saml2,mapped'},
            'federation': {'remote_id_attribute': 'MELLON_IDP'},
            'oslo_policy': {'enforce_new_defaults': 'True',
                            'enforce_scope': 'True'},
            # oslo.limit (what Glance and Nova enforce with) supports only
            # the flat model; the VRM keeps project limits inside their
            # virtual region's domain limits itself.
            'unified_limit': {'enforcement_model': 'flat'},
        }
        if self.catalog_driver:
            # Computed catalogs are not cached, so a project's new region
            # is in its next token (the catalog driver's docs).
            conf['catalog'] = {'driver': self.catalog_driver,
                               'caching': 'False'}
        # Keystone's caches (tokens, catalog, assignments), as devstack
        # and production run it: validations and logins no longer read
        # every row anew. Keystone invalidates what it changes itself, so
        # a cache in its process is right only while it runs one process
        # (SQLite); scaled out, each Keystone has a memcached of its own,
        # since its keys (say, project "admin" by name) are the same in
        # every cloud.
        if self.cache_servers:
            conf.update(memcache.cache(self.cache_servers))
        elif self.processes == 1:
            conf['cache'] = {'enabled': 'True',
                             'backend': 'dogpile.cache.memory'}
        conf.update(self.extra_config)
        if self.idp:
            conf['saml'] = {
                'certfile': self.path('saml', 'idp.crt'),
                'keyfile': self.path('saml', 'idp.key'),
                'idp_entity_id': self.idp_entity_id,
                'idp_sso_endpoint': self.auth_url +
                '/OS-FEDERATION/saml2/sso',
                'idp_metadata_path': self.idp_metadata_path,
                'idp_organization_name': 'reseller',
                'idp_organization_display_name': 'Reseller',
                'idp_organization_url': self.url,
                'idp_contact_type': 'technical',
                'idp_contact_name': 'operator',
                'idp_contact_email': 'operator@example.invalid',
            }
        return conf

    def _manage(self, *args: str) -> None:
        process.run([service.venv_bin('keystone-manage'),
                     '--config-file', self.conf, *args],
                    log_path=self.log)

    def prepare(self) -> None:
        """Config, database, keys and bootstrap: done once per state dir."""
        service.write_ini(self.conf, self._config())
        marker = self.path('.bootstrapped')
        if os.path.exists(marker):
            return
        for sub in ('fernet', 'credential'):
            os.makedirs(self.path('keys', sub), exist_ok=True)
        self._manage('db_sync')
        self._manage('fernet_setup', '--keystone-user', 'root',
                     '--keystone-group', 'root')
        self._manage('credential_setup', '--keystone-user', 'root',
                     '--keystone-group', 'root')
        # "--opt=value": a generated password may begin with "-".
        self._manage('bootstrap',
                     '--bootstrap-password=%s' % self.admin_password,
                     '--bootstrap-username', ADMIN_USER,
                     '--bootstrap-project-name', ADMIN_PROJECT,
                     '--bootstrap-role-name', 'admin',
                     '--bootstrap-service-name', 'keystone',
                     '--bootstrap-region-id', self.region,
                     '--bootstrap-public-url', self.url)
        if self.idp:
            self._make_idp_metadata()
        open(marker, 'w').close()

    def _make_idp_metadata(self) -> None:
        saml = self.path('saml')
        os.makedirs(saml, exist_ok=True)
        process.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048',
                     '-nodes', '-days', '3650', '-subj',
                     '/CN=%s-idp' % self.cloud,
                     '-keyout', os.path.join(saml, 'idp.key'),
                     '-out', os.path.join(saml, 'idp.crt')],
                    log_path=self.log)
        with open(self.idp_metadata_path, 'w') as out, \
                open(self.log, 'ab') as log:
            subprocess.run([service.venv_bin('keystone-manage'),
                            '--config-file', self.conf,
                            'saml_idp_metadata'],
                           stdout=out, stderr=log, check=True)

    def start(self) -> None:
        env = {'OS_KEYSTONE_CONFIG_FILES': self.conf}
        # On SQLite (the embedded default) one process, one thread:
        # Keystone fails with "database is locked" when two of its
        # transactions read and then write at once (oslo.db begins them
        # deferred). On PostgreSQL, as in production, several processes.
        argv = uwsgi.command(
            module='keystone.wsgi.api:application',
            http_port=None if self.uwsgi_port else self.port,
            uwsgi_port=self.uwsgi_port, env=env,
            processes=self.processes, threads=1)
        self.spawn(argv)
