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
"""OpenStackClient plugin: ``openstack virtual region ...`` (a provider's
VRM) and ``openstack aggregator ...`` (a reseller's Aggregator).

One API name serves both command trees; each client is built on first use,
since a cloud usually runs one service and not the other. Endpoints come
from the catalog (service types ``virtual-region-manager`` and
``aggregator``) unless ``--os-vrm-endpoint`` /
``--os-aggregator-endpoint`` (or ``vrm_endpoint`` /
``aggregator_endpoint`` in clouds.yaml) override them.
"""

from __future__ import annotations

import functools
import logging

from osc_lib import utils

from csf_client import aggregator
from csf_client import vrm

LOG = logging.getLogger(__name__)

API_NAME = 'cloud_federation'
API_VERSION_OPTION = 'os_cloud_federation_api_version'
DEFAULT_API_VERSION = '1'
API_VERSIONS = {'1': 'csf_client.osc.plugin.Clients'}


class Clients:
    """The VRM and Aggregator clients of one CLI invocation."""

    def __init__(self, session, *, region_name: str | None = None,
                 interface: str | None = None,
                 vrm_endpoint: str | None = None,
                 aggregator_endpoint: str | None = None) -> None:
        self._args = dict(region_name=region_name,
                          interface=interface or 'public')
        self._session = session
        self._vrm_endpoint = vrm_endpoint
        self._aggregator_endpoint = aggregator_endpoint

    @functools.cached_property
    def vrm(self) -> vrm.VRMClient:
        return vrm.VRMClient(self._session,
                             endpoint_override=self._vrm_endpoint,
                             **self._args)

    @functools.cached_property
    def aggregator(self) -> aggregator.AggregatorClient:
        return aggregator.AggregatorClient(
            self._session, endpoint_override=self._aggregator_endpoint,
            **self._args)


def make_client(instance) -> Clients:
    """Return the clients (called by OSC's ClientManager on first use)."""
    config = instance._cli_options.config
    LOG.debug('Cloud Service Federation API version %s',
              instance._api_version[API_NAME])
    return Clients(instance.session, region_name=instance.region_name,
                   interface=instance.interface,
                   vrm_endpoint=config.get('vrm_endpoint'),
                   aggregator_endpoint=config.get('aggregator_endpoint'))


def build_option_parser(parser):
    """Add the plugin's global options to the ``openstack`` parser."""
    parser.add_argument(
        '--os-cloud-federation-api-version',
        metavar='<version>',
        default=utils.env('OS_CLOUD_FEDERATION_API_VERSION'),
        help='Virtual Region Manager and Aggregator API version, default=%s '
             '(Env: OS_CLOUD_FEDERATION_API_VERSION)' % DEFAULT_API_VERSION)
    parser.add_argument(
        '--os-vrm-endpoint',
        metavar='<url>',
        default=utils.env('OS_VRM_ENDPOINT'),
        help='Virtual Region Manager URL instead of the catalog\'s '
             '(Env: OS_VRM_ENDPOINT)')
    parser.add_argument(
        '--os-aggregator-endpoint',
        metavar='<url>',
        default=utils.env('OS_AGGREGATOR_ENDPOINT'),
        help='Aggregator URL instead of the catalog\'s '
             '(Env: OS_AGGREGATOR_ENDPOINT)')
    return parser
