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
"""Fixtures that set up raw Keystone-to-Keystone trust between the
reseller's Keystone (IdP) and one provider's Keystone (SP), the way an
operator would by hand (and the way the VRM automates it per binding).

Provider side: a domain with a project and a group holding ``member`` on
it; an identity provider whose remote id is the reseller's SAML entity id
and whose domain is that domain; a mapping putting every federated user
into the group under one fixed partner name; the ``saml2`` protocol; and
the reseller's IdP metadata in mellon's trusted-IdP folder plus a graceful
reload. Reseller side: the provider as a service provider.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import time
import uuid

import fixtures
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session

PROTOCOL = 'saml2'
PARTNER_USER = 'reseller-partner'


class Keystone2Keystone(v3.Keystone2Keystone):
    """keystoneauth1's K2K plugin, trying the SAML exchange up to 3 times.

    A K2K login is two requests to the provider's web server (assertion,
    then the federated auth URL with mellon's session cookie). Every
    binding activated or terminated at that provider gracefully reloads
    its web server, which empties mellon's session cache: a reload between
    the two requests makes the second answer 500, and a new exchange then
    succeeds. A lasting failure still fails after the last attempt.
    """

    ATTEMPTS = 3

    def get_unscoped_auth_ref(self, session):
        idp = self._local_cloud_plugin
        if idp.get_sp_auth_url(session, self._sp_id) is None:
            # Our reseller token lists the service providers that existed
            # when it was issued: a new one lists a region activated since.
            idp.invalidate()
            if idp.get_sp_auth_url(session, self._sp_id) is None:
                raise ks_exc.ServiceProviderNotFound(self._sp_id)
        for attempt in range(1, self.ATTEMPTS + 1):
            try:
                return super().get_unscoped_auth_ref(session)
            except ks_exc.InternalServerError:
                if attempt == self.ATTEMPTS:
                    raise
                time.sleep(1)


def session(idp_session, sp_id: str, **scope) -> ks_session.Session:
    """A session at service provider ``sp_id`` by K2K from idp_session.

    The plugin finds service providers in the local token: one issued
    after the region's service provider was registered is taken.
    """
    idp_session.invalidate()
    return ks_session.Session(auth=Keystone2Keystone(
        idp_session.auth, sp_id, **scope))


class TopologyLock(fixtures.Fixture):
    """A lock of the shared topology, held for the test (across workers).

    ``shared``: any number of holders at once, but none while someone
    holds it alone.
    """

    def __init__(self, topology: dict, name: str, *,
                 shared: bool = False) -> None:
        super().__init__()
        self.path = os.path.join(topology['root'], 'locks', '%s.lock' % name)
        self.mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX

    def _setUp(self) -> None:
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        fh = open(self.path, 'w')
        fcntl.flock(fh, self.mode)
        self.addCleanup(fh.close)
        self.addCleanup(fcntl.flock, fh, fcntl.LOCK_UN)


class ProviderLock(TopologyLock):
    """Serialise tests that trust the reseller IdP at one provider.

    Keystone allows one identity provider per remote id, so two tests
    trusting the same IdP at the same provider must take turns.
    """

    def __init__(self, topology: dict, provider: str) -> None:
        super().__init__(topology, '%s-idp' % provider)


def reseller_catalog_lock(topology: dict, *, alone: bool) -> TopologyLock:
    """The reseller Keystone's static catalog, as its Horizon reads it.

    The devstack plugin's test adds an ``aggregator`` endpoint of its own
    there for a while (``alone``), which Horizon would pick.
    """
    return TopologyLock(topology, 'reseller-catalog', shared=not alone)


class K2KTrust(fixtures.Fixture):
    """Reseller IdP trusted by provider ``provider`` (``p1``/``p2``)."""

    def __init__(self, test, provider: str) -> None:
        super().__init__()
        self.test = test
        self.provider = provider
        self.topology = test.topology

    def _setUp(self) -> None:
        self.useFixture(ProviderLock(self.topology, self.provider))
        services = self.topology['services']
        idp = services['reseller-keystone']
        self.sp = services['%s-keystone-sp' % self.provider]
        sp_keystone = services['%s-keystone' % self.provider]
        self.sp_id = self.test.unique(self.provider)
        self.idp_id = self.test.unique('reseller')
        prov = self.test.keystone_admin('provider-%s-admin' % self.provider)
        res = self.test.keystone_admin('aggregator-admin')

        suffix = uuid.uuid4().hex[:8]
        self.domain = prov.domains.create(name='k2k-test-%s' % suffix)
        self.addCleanup(self._delete_domain, prov, self.domain)
        self.project = prov.projects.create(name='k2k-project-%s' % suffix,
                                            domain=self.domain)
        group = prov.groups.create(name='k2k-group-%s' % suffix,
                                   domain=self.domain)
        member = prov.roles.list(name='member')[0]
        prov.roles.grant(member, group=group, project=self.project)

        mapping = prov.federation.mappings.create(
            mapping_id='k2k-mapping-%s' % suffix,
            rules=[{'local': [{'user': {'name': PARTNER_USER}},
                              {'group': {'id': group.id}}],
                    'remote': [{'type': 'openstack_user'}]}])
        self.addCleanup(prov.federation.mappings.delete, mapping)
        prov.federation.identity_providers.create(
            id=self.idp_id, remote_ids=[idp['idp_entity_id']],
            domain_id=self.domain.id, enabled=True)
        self.addCleanup(prov.federation.identity_providers.delete,
                        self.idp_id)
        prov.federation.protocols.create(
            protocol_id=PROTOCOL, identity_provider=self.idp_id,
            mapping=mapping)

        self._trust_idp_metadata(idp['idp_metadata'])

        self.auth_url = ('%s/OS-FEDERATION/identity_providers/%s/protocols/'
                         '%s/auth' % (sp_keystone['auth_url'], self.idp_id,
                                      PROTOCOL))
        res.federation.service_providers.create(
            id=self.sp_id, auth_url=self.auth_url, sp_url=self.sp['sp_url'],
            relay_state_prefix=self.auth_url + '?rs=', enabled=True)
        self.addCleanup(res.federation.service_providers.delete, self.sp_id)

    @staticmethod
    def _delete_domain(ks, domain) -> None:
        ks.domains.update(domain, enabled=False)
        ks.domains.delete(domain)

    def _trust_idp_metadata(self, metadata_path: str) -> None:
        target = os.path.join(self.sp['trusted_idp_dir'], 'reseller.xml')
        shutil.copyfile(metadata_path, target)
        os.chmod(target, 0o644)
        self.addCleanup(self._reload)
        self.addCleanup(os.unlink, target)
        self._reload()

    def _reload(self) -> None:
        subprocess.run(self.sp['reload_command'], check=True,
                       capture_output=True)
