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
"""Partner credentials at rest, and opaque names for placed projects."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac

from cryptography import fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf import hkdf

from aggregator import errors

# What a shared-cache key is derived for: never the credential key itself.
CACHE_KEY_INFO = b'csf-aggregator shared cache v1'
PSEUDONYM_KEY_INFO = b'csf-aggregator pseudonyms v1'


def _key(conf) -> bytes:
    """The key that encrypts (and keys opaque names)."""
    key = conf.credentials.encryption_key
    if not key:
        raise errors.AggregatorError(
            'The Aggregator has no [credentials] encryption_key.')
    return key.encode()


def _keys(conf) -> list[bytes]:
    """Every key that decrypts, the encrypting one first."""
    keys = [_key(conf)]
    # (A bare namespace with encryption_key only: no more keys.)
    for key in getattr(conf.credentials, 'decryption_keys', None) or ():
        if key and key.encode() not in keys:
            keys.append(key.encode())
    return keys


def _fernet(conf) -> fernet.MultiFernet:
    """Encrypts with encryption_key; decrypts with it or decryption_keys."""
    try:
        return fernet.MultiFernet([fernet.Fernet(key)
                                   for key in _keys(conf)])
    except ValueError:
        # Never say which key or what it holds.
        raise errors.AggregatorError(
            'A key in [credentials] encryption_key or decryption_keys is '
            'not a Fernet key (32 url-safe base64-encoded bytes).'
        ) from None


def encrypt(conf, secret: str) -> bytes:
    return _fernet(conf).encrypt(secret.encode())


def decrypt(conf, token: bytes) -> str:
    return _fernet(conf).decrypt(token).decode()


def reencrypt(conf, token: bytes) -> bytes:
    """``token`` encrypted anew with encryption_key (same plaintext)."""
    return _fernet(conf).rotate(token)


def opaque_name(conf, project_id: str, region_name: str) -> str:
    """What the provider calls a placed project: no trace of the tenant."""
    digest = hmac.new(_key(conf), ('%s/%s' % (project_id, region_name))
                      .encode(), hashlib.sha256).hexdigest()
    return 't-' + digest[:20]


def keyed_digest(conf, value: str) -> str:
    """20 hex digits that tell nothing of ``value`` without the key."""
    return hmac.new(_key(conf), value.encode(),
                    hashlib.sha256).hexdigest()[:20]


def pseudonym(conf, region_name: str, value: str) -> str:
    """A stable stand-in for a provider's id that a tenant may not see.

    32 hex digits, like a Keystone id: the same value in the same region
    always gets the same one, so that a tenant can still tell two owners
    apart, but never learns the id, nor that two regions share a provider
    (the region is part of it). Keyed by a key derived from
    ``encryption_key`` (a rotation changes them).
    """
    return hmac.new(_pseudonym_key(_key(conf)),
                    ('%s/%s' % (region_name, value)).encode(),
                    hashlib.sha256).hexdigest()[:32]


@functools.lru_cache(maxsize=4)
def _pseudonym_key(key: bytes) -> bytes:
    """Derived once per encryption key, not per id (the proxy's hot path)."""
    return hkdf.HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                     info=PSEUDONYM_KEY_INFO).derive(key)


def cache_fernet(conf) -> fernet.MultiFernet:
    """Fernet for values in the shared cache (memcached, a dbm file).

    Its keys are derived (HKDF-SHA256) from the credential keys, so every
    worker and host that can read partner credentials can read the cache,
    someone who can only read the cache cannot, and a cache key reveals
    nothing of a credential key. Seals with the one derived from
    encryption_key; opens with any, so a rotation does not empty it.
    """
    def derive(key: bytes) -> fernet.Fernet:
        derived = hkdf.HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                            info=CACHE_KEY_INFO).derive(key)
        return fernet.Fernet(base64.urlsafe_b64encode(derived))
    return fernet.MultiFernet([derive(key) for key in _keys(conf)])
