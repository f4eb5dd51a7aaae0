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
"""What every service of the topology has: a name, a folder, a log, a PID."""

from __future__ import annotations

import configparser
import io
import os
import secrets
import sys

from tools.topology import process


def venv_bin(name: str) -> str:
    return os.path.join(os.path.dirname(sys.executable), name)


def write_private(path: str, text: str | bytes, *,
                  group: int | None = None) -> None:
    """Write a file that holds a secret: 0600, or 0640 to ``group``.

    The content goes to a new file created with that mode (and given to
    the group while still empty), which then replaces ``path``: the secret
    is never readable by anyone else, not even for a moment, and a file
    left behind with a wider mode is replaced, not rewritten in place.
    """
    tmp = '%s.%s.tmp' % (path, secrets.token_hex(4))
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, 'wb' if isinstance(text, bytes) else 'w') as fh:
            if group is not None:
                os.fchown(fh.fileno(), -1, group)
                os.fchmod(fh.fileno(), 0o640)
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_ini(path: str, sections: dict) -> None:
    """Write an oslo.config style ini file from ``{section: {key: value}}``.

    Service configuration holds passwords and keys: the file is 0600.
    """
    parser = configparser.RawConfigParser()
    parser.optionxform = str
    for section, values in sections.items():
        if section != 'DEFAULT':
            parser.add_section(section)
        for key, value in values.items():
            parser.set(section, key, str(value))
    text = io.StringIO()
    parser.write(text)
    write_private(path, text.getvalue())


class Service:
    """One process of the topology, living in ``<root>/<name>/``."""

    kind = 'service'

    def __init__(self, *, name: str, cloud: str, root: str) -> None:
        self.name = name
        self.cloud = cloud
        self.dir = os.path.join(root, name)
        self.log = os.path.join(self.dir, '%s.log' % name)
        self.pid: int | None = None
        os.makedirs(self.dir, exist_ok=True)

    def path(self, *parts: str) -> str:
        return os.path.join(self.dir, *parts)

    @property
    def url(self) -> str:
        raise NotImplementedError

    def health_url(self) -> str:
        return self.url

    def record(self) -> dict:
        """What topology.json says about this service."""
        return {'name': self.name, 'cloud': self.cloud, 'kind': self.kind,
                'url': self.url, 'pid': self.pid, 'log': self.log,
                'state_dir': self.dir}

    def spawn(self, argv: list[str], env: dict | None = None) -> None:
        env = dict(env or {})
        env[process.MARKER] = self.dir
        self.pid = process.spawn(argv, log_path=self.log, env=env,
                                 cwd=self.dir)
        with open(self.path('%s.pid' % self.name), 'w') as fh:
            fh.write('%d\n' % self.pid)

    def wait_ready(self, timeout: float = 90) -> None:
        process.wait_http(self.health_url(), pid=self.pid, timeout=timeout,
                          log_path=self.log)

    def stop(self) -> None:
        process.stop(self.pid)
