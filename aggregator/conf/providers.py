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
"""Options of the ``[providers]`` group: talking to providers' VRMs."""

from oslo_config import cfg

GROUP = 'providers'

OPTS = [
    cfg.IntOpt('refresh_interval', default=30, min=1,
               help='Seconds between two refreshes of every provider\'s '
                    'offerings and of the status of every binding.'),
    cfg.FloatOpt('timeout', default=30.0, min=0.1,
                 help='Seconds to wait for a provider to accept a '
                      'connection, and again for each read of its answer, '
                      'when forwarding requests (proxy) and getting '
                      'provider tokens.'),
    cfg.FloatOpt('vrm_timeout', default=120.0, min=0.1,
                 help="Seconds to wait for each answer of a provider's VRM. "
                      'Requesting a binding (with automatic approval) or '
                      "placing a project makes several calls to the "
                      "provider's Keystone before the VRM answers, so this "
                      'is longer than timeout. A call without an answer in '
                      'time leaves its region or placement "creating" until '
                      'the refresher finds out what the provider did.'),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_opts(OPTS, group=GROUP)


def list_opts() -> dict:
    return {GROUP: OPTS}
