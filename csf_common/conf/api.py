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
"""Options of the ``[api]`` group: how a service's API is served."""

from oslo_config import cfg

GROUP = 'api'


class ApiOptions:
    """The ``[api]`` group of one service.

    ``service`` is its name in help texts, ``command`` its development
    server's console script, ``wsgi_app`` the module path production
    deployments run, ``example_url`` an example of its public URL.
    """

    def __init__(self, *, service: str, command: str, wsgi_app: str,
                 default_port: int, example_url: str) -> None:
        self.service = service
        self.opts = [
            cfg.HostAddressOpt(
                'bind_host', default='127.0.0.1',
                help='Address the development server (%s) listens on. '
                     'Production deployments run %s under a WSGI server '
                     'and ignore this option.' % (command, wsgi_app)),
            cfg.PortOpt(
                'bind_port', default=default_port,
                help='Port the development server (%s) listens on.'
                     % command),
            cfg.URIOpt(
                'public_endpoint',
                help='Public URL of the %s API, used in version discovery '
                     'links, for instance %s. When unset, links are built '
                     'from the URL of each request.'
                     % (service, example_url)),
            cfg.StrOpt(
                'auth_strategy', default='keystone',
                choices=[
                    ('keystone',
                     'Validate tokens with keystonemiddleware.'),
                    ('noauth',
                     'Trust "user:project" in X-Auth-Token; user "admin" '
                     'gets the admin role. For unit tests only.'),
                ],
                help='How incoming requests are authenticated.'),
        ]

    def _group(self) -> cfg.OptGroup:
        # A new OptGroup each time: ConfigOpts.register_group makes a
        # shallow copy, so a shared OptGroup would share overrides between
        # ConfigOpts.
        return cfg.OptGroup(
            GROUP, title='API options',
            help='Options controlling how the %s API is served.'
                 % self.service)

    def register_opts(self, conf: cfg.ConfigOpts) -> None:
        conf.register_group(self._group())
        conf.register_opts(self.opts, group=GROUP)

    def list_opts(self) -> dict[cfg.OptGroup, list[cfg.Opt]]:
        return {self._group(): self.opts}
