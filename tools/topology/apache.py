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
"""Apache 2.4 + mod_auth_mellon: the SAML2 service-provider face of a
provider's Keystone (K2K.md).

Apache runs from a private config file with its own PidFile, listens on
loopback and forwards everything but mellon's endpoint to Keystone's uwsgi
socket (mod_proxy_uwsgi), so mellon's variables reach Keystone's WSGI
environ. Which identity providers mellon trusts is the set of metadata
files in ``idps/``: adding a trusted IdP is writing a file there and a
graceful reload; removing it is deleting the file and reloading.
"""

from __future__ import annotations

import glob
import grp
import os
import shutil
import tempfile

from tools.topology import process
from tools.topology import service

MODULES = '/usr/lib/apache2/modules'
PAOS = 'urn:oasis:names:tc:SAML:2.0:bindings:PAOS'

CONFIG = """\
ServerRoot "/etc/apache2"
ServerName 127.0.0.1
PidFile {dir}/httpd.pid
DefaultRuntimeDir {dir}/run
Mutex file:{dir}/run default
Listen 127.0.0.1:{port}
User www-data
Group www-data
Timeout 120
KeepAlive On
ErrorLog {dir}/error.log
LogLevel warn auth_mellon:info
LogFormat "%h %l %u %t \\"%r\\" %>s %b %D" timed
CustomLog {dir}/access.log timed

LoadModule mpm_event_module {modules}/mod_mpm_event.so
LoadModule authn_core_module {modules}/mod_authn_core.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule authz_user_module {modules}/mod_authz_user.so
LoadModule auth_mellon_module {modules}/mod_auth_mellon.so
LoadModule proxy_module {modules}/mod_proxy.so
LoadModule proxy_uwsgi_module {modules}/mod_proxy_uwsgi.so

MellonCacheSize 1000
MellonLockFile {dir}/run/mellon.lock

<Location /v3>
    MellonEnable "info"
    MellonSPPrivateKeyFile {dir}/sp/sp.key
    MellonSPCertFile {dir}/sp/sp.cert
    MellonSPMetadataFile {dir}/sp/sp.xml
    MellonIdPMetadataGlob {dir}/idps/*.xml
    MellonEndpointPath /v3/mellon
    # Plain http on loopback: a secure cookie would never come back.
    MellonSecureCookie Off
    MellonMergeEnvVars On ";"
    # Expose keystone's assertion attributes under their own names (no
    # MELLON_ prefix), as Shibboleth's attribute map does, so one set of
    # mapping rules serves providers running either SP module.
    MellonSetEnvNoPrefix openstack_user openstack_user
    MellonSetEnvNoPrefix openstack_user_domain openstack_user_domain
    MellonSetEnvNoPrefix openstack_roles openstack_roles
    MellonSetEnvNoPrefix openstack_project openstack_project
    MellonSetEnvNoPrefix openstack_project_domain openstack_project_domain
    MellonSetEnvNoPrefix openstack_groups openstack_groups
    MellonIdP "IDP"
</Location>

<LocationMatch "^/v3/OS-FEDERATION/identity_providers/[^/]+/protocols/\
saml2/auth$">
    AuthType "Mellon"
    MellonEnable "auth"
    Require valid-user
</LocationMatch>

ProxyPass /v3/mellon !
ProxyPass / uwsgi://127.0.0.1:{uwsgi_port}/
"""


class MellonSP(service.Service):
    """Apache with mod_auth_mellon in front of one Keystone."""

    kind = 'apache-mellon'

    def __init__(self, *, name: str, cloud: str, root: str, port: int,
                 uwsgi_port: int) -> None:
        super().__init__(name=name, cloud=cloud, root=root)
        self.port = port
        self.uwsgi_port = uwsgi_port
        self.conf = self.path('httpd.conf')
        self.log = self.path('error.log')
        self.idp_dir = self.path('idps')

    @property
    def url(self) -> str:
        return 'http://127.0.0.1:%d' % self.port

    @property
    def entity_id(self) -> str:
        return self.url + '/v3/mellon/metadata'

    @property
    def sp_url(self) -> str:
        """Where an IdP posts ECP assertions (keystone's ``sp_url``)."""
        return self.url + '/v3/mellon/paosResponse'

    def health_url(self) -> str:
        return self.url + '/v3'

    def record(self) -> dict:
        data = super().record()
        data.update(sp_url=self.sp_url, entity_id=self.entity_id,
                    trusted_idp_dir=self.idp_dir, config=self.conf,
                    pidfile=self.path('httpd.pid'),
                    access_log=self.path('access.log'),
                    reload_command=self.reload_argv())
        return data

    def prepare(self) -> None:
        for sub in ('run', 'sp', 'idps'):
            os.makedirs(self.path(sub), exist_ok=True)
        www = grp.getgrnam('www-data').gr_gid
        os.chown(self.path('run'), -1, www)
        os.chmod(self.path('run'), 0o770)
        if not os.path.exists(self.path('sp', 'sp.xml')):
            self._create_sp_metadata()
        with open(self.conf, 'w') as fh:
            fh.write(CONFIG.format(dir=self.dir, port=self.port,
                                   uwsgi_port=self.uwsgi_port,
                                   modules=MODULES))

    def _create_sp_metadata(self) -> None:
        tmp = tempfile.mkdtemp(dir=self.dir)
        try:
            process.run(['/usr/sbin/mellon_create_metadata', self.entity_id,
                         self.url + '/v3/mellon'],
                        log_path=self.log, cwd=tmp)
            for ext in ('key', 'cert', 'xml'):
                (found,) = glob.glob(os.path.join(tmp, '*.' + ext))
                if ext == 'key':
                    # mellon_create_metadata makes it 0600 (umask 077) in
                    # our private folder; Apache's workers (www-data) read
                    # it: 0640 to their group before it leaves the folder.
                    os.chown(found, -1, grp.getgrnam('www-data').gr_gid)
                    os.chmod(found, 0o640)
                shutil.move(found, self.path('sp', 'sp.' + ext))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        self._add_paos_endpoint(self.path('sp', 'sp.xml'))

    def _add_paos_endpoint(self, path: str) -> None:
        # mellon_create_metadata offers only HTTP-POST; keystone's K2K is
        # ECP, which needs a PAOS AssertionConsumerService (K2K.md #5).
        with open(path) as fh:
            xml = fh.read()
        paos = ('<AssertionConsumerService index="1" isDefault="false" '
                'Binding="%s" Location="%s"/>' % (PAOS, self.sp_url))
        marker = '</SPSSODescriptor>'
        if PAOS not in xml:
            xml = xml.replace(marker, '  %s\n  %s' % (paos, marker), 1)
        with open(path, 'w') as fh:
            fh.write(xml)

    def apache_argv(self, *action: str) -> list[str]:
        return ['/usr/sbin/apache2', '-f', self.conf, *action]

    def reload_argv(self) -> list[str]:
        return self.apache_argv('-k', 'graceful')

    def start(self) -> None:
        # -DFOREGROUND keeps the parent as the process we recorded.
        self.spawn(self.apache_argv('-DFOREGROUND'))

    def reload(self) -> None:
        process.run(self.reload_argv(), log_path=self.log)
