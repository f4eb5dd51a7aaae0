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
"""A private memcached (Debian's) on loopback, shared by the services.

oslo.cache (the Aggregator's provider tokens, Keystone's caches) and
keystonemiddleware's token cache use it, so that every worker process of
a service, and every host in production, sees the same cache.
"""

from __future__ import annotations

import shutil

from tools.topology import postgres
from tools.topology import service


class Memcached(service.Service):
    kind = 'memcached'

    def __init__(self, *, name: str, root: str, port: int,
                 memory_mb: int = 64) -> None:
        super().__init__(name=name, cloud='shared', root=root)
        self.port = port
        self.memory_mb = memory_mb

    @property
    def url(self) -> str:
        return 'memcached://127.0.0.1:%d' % self.port

    @property
    def servers(self) -> str:
        """What oslo.cache and keystonemiddleware take: ``host:port``."""
        return '127.0.0.1:%d' % self.port

    def health_url(self) -> None:
        return None

    def record(self) -> dict:
        data = super().record()
        data.update(port=self.port, servers=self.servers)
        return data

    def prepare(self) -> None:
        pass

    def start(self) -> None:
        binary = shutil.which('memcached') or '/usr/bin/memcached'
        # -U 0: no UDP; -u: memcached will not run as root.
        self.spawn([binary, '-l', '127.0.0.1', '-p', str(self.port),
                    '-U', '0', '-m', str(self.memory_mb), '-c', '1024',
                    '-u', 'nobody'])

    def wait_ready(self, timeout: float = 30) -> None:
        postgres.wait_tcp(self.port, pid=self.pid, timeout=timeout,
                          log_path=self.log)


def authtoken(servers: str | None, secret_key: str | None = None) -> dict:
    """keystonemiddleware's token cache options (``[keystone_authtoken]``).

    A token cache in a memcached that others can reach is encrypted and
    authenticated with the deployment's ``secret_key`` (ENCRYPT): reading
    memcached gives no usable token or token data, and a value written by
    someone without the key is not believed.
    """
    if not servers:
        return {}
    if not secret_key:
        raise ValueError('A shared token cache needs a memcache_secret_key.')
    return {'memcached_servers': servers,
            'memcache_security_strategy': 'ENCRYPT',
            'memcache_secret_key': secret_key}


def cache(servers: str | None) -> dict:
    """oslo.cache's ``[cache]`` section on ``servers``; none without."""
    if not servers:
        return {}
    return {'cache': {'enabled': 'True',
                      'backend': 'dogpile.cache.pymemcache',
                      'memcache_servers': servers}}
