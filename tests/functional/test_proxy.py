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
"""Proxy mode with the unmodified ``openstack`` CLI: tenant x uses its
project in a proxy region, and every request reaches the provider's Glance
in the provider project that backs the placement."""

from __future__ import annotations

import filecmp
import http.client
import json
import os
import subprocess
import urllib.parse
import uuid

import fixtures
import openstack
import psutil
import requests

from tests.functional import k2k_fixtures
from tests.functional import test_aggregator
from tools.topology import postgres


class _Zeros:
    """``size`` bytes, read in chunks, never held whole (Content-Length)."""

    def __init__(self, size: int) -> None:
        self.left = self.len = size

    def __len__(self) -> int:
        return self.len

    def read(self, n: int = -1) -> bytes:
        n = self.left if n is None or n < 0 else min(n, self.left)
        self.left -= n
        return b'\0' * n


class TestProxyWithCLI(test_aggregator.AggregatorTestCase):
    provider = 'p1'

    def setUp(self) -> None:
        super().setUp()
        # K2K with the reseller's real IdP: one live binding at a time.
        self.useFixture(k2k_fixtures.ProviderLock(self.topology,
                                                  self.provider))

    def new_tenant(self) -> dict:
        """A reseller user and project of their own, with unique names."""
        ks = self.keystone_admin('aggregator-admin')
        tag = self.unique('anon').split('-')[1]
        project = ks.projects.create(name='proj-' + tag, domain='default')
        self.addCleanup(ks.projects.delete, project)
        password = 'pw-' + tag
        user = ks.users.create(name='user-' + tag, domain='default',
                               password=password,
                               email='mail-%s@tenant.example.invalid' % tag)
        self.addCleanup(ks.users.delete, user)
        ks.roles.grant(ks.roles.list(name='member')[0], user=user,
                       project=project)
        auth = dict(self.cloud('tenant-x')['auth'], username=user.name,
                    password=password, project_name=project.name)
        return {'auth': auth, 'user': user, 'project': project,
                'session': self.password_session('tenant-x', **auth)}

    def provider_files(self) -> list[str]:
        """Every file of provider P1: databases, logs, configuration.

        On PostgreSQL a service's database is no file of its own: its
        ``pg_dump`` is saved under the SQLite file's name in a temporary
        directory and searched in its place.
        """
        found = []
        dumps = self.useFixture(fixtures.TempDir()).path
        for name, svc in self.topology['services'].items():
            if svc['cloud'] != self.provider:
                continue
            for top, dirs, files in os.walk(svc['state_dir']):
                dirs[:] = [d for d in dirs if d != 'images']
                found += [os.path.join(top, f) for f in files]
            if svc.get('connection', '').startswith('postgresql'):
                path = os.path.join(dumps, name,
                                    os.path.basename(svc['database']))
                os.makedirs(os.path.dirname(path))
                with open(path, 'wb') as fh:
                    fh.write(postgres.dump(self.topology, name))
                found.append(path)
        return found

    def test_provider_never_learns_who_the_tenant_is(self):
        region = self.real_partner_region('proxy')
        tenant = self.new_tenant()
        project_id = tenant['project'].id
        self.assertEqual(201, self.place(region['name'], project_id,
                                         sess=tenant['session']).status_code)

        # The tenant works in the region with openstacksdk ...
        conn = openstack.connect(
            auth_url=tenant['auth']['auth_url'],
            username=tenant['auth']['username'],
            password=tenant['auth']['password'],
            project_name=tenant['auth']['project_name'],
            user_domain_name='Default', project_domain_name='Default',
            region_name=region['name'], identity_api_version='3')
        self.addCleanup(conn.close)
        data = os.urandom(512 * 1024)
        image = conn.image.create_image(
            name=self.unique('sdk-image'), disk_format='raw',
            container_format='bare', data=data,
            properties={'purpose': 'anonymity check'})
        self.addCleanup(conn.image.delete_image, image, ignore_missing=True)
        self.assertIn(image.id, [i.id for i in conn.image.images()])
        got = conn.image.get_image(image)
        self.assertEqual('active', got.status)
        self.assertEqual(project_id, got.owner)
        self.assertEqual(data, conn.image.download_image(image).content)
        # At P1 (its admin, directly), the image lives in the provider
        # project that backs the tenant's placement.
        remote = self.admin.get('/v1/bindings/%s/projects'
                                % region['binding_id']).json()['projects']
        at_p1 = json.loads(self.cli('--os-cloud', 'provider-p1-admin',
                                    'image', 'show', image.id, '-f',
                                    'json'))
        self.assertEqual([at_p1['owner']], [p['project_id'] for p in remote])
        conn.image.delete_image(image)
        self.assertNotIn(image.id, [i.id for i in conn.image.images()])

        # ... and nothing at the provider names them: not in its Keystone
        # or Glance databases, not in any of its logs.
        needles = {
            'user name': tenant['user'].name, 'user id': tenant['user'].id,
            'email': 'mail-%s' % tenant['user'].name.split('-')[1],
            'project name': tenant['project'].name,
            'project id': project_id,
        }
        files = self.provider_files()
        self.assertTrue(any(f.endswith('keystone.db') for f in files))
        self.assertTrue(any(f.endswith('glance.db') for f in files))
        for path in files:
            with open(path, 'rb') as fh:
                content = fh.read()
            for what, needle in needles.items():
                self.assertFalse(needle.encode() in content,
                                 "the tenant's %s is in %s" % (what, path))

    def test_tenant_never_learns_the_provider_from_answers(self):
        """Headers and bodies of proxied answers name no provider.

        No provider URL or provider project id, none of the headers a
        provider's web server or Keystone sets, and the request id is
        the Aggregator's own (the provider's is in the Aggregator's log).
        """
        region = self.proxy_region()
        base = '/proxy/%s/image' % region['name']
        theirs = [p['project_id'] for p in self.admin.get(
            '/v1/bindings/%s/projects' % region['binding_id']).json()[
                'projects']]
        self.assertEqual(1, len(theirs))
        needles = [urllib.parse.urlsplit(self.service(name)['url']).netloc
                   for name in ('p1-glance', 'p1-keystone')] + theirs
        # A public image of P1's own: its owner is a provider project too.
        admin = ['--os-cloud', 'provider-p1-admin']
        public = json.loads(self.cli(*admin, 'image', 'create', '--public',
                                     '--disk-format', 'raw',
                                     '--container-format', 'bare',
                                     self.unique('p1-public'), '-f', 'json'))
        self.addCleanup(self.cli, *admin, 'image', 'delete', public['id'])
        needles.append(public['owner'])
        image = self.t_image(base)
        answers = [
            self.agg('GET', base + '/v2/images', sess=self.tenant),
            self.agg('GET', base + '/v2/images/' + image['id'],
                     sess=self.tenant),
            self.agg('GET', base + '/v2/images/' + str(uuid.uuid4()),
                     sess=self.tenant),
            self.agg('PATCH', base + '/v2/images/' + image['id'],
                     sess=self.tenant, json=[{'op': 'add', 'path': '/x',
                                              'value': '1'}],
                     headers={'Content-Type':
                              'application/openstack-images-v2.1-json-patch'}),
        ]
        self.assertEqual([200, 200, 404, 200],
                         [r.status_code for r in answers])
        # The tenant sees P1's public image, under a stand-in owner.
        seen, = [i for i in answers[0].json()['images']
                 if i['id'] == public['id']]
        self.assertNotIn(seen['owner'], (public['owner'], None,
                                         self.tenant_project))
        with open(self.service('reseller-aggregator')['log']) as fh:
            log = fh.read()
        # The reseller's own web server (nginx in front of the Aggregator)
        # may name itself, as it does for the Aggregator's own answers.
        own = requests.get(self.agg_url + '/', timeout=30).headers.get(
            'Server')
        for resp in answers:
            names = {k.lower() for k in resp.headers}
            for header in ('via', 'www-authenticate', 'set-cookie',
                           'x-powered-by'):
                self.assertNotIn(header, names, resp.url)
            self.assertEqual(own, resp.headers.get('Server'), resp.url)
            seen = repr(resp.headers) + resp.text
            for needle in needles:
                self.assertNotIn(needle, seen, resp.url)
            # The Aggregator logged the request under the id the tenant
            # got, beside the provider's own.
            request_id = resp.headers['X-Openstack-Request-Id']
            lines = [x for x in log.splitlines()
                     if '[None %s ' % request_id in x and 'Proxied' in x]
            self.assertEqual(1, len(lines), 'the tenant got request id %s, '
                             'not the Aggregator\'s' % request_id)
            self.assertNotIn('provider request %s' % request_id, lines[0])

    def test_a_provider_error_names_nothing_of_the_provider(self):
        """A provider's own error text reaches the tenant in its words.

        Glance's over-limit answer is text/plain and names the project it
        counted: the provider project backing the placement. The tenant
        reads its own project id there, and the error stays Glance's.
        """
        region = self.real_partner_region('proxy')
        self.assertEqual(201, self.place(
            region['name'], self.tenant_project,
            image={'image_count_total': 1}).status_code)
        base = '/proxy/%s/image' % region['name']
        self.t_image(base)
        theirs, = [p['project_id'] for p in self.admin.get(
            '/v1/bindings/%s/projects' % region['binding_id']).json()[
                'projects']]
        resp = self.agg('POST', base + '/v2/images', sess=self.tenant,
                        json={'name': self.unique('over'),
                              'disk_format': 'raw',
                              'container_format': 'bare'})
        self.assertEqual(413, resp.status_code, resp.text)
        self.assertIn('image_count_total', resp.text)
        self.assertIn(self.tenant_project, resp.text)
        p1 = [urllib.parse.urlsplit(self.service(name)['url']).netloc
              for name in ('p1-glance', 'p1-keystone')]
        for needle in [theirs] + p1:
            self.assertNotIn(needle, repr(resp.headers) + resp.text)

    def test_a_reader_reads_but_does_not_write_through_the_proxy(self):
        """The provider sees the tenant's rights.

        A reader's requests go with the placement's reader credential.
        """
        region = self.real_partner_region('proxy')
        member = self.new_tenant()
        project = member['project']
        self.assertEqual(201, self.place(region['name'], project.id,
                                         sess=member['session']).status_code)
        ks = self.keystone_admin('aggregator-admin')
        tag = self.unique('ro').split('-')[1]
        user = ks.users.create(name='reader-' + tag, domain='default',
                               password='pw-' + tag)
        self.addCleanup(ks.users.delete, user)
        ks.roles.grant(ks.roles.list(name='reader')[0], user=user,
                       project=project)
        reader = self.password_session('tenant-x', **dict(
            member['auth'], username=user.name, password='pw-' + tag))
        base = '/proxy/%s/image' % region['name']
        image = {'name': self.unique('ro-image'), 'disk_format': 'raw',
                 'container_format': 'bare'}
        made = self.agg('POST', base + '/v2/images', sess=member['session'],
                        json=image)
        self.assertEqual(201, made.status_code, made.text)
        self.addCleanup(self.agg, 'DELETE', base + '/v2/images/'
                        + made.json()['id'], sess=member['session'])
        # The reader sees the project's image ...
        listed = self.agg('GET', base + '/v2/images', sess=reader)
        self.assertEqual(200, listed.status_code, listed.text)
        self.assertIn(made.json()['id'],
                      [i['id'] for i in listed.json()['images']])
        # ... and the provider's own policy refuses its writes.
        refused = self.agg('POST', base + '/v2/images', sess=reader,
                           json=dict(image, name=self.unique('ro-write')))
        self.assertEqual(403, refused.status_code, refused.text)
        self.assertEqual(403, self.agg(
            'DELETE', base + '/v2/images/' + made.json()['id'],
            sess=reader).status_code)
        self.assertEqual(200, self.agg(
            'GET', base + '/v2/images/' + made.json()['id'],
            sess=member['session']).status_code)

    def test_streaming_200_mb_keeps_the_aggregator_small(self):
        """A 200 MB image goes up and down through the proxy in chunks."""
        region = self.proxy_region()
        size = 200 * 1024 * 1024
        token = self.tenant.get_token()
        base = '%s/proxy/%s/image' % (self.agg_url, region['name'])
        headers = {'X-Auth-Token': token}
        image = requests.post(base + '/v2/images', headers=headers, json={
            'name': self.unique('big'), 'disk_format': 'raw',
            'container_format': 'bare'}, timeout=60).json()
        self.addCleanup(requests.delete, base + '/v2/images/' + image['id'],
                        headers=headers, timeout=60)
        workers = self.aggregator_workers()
        before = sum(p.memory_info().rss for p in workers)

        resp = requests.put(
            base + '/v2/images/%s/file' % image['id'],
            data=_Zeros(size),
            headers=dict(headers,
                         **{'Content-Type': 'application/octet-stream'}),
            timeout=600)
        self.assertEqual(204, resp.status_code, resp.text)
        got = 0
        with requests.get(base + '/v2/images/%s/file' % image['id'],
                          headers=headers, stream=True, timeout=600) as down:
            self.assertEqual(200, down.status_code)
            for chunk in down.iter_content(1024 * 1024):
                got += len(chunk)
        self.assertEqual(size, got)
        growth = sum(p.memory_info().rss for p in workers) - before
        self.assertLess(growth, 50 * 1024 * 1024,
                        'the Aggregator grew by %d MB' % (growth >> 20))

    def test_chunked_upload_keeps_every_byte(self):
        """A body sent chunked (no Content-Length) arrives whole."""
        region = self.proxy_region()
        base = '%s/proxy/%s/image' % (self.agg_url, region['name'])
        headers = {'X-Auth-Token': self.tenant.get_token()}
        image = requests.post(base + '/v2/images', headers=headers, json={
            'name': self.unique('chunked'), 'disk_format': 'raw',
            'container_format': 'bare'}, timeout=60).json()
        self.addCleanup(requests.delete, base + '/v2/images/' + image['id'],
                        headers=headers, timeout=60)
        data = os.urandom(3 * 1024 * 1024 + 17)
        pieces = (data[i:i + 65536] for i in range(0, len(data), 65536))
        resp = requests.put(
            base + '/v2/images/%s/file' % image['id'], data=pieces,
            headers=dict(headers,
                         **{'Content-Type': 'application/octet-stream'}),
            timeout=120)
        self.assertEqual(204, resp.status_code, resp.text)
        down = requests.get(base + '/v2/images/%s/file' % image['id'],
                            headers=headers, timeout=120)
        got = down.content
        self.assertEqual(len(data), len(got))
        self.assertEqual(data, got)

        # The caller gets the Aggregator's request id; the Aggregator's log
        # maps it to the provider's (for support across companies).
        ours = down.headers['X-Openstack-Request-Id']
        self.assertRegex(ours, '^req-[0-9a-f-]{36}$')
        with open(self.service('reseller-aggregator')['log']) as fh:
            lines = [line for line in fh if ours in line]
        self.assertEqual(1, len(lines), lines)
        self.assertRegex(lines[0], r'Proxied GET /v2/images/%s/file for '
                         r'region %s; provider request req-[0-9a-f-]{36}\.'
                         % (image['id'], region['name']))

    def test_another_project_cannot_reach_t_by_any_trick(self):
        region = self.proxy_region()
        base = '/proxy/%s/image' % region['name']
        mine = {'X-Auth-Token': self.tenant.get_token()}
        image = self.t_image(base)
        other = self.unplaced_project()
        intruder = self.password_session('tenant-x',
                                         project_name=other.name)
        glance = self.service('p1-glance')['url']
        attempts = [
            ('GET', base + '/v2/images', {}),
            ('GET', base + '/v2/images/' + image['id'], {}),
            ('DELETE', base + '/v2/images/' + image['id'], {}),
            # Claiming to be T's project in headers changes nothing.
            ('GET', base + '/v2/images', {
                'X-Project-Id': self.tenant_project,
                'X-Tenant-Id': self.tenant_project,
                'X-Roles': 'admin'}),
        ]
        for method, path, headers in attempts:
            resp = self.agg(method, path, sess=intruder, headers=headers)
            self.assertEqual(403, resp.status_code,
                             '%s %s: %s' % (method, path, resp.text))
        # A region name that is not T's: nothing is forwarded.
        resp = self.agg('GET', '/proxy/%s/image/v2/images'
                        % self.unique('V'), sess=self.tenant)
        self.assertEqual(404, resp.status_code)
        # A provider URL in the path stays inside the region's service.
        resp = self.agg('GET', base + '/' + glance + '/v2/images',
                        sess=self.tenant, headers=mine)
        self.assertNotEqual(200, resp.status_code)
        # T itself still has its image.
        listed = self.agg('GET', base + '/v2/images', sess=self.tenant)
        self.assertIn(image['id'], [i['id'] for i in
                                    listed.json()['images']])

    def test_a_neighbour_placed_in_the_same_region_cannot_reach_t(self):
        """A tenant placed in T's region cannot reach T's image.

        The neighbour passes the placement check, so only the boundary
        between the provider projects protects T.
        """
        region = self.proxy_region()
        base = '/proxy/%s/image' % region['name']
        image = self.t_image(base)
        item = base + '/v2/images/' + image['id']
        self.assertEqual(204, self.agg(
            'PUT', item + '/file', sess=self.tenant, data=b't' * 1024,
            headers={'Content-Type': 'application/octet-stream'}
        ).status_code)
        neighbour = self.new_tenant()
        placed = self.place(region['name'], neighbour['project'].id,
                            sess=neighbour['session'],
                            image={'image_size_total': 100})
        self.assertEqual(201, placed.status_code, placed.text)
        sess = neighbour['session']
        forged = {'X-Project-Id': self.tenant_project,
                  'X-Tenant-Id': self.tenant_project, 'X-Roles': 'admin'}
        for headers in ({}, forged):
            listed = self.agg('GET', base + '/v2/images', sess=sess,
                              headers=headers)
            self.assertEqual(200, listed.status_code, listed.text)
            self.assertNotIn(image['id'], [
                i['id'] for i in listed.json()['images']])
            for method, path, kwargs in [
                    ('GET', item, {}),
                    ('GET', item + '/file', {}),
                    ('PUT', item + '/file', {'data': b'n' * 10}),
                    ('PATCH', item, {'data': json.dumps(
                        [{'op': 'replace', 'path': '/name',
                          'value': 'taken'}])}),
                    ('DELETE', item, {})]:
                extra = dict(headers)
                if method == 'PATCH':
                    extra['Content-Type'] = (
                        'application/openstack-images-v2.1-json-patch')
                elif method == 'PUT':
                    extra['Content-Type'] = 'application/octet-stream'
                resp = self.agg(method, path, sess=sess, headers=extra,
                                **kwargs)
                self.assertEqual(404, resp.status_code, '%s %s %s: %s' % (
                    method, path, headers, resp.text))
        # T's project id as an owner filter finds nothing of T's.
        listed = self.agg('GET', base + '/v2/images?owner='
                          + self.tenant_project, sess=sess).json()
        self.assertNotIn(image['id'], [i['id'] for i in listed['images']])
        # Dot segments sent raw (clients would remove them) lead nowhere
        # else: the web server resolves a plain one before routing, so the
        # neighbour asks for the image itself (404); an encoded one is
        # refused before anything is forwarded (400).
        url = urllib.parse.urlsplit(self.agg_url)
        for path, status in (('/v2/images/x/../' + image['id'], 404),
                             ('/v2/images/x/%2e%2e/' + image['id'], 400)):
            conn = http.client.HTTPConnection(url.hostname, url.port,
                                              timeout=30)
            conn.request('GET', base + path,
                         headers={'X-Auth-Token': sess.get_token()})
            raw = conn.getresponse()
            self.assertEqual(status, raw.status, path)
            conn.close()
        # T's image is untouched: same name, same bytes.
        mine = self.agg('GET', item, sess=self.tenant).json()
        self.assertEqual(image['name'], mine['name'])
        self.assertEqual('active', mine['status'])
        self.assertEqual(b't' * 1024, self.agg(
            'GET', item + '/file', sess=self.tenant).content)

    def t_image(self, base: str) -> dict:
        """An image of T's, created through the proxy at ``base``."""
        image = self.agg('POST', base + '/v2/images', sess=self.tenant,
                         json={'name': self.unique('t-image'),
                               'disk_format': 'raw',
                               'container_format': 'bare'}).json()
        self.addCleanup(self.agg, 'DELETE', base + '/v2/images/'
                        + image['id'], sess=self.tenant)
        return image

    def aggregator_workers(self) -> list:
        master = psutil.Process(self.service('reseller-aggregator')['pid'])
        return [master] + master.children(recursive=True)

    def proxy_region(self) -> dict:
        region = self.real_partner_region('proxy')
        self.assertEqual(201, self.place(region['name'], self.tenant_project,
                                         image={'image_size_total': 300}
                                         ).status_code)
        return region

    def test_image_round_trip_through_the_proxy(self):
        region = self.real_partner_region('proxy')
        self.assertEqual(201, self.place(region['name'],
                                         self.tenant_project).status_code)
        placed = self.agg('GET', '/v1/regions/%s/projects'
                          % region['name']).json()['projects']
        self.assertEqual([self.tenant_project],
                         [p['project_id'] for p in placed])

        tmp = self.useFixture(fixtures.TempDir()).path
        data = os.path.join(tmp, 'disk.raw')
        with open(data, 'wb') as fh:
            fh.write(os.urandom(3 * 1024 * 1024))
        tenant = ['--os-cloud', 'tenant-x', '--os-region-name',
                  region['name']]
        name = self.unique('img')
        image = json.loads(self.cli(
            *tenant, 'image', 'create', '--file', data, '--disk-format',
            'raw', '--container-format', 'bare', name, '-f', 'json'))
        self.addCleanup(subprocess.run, [
            test_aggregator.OPENSTACK, *tenant, 'image', 'delete',
            image['id']], env=dict(os.environ, OS_CLIENT_CONFIG_FILE=os.path
                                   .join(self.topology['root'],
                                         'clouds.yaml')),
            capture_output=True, timeout=120)
        self.assertEqual('active', image['status'])
        listed = json.loads(self.cli(*tenant, 'image', 'list', '-f',
                                     'json'))
        self.assertIn(image['id'], [i['ID'] for i in listed])
        shown = json.loads(self.cli(*tenant, 'image', 'show', image['id'],
                                    '-f', 'json'))
        self.assertEqual(name, shown['name'])
        # The tenant sees its own project as the owner (Horizon's row
        # actions need it), and may filter on it.
        self.assertEqual(self.tenant_project, shown['owner'])
        owned = self.agg('GET', '/proxy/%s/image/v2/images?owner=%s'
                         % (region['name'], self.tenant_project),
                         sess=self.tenant)
        self.assertEqual(200, owned.status_code, owned.text)
        self.assertEqual([image['id']],
                         [i['id'] for i in owned.json()['images']])
        # No provider URL leaks into what the tenant sees.
        glance = self.service('p1-glance')['url']
        self.assertNotIn(glance, json.dumps(shown))
        saved = os.path.join(tmp, 'saved.raw')
        self.cli(*tenant, 'image', 'save', '--file', saved, image['id'])
        self.assertTrue(filecmp.cmp(data, saved, shallow=False))

        # At P1, the image lives in the provider project backing T.
        remote = self.admin.get('/v1/bindings/%s/projects'
                                % region['binding_id']).json()['projects']
        at_p1 = json.loads(self.cli('--os-cloud', 'provider-p1-admin',
                                    'image', 'show', image['id'], '-f',
                                    'json'))
        self.assertEqual(remote[0]['project_id'], at_p1['owner'])
        self.assertNotEqual(self.tenant_project, at_p1['owner'])

        self.cli(*tenant, 'image', 'delete', image['id'])
        listed = json.loads(self.cli(*tenant, 'image', 'list', '-f',
                                     'json'))
        self.assertNotIn(image['id'], [i['ID'] for i in listed])

        # A project not placed in the region is refused by the proxy.
        other = self.unplaced_project()
        resp = self.agg('GET', '/proxy/%s/image/v2/images' % region['name'],
                        sess=self.password_session(
                            'tenant-x', project_name=other.name))
        self.assertEqual(403, resp.status_code, resp.text)
        # Path tricks do not leave the service (sent raw: HTTP clients
        # would resolve the dot segments themselves).
        url = urllib.parse.urlsplit(self.agg_url)
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        conn.request('GET', '/proxy/%s/image/v2/%%2e%%2e/%%2e%%2e/v3'
                     % region['name'],
                     headers={'X-Auth-Token': self.tenant.get_token()})
        raw = conn.getresponse()
        self.assertEqual(400, raw.status, raw.read())
        conn.close()
