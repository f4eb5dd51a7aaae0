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
"""The reseller's real Horizon (from PyPI) under uwsgi.

Each Horizon instance gets its own ``local/local_settings.py`` in its state
folder, put in front of ``openstack_dashboard``'s own ``local`` package on
``sys.path`` (Horizon imports ``local.local_settings``), so several
instances can run from one installed Horizon. Static files are collected
and compressed once per installed Horizon into ``.cache/`` and served by
uwsgi.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import secrets
import sys

from tools.topology import process
from tools.topology import service
from tools.topology import uwsgi

SETTINGS = """\
# Written by tools/topology/horizon.py for this topology only.
from openstack_dashboard.settings import HORIZON_CONFIG

DEBUG = False
# The reseller runs no compute of its own, so Horizon's default landing
# page (Project > Compute > Overview) is not for it.
HORIZON_CONFIG['user_home'] = {user_home!r}
ALLOWED_HOSTS = ['127.0.0.1', 'localhost']
SECRET_KEY = {secret_key!r}
WEBROOT = '/'
OPENSTACK_KEYSTONE_URL = {keystone_url!r}
OPENSTACK_KEYSTONE_DEFAULT_ROLE = 'member'
OPENSTACK_KEYSTONE_DEFAULT_DOMAIN = 'Default'
OPENSTACK_API_VERSIONS = {{'identity': 3}}
STATIC_ROOT = {static_root!r}
COMPRESS_OFFLINE = True
SESSION_ENGINE = 'django.contrib.sessions.backends.file'
SESSION_FILE_PATH = {session_dir!r}
SESSION_TIMEOUT = 3600
CACHES = {{'default': {{
    'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}}}}
SITE_BRANDING = {branding!r}
LOGGING = {{
    'version': 1,
    'disable_existing_loggers': False,
    'handlers': {{'console': {{'class': 'logging.StreamHandler'}}}},
    'root': {{'handlers': ['console'], 'level': 'WARNING'}},
}}
"""


def _static_key() -> str:
    """Static files depend on the installed Horizon and our settings."""
    digest = hashlib.sha256()
    digest.update(importlib.metadata.version('horizon').encode())
    digest.update(SETTINGS.encode())
    return digest.hexdigest()[:12]


class Horizon(service.Service):
    kind = 'horizon'

    def __init__(self, *, name: str, cloud: str, root: str, port: int,
                 keystone_url: str, cache_dir: str,
                 branding: str = 'OpenStack Dashboard') -> None:
        super().__init__(name=name, cloud=cloud, root=root)
        self.port = port
        self.keystone_url = keystone_url
        self.branding = branding
        self.static_root = os.path.join(cache_dir,
                                        'horizon-static-' + _static_key())
        self.settings_dir = self.path('settings')

    @property
    def url(self) -> str:
        return 'http://127.0.0.1:%d' % self.port

    def health_url(self) -> str:
        return self.url + '/auth/login/'

    def record(self) -> dict:
        data = super().record()
        data.update(login_url=self.health_url(),
                    settings=self.path('settings', 'local',
                                       'local_settings.py'),
                    static_root=self.static_root)
        return data

    def _env(self) -> dict:
        return {'PYTHONPATH': self.settings_dir,
                'DJANGO_SETTINGS_MODULE': 'openstack_dashboard.settings'}

    def _write_settings(self) -> None:
        local = os.path.join(self.settings_dir, 'local')
        os.makedirs(local, exist_ok=True)
        os.makedirs(self.path('sessions'), exist_ok=True)
        open(os.path.join(local, '__init__.py'), 'w').close()
        key_file = self.path('secret_key')
        if not os.path.exists(key_file):
            with open(key_file, 'w') as fh:
                fh.write(secrets.token_urlsafe(48))
        with open(key_file) as fh:
            secret_key = fh.read().strip()
        with open(os.path.join(local, 'local_settings.py'), 'w') as fh:
            fh.write(SETTINGS.format(
                secret_key=secret_key, keystone_url=self.keystone_url,
                static_root=self.static_root,
                session_dir=self.path('sessions'), branding=self.branding,
                user_home='/identity/'))

    def _build_static(self) -> None:
        marker = os.path.join(self.static_root, '.complete')
        if os.path.exists(marker):
            return
        os.makedirs(self.static_root, exist_ok=True)
        manage = [sys.executable, '-m', 'django']
        process.run(manage + ['collectstatic', '--noinput', '-v0'],
                    log_path=self.log, env=self._env(), timeout=600)
        process.run(manage + ['compress', '--force', '-v0'],
                    log_path=self.log, env=self._env(), timeout=900)
        open(marker, 'w').close()

    def prepare(self) -> None:
        self._write_settings()
        self._build_static()

    def start(self) -> None:
        argv = uwsgi.command(
            module='openstack_dashboard.wsgi:application',
            http_port=self.port, env=self._env(),
            extra=['--pythonpath', self.settings_dir,
                   '--static-map', '/static=%s' % self.static_root])
        self.spawn(argv)
