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
"""The whole loopback topology: one reseller and two providers.

- reseller: Keystone (SAML2 IdP) + Horizon, region ``RegionOne``;
- p1: Keystone (behind Apache + mod_auth_mellon, a SAML2 SP) + Glance,
  physical region ``R4``;
- p2: the same, physical region ``R7``.

One implementation serves ``make demo``, the functional tests and the
benchmarks. Each service keeps its state, log and PID under
``<root>/<name>/``; ``<root>/topology.json`` says where everything is.
Adding a service is: a class with ``prepare``/``start``/``record`` (see
``service.Service``) and a line in ``_plan``.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import os
import secrets
import shutil
import signal
import time

from cryptography import fernet
import yaml

from tools.topology import aggregator
from tools.topology import apache
from tools.topology import glance
from tools.topology import horizon
from tools.topology import keystone
from tools.topology import memcached
from tools.topology import neutron
from tools.topology import nginx
from tools.topology import nova
from tools.topology import placement
from tools.topology import postgres
from tools.topology import process
from tools.topology import rabbitmq
from tools.topology import seed
from tools.topology import service
from tools.topology import vrm

RESELLER = 'reseller'
RESELLER_REGION = 'RegionOne'
PROVIDERS = (('p1', 'R4'), ('p2', 'R7'))
KEYSTONE_CLOUDS = (RESELLER,) + tuple(cloud for cloud, _ in PROVIDERS)
# The provider whose administrators get a Horizon (the Provider dashboard).
PROVIDER_HORIZON = 'p1'
TENANT_USER = 'x'
# Providers that run compute and network (Placement, Nova, Neutron).
IAAS_PROVIDERS = ('p1',)
# Services the others keep their state in (scaled-out topology; the
# providers' IaaS).
BACKING_SERVICES = ('postgres', 'memcached', 'rabbitmq', 'rabbitmq-epmd')
BACKING_KINDS = ('postgres', 'memcached', 'epmd', 'rabbitmq')
TENANT_PROJECT = 'T'
TOPOLOGY_FILE = 'topology.json'


# Where a topology lives whose root is below a folder others cannot
# traverse (a checkout in a ``mktemp -d`` folder, or in /root).
SPILL_DIR = '/var/tmp'


def _blocked_above(root: str) -> str | None:
    """The first folder above ``root`` that others cannot traverse."""
    path = os.path.dirname(root)
    while True:
        if os.path.isdir(path) and not os.stat(path).st_mode & 0o001:
            return path
        parent = os.path.dirname(path)
        if parent == path:
            return None
        path = parent


def placed_root(root: str) -> str:
    """The folder the topology's files go in, for ``root``.

    Apache's workers (www-data) read the trusted IdPs' metadata and
    PostgreSQL (postgres) its data folder below the root, so every folder
    above it must let others through (``o+x``). When one does not, the
    files go to a folder of their own in SPILL_DIR, and ``root`` becomes a
    link to it.
    """
    root = os.path.abspath(root)
    if os.path.islink(root):
        return os.path.realpath(root)
    blocked = _blocked_above(root)
    if blocked is None:
        return root
    if os.path.exists(root):
        raise process.StartError(
            'The topology root %s is below %s (mode %o), which other users '
            'cannot traverse: Apache (www-data) and PostgreSQL (postgres) '
            'read files below the root. Remove %s: the next start keeps '
            'its files in %s and links it there.'
            % (root, blocked, os.stat(blocked).st_mode & 0o777, root,
               SPILL_DIR))
    digest = hashlib.sha256(root.encode()).hexdigest()[:16]
    real = os.path.join(SPILL_DIR, 'csf-topology-%s' % digest)
    os.makedirs(real, exist_ok=True)
    os.chmod(real, 0o755)
    os.makedirs(os.path.dirname(root), exist_ok=True)
    os.symlink(real, root)
    return real


def _stop_signal(record: dict) -> int:
    """The signal that stops a recorded service at once (default TERM)."""
    return getattr(signal, record.get('stop_signal') or 'SIGTERM',
                   signal.SIGTERM)


def _front(services: dict, svc, unlimited: tuple[str, ...] = ()) -> None:
    """nginx on the public port of ``svc``, uwsgi behind it."""
    front = nginx.Front(name='%s-front' % svc.name, cloud=svc.cloud,
                        root=os.path.dirname(svc.dir), port=svc.port,
                        upstream=svc.backend_port, api_body=nginx.API_BODY,
                        unlimited=unlimited)
    services[front.name] = front


class Topology:
    def __init__(self, root: str, cache_dir: str,
                 database: str | None = None,
                 iaas: bool | None = None) -> None:
        self.root = placed_root(root)
        self.cache_dir = os.path.abspath(cache_dir)
        self.file = os.path.join(self.root, TOPOLOGY_FILE)
        loaded = self.load() or {}
        # 'sqlite' (embedded, the default) or 'postgresql' (+ memcached,
        # several worker processes); a started topology keeps its own.
        self.database = database or loaded.get('database', 'sqlite')
        # Whether IAAS_PROVIDERS run Placement, Nova and Neutron (with
        # RabbitMQ and a PostgreSQL for them); a started topology keeps
        # its choice.
        self.iaas = loaded.get('iaas', True) if iaas is None else iaas

    # --- what runs ----------------------------------------------------
    def _port_names(self) -> list[str]:
        names = ['reseller-keystone', 'reseller-horizon',
                 'reseller-aggregator', '%s-horizon' % PROVIDER_HORIZON,
                 'reseller-aggregator-uwsgi']
        for cloud, _ in PROVIDERS:
            names += ['%s-keystone' % cloud, '%s-keystone-uwsgi' % cloud,
                      '%s-glance' % cloud, '%s-vrm' % cloud,
                      '%s-vrm-uwsgi' % cloud]
        if self.database == 'postgresql':
            names += ['memcached'] + [
                '%s-keystone-memcached' % cloud for cloud in KEYSTONE_CLOUDS]
        if self.database == 'postgresql' or self.iaas:
            names.append('postgres')
        if self.iaas:
            names += ['rabbitmq', 'rabbitmq-dist', 'rabbitmq-epmd']
            for cloud in IAAS_PROVIDERS:
                names += ['%s-placement' % cloud, '%s-nova-api' % cloud,
                          '%s-neutron-api' % cloud]
        return names

    def _ports(self, previous: dict | None) -> dict:
        """Reuse the recorded ports if all are free, else pick new ones."""
        wanted = self._port_names()
        old = (previous or {}).get('ports', {})
        if set(old) >= set(wanted) and not any(
                process.port_in_use(old[n]) for n in wanted):
            return {n: old[n] for n in wanted}
        ports: dict = {}
        while len(ports) < len(wanted):
            port = process.free_port()
            if port not in ports.values():
                ports[wanted[len(ports)]] = port
        return ports

    def _secrets(self) -> dict:
        path = os.path.join(self.root, 'secrets.json')
        data = {}
        if os.path.exists(path):
            with open(path) as fh:
                data = json.load(fh)
        names = ['reseller-admin', 'tenant-x', 'reseller-aggregator']
        for cloud, _ in PROVIDERS:
            names += ['%s-%s' % (cloud, account)
                      for account in ('admin', 'glance', 'vrm')]
        for cloud in IAAS_PROVIDERS:
            names += ['%s-%s' % (cloud, account)
                      for account in ('placement', 'nova', 'neutron')]
        names.append('rabbitmq')
        if all(name in data for name in names + [
                'aggregator-encryption-key', 'memcache-secret-key']):
            return data
        for name in names:
            data.setdefault(name, secrets.token_urlsafe(12))
        data.setdefault('aggregator-encryption-key',
                        fernet.Fernet.generate_key().decode())
        # keystonemiddleware's key for the tokens it caches in memcached
        # (made once per topology, kept across its restarts).
        data.setdefault('memcache-secret-key', secrets.token_urlsafe(32))
        service.write_private(path, json.dumps(data, indent=2))
        return data

    def _plan(self, ports: dict, pw: dict) -> dict:
        root = self.root
        services = self._backends(ports)
        pg = services.get('postgres')
        mc = services.get('memcached')

        def backed(name: str, cache: bool = True) -> dict:
            if self.database != 'postgresql':
                return {}
            found = {'database_url': pg.connection(
                postgres.database_name(name))}
            if cache:
                found.update(memcached_servers=mc.servers,
                             memcache_secret_key=pw['memcache-secret-key'])
            return found

        def keystone_backed(cloud: str) -> dict:
            found = backed('%s-keystone' % cloud, cache=False)
            if self.database == 'postgresql':
                found['cache_servers'] = services[
                    '%s-keystone-memcached' % cloud].servers
            return found
        agg = aggregator.Aggregator(
            name='reseller-aggregator', cloud=RESELLER, root=root,
            port=ports['reseller-aggregator'], region=RESELLER_REGION,
            keystone_url='http://127.0.0.1:%d' % ports['reseller-keystone'],
            service_password=pw['reseller-aggregator'],
            encryption_key=pw['aggregator-encryption-key'],
            backend_port=ports['reseller-aggregator-uwsgi'],
            **backed('reseller-aggregator'))
        services['reseller-keystone'] = keystone.Keystone(
            name='reseller-keystone', cloud=RESELLER, root=root,
            region=RESELLER_REGION, admin_password=pw['reseller-admin'],
            port=ports['reseller-keystone'], idp=True,
            # The dynamic catalog: each token shows the project's regions.
            catalog_driver='aggregator',
            extra_config={'aggregator_catalog': {
                'connection': agg.connection, 'proxy_url': agg.proxy_url}},
            **keystone_backed(RESELLER))
        services[agg.name] = agg
        _front(services, agg, unlimited=('/proxy/',))
        for cloud, region in PROVIDERS:
            ks = keystone.Keystone(
                name='%s-keystone' % cloud, cloud=cloud, root=root,
                region=region, admin_password=pw['%s-admin' % cloud],
                port=ports['%s-keystone' % cloud],
                uwsgi_port=ports['%s-keystone-uwsgi' % cloud],
                **keystone_backed(cloud))
            services[ks.name] = ks
            sp = apache.MellonSP(
                name='%s-keystone-sp' % cloud, cloud=cloud, root=root,
                port=ports['%s-keystone' % cloud],
                uwsgi_port=ports['%s-keystone-uwsgi' % cloud])
            services[sp.name] = sp
            gl = glance.Glance(
                name='%s-glance' % cloud, cloud=cloud, root=root,
                port=ports['%s-glance' % cloud], region=region,
                keystone_url=ks.url,
                service_password=pw['%s-glance' % cloud],
                **backed('%s-glance' % cloud))
            services[gl.name] = gl
            vr = vrm.VRM(
                name='%s-vrm' % cloud, cloud=cloud, root=root,
                port=ports['%s-vrm' % cloud], region=region,
                keystone_url=ks.url, service_password=pw['%s-vrm' % cloud],
                sp_url=sp.sp_url, trusted_idp_dir=sp.idp_dir,
                reload_argv=sp.reload_argv(),
                backend_port=ports['%s-vrm-uwsgi' % cloud],
                **backed('%s-vrm' % cloud))
            services[vr.name] = vr
            _front(services, vr)
            if self.iaas and cloud in IAAS_PROVIDERS:
                self._plan_iaas(services, ports, pw, cloud, region, ks)
        services['reseller-horizon'] = horizon.Horizon(
            name='reseller-horizon', cloud=RESELLER, root=root,
            port=ports['reseller-horizon'],
            keystone_url=services['reseller-keystone'].auth_url,
            cache_dir=self.cache_dir, **horizon.RESELLER)
        name = '%s-horizon' % PROVIDER_HORIZON
        if name in ports:   # (a topology started before it had none)
            services[name] = horizon.Horizon(
                name=name, cloud=PROVIDER_HORIZON, root=root,
                port=ports[name], cache_dir=self.cache_dir,
                keystone_url=services['%s-keystone'
                                      % PROVIDER_HORIZON].auth_url,
                **horizon.provider(PROVIDER_HORIZON))
        return services

    def _plan_iaas(self, services: dict, ports: dict, pw: dict,
                   cloud: str, region: str, ks) -> None:
        """Placement, Nova and Neutron of provider ``cloud``."""
        root = self.root
        pg = services['postgres']
        transport = services['rabbitmq'].transport_url(cloud)
        pl = placement.Placement(
            name='%s-placement' % cloud, cloud=cloud, root=root,
            port=ports['%s-placement' % cloud], region=region,
            keystone_url=ks.url, service_password=pw['%s-placement' % cloud])
        services[pl.name] = pl
        # Nova finds Placement, Neutron and Glance in the catalog.
        nova_conf = nova.NovaConfig(
            cloud=cloud, region=region, keystone_url=ks.url,
            service_password=pw['%s-nova' % cloud], database=pg,
            transport_url=transport,
            state_dir=os.path.join(root, '%s-nova-state' % cloud))
        services['%s-nova-api' % cloud] = nova.NovaAPI(
            name='%s-nova-api' % cloud, cloud=cloud, root=root,
            config=nova_conf, port=ports['%s-nova-api' % cloud])
        for kind in (nova.NovaConductor, nova.NovaScheduler,
                     nova.NovaCompute):
            name = '%s-%s' % (cloud, kind.kind)
            services[name] = kind(name=name, cloud=cloud, root=root,
                                  config=nova_conf)
        neutron_conf = neutron.NeutronConfig(
            cloud=cloud, region=region, keystone_url=ks.url,
            service_password=pw['%s-neutron' % cloud], database=pg,
            transport_url=transport,
            state_dir=os.path.join(root, '%s-neutron-state' % cloud))
        services['%s-neutron-api' % cloud] = neutron.NeutronAPI(
            name='%s-neutron-api' % cloud, cloud=cloud, root=root,
            config=neutron_conf, port=ports['%s-neutron-api' % cloud])
        for kind in (neutron.NeutronRPCServer,
                     neutron.NeutronPeriodicWorkers):
            name = '%s-%s' % (cloud, kind.kind)
            services[name] = kind(name=name, cloud=cloud, root=root,
                                  config=neutron_conf)

    def _backends(self, ports: dict) -> dict:
        """The services others keep their state in.

        PostgreSQL and memcached when the topology is scaled out;
        PostgreSQL, epmd and RabbitMQ when providers run IaaS.
        """
        found: dict = {}
        if self.database == 'postgresql' or self.iaas:
            found['postgres'] = postgres.Postgres(
                name='postgres', root=self.root, port=ports['postgres'])
        if self.iaas:
            found['rabbitmq-epmd'] = rabbitmq.Epmd(
                name='rabbitmq-epmd', root=self.root,
                port=ports['rabbitmq-epmd'])
            found['rabbitmq'] = rabbitmq.RabbitMQ(
                name='rabbitmq', root=self.root, port=ports['rabbitmq'],
                dist_port=ports['rabbitmq-dist'],
                epmd_port=ports['rabbitmq-epmd'],
                password=self._secrets()['rabbitmq'])
        if self.database != 'postgresql':
            return found
        found['memcached'] = memcached.Memcached(
            name='memcached', root=self.root, port=ports['memcached'])
        # Each cloud's Keystone caches in a memcached of its own (the
        # Aggregator, VRMs and Glances share the first).
        for cloud in KEYSTONE_CLOUDS:
            name = '%s-keystone-memcached' % cloud
            found[name] = memcached.Memcached(name=name, root=self.root,
                                              port=ports[name])
        return found

    # --- lifecycle ----------------------------------------------------
    def load(self) -> dict | None:
        if not os.path.exists(self.file):
            return None
        with open(self.file) as fh:
            return json.load(fh)

    def running(self) -> bool:
        """True when every recorded service is alive and answering."""
        data = self.load()
        if not data or not data.get('services'):
            return False
        for svc in data['services'].values():
            if not process.alive(svc.get('pid')):
                return False
        try:
            for svc in data['services'].values():
                if svc.get('health_url'):   # not PostgreSQL, memcached
                    process.wait_http(svc['health_url'], timeout=5)
        except process.StartError:
            return False
        return True

    def up(self) -> dict:
        if self.running():
            return self.load()
        previous = self.load()
        self.down()
        os.makedirs(self.root, exist_ok=True)
        ports = self._ports(previous)
        if previous and previous.get('ports') != ports:
            self._wipe_state()
        pw = self._secrets()
        services = self._plan(ports, pw)
        started = time.monotonic()
        try:
            self._start(services, pw)
        except BaseException:
            self._save(services, ports, pw, started)
            self.down()
            raise
        return self._save(services, ports, pw, started)

    def restart(self, name: str, *, env: dict | None = None,
                wait: bool = True) -> dict:
        """Stop service ``name`` (by its PID) and start it again.

        ``env`` adds environment variables to the new process (tests use
        it for fault injection). Returns the service's new record.
        """
        data = self.load()
        if not data or name not in data['services']:
            raise KeyError('no service %r in %s' % (name, self.file))
        old = data['services'][name]
        if process.alive(old.get('pid')) and process.owned(
                old['pid'], os.path.join(self.root, name)):
            process.stop(old['pid'], sig=_stop_signal(old))
        services = self._plan(data['ports'], self._secrets())
        svc = services[name]
        if hasattr(svc, 'extra_env'):
            svc.extra_env = dict(env or {})
        elif env:
            raise ValueError('%s takes no extra environment' % name)
        svc.prepare()       # idempotent: rewrites config, syncs the db
        svc.start()
        if wait:
            svc.wait_ready()
        rec = svc.record()
        rec['health_url'] = svc.health_url()
        data['services'][name] = rec
        service.write_private(self.file,
                              json.dumps(data, indent=2, sort_keys=True))
        return rec

    def _wipe_state(self) -> None:
        for entry in os.listdir(self.root):
            path = os.path.join(self.root, entry)
            if os.path.isdir(path):
                shutil.rmtree(path)

    def _start(self, services: dict, pw: dict) -> None:
        backends = [s for s in services.values() if s.kind in BACKING_KINDS]
        for svc in backends:
            svc.prepare()
            svc.start()
            if svc.kind == 'epmd':
                # Up before the broker, which would start a daemon of its
                # own otherwise.
                svc.wait_ready()
        for svc in backends:
            svc.wait_ready()
        if 'postgres' in services:
            services['postgres'].create([
                postgres.database_name(name) for name in services
                if getattr(services[name], 'database_url', None)] + [
                name for svc in services.values()
                for name in svc.record().get('databases', ())])
        if 'rabbitmq' in services:
            for cloud in IAAS_PROVIDERS:
                services['rabbitmq'].vhost(cloud)
        services = {n: s for n, s in services.items() if s not in backends}
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda s: s.prepare(), services.values()))
        keystones = [s for s in services.values()
                     if s.kind in ('keystone', 'apache-mellon')]
        for svc in keystones:
            svc.start()
        for svc in keystones:
            svc.wait_ready()
        self._seed(services, pw)
        rest = [s for s in services.values() if s not in keystones]
        for svc in rest:
            svc.start()
        for svc in rest:
            svc.wait_ready()
        for cloud in IAAS_PROVIDERS if self.iaas else ():
            services['%s-nova-api' % cloud].discover_hosts()
            self._seed_iaas(cloud, services, pw)

    def _seed(self, services: dict, pw: dict) -> None:
        reseller = services['reseller-keystone']
        ks = seed.admin_client(reseller.auth_url, pw['reseller-admin'])
        agg = services['reseller-aggregator']
        account = seed.service_user(ks, aggregator.SERVICE_USER,
                                    agg.service_password)
        seed.grant_system(ks, account, 'admin')
        seed.service_with_endpoint(ks, name='aggregator',
                                   type=aggregator.SERVICE_TYPE,
                                   region=RESELLER_REGION, url=agg.url)
        tenant = seed.user(ks, TENANT_USER, pw['tenant-x'],
                           email='x@tenant.example.invalid')
        seed.grant(ks, tenant, seed.project(
            ks, TENANT_PROJECT, description='worked example project T'),
            'member')
        for cloud, region in PROVIDERS:
            prov = services['%s-keystone' % cloud]
            gl = services['%s-glance' % cloud]
            ks = seed.admin_client(prov.auth_url, pw['%s-admin' % cloud])
            account = seed.service_user(ks, glance.SERVICE_USER,
                                        gl.service_password)
            # oslo.limit reads limits with a system-scoped reader role.
            seed.grant_system(ks, account, 'reader')
            gl.endpoint_id = seed.service_with_endpoint(
                ks, name='glance', type='image', region=region, url=gl.url)
            seed.registered_limits(ks, service_type='image', region=region,
                                   defaults=glance.REGISTERED_LIMITS)
            vm = services['%s-vrm' % cloud]
            account = seed.service_user(ks, vrm.SERVICE_USER,
                                        vm.service_password)
            # Domains, identity providers, mappings and limits are
            # system-admin operations in Keystone's default policy;
            # Neutron's quotas take an admin of a project.
            seed.grant_system(ks, account, 'admin')
            seed.grant(ks, account, seed.project(ks, 'service'), 'admin')
            seed.role(ks, 'vrm_partner')
            seed.service_with_endpoint(ks, name='vrm', type=vrm.SERVICE_TYPE,
                                       region=region, url=vm.url)
            if self.iaas and cloud in IAAS_PROVIDERS:
                self._seed_iaas_accounts(ks, cloud, region, services, pw)

    def _seed_iaas_accounts(self, ks, cloud: str, region: str,
                            services: dict, pw: dict) -> None:
        """Service users, catalog and registered limits, as devstack does."""
        for user, name, kind, svc in (
                (placement.SERVICE_USER, 'placement', 'placement',
                 services['%s-placement' % cloud]),
                (nova.SERVICE_USER, 'nova', 'compute',
                 services['%s-nova-api' % cloud]),
                (neutron.SERVICE_USER, 'neutron', 'network',
                 services['%s-neutron-api' % cloud])):
            account = seed.service_user(ks, user, pw['%s-%s' % (cloud, user)])
            # Nova and Neutron act on each other's objects as admins of
            # the service project, as devstack grants it.
            seed.grant(ks, account, seed.project(ks, 'service'), 'admin')
            endpoint_id = seed.service_with_endpoint(
                ks, name=name, type=kind, region=region, url=svc.url)
            if kind == 'compute':
                # oslo.limit reads limits with a system-scoped reader role.
                seed.grant_system(ks, account, 'reader')
                svc.config.endpoint_id = endpoint_id
        seed.registered_limits(ks, service_type='compute', region=region,
                               defaults=nova.REGISTERED_LIMITS)

    def _seed_iaas(self, cloud: str, services: dict, pw: dict) -> None:
        """The provider's flavors and a public image.

        As an operator makes them; the fake hypervisor never reads the
        image.
        """
        import openstack
        conn = openstack.connect(
            auth_url=services['%s-keystone' % cloud].auth_url,
            username='admin', password=pw['%s-admin' % cloud],
            project_name='admin', user_domain_name='Default',
            project_domain_name='Default',
            region_name=services['%s-nova-api' % cloud].config.region,
            interface='public', identity_api_version='3')
        try:
            for name, (ram, vcpus, disk) in nova.FLAVORS.items():
                if conn.compute.find_flavor(name) is None:
                    conn.compute.create_flavor(name=name, ram=ram,
                                               vcpus=vcpus, disk=disk,
                                               is_public=True)
            if conn.image.find_image(nova.IMAGE) is None:
                conn.image.create_image(
                    name=nova.IMAGE, data=b'\0' * 1024 * 1024,
                    disk_format='raw', container_format='bare',
                    visibility='public')
        finally:
            conn.close()

    def _save(self, services: dict, ports: dict, pw: dict,
              started: float) -> dict:
        data = {
            'root': self.root,
            'database': self.database,
            'iaas': self.iaas,
            'ports': ports,
            'started_in_seconds': round(time.monotonic() - started, 1),
            'services': {},
            'clouds': self._clouds(services, pw),
        }
        for name, svc in services.items():
            rec = svc.record()
            rec['health_url'] = svc.health_url()
            data['services'][name] = rec
        service.write_private(self.file,
                              json.dumps(data, indent=2, sort_keys=True))
        self._write_clouds_yaml(data['clouds'])
        return data

    def _clouds(self, services: dict, pw: dict) -> dict:
        def cloud(auth_url, user, password, project, region):
            data = {'auth': {'auth_url': auth_url, 'username': user,
                             'password': password, 'project_name': project,
                             'user_domain_name': 'Default',
                             'project_domain_name': 'Default'},
                    'identity_api_version': 3, 'interface': 'public'}
            if region:
                data['region_name'] = region
            return data

        reseller = services['reseller-keystone'].auth_url
        clouds = {
            'aggregator-admin': cloud(reseller, 'admin', pw['reseller-admin'],
                                      'admin', RESELLER_REGION),
            # No fixed region: the tenant's regions (V1, V2) come and go
            # with its token's catalog; --os-region-name picks one.
            'tenant-x': cloud(reseller, TENANT_USER, pw['tenant-x'],
                              TENANT_PROJECT, None),
        }
        for name, region in PROVIDERS:
            clouds['provider-%s-admin' % name] = cloud(
                services['%s-keystone' % name].auth_url, 'admin',
                pw['%s-admin' % name], 'admin', region)
        return clouds

    def _write_clouds_yaml(self, clouds: dict) -> None:
        path = os.path.join(self.root, 'clouds.yaml')
        service.write_private(path, yaml.safe_dump(
            {'clouds': clouds}, default_flow_style=False))

    def _recorded_stop_signals(self) -> dict:
        return {name: _stop_signal(svc) for name, svc in (
            (self.load() or {}).get('services') or {}).items()}

    def _recorded_pids(self) -> dict:
        """PIDs from topology.json and from each service's pid file.

        The pid files also cover a start that died before topology.json.
        """
        pids = {}
        for name, svc in ((self.load() or {}).get('services') or {}).items():
            if svc.get('pid'):
                pids[name] = svc['pid']
        if os.path.isdir(self.root):
            for name in sorted(os.listdir(self.root)):
                pidfile = os.path.join(self.root, name, name + '.pid')
                if name not in pids and os.path.exists(pidfile):
                    with open(pidfile) as fh:
                        pids[name] = int(fh.read().strip() or 0)
        return pids

    def down(self) -> list[str]:
        """Stop every process we recorded (by PID); return their names."""
        stopped = []
        # The shared backing services (PostgreSQL, memcached) go last, so
        # that no service loses its database while it shuts down.
        recorded = sorted(reversed(list(self._recorded_pids().items())),
                          key=lambda item: item[0] in BACKING_SERVICES
                          or item[0].endswith('-memcached'))
        signals = self._recorded_stop_signals()
        for name, pid in recorded:
            marker = os.path.join(self.root, name)
            if process.alive(pid) and process.owned(pid, marker):
                process.stop(pid, sig=signals.get(name, signal.SIGTERM))
                stopped.append(name)
        return stopped
