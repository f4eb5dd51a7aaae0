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
"""Bad input and forbidden calls get a 4xx naming the problem, and change
nothing at the VRM or in the provider's Keystone."""

from __future__ import annotations

import copy

import requests

from tests.functional import vrm_base


class TestVRMBadInput(vrm_base.VRMTestCase):
    provider = 'p2'

    def assertError(self, resp, status: int, code: str, *words: str):
        self.assertEqual(status, resp.status_code, resp.text)
        error = resp.json()['errors'][0]
        self.assertEqual(code, error['code'])
        for word in words:
            self.assertIn(word, error['detail'])

    def region_exists(self, name: str) -> bool:
        """Whether a region of this name exists, at the VRM or in Keystone.

        Other tests run in parallel, so only what this test tried to make
        is looked at.
        """
        at_vrm = name in [r['name'] for r in self.admin.get(
            '/v1/virtual-regions').json()['virtual_regions']]
        return at_vrm or bool(self.ks.domains.list(name='vr-' + name))

    def domain_state(self, domain_id: str) -> tuple:
        """Projects and limits inside one virtual region's domain."""
        projects = sorted(p.id for p in self.ks.projects.list(
            domain=domain_id))
        limits = [lim.id for lim in self.ks.limits.list(domain_id=domain_id)]
        for project_id in projects:
            limits += [lim.id for lim in self.ks.limits.list(
                project_id=project_id)]
        return projects, sorted(limits)

    def region_body(self, **changes) -> dict:
        body = {'name': self.unique('vr'), 'region_id': self.region,
                'services': ['image'],
                'metadata': copy.deepcopy(vrm_base.METADATA)}
        body.update(changes)
        return {'virtual_region': body}

    def test_virtual_region_bad_input_changes_nothing(self):
        name = self.unique('vr')

        def post(body):
            body['virtual_region']['name'] = name
            return self.admin.post('/v1/virtual-regions', json=body)

        self.assertError(post(self.region_body(services='image')), 400,
                         'vrm.invalid_input', 'services')
        self.assertError(post(self.region_body(colour='blue')), 400,
                         'vrm.invalid_input', 'colour')
        bad_meta = copy.deepcopy(vrm_base.METADATA)
        bad_meta['location']['country'] = 'Germany'
        self.assertError(post(self.region_body(metadata=bad_meta)), 400,
                         'vrm.invalid_input', 'metadata.location.country')
        self.assertError(post(self.region_body(region_id='R99')), 400,
                         'vrm.invalid_input', 'region_id', 'R99')
        self.assertError(post(self.region_body(services=['compute'])), 400,
                         'vrm.invalid_input', 'compute')
        self.assertError(post(self.region_body(quota={'image': {
            'no_such_resource': 1}})), 400, 'vrm.invalid_input',
            'quota.image.no_such_resource')
        self.assertError(post(self.region_body(quota={'image': {
            'image_count_total': 'many'}})), 400, 'vrm.invalid_input',
            'quota.image.image_count_total')
        resp = self.admin.post('/v1/virtual-regions', data=b'{not json',
                               headers={'Content-Type': 'application/json'})
        self.assertError(resp, 400, 'vrm.invalid_input', 'JSON')
        self.assertFalse(self.region_exists(name))

    def test_unknown_ids_and_illegal_transitions(self):
        missing = '0' * 32
        self.assertError(self.admin.get('/v1/virtual-regions/' + missing),
                         404, 'vrm.not_found', missing)
        self.assertError(self.admin.get('/v1/bindings/' + missing), 404,
                         'vrm.not_found', missing)
        vr = self.create_region(quota={'image': {'image_count_total': 5}})
        _, client = self.onboard()
        resp = client.post('/v1/bindings', json={'binding': {
            'virtual_region_id': missing}})
        self.assertError(resp, 400, 'vrm.invalid_input', 'virtual_region_id')
        binding = self.request_binding(client, vr)
        # Pending: neither suspended nor resumed; no project placed.
        self.assertError(self.admin.action(binding['id'], 'suspend'), 409,
                         'vrm.conflict', 'pending')
        self.assertError(self.admin.action(binding['id'], 'dance'), 400,
                         'vrm.invalid_input', 'dance')
        self.assertError(client.post(
            '/v1/bindings/%s/projects' % binding['id'],
            json={'project': {'name': 'p'}}), 409, 'vrm.conflict', 'pending')
        # A second live binding of the same partner at this provider.
        self.assertError(client.post('/v1/bindings', json={'binding': {
            'virtual_region_id': vr['id']}}), 409, 'vrm.conflict',
            'one live binding')
        # The region cannot go while the binding lives.
        self.assertError(self.admin.delete('/v1/virtual-regions/%s'
                                           % vr['id']), 409, 'vrm.conflict')
        # Approved and active: a quota beyond the region's is refused.
        self.admin.action(binding['id'], 'approve')
        before = self.domain_state(vr['domain_id'])
        self.assertError(client.post(
            '/v1/bindings/%s/projects' % binding['id'],
            json={'project': {'name': 'big', 'quota': {
                'image': {'image_count_total': 6}}}}), 409, 'vrm.conflict',
            'image_count_total', '5 left')
        self.assertEqual(before, self.domain_state(vr['domain_id']))

    def test_policy(self):
        vr = self.create_region(visibility='private')
        _, client = self.onboard()
        _, other = self.onboard()
        # Partners cannot define regions or onboard partners.
        self.assertEqual(403, client.post(
            '/v1/virtual-regions', json=self.region_body()).status_code)
        self.assertEqual(403, client.get('/v1/partners').status_code)
        # A private region is not offered to partners not named.
        self.assertNotIn(vr['id'], [o['id'] for o in client.get(
            '/v1/offerings').json()['offerings']])
        self.assertError(client.post('/v1/bindings', json={'binding': {
            'virtual_region_id': vr['id']}}), 400, 'vrm.invalid_input')
        public = self.create_region()
        binding = self.request_binding(client, public)
        # Another partner does not see, approve or end it.
        self.assertEqual(404, other.get(
            '/v1/bindings/%s' % binding['id']).status_code)
        self.assertEqual(404, other.action(binding['id'],
                                           'terminate').status_code)
        self.assertEqual([], other.get('/v1/bindings').json()['bindings'])
        # The provider admin does not request bindings for partners.
        self.assertEqual(403, self.admin.post('/v1/bindings', json={
            'binding': {'virtual_region_id': public['id']}}).status_code)
        # No token at all.
        url = self.service('%s-vrm' % self.provider)['url']
        self.assertEqual(401, requests.get(url + '/v1/virtual-regions',
                                           timeout=10).status_code)
