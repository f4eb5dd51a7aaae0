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
"""Partners: the aggregators a provider admin onboards.

Onboarding records the aggregator's SAML entity id and metadata, and gives
it an account in the provider's Keystone (a user in the partners' domain
with the partner role on a project of its own) and an application
credential for that account, returned once, with which the aggregator
calls the VRM API. Nothing else of the provider is reachable with it.
"""

from __future__ import annotations

import secrets

from defusedxml import ElementTree
from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session
import sqlalchemy as sa

from virtual_region_manager.db import api as db
from virtual_region_manager.db import models
from virtual_region_manager import errors
from virtual_region_manager import jobs
from virtual_region_manager import placement_users

MD_NS = '{urn:oasis:names:tc:SAML:2.0:metadata}'
LIVE_BINDINGS = ('pending', 'approved', 'active', 'suspended', 'error')


def view(partner: models.Partner) -> dict:
    return {'id': partner.id, 'name': partner.name,
            'idp_entity_id': partner.idp_entity_id,
            'idp_metadata': partner.idp_metadata,
            'description': partner.description,
            'project_id': partner.project_id, 'status': partner.status,
            'created_at': partner.created_at.isoformat()}


def get(partner_id: str) -> models.Partner:
    with db.reader() as session:
        partner = session.get(models.Partner, partner_id)
        if partner is None:
            raise errors.NotFound('Partner %s not found.' % partner_id)
        session.expunge(partner)
        return partner


def for_project(project_id: str | None) -> models.Partner | None:
    """The partner whose VRM account is scoped to ``project_id``."""
    if not project_id:
        return None
    with db.reader() as session:
        partner = session.scalar(sa.select(models.Partner).where(
            models.Partner.project_id == project_id,
            models.Partner.status == 'active'))
        if partner is not None:
            session.expunge(partner)
        return partner


def list_all() -> list[models.Partner]:
    with db.reader() as session:
        found = session.scalars(sa.select(models.Partner)
                                .order_by(models.Partner.name)).all()
        session.expunge_all()
        return list(found)


def check_metadata(entity_id: str, metadata: str) -> None:
    """The metadata must be SAML2 metadata describing ``entity_id``."""
    try:
        root = ElementTree.fromstring(metadata.encode())
    except Exception:  # noqa: BLE001 - any parse error is bad input
        raise errors.InvalidInput('idp_metadata: not well-formed XML.')
    if root.tag != MD_NS + 'EntityDescriptor':
        raise errors.InvalidInput(
            'idp_metadata: expected a SAML2 md:EntityDescriptor.')
    if root.get('entityID') != entity_id:
        raise errors.InvalidInput(
            'idp_metadata: entityID %r does not match idp_entity_id %r.'
            % (root.get('entityID'), entity_id))
    if root.find(MD_NS + 'IDPSSODescriptor') is None:
        raise errors.InvalidInput(
            'idp_metadata: no IDPSSODescriptor: not an identity provider.')


def _account_name(partner_name: str) -> str:
    return 'partner-' + partner_name


def create(conf, pk, body: dict) -> tuple[models.Partner, dict]:
    check_metadata(body['idp_entity_id'], body['idp_metadata'])
    with db.writer() as session:
        clash = session.scalar(sa.select(models.Partner).where(sa.or_(
            models.Partner.name == body['name'],
            models.Partner.idp_entity_id == body['idp_entity_id'])))
        if clash is not None:
            field = ('name' if clash.name == body['name']
                     else 'idp_entity_id')
            raise errors.Conflict('%s: a partner with this %s exists.'
                                  % (field, field))
        partner = models.Partner(
            name=body['name'], idp_entity_id=body['idp_entity_id'],
            idp_metadata=body['idp_metadata'],
            description=body.get('description', ''))
        session.add(partner)
        session.flush()
        partner_id = partner.id
        job_id = jobs.record('onboard_partner', session=session,
                             lease_seconds=conf.jobs.lease_seconds,
                             params={'partner_id': partner_id})
    credential: dict = {}
    try:
        jobs.run(job_id, 'onboard_partner',
                 _onboard_steps(conf, pk, partner_id, credential),
                 lease_seconds=conf.jobs.lease_seconds)
    except Exception:
        rollback_onboard(conf, pk, job_id, partner_id)
        raise
    return get(partner_id), credential


def _onboard_steps(conf, pk, partner_id: str, credential: dict) -> list:
    partner = get(partner_id)
    name = _account_name(partner.name)
    state: dict = {'password': secrets.token_urlsafe(32)}

    def account():
        domain_id = pk.ensure_domain(
            conf.partners.domain, 'Accounts of VRM partners (aggregators)')
        project_id = pk.ensure_project(name, domain_id,
                                       'VRM account of partner %s'
                                       % partner.name)
        user_id = pk.ensure_user(name, domain_id, state['password'])
        pk.grant_user_on_project(user_id, project_id, conf.partners.role)
        state.update(user_id=user_id, project_id=project_id)
        with db.writer() as session:
            row = session.get(models.Partner, partner_id)
            row.user_id, row.project_id = user_id, project_id

    def application_credential():
        # Keystone lets only the user itself create its application
        # credentials, so log in once with the password we just set and
        # then forget it.
        auth = v3.Password(auth_url=conf.keystone.auth_url,
                           user_id=state['user_id'],
                           password=state['password'],
                           project_id=state['project_id'])
        sess = ks_session.Session(auth=auth)
        resp = sess.post(
            '/users/%s/application_credentials' % state['user_id'],
            endpoint_filter={'service_type': 'identity',
                             'interface': 'public', 'version': (3, 0)},
            json={'application_credential': {
                'name': 'vrm-partner-%s' % partner_id[:8],
                'description': 'VRM API access of partner %s'
                               % partner.name}})
        cred = resp.json()['application_credential']
        credential.update(id=cred['id'], secret=cred['secret'])
        with db.writer() as session:
            row = session.get(models.Partner, partner_id)
            row.application_credential_id = cred['id']
            row.status = 'active'

    return [('account', account),
            ('application_credential', application_credential)]


def rollback_onboard(conf, pk, job_id: str, partner_id: str) -> None:
    """Remove everything an unfinished onboarding made.

    An interrupted onboarding cannot be finished: its credential secret
    was shown to nobody, so the partner must be onboarded again. The
    account in Keystone goes first, the row last: if Keystone is away, the
    row still names the account for the next try.
    """
    with db.reader() as session:
        partner = session.get(models.Partner, partner_id)
        name = partner.name if partner else None
    if name:
        _delete_account(conf, pk, _account_name(name))
    with db.writer() as session:
        partner = session.get(models.Partner, partner_id)
        if partner is not None:
            session.delete(partner)
    jobs.fail(job_id, 'rolled back')


def _delete_account(conf, pk, account: str) -> None:
    domain = pk.find_domain(conf.partners.domain)
    if not domain:
        return
    user = pk.find_user(account, domain['id'])
    if user:
        pk.delete_user(user['id'])
    project = pk.find_project(account, domain['id'])
    if project:
        pk.delete_project(project['id'])


def delete(conf, pk, partner_id: str) -> None:
    partner = get(partner_id)
    with db.reader() as session:
        live = session.scalar(
            sa.select(sa.func.count()).select_from(models.Binding)
            .where(models.Binding.partner_id == partner_id,
                   models.Binding.status.in_(LIVE_BINDINGS)))
    if live:
        raise errors.Conflict(
            'Partner %s has %d binding(s) not terminated; terminate them '
            'first.' % (partner.name, live))
    _delete_account(conf, pk, _account_name(partner.name))
    with db.writer() as session:
        old = sa.select(models.Binding.id).where(
            models.Binding.partner_id == partner_id)
        placement_users.forget(session, sa.select(models.Placement.id).where(
            models.Placement.binding_id.in_(old)))
        session.execute(sa.delete(models.Placement).where(
            models.Placement.binding_id.in_(old)))
        session.execute(sa.delete(models.Binding).where(
            models.Binding.partner_id == partner_id))
        session.execute(sa.delete(models.Partner).where(
            models.Partner.id == partner_id))
