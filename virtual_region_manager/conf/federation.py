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
"""Options of the ``[federation]`` group: how partners' identities reach
the provider's Keystone (SAML2 K2K through the web server in front of it).
"""

from oslo_config import cfg

GROUP = 'federation'

OPTS = [
    cfg.URIOpt('auth_url',
               help="Public URL of the provider's Keystone v3 API, e.g. "
                    'https://keystone.example.com/v3. Shown to partners in '
                    'active bindings, and used to create their application '
                    'credentials.'),
    cfg.URIOpt('sp_url',
               help='Where identity providers post ECP assertions: the '
                    "SAML2 service provider's PAOS endpoint, e.g. "
                    'https://keystone.example.com/v3/mellon/paosResponse '
                    '(mod_auth_mellon) or .../Shibboleth.sso/SAML2/ECP.'),
    cfg.StrOpt('protocol', default='saml2',
               help='Federation protocol id registered for each binding; '
                    "it must be one of Keystone's [auth] methods."),
    cfg.StrOpt('remote_user_attribute', default='openstack_user',
               help='Environment variable in which the web server passes '
                    "the assertion's openstack_user attribute to Keystone "
                    '(openstack_user with Shibboleth or with mellon and '
                    'MellonSetEnvNoPrefix; MELLON_openstack_user with '
                    'mellon defaults).'),
    cfg.StrOpt('assertion_attribute_prefix', default='',
               help='Prefix of the environment variables in which the web '
                    "server passes the assertion's other attributes "
                    '(``openstack_project``, ``openstack_project_domain``, '
                    "``openstack_user_domain``), which placements' access "
                    'rules match: empty with Shibboleth or mellon with '
                    '``MellonSetEnvNoPrefix``, ``MELLON_`` with mellon '
                    'defaults.'),
    cfg.StrOpt('trusted_idp_dir',
               help="Folder from which the web server's SAML2 module "
                    'reads the metadata of trusted identity providers '
                    '(mellon: ``MellonIdPMetadataGlob <dir>/*.xml``). The VRM '
                    'writes one file per active binding there.'),
    cfg.StrOpt('reload_command',
               help='Command that makes the web server re-read '
                    'trusted_idp_dir, e.g. "sudo apache2ctl graceful". '
                    'Leave unset for Shibboleth, which watches the folder.'),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_opts(OPTS, group=GROUP)


def list_opts() -> dict:
    return {GROUP: OPTS}
