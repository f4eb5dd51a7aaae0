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
"""Pseudonyms: how a provider tells one reseller user from another by K2K.

Keystone's K2K assertions name a user by its name only, which a provider
must not learn; so a binding's mapping made every assertion one
partner-level user, and whatever a service keeps per user (Nova's key
pairs) was shared by all of the reseller's users at that provider. Now
each reseller user with a role on a project placed in a pass-through
region holds, on that project, its **pseudonym role**
``csf-u-<keyed hash of the user's id>`` (``PREFIX``), which Keystone puts
in the assertion's ``openstack_roles`` like any role. The placement's
``access`` tells the VRM the prefix, and its mapping names the federated
user after the pseudonym: one provider user per reseller user, the same
in all of that user's placed projects, telling the provider nothing of
who it is (without the reseller's key).

``keep`` gives the pseudonym roles on a project to exactly its users with
another role there (through a group too) and takes back those of anyone
else; roles of users gone from every placed project are deleted
(``sweep``).
"""

from __future__ import annotations

import threading
import time

from oslo_log import log as logging

from aggregator import crypto
from aggregator import reseller_keystone

LOG = logging.getLogger(__name__)
PREFIX = 'csf-u-'
# The Aggregator's own roles: neither gives a pseudonym nor counts as one.
OWN = 'csf-'
SWEEP_SECONDS = 600
_swept = {'at': 0.0}
_sweep_lock = threading.Lock()


def name(conf, user_id: str) -> str:
    """The pseudonym role of a reseller user."""
    return PREFIX + crypto.keyed_digest(conf, 'user/' + user_id)


def keep(conf, project_id: str, keystone=None) -> int:
    """Give the project's users their pseudonym roles on it, no one else.

    Returns the number of grants changed.
    """
    keystone = keystone or reseller_keystone.ResellerKeystone(conf)
    holders = {a['user']['id'] for a in keystone.role_assignments(
        project_id=project_id, effective=True)
        if 'user' in a and not a['role'].get('name', '').startswith(OWN)}
    given = {}
    stray = []
    for found in keystone.role_assignments(project_id=project_id):
        role = found['role'].get('name', '')
        if not role.startswith(PREFIX):
            continue
        user = found.get('user', {}).get('id')
        if user in holders and role == name(conf, user):
            given[user] = role
        else:
            stray.append(found)
    changed = 0
    for user in sorted(holders - set(given)):
        keystone.grant_on_project(keystone.ensure_role(name(conf, user)),
                                  project_id, 'user', user)
        changed += 1
    for found in stray:
        kind = 'user' if 'user' in found else 'group'
        keystone.revoke(found['role']['id'], found['scope'], kind,
                        found[kind]['id'])
        changed += 1
    return changed


def release(conf, project_id: str, keystone=None) -> None:
    """Take back every pseudonym role on a project no longer placed.

    A role then held nowhere is deleted.
    """
    keystone = keystone or reseller_keystone.ResellerKeystone(conf)
    taken = {}
    for found in keystone.role_assignments(project_id=project_id):
        if found['role'].get('name', '').startswith(PREFIX):
            kind = 'user' if 'user' in found else 'group'
            keystone.revoke(found['role']['id'], found['scope'], kind,
                            found[kind]['id'])
            taken[found['role']['id']] = found['role']['name']
    for role_id, role in sorted(taken.items()):
        if not keystone.role_assignments(role_id=role_id):
            keystone.delete_role(role)


def sweep(conf, keystone=None, *, force: bool = False) -> int:
    """Delete pseudonym roles nobody holds (their users left or went).

    At most every SWEEP_SECONDS unless ``force``. Returns how many went.
    """
    with _sweep_lock:
        if not force and time.monotonic() - _swept['at'] < SWEEP_SECONDS:
            return 0
        _swept['at'] = time.monotonic()
    keystone = keystone or reseller_keystone.ResellerKeystone(conf)
    gone = 0
    for role in keystone.roles_named(PREFIX):
        if not keystone.role_assignments(role_id=role['id']):
            keystone.delete_role(role['name'])
            gone += 1
    return gone
