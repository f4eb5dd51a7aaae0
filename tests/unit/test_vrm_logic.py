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
"""Pure rules of the VRM: schemas, metadata, envelope, state machine."""

import copy
import types

import testtools

from virtual_region_manager import bindings
from virtual_region_manager import errors
from virtual_region_manager import metadata_schema
from virtual_region_manager import partners
from virtual_region_manager import placements
from virtual_region_manager.schemas import binding as binding_schema
from virtual_region_manager.schemas import virtual_region as vr_schema
from virtual_region_manager import validation

METADATA = {
    'schema_version': '1',
    'location': {'country': 'FR', 'jurisdiction': 'EU'},
    'flavors': [{'name': 'm1', 'vcpus': 2, 'ram_mb': 4096, 'disk_gb': 40,
                 'cpu_performance_factor': 0.8}],
    'network': {'floating_ips': False},
    'prices': {'m1': '0.05 EUR/h'},
}

IDP_XML = ('<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:'
           'metadata" entityID="%s"><md:IDPSSODescriptor '
           'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:'
           'protocol"/></md:EntityDescriptor>')


class MetadataSchemaTest(testtools.TestCase):

    def test_valid(self):
        metadata_schema.validate(METADATA)

    def test_errors_name_the_field(self):
        for path, value, field in (
                (('location', 'country'), 'France',
                 'metadata.location.country'),
                (('flavors', 0, 'vcpus'), 0, 'metadata.flavors.0.vcpus'),
                (('network', 'floating_ips'), 'no',
                 'metadata.network.floating_ips'),
                (('status',), 'broken', 'metadata.status')):
            bad = copy.deepcopy(METADATA)
            target = bad
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = value
            exc = self.assertRaises(errors.InvalidInput,
                                    metadata_schema.validate, bad)
            self.assertIn(field, str(exc))

    def test_unknown_top_level_field_refused(self):
        exc = self.assertRaises(errors.InvalidInput, metadata_schema.validate,
                                dict(METADATA, colour='red'))
        self.assertIn('colour', str(exc))


class BodySchemaTest(testtools.TestCase):

    def body(self, **changes):
        vr = {'name': 'gold', 'region_id': 'R4', 'services': ['image'],
              'metadata': METADATA}
        vr.update(changes)
        return {'virtual_region': vr}

    def test_create_ok(self):
        validation.validate(vr_schema.CREATE, self.body(
            quota={'image': {'image_count_total': 10}}))

    def test_create_errors(self):
        for changes, field in (({'services': []}, 'services'),
                               ({'name': 'has space'}, 'name'),
                               ({'visibility': 'secret'}, 'visibility'),
                               ({'quota': {'image': {'x': -2}}},
                                'quota.image.x')):
            exc = self.assertRaises(errors.InvalidInput, validation.validate,
                                    vr_schema.CREATE, self.body(**changes))
            self.assertIn('virtual_region.' + field, str(exc))

    def test_one_action_at_a_time(self):
        validation.validate(binding_schema.ACTION, {'approve': None})
        validation.validate(binding_schema.ACTION,
                            {'terminate': {'projects': 'delete'}})
        self.assertRaises(errors.InvalidInput, validation.validate,
                          binding_schema.ACTION,
                          {'approve': None, 'reject': None})
        self.assertRaises(errors.InvalidInput, validation.validate,
                          binding_schema.ACTION,
                          {'terminate': {'projects': 'keep'}})


class TransitionsTest(testtools.TestCase):

    def test_every_action_has_a_schema_and_a_job_or_state(self):
        self.assertEqual(set(binding_schema.ACTIONS),
                         set(bindings.TRANSITIONS))
        for action, (sources, target) in bindings.TRANSITIONS.items():
            self.assertNotIn('terminated', sources, action)
            self.assertNotIn('rejected', sources, action)

    def test_suspend_from_active_or_by_the_other_side(self):
        # From suspended only to add the other side's suspension
        # (bindings.transition; tests/unit/test_suspension.py).
        self.assertEqual(('active', 'suspended'),
                         bindings.TRANSITIONS['suspend'][0])
        self.assertEqual('active', bindings.TRANSITIONS['resume'][1])


class EnvelopeTest(testtools.TestCase):
    vr = types.SimpleNamespace(
        services=['image'], quota={'image': {'image_count_total': 10}})

    def test_fits(self):
        placements._check_envelope(self.vr, {('image', 'image_count_total'):
                                             6}, {'image': {
                                                 'image_count_total': 4}})

    def test_beyond_what_is_left(self):
        exc = self.assertRaises(
            errors.Conflict, placements._check_envelope, self.vr,
            {('image', 'image_count_total'): 6},
            {'image': {'image_count_total': 5}})
        self.assertIn('4 left', str(exc))

    def test_unlimited_project_in_limited_region(self):
        self.assertRaises(errors.Conflict, placements._check_envelope,
                          self.vr, {}, {'image': {'image_count_total': -1}})

    def test_service_not_offered(self):
        self.assertRaises(errors.InvalidInput, placements._check_envelope,
                          self.vr, {}, {'compute': {'cores': 1}})


class PartnerMetadataTest(testtools.TestCase):
    entity = 'https://reseller.example.com/idp'

    def test_ok(self):
        partners.check_metadata(self.entity, IDP_XML % self.entity)

    def test_mismatch_and_garbage(self):
        self.assertRaises(errors.InvalidInput, partners.check_metadata,
                          self.entity, IDP_XML % 'https://other/idp')
        self.assertRaises(errors.InvalidInput, partners.check_metadata,
                          self.entity, '<not-xml')
        self.assertRaises(errors.InvalidInput, partners.check_metadata,
                          self.entity, '<?xml version="1.0"?><!DOCTYPE x '
                          '[<!ENTITY e "boom">]><x>&e;</x>')
