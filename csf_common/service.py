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
"""What tells one service from the other, and the start-up they share."""

from collections.abc import Sequence
import dataclasses

from oslo_config import cfg
from oslo_log import log as logging

from csf_common import conf as common_conf
from csf_common import errors


@dataclasses.dataclass(frozen=True, kw_only=True)
class ServiceSpec:
    """The parameters with which the shared plumbing serves one service."""

    # oslo.config and oslo.log project name, e.g. ``aggregator``.
    project: str
    # Name in log messages, e.g. ``Aggregator``.
    title: str
    # First part of every error code of the service, e.g. ``aggregator``.
    code_prefix: str
    # The service's error raised when policy refuses an action.
    policy_error: type[errors.PolicyNotAuthorized]
    # Environment variable naming the configuration file of the WSGI
    # application.
    config_file_env: str
    # Every option group of the service (``<service>.conf.GROUPS``).
    option_groups: Sequence[common_conf.OptionGroup]

    @property
    def codes(self) -> errors.PlumbingCodes:
        """Codes of the errors the plumbing reports itself."""
        return errors.PlumbingCodes.for_prefix(self.code_prefix)

    @property
    def default_config_file(self) -> str:
        """``/etc/<project>/<project>.conf``, oslo.config's usual place.

        The WSGI application reads it when ``$<config_file_env>`` is unset,
        if it exists.
        """
        return '/etc/{0}/{0}.conf'.format(self.project)


def prepare(service: ServiceSpec, args: Sequence[str], *,
            default_config_files: Sequence[str] | None = None,
            cli_opts: Sequence[cfg.Opt] = ()) -> cfg.ConfigOpts:
    """Return a parsed ConfigOpts with every option of ``service``.

    ``args`` is the command line (``--config-file`` and friends). When
    ``default_config_files`` is None, oslo.config looks in its usual places
    (``/etc/<project>/<project>.conf`` among them). Logging is set up too.
    """
    conf = cfg.ConfigOpts()
    common_conf.register_opts(conf, service.option_groups)
    logging.register_options(conf)
    conf.register_cli_opts(cli_opts)
    conf(list(args), project=service.project,
         default_config_files=default_config_files)
    logging.setup(conf, service.project)
    return conf
