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
"""The devstack plugin, phase by phase, for both roles.

devstack cannot run here: the plugin runs under a stand-in for the devstack
functions it calls (devstack/tests/standin-functions) against the real
Keystones of the topology: p1's for the provider role (``csf-vrm``), the
reseller's for the reseller role (``csf-aggregator``). keystone.conf edits
go to a copy; the services the plugin starts are its own, on free ports.
Each role runs ``stack install``, ``stack post-config`` and ``stack extra``
twice (the second run must change nothing), then ``unstack`` and ``clean``;
the Keystone objects it made, under unique names, are removed at the end.
"""

from __future__ import annotations

import glob
import os
import secrets
import sqlite3
import tempfile

from keystoneauth1 import session as ks_session
from keystoneclient.v3 import client as ks_client

from tests.functional import base
from tests.functional import devstack_standin
from tests.functional import k2k_fixtures
from tools.topology import process

STACK = ('stack:install', 'stack:post-config', 'stack:extra')


class DevstackPluginTest(base.FunctionalTestCase):

    def _standin(self, *, cloud: str, keystone_url: str, enabled: str,
                 extra: dict) -> devstack_standin.Standin:
        root = tempfile.mkdtemp(prefix='csf-devstack-')
        auth = self.cloud(cloud)['auth']
        standin = devstack_standin.Standin(
            root, auth=auth, keystone_url=keystone_url, enabled=enabled,
            apache_port=process.free_port(),
            extra=dict(extra, SERVICE_PASSWORD=secrets.token_urlsafe(12)))
        self.addCleanup(standin.remove)
        self.addCleanup(self._remove_keystone_objects, cloud, standin)
        # Safety net if an assertion stops the test before its unstack.
        self.addCleanup(standin.run, 'unstack', 'standin:stop-apache')
        return standin

    def _system_admin(self, cloud: str) -> ks_client.Client:
        sess = self.password_session(
            cloud, project_name=None, project_domain_name=None,
            system_scope='all')
        return ks_client.Client(
            session=sess, interface='public',
            endpoint_override=self.cloud(cloud)['auth']['auth_url'])

    def _remove_keystone_objects(self, cloud, standin) -> None:
        ks = self._system_admin(cloud)
        # Also what a run cut short made before it stopped.
        self.created.extend(devstack_standin.keystone_log_entries(
            standin.take_log('keystone.log')))
        created = [e for e in self.created if e[1] == 'created']
        order = ('endpoint', 'service', 'role', 'user')
        for op in order:
            for _, _, obj_id in (e for e in created if e[0] == op):
                getattr(ks, op + 's').delete(obj_id)
        self.created = []

    def _assert_keystone_as_found(self, cloud: str, standin) -> None:
        """Remove what the plugin made; then none of its names is left."""
        self._remove_keystone_objects(cloud, standin)
        ks = self._system_admin(cloud)
        for key, value in self.names.items():
            manager = {'USER': ks.users, 'NAME': ks.services,
                       'ROLE': ks.roles}[key.rsplit('_', 1)[1]]
            self.assertEqual([], manager.list(name=value), key)

    def _run_twice(self, standin, *, first: tuple = ()) -> dict:
        """Run the stack phases twice; return what each run did."""
        runs = []
        for _ in range(2):
            standin.run(*first, *STACK)
            entries = devstack_standin.keystone_log_entries(
                standin.take_log('keystone.log'))
            self.created.extend(entries)
            runs.append({'keystone': entries,
                         'calls': standin.take_log('calls.log'),
                         'digests': standin.digests(),
                         'pid': standin.pid(self.process_name),
                         'apache': standin.pid('apache')})
            if len(runs) == 1:
                self._check_first_run(standin)
        first_run, second = runs
        # A second run changes nothing: same files, same Keystone objects
        # (all found, none created), no restart of anything.
        self.assertEqual(first_run['digests'], second['digests'])
        self.assertEqual(
            sorted((op, obj) for op, _, obj in first_run['keystone']),
            sorted((op, obj) for op, _, obj in second['keystone']))
        self.assertEqual({'found'}, {how for _, how, _ in second['keystone']})
        self.assertEqual(first_run['pid'], second['pid'])
        self.assertEqual(first_run['apache'], second['apache'])
        self.assertIn('run_process %s (already running)' % self.process_name,
                      second['calls'])
        for call in second['calls']:
            self.assertNotIn('restart_service', call)
            self.assertNotIn('apache_server', call)
        return {'first': first_run, 'second': second}

    def _assert_one_account(self, cloud: str, standin, user_name: str,
                            service_name: str, service_type: str,
                            region: str, url: str) -> None:
        ks = self._system_admin(cloud)
        users = ks.users.list(name=user_name)
        self.assertEqual(1, len(users))
        assignments = ks.role_assignments.list(user=users[0],
                                               include_names=True)
        grants = sorted(
            (a.role['name'], 'system' if 'system' in a.scope else
             a.scope['project']['name']) for a in assignments)
        self.assertEqual([('admin', 'system'), ('service', 'service')],
                         grants)
        services = [s for s in ks.services.list(name=service_name)]
        self.assertEqual([service_type], [s.type for s in services])
        endpoints = ks.endpoints.list(service=services[0])
        self.assertEqual([('public', region, url)],
                         [(e.interface, e.region, e.url) for e in endpoints])

    def _assert_tables(self, database: str, *tables: str) -> None:
        with sqlite3.connect(database) as db:
            names = {row[0] for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table'")}
        for table in ('alembic_version',) + tables:
            self.assertIn(table, names)

    def _assert_answers(self, url: str) -> dict:
        sess = ks_session.Session()
        resp = sess.get(url, authenticated=False, timeout=10)
        self.assertEqual(200, resp.status_code)
        return resp.json()

    def _unstack_and_clean(self, standin, *, port: int, gone: list) -> None:
        pid = standin.pid(self.process_name)
        standin.run('unstack', 'standin:stop-apache')
        self.assertFalse(process.alive(pid))
        self.assertFalse(process.port_in_use(port))
        standin.run('clean')
        for path in gone:
            self.assertFalse(os.path.exists(path), path)

    # --- provider: csf-vrm ------------------------------------------------
    def test_provider_role(self) -> None:
        self.created, self.process_name = [], 'csf-vrm'
        ks = self.service('p1-keystone')
        port = process.free_port()
        names = {key: self.unique(key.lower().replace('_', '-'))
                 for key in ('VRM_SERVICE_USER', 'VRM_SERVICE_NAME',
                             'VRM_PARTNER_ROLE')}
        front = process.free_port()
        standin = self._standin(
            cloud='provider-p1-admin', enabled='keystone,csf-vrm',
            keystone_url='http://127.0.0.1:%d' % front,
            extra=dict(names, REGION_NAME=ks['region'],
                       VRM_SERVICE_PORT=str(port),
                       CSF_STANDIN_KEYSTONE_UWSGI=ks['uwsgi_socket']))
        standin.env['CSF_STANDIN_APACHE_PORT'] = str(front)
        # Glance as devstack configured it, before the plugin runs.
        standin.env['GLANCE_API_CONF'] = standin.path('glance-api.conf')
        with open(standin.env['GLANCE_API_CONF'], 'w') as fh:
            fh.write('[keystone_authtoken]\nauth_type = password\n')
        standin.env['VRM_RELOAD_COMMAND'] = 'apache2 -f %s -k graceful' % (
            standin.path('apache', 'httpd.conf'))
        # Keystone before the plugin: no SAML2 methods, no remote id.
        standin.copy_keystone_conf(ks['config'], drop={
            'federation': ['remote_id_attribute']})
        devstack_standin_conf = devstack_standin.read_ini(
            standin.env['KEYSTONE_CONF'])
        devstack_standin_conf.set('auth', 'methods', 'password,token')
        with open(standin.env['KEYSTONE_CONF'], 'w') as fh:
            devstack_standin_conf.write(fh)
        self.vrm_port, self.names = port, names
        runs = self._run_twice(standin, first=('standin:keystone-front',))
        self.assertIn('restart_service devstack@keystone',
                      runs['first']['calls'])
        self._assert_one_account(
            'provider-p1-admin', standin, names['VRM_SERVICE_USER'],
            names['VRM_SERVICE_NAME'], 'virtual-region-manager',
            ks['region'], 'http://127.0.0.1:%d' % port)
        self._unstack_and_clean(standin, port=port, gone=[
            standin.env['VRM_CONF_DIR'], standin.path('mellon'),
            standin.path('data', 'virtual-region-manager')])
        self._assert_keystone_as_found('provider-p1-admin', standin)

    def _check_first_run(self, standin) -> None:
        if self.process_name == 'csf-vrm':
            self._check_vrm(standin)
        else:
            self._check_aggregator(standin)

    def _check_vrm(self, standin) -> None:
        env = standin.env
        conf = devstack_standin.read_ini(os.path.join(
            env['VRM_CONF_DIR'], 'virtual-region-manager.conf'))
        front = env['KEYSTONE_SERVICE_URI']
        idps = standin.path('mellon', 'idps')
        self.assertEqual(
            {'auth_url': front + '/v3',
             'sp_url': front + '/v3/mellon/paosResponse',
             'trusted_idp_dir': idps,
             'reload_command': env['VRM_RELOAD_COMMAND']},
            dict(conf.items('federation')))
        self.assertEqual('all', conf.get('keystone', 'system_scope'))
        self.assertEqual(env['VRM_SERVICE_USER'],
                         conf.get('keystone_authtoken', 'username'))
        self.assertEqual(env['VRM_PARTNER_ROLE'],
                         conf.get('partners', 'role'))
        # A service offered in virtual regions keeps tokens a minute at
        # most (the revocation bound); what devstack set stays.
        glance = devstack_standin.read_ini(env['GLANCE_API_CONF'])
        self.assertEqual({'auth_type': 'password', 'token_cache_time': '60'},
                         dict(glance.items('keystone_authtoken')))
        self._assert_tables(
            standin.path('data', 'virtual-region-manager', 'vrm.db'),
            'virtual_regions', 'partners', 'bindings')
        url = 'http://127.0.0.1:%d' % self.vrm_port
        self.assertEqual('v1.0',
                         self._assert_answers(url + '/')['versions'][0]['id'])
        # The VRM's own Keystone account works: an admin call succeeds.
        sess = self.password_session('provider-p1-admin')
        resp = sess.get(url + '/v1/virtual-regions', timeout=60)
        self.assertEqual(200, resp.status_code)
        keystone = devstack_standin.read_ini(env['KEYSTONE_CONF'])
        self.assertEqual('password,token,saml2,mapped',
                         keystone.get('auth', 'methods'))
        self.assertEqual('MELLON_IDP',
                         keystone.get('federation', 'remote_id_attribute'))
        self._check_mellon(standin, front, idps)

    def _check_mellon(self, standin, front: str, idps: str) -> None:
        site = standin.path('apache', 'sites-enabled',
                            'csf-keystone-mellon.conf')
        with open(site) as fh:
            text = fh.read()
        self.assertIn('MellonIdPMetadataGlob %s/*.xml' % idps, text)
        self.assertIn('protocols/saml2/auth$', text)
        # Trust an IdP as the VRM does (a file and the reload command);
        # then the real Apache serves the SP's metadata with its PAOS
        # consumer, and Keystone behind it still answers.
        idp = self.service('reseller-keystone')['idp_metadata']
        trusted = os.path.join(idps, 'test.xml')
        reload_argv = standin.env['VRM_RELOAD_COMMAND'].split()
        with open(idp) as src, open(trusted, 'w') as dst:
            dst.write(src.read())
        try:
            process.run(reload_argv, log_path=standin.path('reload.log'))
            resp = ks_session.Session().get(
                front + '/v3/mellon/metadata', authenticated=False,
                timeout=10, connect_retries=5)
        finally:
            os.remove(trusted)
            process.run(reload_argv, log_path=standin.path('reload.log'))
        self.assertEqual(200, resp.status_code)
        self.assertIn(front + '/v3/mellon/metadata', resp.text)
        self.assertIn('bindings:PAOS', resp.text)
        self.assertIn('version', self._assert_answers(front + '/v3'))

    # --- reseller: csf-aggregator ----------------------------------------
    def test_reseller_role(self) -> None:
        # Its aggregator endpoint is in the reseller's catalog for a while:
        # no reseller Horizon in use meanwhile.
        self.useFixture(k2k_fixtures.reseller_catalog_lock(
            self.topology, alone=True))
        self.created, self.process_name = [], 'csf-aggregator'
        ks = self.service('reseller-keystone')
        port = process.free_port()
        names = {key: self.unique(key.lower().replace('_', '-'))
                 for key in ('AGGREGATOR_SERVICE_USER',
                             'AGGREGATOR_SERVICE_NAME')}
        standin = self._standin(
            cloud='aggregator-admin',
            enabled='keystone,horizon,csf-aggregator',
            keystone_url=ks['url'],
            extra=dict(names, REGION_NAME=ks['region'],
                       AGGREGATOR_SERVICE_PORT=str(port)))
        # Keystone before the plugin: static catalog, no SAML2 IdP.
        standin.copy_keystone_conf(ks['config'], drop={
            'catalog': None, 'aggregator_catalog': None, 'saml': None})
        self.agg_port, self.names = port, names
        runs = self._run_twice(standin)
        self.assertIn('restart_service devstack@keystone',
                      runs['first']['calls'])
        self._assert_one_account(
            'aggregator-admin', standin, names['AGGREGATOR_SERVICE_USER'],
            names['AGGREGATOR_SERVICE_NAME'], 'aggregator', ks['region'],
            'http://127.0.0.1:%d' % port)
        enabled = standin.path('horizon', 'openstack_dashboard', 'local',
                               'enabled')
        self._unstack_and_clean(standin, port=port, gone=[
            standin.env['AGGREGATOR_CONF_DIR'],
            standin.path('data', 'aggregator'),
            standin.path('keystone', 'saml')] + [
            os.path.join(enabled, os.path.basename(f))
            for f in self._dashboard_files()])
        self._assert_keystone_as_found('aggregator-admin', standin)

    def _dashboard_files(self) -> list[str]:
        return sorted(glob.glob(os.path.join(
            base.REPO, 'aggregator_dashboard', 'enabled', '_[0-9]*.py')))

    def _check_aggregator(self, standin) -> None:
        env = standin.env
        url = 'http://127.0.0.1:%d' % self.agg_port
        database = standin.path('data', 'aggregator', 'aggregator.db')
        path = os.path.join(env['AGGREGATOR_CONF_DIR'], 'aggregator.conf')
        # Passwords and the credential key: the owner's alone.
        self.assertEqual(0, os.stat(path).st_mode & 0o077)
        conf = devstack_standin.read_ini(path)
        self.assertEqual('sqlite:///' + database,
                         conf.get('database', 'connection'))
        self.assertEqual(url + '/proxy', conf.get('proxy', 'public_url'))
        self.assertEqual('all', conf.get('keystone', 'system_scope'))
        self.assertTrue(conf.get('credentials', 'encryption_key'))
        self._assert_tables(database, 'providers', 'regions', 'placements')
        self.assertEqual('v1.0',
                         self._assert_answers(url + '/')['versions'][0]['id'])
        keystone = devstack_standin.read_ini(env['KEYSTONE_CONF'])
        self.assertEqual('aggregator', keystone.get('catalog', 'driver'))
        self.assertEqual(
            {'connection': 'sqlite:///' + database,
             'proxy_url': url + '/proxy'},
            dict(keystone.items('aggregator_catalog')))
        entity = env['KEYSTONE_SERVICE_URI'] + '/v3/OS-FEDERATION/saml2/idp'
        self.assertEqual(entity, keystone.get('saml', 'idp_entity_id'))
        with open(keystone.get('saml', 'idp_metadata_path')) as fh:
            metadata = fh.read()
        self.assertIn('entityID="%s"' % entity, metadata)
        self.assertIn('X509Certificate', metadata)
        enabled = standin.path('horizon', 'openstack_dashboard', 'local',
                               'enabled')
        self.assertEqual(
            [os.path.basename(f) for f in self._dashboard_files()],
            sorted(os.listdir(enabled)))
