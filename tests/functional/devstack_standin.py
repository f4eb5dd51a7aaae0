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
"""Runs devstack/plugin.sh phases under the stand-in (devstack/tests/).

devstack itself cannot run here, so the plugin's phases run under
``devstack/tests/standin-functions`` (devstack's function names, simple
bodies) against a real Keystone of the topology; see devstack/README.rst.
Everything the plugin writes goes under one temporary folder.
"""

from __future__ import annotations

import configparser
import hashlib
import os
import shutil
import subprocess
import sys

from tests.functional import base

RUN_PLUGIN = os.path.join(base.REPO, 'devstack', 'tests', 'run-plugin.sh')
VENV_BIN = os.path.dirname(sys.executable)
SKIPPED_SUFFIXES = ('.log', '.pid', '.lock', '.db', '.db-wal', '.db-shm',
                    '.db-journal')


class Standin:
    """One devstack, as far as the plugin can tell, under ``root``."""

    def __init__(self, root: str, *, auth: dict, keystone_url: str,
                 enabled: str, apache_port: int, extra: dict) -> None:
        self.root = root
        # Apache's children (www-data) read the SP key and trusted IdPs.
        os.chmod(root, 0o755)
        self.env = dict(os.environ)
        self.env.update({
            'PATH': VENV_BIN + os.pathsep + os.environ.get('PATH', ''),
            'CSF_STANDIN_DIR': root,
            'CSF_STANDIN_PYTHON': sys.executable,
            'CSF_STANDIN_APACHE_PORT': str(apache_port),
            # The stand-in's devstack-system-admin.
            'OS_AUTH_URL': auth['auth_url'],
            'OS_USERNAME': auth['username'],
            'OS_PASSWORD': auth['password'],
            'OS_USER_DOMAIN_NAME': auth.get('user_domain_name', 'Default'),
            # devstack's own variables.
            'DEST': os.path.dirname(base.REPO),
            'CSF_DIR': base.REPO,
            'DATA_DIR': self.path('data'),
            'STACK_USER': 'root',
            'SERVICE_HOST': '127.0.0.1',
            'SERVICE_PROTOCOL': 'http',
            'SERVICE_PROJECT_NAME': 'service',
            'SERVICE_DOMAIN_NAME': 'Default',
            'SERVICE_TIMEOUT': '30',
            'API_WORKERS': '1',
            'ENABLE_DEBUG_LOG_LEVEL': 'False',
            'PYTHON': sys.executable,
            'ENABLED_SERVICES': enabled,
            'KEYSTONE_SERVICE_URI': keystone_url,
            'KEYSTONE_CONF': self.path('keystone', 'keystone.conf'),
            'HORIZON_DIR': self.path('horizon'),
            'CSF_KEYSTONE_PATH': '',
            'VRM_CONF_DIR': self.path('etc', 'virtual-region-manager'),
            'AGGREGATOR_CONF_DIR': self.path('etc', 'aggregator'),
            'CSF_MELLON_DIR': self.path('mellon'),
            'CSF_SAML_DIR': self.path('keystone', 'saml'),
        })
        self.env.pop('OS_CLOUD', None)
        self.env.update(extra)

    def path(self, *parts: str) -> str:
        return os.path.join(self.root, *parts)

    def copy_keystone_conf(self, source: str, *, drop: dict) -> str:
        """Copy a running Keystone's config, less what the plugin writes.

        The running Keystone never sees the copy.
        """
        conf = configparser.RawConfigParser()
        conf.optionxform = str
        conf.read(source)
        for section, options in drop.items():
            for option in options or list(conf.options(section)):
                conf.remove_option(section, option)
            if options is None:
                conf.remove_section(section)
        target = self.env['KEYSTONE_CONF']
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, 'w') as fh:
            conf.write(fh)
        return target

    def run(self, *phases: str, timeout: int = 300) -> str:
        proc = subprocess.run(
            ['bash', RUN_PLUGIN, *phases], env=self.env, cwd=self.root,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            timeout=timeout)
        with open(self.path('run-plugin.log'), 'a') as fh:
            fh.write(proc.stdout)
        if proc.returncode:
            raise AssertionError('run-plugin.sh %s failed (%d):\n%s' % (
                ' '.join(phases), proc.returncode, proc.stdout[-6000:]))
        return proc.stdout

    def take_log(self, name: str) -> list[str]:
        """Lines the stand-in logged in ``name`` since the last call."""
        path = self.path(name)
        if not os.path.exists(path):
            return []
        with open(path) as fh:
            lines = fh.read().splitlines()
        os.remove(path)
        return lines

    def digests(self) -> dict:
        """Return the sha256 of every file the plugin wrote.

        Config, keys, metadata, sites and links; not logs, PIDs,
        databases or locks.
        """
        result = {}
        for top in ('etc', 'keystone', 'mellon', 'horizon', 'data',
                    os.path.join('apache', 'sites-available'),
                    os.path.join('apache', 'sites-enabled'),
                    os.path.join('apache', 'mods-enabled')):
            for dirpath, _, files in os.walk(self.path(top)):
                for name in files:
                    full = os.path.join(dirpath, name)
                    if name.endswith(SKIPPED_SUFFIXES) or (
                            os.sep + 'idps' in dirpath):
                        continue
                    rel = os.path.relpath(full, self.root)
                    if os.path.islink(full):
                        result[rel] = 'link:' + os.readlink(full)
                    else:
                        with open(full, 'rb') as fh:
                            result[rel] = hashlib.sha256(
                                fh.read()).hexdigest()
        return result

    def pid(self, name: str) -> int | None:
        path = self.path('processes', name + '.pid')
        if name == 'apache':
            path = self.path('apache', 'httpd.pid')
        if not os.path.exists(path):
            return None
        with open(path) as fh:
            return int(fh.read().strip())

    def remove(self) -> None:
        # CSF_DEVSTACK_KEEP=1 keeps the folder (logs, configs) to look at.
        if not os.environ.get('CSF_DEVSTACK_KEEP'):
            shutil.rmtree(self.root, ignore_errors=True)


def keystone_log_entries(lines: list[str]) -> list[tuple[str, str, str]]:
    """``(operation, created|found, id)`` for each stand-in Keystone call."""
    return [tuple(line.split(' ', 2)) for line in lines if line.strip()]


def read_ini(path: str) -> configparser.RawConfigParser:
    # No DEFAULT magic: [DEFAULT] is read as a section like any other.
    conf = configparser.RawConfigParser(strict=False,
                                        default_section='__none__')
    conf.optionxform = str
    with open(path) as fh:
        conf.read_file(fh)
    return conf
