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
"""Files the topology writes with secrets are its owner's alone.

The writers are called directly, under a permissive umask (0), on top of
files left world-readable by an earlier run: every file holding a
password or key must come out 0600 (no group or world bit), and the
secret must never have been in a file with a wider mode.
"""

import os
import stat
import types
from unittest import mock

import fixtures
import testtools

from tools.topology import aggregator
from tools.topology import glance
from tools.topology import memcached
from tools.topology import neutron
from tools.topology import nova
from tools.topology import placement
from tools.topology import rabbitmq
from tools.topology import service
from tools.topology import topology
from tools.topology import vrm


def _mode(path: str) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


class PrivateFilesTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.root = self.useFixture(fixtures.TempDir()).path
        old = os.umask(0)
        self.addCleanup(os.umask, old)

    def assertPrivate(self, path: str) -> None:
        self.assertEqual(0, _mode(path) & 0o077,
                         '%s is %o' % (path, _mode(path)))

    def _stale(self, name: str) -> str:
        """A file an older run left readable by everyone."""
        path = os.path.join(self.root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w') as fh:
            fh.write('old')
        os.chmod(path, 0o644)
        return path

    def test_write_private_replaces_a_wide_file(self):
        path = self._stale('secret')
        service.write_private(path, 's3cret')
        self.assertPrivate(path)
        with open(path) as fh:
            self.assertEqual('s3cret', fh.read())
        self.assertEqual(['secret'], os.listdir(self.root))

    def test_write_private_never_opens_the_secret_wider(self):
        path = os.path.join(self.root, 'secret')
        modes = []
        real_open = os.open

        def spy(name, flags, mode=0o777, *args, **kwargs):
            modes.append(mode)
            return real_open(name, flags, mode, *args, **kwargs)
        with mock.patch.object(os, 'open', spy):
            service.write_private(path, b'key')
        self.assertEqual([0o600], modes)

    def test_write_private_to_a_group(self):
        path = os.path.join(self.root, 'sp.key')
        service.write_private(path, 'key', group=os.getgid())
        self.assertEqual(0o640, _mode(path))
        self.assertEqual(os.getgid(), os.stat(path).st_gid)

    def test_a_failed_write_leaves_nothing(self):
        path = os.path.join(self.root, 'secret')
        self.assertRaises(TypeError, service.write_private, path, 42)
        self.assertEqual([], os.listdir(self.root))

    def test_service_configs_are_private(self):
        agg = aggregator.Aggregator(
            name='agg', cloud='reseller', root=self.root, port=1,
            region='R', keystone_url='http://127.0.0.1:2',
            service_password='pw-agg', encryption_key='k' * 44)
        region = vrm.VRM(
            name='vrm', cloud='p1', root=self.root, port=3, region='R4',
            keystone_url='http://127.0.0.1:4', service_password='pw-vrm',
            sp_url='http://127.0.0.1:5/sp', trusted_idp_dir=self.root,
            reload_argv=['true'])
        for svc, config in ((agg, agg.config()), (region, region.config())):
            self._stale(os.path.relpath(svc.conf, self.root))
            service.write_ini(svc.conf, config)
            self.assertPrivate(svc.conf)

    def test_iaas_configs_and_broker_files_are_private(self):
        db = types.SimpleNamespace(
            connection=lambda name: 'postgresql://csf:db-pw@x/%s' % name)
        common = dict(cloud='p1', region='R4', keystone_url='http://k',
                      database=db, transport_url='rabbit://csf:mq-pw@x/p1')
        nova_conf = nova.NovaConfig(service_password='nova-pw',
                                    state_dir=self.root, **common)
        neutron_conf = neutron.NeutronConfig(service_password='neutron-pw',
                                             state_dir=self.root, **common)
        services = [
            placement.Placement(name='pl', cloud='p1', root=self.root,
                                port=1, region='R4', keystone_url='http://k',
                                service_password='pl-pw'),
            nova.NovaAPI(name='nova-api', cloud='p1', root=self.root,
                         config=nova_conf, port=2),
            nova.NovaCompute(name='nova-compute', cloud='p1', root=self.root,
                             config=nova_conf),
            neutron.NeutronAPI(name='neutron-api', cloud='p1',
                               root=self.root, config=neutron_conf, port=3)]
        for svc in services:
            for path in svc.config_files():
                self._stale(os.path.relpath(path, self.root))
            svc.write_config()
            for path in svc.config_files():
                self.assertPrivate(path)
        with open(services[2].conf) as fh:
            compute = fh.read()
        # The compute host holds no database password (conductor only).
        self.assertNotIn('db-pw', compute)
        self.assertIn('mq-pw', compute)
        broker = rabbitmq.RabbitMQ(name='mq', root=self.root, port=4,
                                   dist_port=5, epmd_port=6,
                                   password='mq-pw')
        broker.prepare()
        for name in ('rabbitmq.conf', '.erlang.cookie'):
            self.assertPrivate(broker.path(name))
        self.assertNotIn('mq-pw', ' '.join(
            '%s=%s' % item for item in broker._env().items()))

    def test_secrets_and_clouds_yaml_are_private(self):
        topo = topology.Topology(self.root, os.path.join(self.root, 'c'))
        self._stale('secrets.json')
        os.unlink(os.path.join(self.root, 'secrets.json'))
        pw = topo._secrets()
        self.assertPrivate(os.path.join(self.root, 'secrets.json'))
        self._stale('clouds.yaml')
        topo._write_clouds_yaml({'x': {'auth': {'password': pw['tenant-x']}}})
        self.assertPrivate(os.path.join(self.root, 'clouds.yaml'))

    def test_aggregator_token_cache_folder_is_private(self):
        agg = aggregator.Aggregator(
            name='agg', cloud='reseller', root=self.root, port=1,
            region='R', keystone_url='http://127.0.0.1:2',
            service_password='pw', encryption_key='k' * 44)
        with mock.patch.object(aggregator.process, 'run'):
            agg.prepare()
        self.assertEqual(0o700, _mode(agg.path('cache')))
        self.assertIn(agg.path('cache', 'cache.dbm'),
                      agg.config()['cache']['backend_argument'])
        self.assertPrivate(agg.conf)

    def test_horizon_secret_key_and_settings_are_private(self):
        try:
            from tools.topology import horizon
        except ImportError as exc:      # Horizon is not installed here
            self.skipTest(str(exc))
        dash = horizon.Horizon(
            name='h', cloud='reseller', root=self.root, port=1,
            keystone_url='http://127.0.0.1:2',
            cache_dir=os.path.join(self.root, 'c'))
        key = self._stale('h/secret_key')
        dash._write_settings()
        self.assertPrivate(key)
        with open(key) as fh:
            self.assertEqual('old', fh.read())      # the same key, kept
        self.assertPrivate(os.path.join(dash.settings_dir, 'local',
                                        'local_settings.py'))


class TokenCacheSecurityTest(testtools.TestCase):
    """keystonemiddleware's tokens in a shared memcached are encrypted."""

    def setUp(self):
        super().setUp()
        self.root = self.useFixture(fixtures.TempDir()).path

    def _services(self, **cache):
        common = dict(root=self.root, keystone_url='http://127.0.0.1:2',
                      service_password='pw', **cache)
        return [
            aggregator.Aggregator(name='agg', cloud='reseller', port=1,
                                  region='R', encryption_key='k' * 44,
                                  **common),
            vrm.VRM(name='vrm', cloud='p1', port=3, region='R4',
                    sp_url='http://127.0.0.1:5/sp',
                    trusted_idp_dir=self.root, reload_argv=['true'],
                    **common),
            glance.Glance(name='glance', cloud='p1', port=4, region='R4',
                          **common)]

    @staticmethod
    def _config(svc) -> dict:
        return svc.config() if hasattr(svc, 'config') else svc._config()

    def test_shared_memcached_is_encrypted_with_the_key(self):
        for svc in self._services(memcached_servers='127.0.0.1:9',
                                  memcache_secret_key='the-key'):
            section = self._config(svc)['keystone_authtoken']
            self.assertEqual('127.0.0.1:9', section['memcached_servers'])
            self.assertEqual('ENCRYPT',
                             section['memcache_security_strategy'])
            self.assertEqual('the-key', section['memcache_secret_key'])

    def test_no_memcached_no_cache_options(self):
        for svc in self._services():
            section = self._config(svc)['keystone_authtoken']
            self.assertNotIn('memcached_servers', section)
            self.assertNotIn('memcache_security_strategy', section)

    def test_a_shared_cache_without_a_key_is_refused(self):
        self.assertRaises(ValueError, memcached.authtoken, '127.0.0.1:9')

    def test_the_key_is_made_once_per_topology(self):
        topo = topology.Topology(self.root, os.path.join(self.root, 'c'))
        key = topo._secrets()['memcache-secret-key']
        self.assertGreaterEqual(len(key), 32)
        self.assertEqual(key, topo._secrets()['memcache-secret-key'])
        self.assertEqual(key, topology.Topology(
            self.root, os.path.join(self.root, 'c'))._secrets()[
                'memcache-secret-key'])
