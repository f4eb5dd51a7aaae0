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
"""Options of the ``[jobs]`` group: recorded multi-step operations."""

from oslo_config import cfg

GROUP = 'jobs'

OPTS = [
    cfg.IntOpt('lease_seconds', default=30, min=5,
               help='How long a running job may go without progress before '
                    'another worker decides its process died and takes it '
                    'over.'),
    cfg.IntOpt('recovery_interval', default=5, min=1,
               help='Seconds between two looks for interrupted jobs.'),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_opts(OPTS, group=GROUP)


def list_opts() -> dict:
    return {GROUP: OPTS}
