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
"""Provider tokens of proxy placements.

In proxy mode the provider never sees the tenant, and the tenant never
learns the provider: each reseller user of a placement has its own user
at the provider (the VRM's user of that end user in the placement, whose
password the Aggregator chose; placement_users.py), and the proxy logs
in with it, scoped to the provider project that backs the placement. No
K2K, so the provider needs no service provider entry in the reseller's
Keystone, which would list it in every tenant's token.

With a shared cache (``[cache] enabled`` on memcached) the plugin's auth
state (the provider token and its catalog) is shared by every worker
process and host of the Aggregator: a token obtained by one is used by the
others until it nears its expiry, so a warm tenant never re-authenticates
whichever process serves it. Forgetting a placement's token bumps that
provider project's generation in the shared cache, which retires it in
every process at once and leaves the region's other tenants theirs.
"""

from __future__ import annotations

import json
import threading
import uuid

from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session
from oslo_config import cfg
from oslo_log import log as logging

from aggregator import crypto
from aggregator import errors
from csf_common import cache

LOG = logging.getLogger(__name__)
KEY_PREFIX = 'csf-aggregator-provider-token'


class SharedState:
    """Provider tokens' auth state in the service's shared cache.

    A cache that fails (memcached down) is a miss: each process then
    obtains its own tokens, as without a shared cache.

    Whoever can read memcached or the dbm file must not be able to use
    what is there: every value is sealed (Fernet: encrypted and
    authenticated, with a key derived from ``[credentials]
    encryption_key``) together with the cache key it was stored under. A
    value that does not open, or opens under another key (one tenant's
    token copied to another tenant's key), is a miss, never an error.
    Without a credential key no token is shared (generations still are:
    they are not secret).
    """

    def __init__(self, conf) -> None:
        try:
            self._region = cache.region(conf)
        except Exception:       # no [cache] group (a bare ConfigOpts)
            self._region = None
        self._fernet = None
        if self._region is not None:
            try:
                self._fernet = crypto.cache_fernet(conf)
            except (errors.AggregatorError, cfg.NoSuchOptError):
                if cache.shared(conf):
                    LOG.warning('No [credentials] encryption_key: provider '
                                'tokens are not shared between processes.')

    def _call(self, method: str, *args):
        if self._region is None:
            return cache.NO_VALUE
        try:
            return getattr(self._region, method)(*args)
        except Exception as exc:
            LOG.warning('Shared cache unavailable (%s): %s', method, exc)
            return cache.NO_VALUE

    @staticmethod
    def _generation_key(region_id: str, project_id: str = '') -> str:
        if project_id:
            return '%s-gen:%s:%s' % (KEY_PREFIX, region_id, project_id)
        return '%s-gen:%s' % (KEY_PREFIX, region_id)

    def _generations(self, *keys: str) -> list[str]:
        found = self._call('get_multi', list(keys))
        if found is cache.NO_VALUE:
            return ['0'] * len(keys)
        return ['0' if value is cache.NO_VALUE else value
                for value in found]

    def _generation(self, region_id: str) -> str:
        return self._generations(self._generation_key(region_id))[0]

    def key(self, region_id: str, sp_id: str, project_id: str) -> str:
        """The key of a provider token; project ``''``: the unscoped one.

        It holds the region's generation (a failed login retires every
        token of the region) and, for a scoped token, the provider
        project's (a token refused for one project retires only it).
        """
        keys = [self._generation_key(region_id)]
        if project_id:
            keys.append(self._generation_key(region_id, project_id))
        gens = self._generations(*keys)
        return '%s:%s:%s:%s:%s:%s' % (KEY_PREFIX, region_id, gens[0], sp_id,
                                      project_id, ':'.join(gens[1:]))

    def get(self, key: str):
        if self._fernet is None:
            return None
        found = self._call('get', key)
        return None if found is cache.NO_VALUE else self._open(key, found)

    def set(self, key: str, state: str | dict) -> None:
        if self._fernet is not None:
            self._call('set', key, self._seal(key, state))

    def _seal(self, key: str, state: str | dict) -> str:
        plain = json.dumps({'key': key, 'state': state}).encode()
        return self._fernet.encrypt(plain).decode()

    def _open(self, key: str, sealed):
        try:
            found = json.loads(self._fernet.decrypt(sealed))
            if found['key'] == key:
                return found['state']
        except Exception:       # not ours, tampered with, or another key's
            pass
        LOG.warning('Shared cache: a provider token entry failed its '
                    'integrity check and was ignored.')
        return None

    def retire(self, region_id: str, project_id: str = '') -> None:
        """Retire the tokens of a provider project, or of the whole region.

        Every worker's key changes at once; other projects keep theirs.
        """
        self._call('set', self._generation_key(region_id, project_id),
                   uuid.uuid4().hex)


class ProviderTokens:
    """Provider tokens of proxy placements, by their users' own credential.

    Each reseller user of a proxy placement has a user of its own at the
    provider (the VRM's ``vrm-u-<placement>-<key>``, in the placement's
    member or reader group only; placement_users.py) whose password the
    Aggregator chose and keeps encrypted; its token is scoped to the
    placement's provider project. keystoneauth1's Password plugin keeps
    each token until shortly before it expires; plugins are kept per
    provider user and project, and dropped when the provider answers 401
    or the credential is refused.
    """

    def __init__(self, conf) -> None:
        self.conf = conf
        self._lock = threading.Lock()
        self._plugins: dict = {}
        self._session = None
        self._shared = SharedState(conf)

    def _plugin(self, region, placement, key: tuple, secret: bytes):
        with self._lock:
            plugin = self._plugins.get(key)
            if plugin is None:
                plugin = v3.Password(
                    auth_url=(region.binding or {})['auth_url'],
                    user_id=key[1],
                    password=crypto.decrypt(self.conf, secret),
                    project_id=placement.provider_project_id)
                self._plugins[key] = plugin
            if self._session is None:
                self._session = ks_session.Session(
                    timeout=self.conf.providers.timeout)
        return plugin

    def token(self, region, placement, user) -> str:
        """A provider token of ``user`` scoped to the placement's project.

        ``user``: the reseller user's PlacementUser row, given at the VRM.
        """
        if not user.provider_user_id:
            raise errors.ProviderUnavailable(
                'Region %s has no way in for this user yet; try again '
                'later.' % region.name)
        key = (region.id, user.provider_user_id,
               placement.provider_project_id, user.role)
        plugin = self._plugin(region, placement, key, user.secret)
        # The role too: a token got before the user moved to the other
        # group is never used after (services cache what it validated as).
        shared_key = self._shared.key(
            region.id, '%s/%s' % (user.provider_user_id, user.role),
            placement.provider_project_id)
        if plugin.auth_ref is None:
            state = self._shared.get(shared_key)
            if state:
                plugin.set_auth_state(state)
        before = plugin.auth_ref
        token = plugin.get_token(self._session)
        if plugin.auth_ref is not before:     # a new provider token
            self._shared.set(shared_key, plugin.get_auth_state())
        return token

    def forget(self, region, provider_project_id: str | None = None
               ) -> None:
        """Drop the kept provider tokens of a placement, or of the region.

        In this process, and in every other through the shared cache; the
        region's other projects keep theirs.
        """
        with self._lock:
            for key in list(self._plugins):
                if key[0] == region.id and (provider_project_id is None or
                                            key[2] == provider_project_id):
                    del self._plugins[key]
        self._shared.retire(region.id, provider_project_id or '')
