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
"""Rolling back a creation with the provider's Keystone away: no orphan.

The row that names what was made in Keystone goes last, so a rollback
that Keystone interrupts can be tried again and still finds it.
"""

from tests.unit import test_vrm_jobs
from virtual_region_manager.db import api as db
from virtual_region_manager.db import models
from virtual_region_manager import errors
from virtual_region_manager import jobs
from virtual_region_manager import partners
from virtual_region_manager import regions


class Keystone(test_vrm_jobs.FakeKeystone):
    """The fake Keystone, with the domains, users and projects undo uses."""

    def find_domain(self, name):
        return self._find('domain', name)

    def delete_domain(self, domain_id):
        self._drop('domain', value=domain_id)

    def find_user(self, name, domain_id):
        return self._find('user', name)

    def delete_user(self, user_id):
        self._drop('user', value=user_id)


class RollbackTest(test_vrm_jobs.DatabaseTestCase):

    def setUp(self) -> None:
        super().setUp()
        self.pk = Keystone()

    def rollback_twice(self, rollback, kind: str, model, row_id: str):
        """Keystone away: the row stays; back: row and objects go."""
        job_id = jobs.record(kind, lease_seconds=60)
        self.pk.down = True
        self.assertRaises(errors.KeystoneUnavailable, rollback, self.conf,
                          self.pk, job_id, row_id)
        with db.reader() as session:      # still names what to delete
            self.assertIsNotNone(session.get(model, row_id))
        self.pk.down = False
        rollback(self.conf, self.pk, job_id, row_id)
        with db.reader() as session:
            self.assertIsNone(session.get(model, row_id))

    def test_region_rollback_retried_after_keystone_returns(self):
        name = regions.domain_name(self.conf, 'gold')
        self.pk._make('domain', name, 'ensure_domain')
        self.pk._make('limits', self.pk.find_domain(name)['id'], 'limits')
        with db.writer() as session:
            vr = models.VirtualRegion(name='gold', region_id='R4')
            session.add(vr)
            session.flush()
            vr_id = vr.id
        self.rollback_twice(regions.rollback_create, 'create_region',
                            models.VirtualRegion, vr_id)
        self.assertEqual([], self.pk.kinds())

    def test_onboarding_rollback_retried_after_keystone_returns(self):
        account = 'partner-reseller-a'
        self.pk._make('domain', self.conf.partners.domain, 'ensure_domain')
        self.pk._make('user', account, 'ensure_user')
        self.pk._make('project', account, 'ensure_project')
        with db.writer() as session:
            partner = models.Partner(name='reseller-a', idp_entity_id='e',
                                     idp_metadata='<x/>')
            session.add(partner)
            session.flush()
            partner_id = partner.id
        self.rollback_twice(partners.rollback_onboard, 'onboard',
                            models.Partner, partner_id)
        self.assertEqual(['domain'], self.pk.kinds())    # the shared one
