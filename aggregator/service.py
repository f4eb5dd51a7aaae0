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
"""Configuration and logging set-up shared by every entry point."""

from collections.abc import Sequence

from oslo_config import cfg
from oslo_log import log as logging

from aggregator import conf as aggregator_conf

PROJECT = 'aggregator'


def prepare(args: Sequence[str], *,
            default_config_files: Sequence[str] | None = None,
            cli_opts: Sequence[cfg.Opt] = ()) -> cfg.ConfigOpts:
    """Return a parsed ConfigOpts with every option registered.

    ``args`` is the command line (``--config-file`` and friends). When
    ``default_config_files`` is None, oslo.config looks in its usual places
    (``/etc/aggregator/aggregator.conf`` among them).
    """
    conf = cfg.ConfigOpts()
    aggregator_conf.register_opts(conf)
    logging.register_options(conf)
    conf.register_cli_opts(cli_opts)
    conf(list(args), project=PROJECT,
         default_config_files=default_config_files)
    logging.setup(conf, PROJECT)
    return conf
