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
"""The one non-API step at the provider: trusting an IdP is a file.

mod_auth_mellon (``MellonIdPMetadataGlob``) and Shibboleth (a metadata
folder) learn which SAML identity providers they trust from metadata files
in a folder. Activating a binding writes the partner's metadata there and
reloads the web server gracefully; terminating removes it and reloads
again. The folder and the reload command are configuration
(``[federation] trusted_idp_dir`` and ``reload_command``).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import tempfile

from oslo_log import log as logging

from virtual_region_manager import errors

LOG = logging.getLogger(__name__)


def _path(directory: str, name: str) -> str:
    if not re.fullmatch(r'[A-Za-z0-9_.-]+', name):
        raise ValueError('unsafe metadata file name %r' % name)
    return os.path.join(directory, name + '.xml')


def install(directory: str, name: str, metadata: str,
            reload_command: str | None) -> bool:
    """Write ``metadata`` as ``<name>.xml``; reload if it changed."""
    path = _path(directory, name)
    try:
        with open(path) as fh:
            if fh.read() == metadata:
                return False
    except FileNotFoundError:
        pass
    fd, tmp = tempfile.mkstemp(dir=directory, prefix='.tmp-')
    with os.fdopen(fd, 'w') as fh:
        fh.write(metadata)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    reload(reload_command)
    return True


def remove(directory: str, name: str, reload_command: str | None) -> bool:
    """Remove ``<name>.xml`` if present and reload; True if removed."""
    try:
        os.unlink(_path(directory, name))
    except FileNotFoundError:
        return False
    reload(reload_command)
    return True


def present(directory: str, name: str) -> bool:
    return os.path.exists(_path(directory, name))


def reload(command: str | None) -> None:
    if not command:
        return
    argv = shlex.split(command)
    result = subprocess.run(argv, capture_output=True, text=True,
                            timeout=60, check=False)
    if result.returncode:
        LOG.error('Reload command %s failed (%d): %s', argv[0],
                  result.returncode, result.stderr.strip())
        raise errors.ProviderMisconfigured(
            'The web server in front of Keystone could not be reloaded; '
            'see the VRM log.')
    LOG.info('Reloaded the SAML service provider (%s).', argv[0])
