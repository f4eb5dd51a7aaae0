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
"""Options of the ``[proxy]`` group: where tenants reach proxied regions."""

from oslo_config import cfg

GROUP = 'proxy'

OPTS = [
    cfg.URIOpt('public_url',
               help='Public URL of the request-forwarding proxy, e.g. '
                    'https://cloud.example.com/aggregator/proxy. Catalog '
                    'endpoints of proxy-mode regions are '
                    '<public_url>/<region>/<service type>. Defaults to '
                    '[api] public_endpoint + /proxy.'),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_opts(OPTS, group=GROUP)


def list_opts() -> dict:
    return {GROUP: OPTS}
