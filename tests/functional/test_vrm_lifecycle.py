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
"""A binding's whole life at a real provider, checked in Keystone itself."""

from __future__ import annotations

import os
import secrets
import time

from keystoneauth1 import exceptions as ks_exc
from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session

from tests.functional import test_faults
from tests.functional import vrm_base


class TestBindingLifecycle(vrm_base.VRMTestCase):

    def keystone_objects(self, binding_id: str, domain_id: str,
                         placement_id: str = '') -> dict:
        """What exists in the provider's Keystone for a binding."""
        oid = 'vrm-' + binding_id
        fed = self.ks.federation
        found = {}
        try:
            found['idp'] = fed.identity_providers.get(oid)
        except ks_exc.NotFound:
            pass
        try:
            found['mapping'] = fed.mappings.get(oid)
        except ks_exc.NotFound:
            pass
        try:
            protocols = fed.protocols.list(oid)
            if protocols:
                found['protocols'] = protocols
        except ks_exc.NotFound:
            pass
        groups = placement_id and self.ks.groups.list(
            domain=domain_id, name='vrm-p-' + placement_id)
        if groups:
            found['group'] = groups[0]
        sp = self.service('%s-keystone-sp' % self.provider)
        if os.path.exists(os.path.join(sp['trusted_idp_dir'],
                                       oid + '.xml')):
            found['metadata_file'] = True
        return found

    def test_manual_binding_round_trip(self):
        vr = self.create_region()
        # The virtual region is a domain with domain limits.
        domain = self.ks.domains.get(vr['domain_id'])
        self.assertEqual('vr-' + vr['name'], domain.name)
        limits = {lim.resource_name: lim.resource_limit
                  for lim in self.ks.limits.list(domain_id=domain.id)}
        self.assertEqual({'image_count_total': 10,
                          'image_size_total': 1000}, limits)

        partner, client = self.onboard()
        offers = client.get('/v1/offerings').json()['offerings']
        self.assertIn(vr['id'], [o['id'] for o in offers])

        binding = self.request_binding(client, vr)
        self.assertEqual('pending', binding['status'])
        self.assertEqual({}, self.keystone_objects(binding['id'],
                                                   domain.id))
        # A partner cannot approve its own binding.
        self.assertEqual(403, client.action(binding['id'],
                                            'approve').status_code)

        resp = self.admin.action(binding['id'], 'approve')
        self.assertEqual(200, resp.status_code, resp.text)
        active = resp.json()['binding']
        self.assertEqual('active', active['status'])
        self.assertEqual(domain.id, active['domain_id'])
        self.assertEqual('vrm-' + binding['id'],
                         active['identity_provider_id'])
        self.assertEqual('saml2', active['protocol'])
        self.assertIn('image', active['endpoints'])
        found = self.keystone_objects(binding['id'], domain.id)
        self.assertEqual({'idp', 'mapping', 'protocols', 'metadata_file'},
                         set(found))
        self.assertEqual(domain.id, found['idp'].domain_id)
        self.assertEqual([partner['idp_entity_id']],
                         found['idp'].remote_ids)
        self.assertTrue(found['idp'].enabled)

        # The partner places a project with limits inside the envelope.
        access = {'project': 'T', 'project_domain': 'Default'}
        resp = client.post('/v1/bindings/%s/projects' % binding['id'],
                           json={'project': {'name': 't1', 'quota': {
                               'image': {'image_count_total': 4}},
                               'access': access}})
        self.assertEqual(201, resp.status_code, resp.text)
        placed = resp.json()['project']
        self.assertEqual(access, placed['access'])
        project = self.ks.projects.get(placed['project_id'])
        # Its own group, granted on it alone, and a mapping rule giving
        # the group to assertions about the partner's project T only.
        found = self.keystone_objects(binding['id'], domain.id,
                                      placed['id'])
        rules = found['mapping'].rules
        self.assertEqual(2, len(rules))
        self.assertEqual([{'group': {'name': found['group'].name,
                                     'domain': {'id': domain.id}}}],
                         rules[1]['local'])
        self.assertIn({'type': 'openstack_project', 'any_one_of': ['T']},
                      rules[1]['remote'])
        self.assertEqual(domain.id, project.domain_id)
        self.assertEqual({'image_count_total': 4}, {
            lim.resource_name: lim.resource_limit
            for lim in self.ks.limits.list(project_id=project.id)})
        roles = self.ks.role_assignments.list(project=project,
                                              group=found['group'])
        self.assertEqual(1, len(roles))

        # Beyond what the region has left: 409, nothing made.
        resp = client.post('/v1/bindings/%s/projects' % binding['id'],
                           json={'project': {'name': 't2', 'quota': {
                               'image': {'image_count_total': 7}}}})
        self.assertEqual(409, resp.status_code, resp.text)
        self.assertIn('6 left', resp.json()['errors'][0]['detail'])
        self.assertEqual([project.id], [
            p.id for p in self.ks.projects.list(domain=domain)])

        # Suspend disables the identity provider; resume enables it.
        resp = self.admin.action(binding['id'], 'suspend',
                                 {'reason': 'unpaid invoice'})
        self.assertEqual('suspended', resp.json()['binding']['status'])
        self.assertFalse(self.ks.federation.identity_providers.get(
            'vrm-' + binding['id']).enabled)
        # (The provider's own suspension: only the provider resumes it;
        # TestSuspensionAuthorities below.)
        resp = self.admin.action(binding['id'], 'resume')
        self.assertEqual('active', resp.json()['binding']['status'])
        self.assertTrue(self.ks.federation.identity_providers.get(
            'vrm-' + binding['id']).enabled)

        # Terminate, deleting projects: nothing of the binding remains.
        resp = self.admin.action(binding['id'], 'terminate',
                                 {'projects': 'delete'})
        self.assertEqual('terminated', resp.json()['binding']['status'])
        self.assertEqual({}, self.keystone_objects(binding['id'],
                                                   domain.id, placed['id']))
        self.assertRaises(ks_exc.NotFound, self.ks.projects.get, project.id)
        self.assertEqual([], self.ks.limits.list(project_id=project.id))
        # Terminated is final.
        self.assertEqual(409, self.admin.action(binding['id'],
                                                'resume').status_code)

        # With no live binding the region can go, and its domain with it.
        self.assertEqual(204, self.admin.delete(
            '/v1/virtual-regions/%s' % vr['id']).status_code)
        self.assertRaises(ks_exc.NotFound, self.ks.domains.get, domain.id)


class TestSuspensionAuthorities(test_faults.PrivateAggregatorTestCase):
    """One authority per side over a binding's suspension, end to end.

    The provider admin (at the VRM), the partner credential (the
    Aggregator's, at the VRM) and the reseller admin (a region PATCH at
    the Aggregator), on a VRM and an Aggregator of the test's own that
    run the code under test against the provider's real Keystone.
    """

    def setUp(self) -> None:
        super().setUp()
        vr = self.create_region(approval='auto')
        partner, client = self.onboard()
        self.partner = vrm_base.VRMClient(client.session, self.region,
                                          endpoint=self.vrm_url)
        provider = self.register_provider(vrm_url=self.vrm_url,
                                          partner=partner)
        self.provider_name = provider['name']
        region = self.create_agg_region(provider, vr)
        self.assertEqual('active', region['status'], region)
        self.name, self.binding_id = region['name'], region['binding_id']

    def binding(self) -> dict:
        resp = self.admin.get('/v1/bindings/' + self.binding_id)
        self.assertEqual(200, resp.status_code, resp.text)
        return resp.json()['binding']

    def assert_binding(self, status: str, suspended_by: list) -> None:
        binding = self.binding()
        self.assertEqual((status, suspended_by),
                         (binding['status'], binding['suspended_by']))
        self.assertEqual(status == 'active', self.ks.federation.
                         identity_providers.get('vrm-' + self.binding_id)
                         .enabled)

    def provider_does(self, action: str, status: int = 200):
        resp = self.admin.action(self.binding_id, action,
                                 {'reason': 'audit'} if action == 'suspend'
                                 else None)
        self.assertEqual(status, resp.status_code, resp.text)
        return resp

    def reseller_patches(self, wanted: str, status: int = 200):
        resp = self.agg('PATCH', '/v1/regions/' + self.name,
                        json={'region': {'status': wanted}})
        self.assertEqual(status, resp.status_code, resp.text)
        return resp

    def test_each_side_lifts_only_its_own_suspension(self):
        # The provider suspends: neither the partner credential nor the
        # reseller's PATCH lifts that.
        self.provider_does('suspend')
        self.assert_binding('suspended', ['provider'])
        resp = self.partner.action(self.binding_id, 'resume')
        self.assertEqual(409, resp.status_code, resp.text)
        detail = resp.json()['errors'][0]['detail']
        self.assertIn('suspended by the provider', detail)
        self.assert_binding('suspended', ['provider'])
        resp = self.reseller_patches('active', 409)
        detail = resp.json()['errors'][0]['detail']
        self.assertIn('suspended by its provider', detail)
        for named in (self.provider_name, self.vrm_url, 'audit'):
            self.assertNotIn(named, detail)
        self.assert_binding('suspended', ['provider'])
        region = self.wait_region(self.name, 'suspended')
        self.assertEqual(['provider'], region['suspended_by'])
        self.provider_does('resume')
        self.assert_binding('active', [])
        self.wait_region(self.name, 'active')

        # The reseller suspends: the provider cannot re-open it.
        resp = self.reseller_patches('suspended')
        self.assertEqual(('suspended', ['reseller']), (
            resp.json()['region']['status'],
            resp.json()['region']['suspended_by']))
        self.assert_binding('suspended', ['partner'])
        resp = self.provider_does('resume', 409)
        self.assertIn('suspended by the partner',
                      resp.json()['errors'][0]['detail'])
        self.assert_binding('suspended', ['partner'])
        self.assertEqual('active', self.reseller_patches('active').json()[
            'region']['status'])
        self.assert_binding('active', [])

        # Both: one side resuming leaves it suspended, whichever it is.
        self.provider_does('suspend')
        self.reseller_patches('suspended')
        self.assert_binding('suspended', ['provider', 'partner'])
        self.provider_does('resume')
        self.assert_binding('suspended', ['partner'])
        time.sleep(4)   # a refresh (every 3 s) finds it still suspended
        self.assertEqual(['reseller'], self.wait_region(
            self.name, 'suspended')['suspended_by'])
        self.provider_does('suspend')
        region = self.reseller_patches('active').json()['region']
        self.assertEqual(('suspended', ['provider']),
                         (region['status'], region['suspended_by']))
        self.assert_binding('suspended', ['provider'])
        self.provider_does('resume')
        self.assert_binding('active', [])
        self.wait_region(self.name, 'active')


class TestPlacementCredential(vrm_base.VRMTestCase):
    """A placement's credential: the partner's way in without K2K."""

    def login(self, credential: dict, secret: str):
        """A password token of the credential user, scoped to the project."""
        auth = v3.Password(
            auth_url=self.service('%s-keystone' % self.provider)['auth_url'],
            user_id=credential['user_id'], password=secret,
            project_id=credential['project_id'])
        return ks_session.Session(auth=auth)

    def placements(self, *names: str):
        """A virtual region, a partner's active binding, placements."""
        vr = self.create_region()
        _partner, client = self.onboard()
        binding = self.request_binding(client, vr)
        self.assertEqual(200, self.admin.action(binding['id'],
                                                'approve').status_code)
        base = '/v1/bindings/%s/projects' % binding['id']
        placed = [client.post(base, json={'project': {'name': name}}).json()[
            'project'] for name in names]
        return vr, client, binding, base, placed

    def test_credential_reaches_its_project_only_while_placed(self):
        vr, client, binding, base, placed = self.placements('c1', 'c2')
        path = '%s/%s/credential' % (base, placed[0]['id'])
        secret = secrets.token_urlsafe(32)

        # Bad input: 400 naming the field, nothing made.
        for bad in ({}, {'credential': {'secret': 'short'}},
                    {'credential': {'secret': secret, 'role': 'admin'}}):
            resp = client.put(path, json=bad)
            self.assertEqual(400, resp.status_code, resp.text)
        self.assertEqual([], self.ks.users.list(
            domain=vr['domain_id'], name='vrm-c-' + placed[0]['id']))
        # Only the binding's partner sets it; the provider's admin cannot.
        self.assertEqual(403, self.admin.put(path, json={
            'credential': {'secret': secret}}).status_code)

        resp = client.put(path, json={'credential': {'secret': secret}})
        self.assertEqual(200, resp.status_code, resp.text)
        credential = resp.json()['credential']
        self.assertEqual(placed[0]['project_id'], credential['project_id'])
        self.assertEqual(vr['domain_id'], credential['user_domain_id'])
        self.assertNotIn(secret, resp.text)
        sess = self.login(credential, secret)
        projects = sess.get(self.service('%s-keystone' % self.provider)[
            'auth_url'] + '/auth/projects').json()
        self.assertEqual([placed[0]['project_id']],
                         [p['id'] for p in projects['projects']])
        # The other placement's project is out of reach.
        other = dict(credential, project_id=placed[1]['project_id'])
        self.assertRaises(ks_exc.Unauthorized,
                          self.login(other, secret).get_token)

        # Rotation: the new secret works, the old one no longer does.
        rotated = secrets.token_urlsafe(32)
        self.assertEqual(200, client.put(path, json={
            'credential': {'secret': rotated}}).status_code)
        self.assertRaises(ks_exc.Unauthorized,
                          self.login(credential, secret).get_token)
        self.login(credential, rotated).get_token()

        # The reader credential: the reader role on the project, only.
        reading = secrets.token_urlsafe(32)
        resp = client.put(path, json={'credential': {'secret': reading,
                                                     'role': 'reader'}})
        self.assertEqual(200, resp.status_code, resp.text)
        reader = resp.json()['credential']
        self.assertNotEqual(credential['user_id'], reader['user_id'])
        sess = self.login(reader, reading)
        self.assertEqual(['reader'], sess.auth.get_access(sess).role_names)
        sess = self.login(credential, rotated)
        self.assertIn('member', sess.auth.get_access(sess).role_names)

        # Suspended: no token for the project; resumed: one again.
        self.admin.action(binding['id'], 'suspend')
        for cred, pw in ((credential, rotated), (reader, reading)):
            self.assertRaises(ks_exc.Unauthorized,
                              self.login(cred, pw).get_token)
        self.admin.action(binding['id'], 'resume')
        self.login(credential, rotated).get_token()
        self.login(reader, reading).get_token()

        # Placement removed: its credential user is gone with it.
        self.assertEqual(204, client.delete(
            '%s/%s' % (base, placed[0]['id'])).status_code)
        for name in ('vrm-c-%s', 'vrm-c-%s-r'):
            self.assertEqual([], self.ks.users.list(
                domain=vr['domain_id'], name=name % placed[0]['id']))
        self.assertEqual([], self.ks.groups.list(
            domain=vr['domain_id'], name='vrm-r-' + placed[0]['id']))
        self.assertRaises(ks_exc.Unauthorized,
                          self.login(credential, rotated).get_token)
        self.assertEqual(404, client.put(path, json={
            'credential': {'secret': rotated}}).status_code)

    def test_each_end_user_its_own_user_of_the_project(self):
        """PUT/DELETE .../projects/{id}/users/{key}, on real Keystone."""
        vr, client, binding, base, (placed,) = self.placements('e1')
        users = '%s/%s/users/' % (base, placed['id'])
        x, y = secrets.token_hex(16), secrets.token_hex(16)
        secret = secrets.token_urlsafe(32)

        def put(key, role='member', password=secret, sess=client):
            return sess.put(users + key, json={'credential': {
                'secret': password, 'role': role}})
        # Bad input: 400 naming what is wrong, nothing made.
        for bad in ('X' * 32, 'short', 'a' * 65, 'a-' * 10):
            resp = put(bad)
            self.assertEqual(400, resp.status_code, resp.text)
            self.assertIn('key', resp.text)
        self.assertEqual(400, put(x, role='admin').status_code)
        self.assertEqual(400, put(x, password='short').status_code)
        self.assertEqual([], self.ks.users.list(domain=vr['domain_id']))
        # Only the binding's partner gives them.
        self.assertEqual(403, put(x, sess=self.admin).status_code)

        given = {}
        for key in (x, y):
            resp = put(key)
            self.assertEqual(200, resp.status_code, resp.text)
            self.assertNotIn(secret, resp.text)
            given[key] = resp.json()['credential']
            self.assertEqual((key, placed['project_id'], 'member'), (
                given[key]['key'], given[key]['project_id'],
                given[key]['role']))
        self.assertNotEqual(given[x]['user_id'], given[y]['user_id'])
        for key in (x, y):
            sess = self.login(given[key], secret)
            self.assertIn('member', sess.auth.get_access(sess).role_names)
        # y only reads now: reader on the project, member no more. A move
        # needs no password (and keeps it); a new user does.
        self.assertEqual(200, client.put(users + y, json={'credential': {
            'role': 'reader'}}).status_code)
        sess = self.login(given[y], secret)
        self.assertEqual(['reader'], sess.auth.get_access(sess).role_names)
        resp = client.put(users + secrets.token_hex(16),
                          json={'credential': {'role': 'member'}})
        self.assertEqual(400, resp.status_code, resp.text)
        self.assertIn('credential.secret', resp.text)

        # Suspended: neither reaches the project; resumed: both again.
        self.admin.action(binding['id'], 'suspend')
        for key in (x, y):
            self.assertRaises(ks_exc.Unauthorized,
                              self.login(given[key], secret).get_token)
        self.admin.action(binding['id'], 'resume')
        for key in (x, y):
            self.login(given[key], secret).get_token()

        # One goes; the other stays until the placement goes.
        self.assertEqual(204, client.delete(users + y).status_code)
        self.assertEqual(404, client.delete(users + y).status_code)
        self.assertRaises(ks_exc.Unauthorized,
                          self.login(given[y], secret).get_token)
        self.login(given[x], secret).get_token()
        self.assertEqual(204, client.delete(
            '%s/%s' % (base, placed['id'])).status_code)
        self.assertEqual([], self.ks.users.list(domain=vr['domain_id']))
        self.assertEqual(404, put(x).status_code)
