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
"""RabbitMQ (Debian's), the message bus of the providers' Nova and Neutron.

One broker per topology, on loopback only: its AMQP port, its Erlang
distribution port and its own epmd are ports of the topology, so several
topologies (the demo, both test passes) run side by side. Each provider
has a vhost of its own and a user with a password the topology chose (no
``guest``). It runs as root from its own folder (its Erlang cookie there,
not in root's home).
"""

from __future__ import annotations

import hashlib
import os
import signal

from tools.topology import postgres
from tools.topology import process
from tools.topology import service

SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server'
CTL = '/usr/lib/rabbitmq/bin/rabbitmqctl'
EPMD = '/usr/bin/epmd'


class Epmd(service.Service):
    """The broker's Erlang port mapper, in the foreground.

    Started by the broker itself, epmd would daemonize out of the
    topology's reach and outlive it.
    """

    kind = 'epmd'

    def __init__(self, *, name: str, root: str, port: int) -> None:
        super().__init__(name=name, cloud='shared', root=root)
        self.port = port

    @property
    def url(self) -> str:
        return 'epmd://127.0.0.1:%d' % self.port

    def health_url(self) -> None:
        return None

    def prepare(self) -> None:
        pass

    def start(self) -> None:
        self.spawn([EPMD, '-port', str(self.port), '-address', '127.0.0.1'])

    def wait_ready(self, timeout: float = 30) -> None:
        postgres.wait_tcp(self.port, pid=self.pid, timeout=timeout,
                          log_path=self.log)


class RabbitMQ(service.Service):
    kind = 'rabbitmq'

    def __init__(self, *, name: str, root: str, port: int, dist_port: int,
                 epmd_port: int, password: str) -> None:
        super().__init__(name=name, cloud='shared', root=root)
        self.port = port
        self.dist_port = dist_port
        self.epmd_port = epmd_port
        self.password = password
        # Unique per topology folder: one epmd never mixes two brokers.
        self.node = 'csf-%s@localhost' % hashlib.sha256(
            self.dir.encode()).hexdigest()[:8]

    @property
    def url(self) -> str:
        return 'rabbit://127.0.0.1:%d' % self.port

    def health_url(self) -> None:
        return None

    def transport_url(self, vhost: str) -> str:
        """oslo.messaging's ``transport_url`` for ``vhost``."""
        return 'rabbit://csf:%s@127.0.0.1:%d/%s' % (self.password, self.port,
                                                    vhost)

    def record(self) -> dict:
        data = super().record()
        data.update(port=self.port, node=self.node)
        return data

    def _env(self) -> dict:
        return {
            'HOME': self.dir,
            'RABBITMQ_NODENAME': self.node,
            'RABBITMQ_NODE_IP_ADDRESS': '127.0.0.1',
            'RABBITMQ_NODE_PORT': str(self.port),
            'RABBITMQ_DIST_PORT': str(self.dist_port),
            'ERL_EPMD_ADDRESS': '127.0.0.1',
            'ERL_EPMD_PORT': str(self.epmd_port),
            'RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS':
                '-kernel inet_dist_use_interface {127,0,0,1}',
            'RABBITMQ_CONFIG_FILE': self.path('rabbitmq'),
            'RABBITMQ_ENABLED_PLUGINS_FILE': self.path('enabled_plugins'),
            'RABBITMQ_MNESIA_BASE': self.path('mnesia'),
            'RABBITMQ_LOG_BASE': self.dir,
            'RABBITMQ_LOGS': '-',
            'RABBITMQ_PID_FILE': self.path('rabbitmq.pidfile'),
        }

    def prepare(self) -> None:
        os.makedirs(self.path('mnesia'), exist_ok=True)
        # The first start makes this user; the password is the topology's.
        service.write_private(self.path('rabbitmq.conf'), '\n'.join([
            'listeners.tcp.default = 127.0.0.1:%d' % self.port,
            'default_user = csf',
            'default_pass = %s' % self.password,
            'default_vhost = /',
            'loopback_users = none',
            'log.console = true',
            'log.file = false', '']))
        with open(self.path('enabled_plugins'), 'w') as fh:
            fh.write('[].\n')
        cookie = self.path('.erlang.cookie')
        if not os.path.exists(cookie):
            service.write_private(cookie, hashlib.sha256(
                os.urandom(32)).hexdigest())
            os.chmod(cookie, 0o400)

    def start(self) -> None:
        self.spawn([SERVER], env=self._env())

    def wait_ready(self, timeout: float = 90) -> None:
        postgres.wait_tcp(self.port, pid=self.pid, timeout=timeout,
                          log_path=self.log)

    def vhost(self, name: str) -> None:
        """Make vhost ``name`` (idempotent); the topology's user owns it."""
        ctl = [CTL, '-n', self.node]
        process.run(ctl + ['add_vhost', name], log_path=self.log,
                    env=self._env())
        process.run(ctl + ['set_permissions', '-p', name, 'csf', '.*', '.*',
                           '.*'], log_path=self.log, env=self._env())

    def stop(self) -> None:
        process.stop(self.pid, sig=signal.SIGTERM, timeout=20)
