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
"""Real Horizons (from PyPI) under uwsgi, with the ``aggregator_dashboard``
plugin: the reseller's (branded, tenant and reseller-admin panels) and a
provider's (the Provider dashboard of its Virtual Region Manager).

Each Horizon instance gets its own ``local/local_settings.py`` in its state
folder, put in front of ``openstack_dashboard``'s own ``local`` package on
``sys.path`` (Horizon imports ``local.local_settings``), so several
instances can run from one installed Horizon. Static files are collected
and compressed once per installed Horizon into ``.cache/`` and served by
uwsgi.

The plugin is enabled as an operator does it, by copying its ``enabled/``
files, here to ``local/enabled/`` beside the settings (added to the search
path of ``openstack_dashboard.local.enabled`` so other instances sharing
the installed Horizon are untouched); the sample brand theme is listed in
``AVAILABLE_THEMES``.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import secrets
import shutil
import sys

import aggregator_dashboard

from tools.topology import process
from tools.topology import service
from tools.topology import uwsgi

SETTINGS = """\
# Written by tools/topology/horizon.py for this topology only.
import openstack_dashboard.local.enabled as _local_enabled
from openstack_dashboard.settings import HORIZON_CONFIG

# aggregator_dashboard's enabled files, for this instance only: Horizon
# reads the modules of openstack_dashboard.local.enabled, whose search
# path gets this instance's folder (where an operator would copy them).
_local_enabled.__path__.append({enabled_dir!r})

DEBUG = False
# The reseller runs no compute of its own, so Horizon's default landing
# page (Project > Compute > Overview) is not for it.
HORIZON_CONFIG['user_home'] = {user_home!r}
# Regions come and go with placements (the Aggregator's dynamic catalog):
# Horizon's region selector lists the token's regions; the Images panel
# talks Glance v2 to the current region's endpoint (for a proxy region,
# the Aggregator's /proxy/<region>/image) from the server, so uploads go
# through Horizon too ('legacy') rather than from the browser.
OPENSTACK_API_VERSIONS = {{'identity': 3, 'image': 2}}
HORIZON_IMAGES_UPLOAD_MODE = 'legacy'
ANGULAR_FEATURES = {{'images_panel': False}}
OPENSTACK_KEYSTONE_MULTIDOMAIN_SUPPORT = False
# Branding through Horizon's theme mechanism (aggregator_dashboard ships
# the sample theme 'brand').
AVAILABLE_THEMES = {themes!r}
DEFAULT_THEME = {default_theme!r}
ALLOWED_HOSTS = ['127.0.0.1', 'localhost']
SECRET_KEY = {secret_key!r}
WEBROOT = '/'
OPENSTACK_KEYSTONE_URL = {keystone_url!r}
OPENSTACK_KEYSTONE_DEFAULT_ROLE = 'member'
OPENSTACK_KEYSTONE_DEFAULT_DOMAIN = 'Default'
STATIC_ROOT = {static_root!r}
COMPRESS_OFFLINE = True
SESSION_ENGINE = 'django.contrib.sessions.backends.file'
SESSION_FILE_PATH = {session_dir!r}
SESSION_TIMEOUT = 3600
CACHES = {{'default': {{
    'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}}}}
SITE_BRANDING = {branding!r}
# Horizon's keystone provider switcher (K2K): pass-through regions are
# service providers of this Keystone, and the way back is named after it.
KEYSTONE_PROVIDER_IDP_NAME = {branding!r}
LOGGING = {{
    'version': 1,
    'disable_existing_loggers': False,
    'handlers': {{'console': {{'class': 'logging.StreamHandler'}}}},
    'root': {{'handlers': ['console'], 'level': 'WARNING'}},
}}
"""


# How the demo's Horizons look: the reseller's is branded and lands tenants
# on their regions; a provider's lands its administrators on the Provider
# dashboard.
RESELLER = {'branding': 'Reseller A Cloud', 'theme': 'brand',
            'user_home': '/project/virtual_regions/'}


def provider(cloud: str) -> dict:
    return {'branding': '%s Cloud' % cloud.upper(), 'theme': 'default',
            'user_home': '/provider/'}


PLUGIN_DIR = os.path.dirname(os.path.abspath(aggregator_dashboard.__file__))
THEME_DIR = os.path.join(PLUGIN_DIR, 'themes', 'brand')
# Offline compression keeps one stylesheet per template (the first
# theme's), so an instance lists its own theme first, and instances with
# different themes build their static files apart. The brand theme builds
# on the default one, which is therefore listed (and collected) too.
DEFAULT_THEME = ('default', 'Default', 'themes/default')
THEMES = {'brand': [('brand', 'Brand', THEME_DIR), DEFAULT_THEME],
          'default': [DEFAULT_THEME]}


def _static_key(theme: str) -> str:
    """Key of the static build.

    It depends on the installed Horizon, our settings, the theme and the
    plugin's enabled files, templates and theme files.
    """
    digest = hashlib.sha256()
    digest.update(importlib.metadata.version('horizon').encode())
    digest.update(SETTINGS.encode())
    digest.update(repr(THEMES[theme]).encode())
    for top, dirs, files in sorted(os.walk(PLUGIN_DIR)):
        dirs.sort()
        for name in sorted(files):
            # What collectstatic and compress read: enabled files (they
            # may add static files), templates and the theme.
            if name.endswith(('.html', '.scss', '.svg', '.js')) or (
                    os.path.basename(top) == 'enabled' and
                    name.endswith('.py')):
                digest.update(name.encode())
                with open(os.path.join(top, name), 'rb') as fh:
                    digest.update(fh.read())
    return digest.hexdigest()[:12]


class Horizon(service.Service):
    kind = 'horizon'

    def __init__(self, *, name: str, cloud: str, root: str, port: int,
                 keystone_url: str, cache_dir: str,
                 branding: str = 'OpenStack Dashboard',
                 theme: str = 'default',
                 user_home: str = '/identity/') -> None:
        super().__init__(name=name, cloud=cloud, root=root)
        self.port = port
        self.keystone_url = keystone_url
        self.branding = branding
        self.theme = theme
        self.user_home = user_home
        self.static_root = os.path.join(cache_dir,
                                        'horizon-static-' + _static_key(theme))
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
                    static_root=self.static_root, branding=self.branding,
                    theme=self.theme, user_home=self.url + self.user_home)
        return data

    def _env(self) -> dict:
        return {'PYTHONPATH': self.settings_dir,
                'DJANGO_SETTINGS_MODULE': 'openstack_dashboard.settings'}

    def _write_settings(self) -> None:
        local = os.path.join(self.settings_dir, 'local')
        os.makedirs(local, exist_ok=True)
        os.makedirs(self.path('sessions'), exist_ok=True)
        open(os.path.join(local, '__init__.py'), 'w').close()
        self._enable_plugin(local)
        # Django signs sessions with SECRET_KEY: it and the settings that
        # hold it are readable by their owner only (uwsgi runs as us).
        key_file = self.path('secret_key')
        if not os.path.exists(key_file):
            service.write_private(key_file, secrets.token_urlsafe(48))
        elif os.stat(key_file).st_mode & 0o077:
            # Made before keys were private: rewritten 0600, same key.
            with open(key_file) as fh:
                service.write_private(key_file, fh.read())
        with open(key_file) as fh:
            secret_key = fh.read().strip()
        service.write_private(
            os.path.join(local, 'local_settings.py'), SETTINGS.format(
                secret_key=secret_key, keystone_url=self.keystone_url,
                static_root=self.static_root,
                session_dir=self.path('sessions'), branding=self.branding,
                user_home=self.user_home, themes=THEMES[self.theme],
                enabled_dir=os.path.join(local, 'enabled'),
                default_theme=self.theme))

    @staticmethod
    def _enable_plugin(local: str) -> None:
        """Copy the plugin's enabled files to ``local/enabled/``."""
        enabled = os.path.join(local, 'enabled')
        shutil.rmtree(enabled, ignore_errors=True)
        os.makedirs(enabled)
        source = os.path.join(PLUGIN_DIR, 'enabled')
        for name in sorted(os.listdir(source)):
            if name.startswith('_') and name.endswith('.py'):
                shutil.copy(os.path.join(source, name), enabled)

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
