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
"""Options of the ``[virtual_regions]`` group."""

from oslo_config import cfg

GROUP = 'virtual_regions'

OPTS = [
    cfg.StrOpt('domain_prefix', default='vr-',
               help="Prefix of the Keystone domain backing each virtual "
                    "region (the domain is named prefix + region name)."),
    cfg.StrOpt('member_role', default='member',
               help='Role a binding grants its partner identity on each '
                    'placed project.'),
    cfg.StrOpt('reader_role', default='reader',
               help="Role of a placement's reader credential on its "
                    'project (the partner reaches the project with it for '
                    'its users who only read).'),
    cfg.IntOpt('catalog_cache_time', default=30, min=0,
               help="Seconds the VRM keeps the provider's public catalog "
                    "(services and endpoints) that offerings and bindings "
                    "show; 0 reads it from Keystone for every view. "
                    "Creating a virtual region always checks the catalog "
                    "afresh."),
    cfg.IntOpt('max_placement_users', default=1000, min=1,
               help="How many of a partner's end users a placed project "
                    "may have users for at the provider (PUT "
                    "/v1/bindings/{id}/projects/{pid}/users/{key}); one "
                    "more is refused with 409, so that no partner fills "
                    "the provider's Keystone."),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_opts(OPTS, group=GROUP)


def list_opts() -> dict:
    return {GROUP: OPTS}
