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
"""The rest of the VRM API: listing, showing, changing, rejecting,
removing placed projects, retaining them at termination, offboarding."""

from __future__ import annotations

from keystoneauth1 import exceptions as ks_exc
from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session

from tests.functional import vrm_base


class TestVRMResources(vrm_base.VRMTestCase):
    provider = 'p1'

    def test_virtual_region_list_show_patch(self):
        vr = self.create_region()
        listed = self.admin.get('/v1/virtual-regions').json()
        self.assertIn(vr['id'], [r['id'] for r in listed['virtual_regions']])
        shown = self.admin.get('/v1/virtual-regions/%s' % vr['id']).json()
        self.assertEqual(vr, shown['virtual_region'])
        meta = dict(vrm_base.METADATA, status='maintenance')
        resp = self.admin.patch('/v1/virtual-regions/%s' % vr['id'], json={
            'virtual_region': {'metadata': meta, 'description': 'gold',
                               'quota': {'image': {
                                   'image_count_total': 20}}}})
        self.assertEqual(200, resp.status_code, resp.text)
        changed = resp.json()['virtual_region']
        self.assertEqual('maintenance', changed['metadata']['status'])
        self.assertEqual('gold', changed['description'])
        self.assertEqual(20, {lim.resource_name: lim.resource_limit
                              for lim in self.ks.limits.list(
                                  domain_id=vr['domain_id'])}[
                                      'image_count_total'])
        # name and region are fixed once made.
        self.assertEqual(400, self.admin.patch(
            '/v1/virtual-regions/%s' % vr['id'],
            json={'virtual_region': {'name': 'other'}}).status_code)
        # A region under maintenance takes no new binding.
        _, client = self.onboard()
        resp = client.post('/v1/bindings', json={'binding': {
            'virtual_region_id': vr['id']}})
        self.assertEqual(409, resp.status_code, resp.text)
        offers = {o['id']: o for o in
                  client.get('/v1/offerings').json()['offerings']}
        self.assertFalse(offers[vr['id']]['available'])

    def test_reject_and_placements_and_retain(self):
        vr = self.create_region()
        partner, client = self.onboard()
        self.assertEqual(partner['name'], self.admin.get(
            '/v1/partners/%s' % partner['id']).json()['partner']['name'])
        self.assertIn(partner['id'], [p['id'] for p in self.admin.get(
            '/v1/partners').json()['partners']])
        self.assertNotIn('application_credential', self.admin.get(
            '/v1/partners/%s' % partner['id']).json()['partner'])

        rejected = self.request_binding(client, vr)
        resp = self.admin.action(rejected['id'], 'reject',
                                 {'reason': 'no capacity'})
        self.assertEqual('rejected', resp.json()['binding']['status'])
        self.assertEqual('no capacity',
                         resp.json()['binding']['status_reason'])
        self.assertEqual(409, self.admin.action(rejected['id'],
                                                'approve').status_code)

        binding = self.request_binding(client, vr)
        self.admin.action(binding['id'], 'approve')
        url = '/v1/bindings/%s/projects' % binding['id']
        one = client.post(url, json={'project': {'name': 'one'}}).json()[
            'project']
        two = client.post(url, json={'project': {'name': 'two'}}).json()[
            'project']
        self.assertEqual(409, client.post(url, json={'project': {
            'name': 'one'}}).status_code)
        self.assertEqual(['one', 'two'], [p['name'] for p in client.get(
            url).json()['projects']])
        self.assertEqual(204, client.delete('%s/%s' % (url, one['id'])
                                            ).status_code)
        self.assertRaises(ks_exc.NotFound, self.ks.projects.get,
                          one['project_id'])
        self.assertEqual(['two'], [p['name'] for p in client.get(
            url).json()['projects']])
        # The name of a removed placement can be placed again.
        again = client.post(url, json={'project': {'name': 'one'}})
        self.assertEqual(201, again.status_code, again.text)
        self.assertEqual(204, client.delete('%s/%s' % (
            url, again.json()['project']['id'])).status_code)

        # Terminating with "retain" keeps the tenant's project (and data)
        # but takes the partner's access away.
        resp = client.action(binding['id'], 'terminate',
                             {'projects': 'retain'})
        self.assertEqual('terminated', resp.json()['binding']['status'])
        kept = self.ks.projects.get(two['project_id'])
        self.addCleanup(self.ks.projects.delete, kept)
        self.assertEqual([], self.ks.role_assignments.list(project=kept))

        # Offboarding removes the partner's account: its credential no
        # longer authenticates.
        self.assertEqual(204, self.admin.delete(
            '/v1/partners/%s' % partner['id']).status_code)
        auth = v3.ApplicationCredential(
            auth_url=self.service('p1-keystone')['auth_url'],
            application_credential_id=partner['application_credential'][
                'id'],
            application_credential_secret=partner['application_credential'][
                'secret'])
        # (Keystone answers 404 for a deleted application credential.)
        self.assertRaises((ks_exc.Unauthorized, ks_exc.NotFound),
                          ks_session.Session(auth=auth).get_token)
        self.assertEqual(404, self.admin.get(
            '/v1/partners/%s' % partner['id']).status_code)
