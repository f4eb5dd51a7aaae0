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
"""Options of the ``[partners]`` group: partners' VRM accounts."""

from oslo_config import cfg

GROUP = 'partners'

OPTS = [
    cfg.StrOpt('domain', default='vrm-partners',
               help='Keystone domain holding the accounts (user and '
                    'project) the VRM makes for partners.'),
    cfg.StrOpt('role', default='vrm_partner',
               help='Role given to a partner account on its project. The '
                    'default policy recognises partners by the role '
                    '``vrm_partner`` (rule ``partner``): if you change this '
                    'option, override that rule in the policy file too, '
                    'e.g. ``"partner": "role:my_partner_role"``.'),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_opts(OPTS, group=GROUP)


def list_opts() -> dict:
    return {GROUP: OPTS}
