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
"""The Aggregator's Keystone catalog driver: a per-project catalog.

Enable it in the reseller's ``keystone.conf``::

    [catalog]
    driver = aggregator

    [aggregator_catalog]
    connection = <the Aggregator's [database] connection>
    proxy_url = https://cloud.example.com/aggregator/proxy

For a project-scoped token it adds to Keystone's own SQL catalog every
aggregator region in which that project is placed and whose binding is
active, with an endpoint per offered service: the Aggregator's proxy for
``proxy`` regions. ``pass-through`` regions get none: tenants reach them by
K2K (``openstack --os-service-provider``), so that no reseller token is
ever sent to a provider.
Nothing is written into Keystone's catalog, so every new token shows the
current truth. If Keystone caches computed catalogs (``[catalog] caching``
with ``[cache] enabled``), its ``cache_time`` bounds how long a suspended
region may still appear in new tokens.
"""

from __future__ import annotations

from keystone.catalog.backends import sql
import keystone.conf
from oslo_config import cfg
from oslo_log import log as logging
import sqlalchemy as sa

from aggregator.db import models
from aggregator import endpoints as endpoints_mod

LOG = logging.getLogger(__name__)
GROUP = 'aggregator_catalog'

OPTS = [
    cfg.StrOpt('connection', secret=True,
               help="The Aggregator's database (its [database] "
                    'connection), read for placements and regions.'),
    cfg.URIOpt('proxy_url',
               help="Public URL of the Aggregator's proxy; endpoints of "
                    'proxy-mode regions are <proxy_url>/<region>/<service '
                    'type>.'),
]


def list_opts() -> list:
    return [(GROUP, OPTS)]


class Catalog(sql.Catalog):
    """Keystone's SQL catalog plus the project's active regions."""

    def __init__(self) -> None:
        super().__init__()
        self.conf = keystone.conf.CONF
        self.conf.register_opts(OPTS, group=GROUP)
        self._engine = None

    def _get_engine(self):
        if self._engine is None:
            if not self.conf[GROUP].connection:
                raise RuntimeError('[aggregator_catalog] connection is not '
                                   'set in keystone.conf')
            self._engine = sa.create_engine(self.conf[GROUP].connection,
                                            pool_pre_ping=True)
        return self._engine

    def regions_for_project(self, project_id: str) -> list:
        query = (sa.select(models.Region)
                 .join(models.Placement,
                       models.Placement.region_id == models.Region.id)
                 .where(models.Placement.project_id == project_id,
                        models.Placement.status == 'active',
                        models.Region.status == 'active')
                 .order_by(models.Region.name))
        with sa.orm.Session(self._get_engine()) as session:
            return list(session.scalars(query).all())

    def _endpoint_url(self, region, service_type: str, endpoints: list
                      ) -> str | None:
        """The endpoint a reseller-issued token shows, or None.

        Only proxy regions have one. A pass-through region is reached by
        K2K alone (a token of the provider's Keystone, whose catalog has
        the provider's endpoints): a provider endpoint here would make
        every unchanged client send the reseller's token to the provider.
        """
        if region.token_mode != 'proxy':
            return None
        base = (self.conf[GROUP].proxy_url or '').rstrip('/')
        if not base:
            return None
        # The proxy serves the service's root; the provider's version path
        # follows it, as in the provider's own catalog (endpoints.py).
        version = next((endpoints_mod.split(e['url'])[1] for e in endpoints
                        if e.get('interface', 'public') == 'public'
                        and e.get('url')),
                       '')
        return '%s/%s/%s%s' % (base, region.name, service_type, version)

    def get_v3_catalog(self, user_id, project_id):
        catalog = super().get_v3_catalog(user_id, project_id)
        if not project_id:
            return catalog
        try:
            found = self.regions_for_project(project_id)
        except Exception:
            # The static catalog is still right; say why regions are gone.
            LOG.exception('Aggregator regions left out of the catalog.')
            return catalog
        by_type = {svc['type']: svc for svc in catalog}
        identity = [e for e in by_type.get('identity', {}).get(
            'endpoints', ()) if e.get('interface') == 'public'][:1]
        for region in found:
            shown = False
            for stype, endpoints in sorted(
                    (region.binding or {}).get('endpoints', {}).items()):
                url = self._endpoint_url(region, stype, endpoints)
                if not url:
                    continue
                shown = True
                service = by_type.get(stype)
                if service is None:
                    service = by_type[stype] = {
                        'id': 'csf-' + stype, 'type': stype, 'name': '',
                        'endpoints': []}
                    catalog.append(service)
                service['endpoints'].append({
                    'id': '%s-%s' % (region.id[:12], stype),
                    'interface': 'public', 'region_id': region.name,
                    'region': region.name, 'url': url})
            if shown and identity:
                # The reseller's Keystone serves every region of the
                # token, as in any multi-region cloud: clients that look
                # identity up in the region they use (the CLI's key pair
                # and server commands) find it there too.
                by_type['identity']['endpoints'].append(dict(
                    identity[0], id='%s-identity' % region.id[:12],
                    region_id=region.name, region=region.name))
        return catalog
