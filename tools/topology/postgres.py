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
"""A private PostgreSQL cluster (Debian's server) on loopback.

The cluster lives in ``<root>/postgres/data``, owned by the ``postgres``
system user (PostgreSQL refuses to run as root), listens on 127.0.0.1 only
and authenticates with a password (SCRAM) kept in ``<root>/postgres``.
Every service of the topology gets its own database in it.

PostgreSQL's SIGTERM is a "smart" shutdown that waits for every client to
disconnect; the topology stops processes with SIGTERM. So the process we
start is this module's ``main``, which runs the server as its child and
turns SIGTERM into a fast shutdown (SIGINT).
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import secrets
import signal
import subprocess
import sys
import time

from tools.topology import process
from tools.topology import service

RUN_AS = 'postgres'
SUPERUSER = 'csf'


def bindir() -> str:
    """The newest Debian PostgreSQL server installed."""
    found = sorted(glob.glob('/usr/lib/postgresql/*/bin/postgres'),
                   key=lambda p: int(p.split('/')[-3]))
    if not found:
        raise process.StartError('PostgreSQL server not installed '
                                 '(tools/install-system.sh installs it)')
    return os.path.dirname(found[-1])


def _as_owner(argv: list[str]) -> list[str]:
    return ['setpriv', '--reuid=%s' % RUN_AS, '--regid=%s' % RUN_AS,
            '--init-groups', '--'] + argv


def wait_tcp(port: int, *, pid: int | None, timeout: float,
             log_path: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pid is not None and not process.alive(pid):
            raise process.StartError('process %s exited; see %s'
                                     % (pid, log_path))
        if process.port_in_use(port):
            return
        time.sleep(0.2)
    raise process.StartError('nothing listens on 127.0.0.1:%d after %ss; '
                             'see %s' % (port, timeout, log_path))


class Postgres(service.Service):
    kind = 'postgres'

    def __init__(self, *, name: str, root: str, port: int) -> None:
        super().__init__(name=name, cloud='shared', root=root)
        self.port = port
        self.data = self.path('data')
        self.password = self._password()

    def _password(self) -> str:
        path = self.path('password')
        if not os.path.exists(path):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, 'w') as fh:
                fh.write(secrets.token_hex(16))
        with open(path) as fh:
            return fh.read().strip()

    @property
    def url(self) -> str:
        return 'postgresql://127.0.0.1:%d' % self.port

    def health_url(self) -> None:
        return None

    def connection(self, database: str) -> str:
        """SQLAlchemy URL of ``database`` (created by ``create``)."""
        return 'postgresql+psycopg2://%s:%s@127.0.0.1:%d/%s' % (
            SUPERUSER, self.password, self.port, database)

    def record(self) -> dict:
        data = super().record()
        data.update(port=self.port, data_dir=self.data,
                    superuser=SUPERUSER)
        return data

    def prepare(self) -> None:
        if os.path.exists(os.path.join(self.data, 'PG_VERSION')):
            return
        owner = pwd.getpwnam(RUN_AS)
        os.makedirs(self.data, exist_ok=True)
        pwfile = self.path('pwfile')
        service.write_private(pwfile, self.password + '\n')
        for path in (self.data, pwfile):
            os.chown(path, owner.pw_uid, owner.pw_gid)
        os.chmod(self.data, 0o700)
        # The server's user must reach its data dir through our folders.
        for parent in (self.dir, os.path.dirname(self.dir)):
            os.chmod(parent, os.stat(parent).st_mode | 0o111)
        try:
            process.run(_as_owner([
                os.path.join(bindir(), 'initdb'), '-D', self.data,
                '-U', SUPERUSER, '--pwfile', pwfile, '-E', 'UTF8',
                '--auth', 'scram-sha-256', '--no-sync']), log_path=self.log)
        finally:
            os.unlink(pwfile)

    def start(self) -> None:
        repo = os.path.dirname(os.path.dirname(os.path.dirname(
            os.path.abspath(__file__))))
        self.spawn([sys.executable, '-m', 'tools.topology.postgres',
                    self.data, str(self.port)], env={'PYTHONPATH': repo})

    def wait_ready(self, timeout: float = 60) -> None:
        wait_tcp(self.port, pid=self.pid, timeout=timeout,
                 log_path=self.log)

    def create(self, databases: list[str]) -> None:
        """Create each of ``databases`` that does not exist yet."""
        import sqlalchemy as sa
        engine = sa.create_engine(self.connection('postgres'),
                                  isolation_level='AUTOCOMMIT')
        try:
            with engine.connect() as conn:
                deadline = time.monotonic() + 30
                have = None
                while have is None:
                    try:
                        have = set(conn.exec_driver_sql(
                            'SELECT datname FROM pg_database').scalars())
                    except sa.exc.OperationalError:
                        if time.monotonic() > deadline:
                            raise
                        time.sleep(0.5)     # still starting up
                for name in databases:
                    if name not in have:
                        conn.exec_driver_sql('CREATE DATABASE "%s"' % name)
        finally:
            engine.dispose()


def database_name(service_name: str) -> str:
    return service_name.replace('-', '_')


def dump(topology: dict, service_name: str) -> bytes:
    """Everything ``service_name`` stored in its database, as bytes.

    On SQLite, the database file and its write-ahead log (recent writes
    live there until a checkpoint). On the PostgreSQL topology, the plain
    SQL ``pg_dump`` of the service's database, followed by every binary
    (``bytea``) value it shows in hex, decoded: bytes stored in a binary
    column are found as they are. What a test searches for secrets or
    names that must not be there.
    """
    record = topology['services'][service_name]
    connection = record.get('connection') or ''
    if not connection.startswith('postgresql'):
        data = b''
        for path in (record['database'], record['database'] + '-wal'):
            if os.path.exists(path):
                with open(path, 'rb') as fh:
                    data += fh.read()
        if not data:
            raise FileNotFoundError(record['database'])
        return data
    pg = topology['services']['postgres']
    with open(os.path.join(pg['state_dir'], 'password')) as fh:
        password = fh.read().strip()
    text = subprocess.run(
        [os.path.join(bindir(), 'pg_dump'), '-h', '127.0.0.1',
         '-p', str(pg['port']), '-U', SUPERUSER,
         database_name(service_name)],
        env=dict(os.environ, PGPASSWORD=password), capture_output=True,
        check=True, timeout=120).stdout
    return text + b'\n'.join(
        bytes.fromhex(found.decode())
        for found in BYTEA_HEX.findall(text))


# A bytea value in pg_dump's COPY data: \\x then hex digits in pairs.
BYTEA_HEX = re.compile(rb'\\\\?x((?:[0-9a-f]{2})+)\b')


def main(argv: list[str]) -> int:
    """Run the server as our child; SIGTERM stops it fast."""
    data, port = argv
    child = subprocess.Popen(_as_owner([
        os.path.join(bindir(), 'postgres'), '-D', data, '-p', port,
        '-c', 'listen_addresses=127.0.0.1',
        '-c', 'unix_socket_directories=%s' % data,
        # A test topology: losing the last transactions on a crash of
        # the machine is fine, waiting for the disk on every commit is not.
        '-c', 'fsync=off', '-c', 'synchronous_commit=off',
        '-c', 'full_page_writes=off', '-c', 'max_connections=300']))

    def fast_shutdown(signum, frame):
        child.send_signal(signal.SIGINT)
    signal.signal(signal.SIGTERM, fast_shutdown)
    signal.signal(signal.SIGINT, fast_shutdown)
    return child.wait()


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
