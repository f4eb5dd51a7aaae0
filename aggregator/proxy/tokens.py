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
"""Provider tokens for the Aggregator's own partner identity.

In proxy mode the provider never sees the tenant: the Aggregator asks its
own Keystone (the reseller's, a SAML2 IdP) for an assertion about its
proxy identity, presents it to the provider's Keystone (K2K), and scopes
the result to the provider project that backs the tenant's placement.
keystoneauth1's Keystone2Keystone plugin keeps each token until shortly
before it expires; plugins are cached per (region, provider project) and
dropped when a request comes back 401 or the region stops being active.

The K2K login (assertion, SAML exchange) is the costly part; its result,
an unscoped provider token for the Aggregator's identity, is kept per
region and rescoped to each provider project: a tenant's first request in
a region costs one rescope at the provider's Keystone, not a K2K login.

With a shared cache (``[cache] enabled`` on memcached) the plugin's auth
state (the provider token and its catalog) is shared by every worker
process and host of the Aggregator: a token obtained by one is used by the
others until it nears its expiry, so a warm tenant never re-authenticates
whichever process serves it. Forgetting a placement's token bumps that
provider project's generation in the shared cache, which retires it in
every process at once and leaves the region's other tenants theirs; a
failed login bumps the region's, which retires all of its tokens.
"""

from __future__ import annotations

import json
import threading
import time
import uuid

from keystoneauth1 import exceptions as ks_exc
from keystoneauth1.identity import v3
from keystoneauth1 import loading as ks_loading
from keystoneauth1 import session as ks_session
from oslo_config import cfg
from oslo_log import log as logging

from aggregator import crypto
from aggregator import errors
from csf_common import cache

LOG = logging.getLogger(__name__)
GROUP = 'proxy_identity'
KEY_PREFIX = 'csf-aggregator-provider-token'


def register_opts(conf) -> None:
    ks_loading.register_auth_conf_options(conf, GROUP)


def list_opts() -> dict:
    return {GROUP: ks_loading.get_auth_common_conf_options() +
            ks_loading.get_auth_plugin_conf_options('password')}


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
    def __init__(self, conf) -> None:
        self.conf = conf
        self._lock = threading.Lock()
        self._plugins: dict = {}
        self._unscoped: dict = {}     # (region id, sp id): auth state
        self._idp = None
        self._session = None
        self._shared = SharedState(conf)

    def _identity(self):
        if self._idp is None:
            self._idp = ks_loading.load_auth_from_conf_options(
                self.conf, GROUP)
        return self._idp

    def token(self, region, provider_project_id: str) -> str:
        """A provider token scoped to ``provider_project_id``."""
        key = (region.id, region.service_provider_id, provider_project_id)
        with self._lock:
            plugin = self._plugins.get(key)
            if plugin is None:
                plugin = Keystone2Keystone(
                    self._identity(), region.service_provider_id,
                    project_id=provider_project_id)
                self._plugins[key] = plugin
            if self._session is None:
                self._session = ks_session.Session(
                    timeout=self.conf.providers.timeout)
        shared_key = self._shared.key(*key)
        if plugin.auth_ref is None:
            state = self._shared.get(shared_key)
            if state:
                plugin.set_auth_state(state)
        found = None
        if plugin.auth_ref is None and not plugin.get_unscoped_auth_state():
            # A new project here: rescope the region's unscoped token, at
            # the provider Keystone that issued it.
            found = self._unscoped_state(key)
            if found:
                plugin.auth_url = found['auth_url']
                plugin.set_unscoped_auth_state(found['state'])
        before = plugin.auth_ref
        try:
            token = plugin.get_token(self._session)
        except (ks_exc.NotFound, ks_exc.Unauthorized, ks_exc.Forbidden,
                ks_exc.InternalServerError):
            if not found:
                raise
            # The region's unscoped token was revoked, or predates this
            # placement (its groups come from the mapping at login time),
            # or names the group of a placement removed since (Keystone
            # answers MappedGroupNotFound with a 500): log in anew.
            LOG.debug('Region %s: unscoped provider token refused for a '
                      'project; logging in again.', region.id)
            with self._lock:
                self._unscoped.pop(key[:2], None)
            plugin.invalidate()
            token = plugin.get_token(self._session)
        if plugin.auth_ref is not before:     # a new provider token
            self._shared.set(shared_key, plugin.get_auth_state())
            self._keep_unscoped(key, plugin)
        return token

    def warm(self, region, provider_project_id: str) -> threading.Thread:
        """Get the provider token of a new placement in the background.

        A placement's first proxied request then finds it ready (in this
        process, and in all of them with a shared cache) instead of paying
        for the K2K login.
        """
        def fetch():
            try:
                self.token(region, provider_project_id)
            except Exception as exc:    # the first request will try again
                LOG.info('Region %s: no provider token ahead of use (%s).',
                         region.name, type(exc).__name__)
        thread = threading.Thread(target=fetch, daemon=True,
                                  name='provider-token-warm')
        thread.start()
        return thread

    def _unscoped_state(self, key: tuple) -> dict | None:
        with self._lock:
            found = self._unscoped.get(key[:2])
        return found or self._shared.get(self._shared.key(*key[:2], ''))

    def _keep_unscoped(self, key: tuple, plugin) -> None:
        state = plugin.get_unscoped_auth_state()
        if not state or not plugin.auth_url:
            return
        found = {'auth_url': plugin.auth_url, 'state': state}
        with self._lock:
            if self._unscoped.get(key[:2]) == found:
                return
            self._unscoped[key[:2]] = found
        self._shared.set(self._shared.key(*key[:2], ''), found)

    def forget(self, region, provider_project_id: str | None = None
               ) -> None:
        """Drop cached provider tokens, and our own reseller token.

        Our token lists the service providers that existed when it was
        issued; one for a region activated since is missing from it.
        """
        with self._lock:
            if self._idp is not None:
                self._idp.invalidate()
            for key in list(self._plugins):
                if key[0] == region.id and (provider_project_id is None or
                                            key[2] == provider_project_id):
                    del self._plugins[key]
            if provider_project_id is None:
                # The login itself failed: no rescoping from its token.
                for key in list(self._unscoped):
                    if key[0] == region.id:
                        del self._unscoped[key]
        # A shared token one process found rejected is rejected for all;
        # the region's other projects keep theirs.
        self._shared.retire(region.id, provider_project_id or '')
