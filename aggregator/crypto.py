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
import hashlib
import hmac

from cryptography import fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf import hkdf

from aggregator import errors

# What a shared-cache key is derived for: never the credential key itself.
CACHE_KEY_INFO = b'csf-aggregator shared cache v1'


def _key(conf) -> bytes:
    key = conf.credentials.encryption_key
    if not key:
        raise errors.AggregatorError(
            'The Aggregator has no [credentials] encryption_key.')
    return key.encode()


def encrypt(conf, secret: str) -> bytes:
    return fernet.Fernet(_key(conf)).encrypt(secret.encode())


def decrypt(conf, token: bytes) -> str:
    return fernet.Fernet(_key(conf)).decrypt(token).decode()


def opaque_name(conf, project_id: str, region_name: str) -> str:
    """What the provider calls a placed project: no trace of the tenant."""
    digest = hmac.new(_key(conf), ('%s/%s' % (project_id, region_name))
                      .encode(), hashlib.sha256).hexdigest()
    return 't-' + digest[:20]


def cache_fernet(conf) -> fernet.MultiFernet:
    """Fernet for values in the shared cache (memcached, a dbm file).

    Its key is derived (HKDF-SHA256) from the credential key, so every
    worker and host that can read partner credentials can read the cache,
    someone who can only read the cache cannot, and the cache key reveals
    nothing of the credential key.
    """
    derived = hkdf.HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                        info=CACHE_KEY_INFO).derive(_key(conf))
    return fernet.MultiFernet(
        [fernet.Fernet(base64.urlsafe_b64encode(derived))])
