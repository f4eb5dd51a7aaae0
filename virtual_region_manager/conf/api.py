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
"""Options of the ``[api]`` group: how the VRM API is served."""

from oslo_config import cfg

GROUP = 'api'


def _group() -> cfg.OptGroup:
    # A new OptGroup each time: ConfigOpts.register_group makes a shallow
    # copy, so a shared OptGroup would share overrides between ConfigOpts.
    return cfg.OptGroup(
        GROUP, title='API options',
        help='Options controlling how the Virtual Region Manager API '
             'is served.')


OPTS = [
    cfg.HostAddressOpt(
        'bind_host', default='127.0.0.1',
        help='Address the development server (virtual-region-manager) '
             'listens on. '
             'Production deployments run '
             'virtual_region_manager.wsgi.api:application '
             'under a WSGI server and ignore this option.'),
    cfg.PortOpt(
        'bind_port', default=9871,
        help='Port the development server (virtual-region-manager) '
             'listens on.'),
    cfg.URIOpt(
        'public_endpoint',
        help='Public URL of the Virtual Region Manager API, used in '
             'version discovery links, for instance '
             'https://cloud.example.com/vrm. '
             'When unset, links are built from the URL of each request.'),
    cfg.StrOpt(
        'auth_strategy', default='keystone',
        choices=[
            ('keystone', 'Validate tokens with keystonemiddleware.'),
            ('noauth', 'Trust "user:project" in X-Auth-Token; user "admin" '
                       'gets the admin role. For unit tests only.'),
        ],
        help='How incoming requests are authenticated.'),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_group(_group())
    conf.register_opts(OPTS, group=GROUP)


def list_opts() -> dict[cfg.OptGroup, list[cfg.Opt]]:
    return {_group(): OPTS}
