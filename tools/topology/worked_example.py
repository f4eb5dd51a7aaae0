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
"""Seed the worked example of DESIGN.md through the real APIs.

Provider P1 offers virtual region ``gold`` in R4 and P2 offers ``silver``
in R7 (their admins, at their VRMs); each onboards the reseller as a
partner; the reseller admin registers both providers at the Aggregator and
creates region V1 (bound to gold, proxy mode) and V2 (bound to silver,
pass-through); tenant x places project T in V1. Idempotent: what exists is
left as it is.
"""

from __future__ import annotations

import time

from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session

REGIONS = (
    # aggregator region, provider, virtual region, token mode, metadata
    ('V1', 'p1', 'gold', 'proxy', {
        'schema_version': '1',
        'location': {'country': 'DE', 'jurisdiction': 'EU',
                     'city': 'Frankfurt'},
        'services': {'image': {'api_versions': ['v2']}},
        'flavors': [{'name': 'g1.medium', 'vcpus': 2, 'ram_mb': 4096,
                     'disk_gb': 40, 'cpu_performance_factor': 1.3}],
        'network': {'tenant_networks': True, 'floating_ips': True},
        'instance_metadata': {'config_drive': True,
                              'metadata_service': True},
        'sla': {'availability': '99.95%'},
        'prices': {'g1.medium': '0.08 EUR/h'}}),
    ('V2', 'p2', 'silver', 'pass-through', {
        'schema_version': '1',
        'location': {'country': 'US', 'jurisdiction': 'US',
                     'city': 'Ashburn'},
        'services': {'image': {'api_versions': ['v2']}},
        'flavors': [{'name': 's1.medium', 'vcpus': 2, 'ram_mb': 4096,
                     'disk_gb': 20, 'cpu_performance_factor': 1.0}],
        'network': {'tenant_networks': True, 'floating_ips': False},
        'instance_metadata': {'config_drive': False,
                              'metadata_service': True},
        'sla': {'availability': '99.9%'},
        'prices': {'s1.medium': '0.05 USD/h'}}),
)
QUOTA = {'image': {'image_count_total': 50, 'image_size_total': 8192}}
PLACEMENT_QUOTA = {'image': {'image_count_total': 10,
                             'image_size_total': 2048}}
# What a provider that runs compute and network (topology.IAAS_PROVIDERS)
# offers besides: gold has all of them.
IAAS_SERVICES = ['compute', 'network']
IAAS_QUOTA = {'compute': {'servers': 20, 'class:VCPU': 40,
                          'class:MEMORY_MB': 81920},
              'network': {'network': 20, 'port': 200}}
IAAS_PLACEMENT_QUOTA = {'compute': {'servers': 5, 'class:VCPU': 10,
                                    'class:MEMORY_MB': 20480},
                        'network': {'network': 5, 'port': 50}}


# What the offering's metadata says of each service it offers.
SERVICE_METADATA = {'image': {'api_versions': ['v2']},
                    'compute': {'api_versions': ['v2.1'],
                                'microversion_max': '2.103'},
                    'network': {'api_versions': ['v2.0']}}


def offered(topology: dict, cloud: str) -> tuple[list[str], dict]:
    """The services and quota of ``cloud``'s virtual region."""
    if '%s-nova-api' % cloud in topology['services']:
        return ['image'] + IAAS_SERVICES, dict(QUOTA, **IAAS_QUOTA)
    return ['image'], QUOTA


class SeedError(RuntimeError):
    pass


def _session(auth: dict) -> ks_session.Session:
    return ks_session.Session(auth=v3.Password(**auth))


def _call(sess, method: str, url: str, ok=(200, 201, 204), **kwargs):
    resp = sess.request(url, method, raise_exc=False, **kwargs)
    if resp.status_code not in ok:
        raise SeedError('%s %s: %d %s' % (method, url, resp.status_code,
                                          resp.text[:300]))
    return resp.json() if resp.content else None


def _virtual_region(admin, vrm_url: str, name: str, region: str,
                    metadata: dict, services: list[str],
                    quota: dict) -> dict:
    for vr in _call(admin, 'GET', vrm_url + '/v1/virtual-regions')[
            'virtual_regions']:
        if vr['name'] == name:
            return vr
    return _call(admin, 'POST', vrm_url + '/v1/virtual-regions', json={
        'virtual_region': {
            'name': name, 'region_id': region, 'services': services,
            'quota': quota, 'metadata': metadata, 'approval': 'auto',
            'visibility': 'public',
            'description': 'Worked example: %s in %s' % (name, region)}})[
        'virtual_region']


def _partner(admin, vrm_url: str, entity_id: str, metadata: str):
    """Onboard the reseller, afresh: its credential is shown only once."""
    for partner in _call(admin, 'GET', vrm_url + '/v1/partners')['partners']:
        if partner['idp_entity_id'] == entity_id:
            _call(admin, 'DELETE', vrm_url + '/v1/partners/' + partner['id'])
    return _call(admin, 'POST', vrm_url + '/v1/partners', json={'partner': {
        'name': 'reseller-a', 'idp_entity_id': entity_id,
        'idp_metadata': metadata,
        'description': 'Reseller A (worked example)'}})['partner']


def _wait_region_active(tenant_admin, agg_url: str, name: str,
                        timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        region = _call(tenant_admin, 'GET', agg_url + '/v1/regions/' + name)[
            'region']
        if region['status'] == 'active' or time.monotonic() > deadline:
            return region
        time.sleep(1)


def seed(topology: dict) -> dict:
    services = topology['services']
    clouds = topology['clouds']
    reseller = _session(clouds['aggregator-admin']['auth'])
    agg_url = services['reseller-aggregator']['url']
    idp = services['reseller-keystone']
    with open(idp['idp_metadata']) as fh:
        idp_metadata = fh.read()
    known = {p['name']: p for p in _call(reseller, 'GET',
                                         agg_url + '/v1/providers')[
        'providers']}
    regions = {r['name']: r for r in _call(reseller, 'GET',
                                           agg_url + '/v1/regions')[
        'regions']}
    for region_name, cloud, vr_name, mode, metadata in REGIONS:
        admin = _session(clouds['provider-%s-admin' % cloud]['auth'])
        vrm_url = services['%s-vrm' % cloud]['url']
        offer, quota = offered(topology, cloud)
        metadata = dict(metadata, services={
            s: SERVICE_METADATA[s] for s in offer})
        vr = _virtual_region(admin, vrm_url, vr_name,
                             services['%s-vrm' % cloud]['region'], metadata,
                             offer, quota)
        if cloud.upper() not in known:
            partner = _partner(admin, vrm_url, idp['idp_entity_id'],
                               idp_metadata)
            known[cloud.upper()] = _call(
                reseller, 'POST', agg_url + '/v1/providers', json={
                    'provider': {
                        'name': cloud.upper(), 'vrm_url': vrm_url,
                        'auth_url': services['%s-keystone' % cloud][
                            'auth_url'],
                        'application_credential':
                            partner['application_credential'],
                        'description': 'Provider %s' % cloud.upper()}})[
                'provider']
        if region_name not in regions:
            regions[region_name] = _call(
                reseller, 'POST', agg_url + '/v1/regions', json={'region': {
                    'name': region_name,
                    'provider_id': known[cloud.upper()]['id'],
                    'virtual_region_id': vr['id'], 'token_mode': mode,
                    'description': 'Worked example region %s'
                                   % region_name}})['region']
        regions[region_name] = _wait_region_active(reseller, agg_url,
                                                   region_name)
    tenant = _session(clouds['tenant-x']['auth'])
    project_id = tenant.get_project_id()
    placed = _call(tenant, 'GET', agg_url + '/v1/projects/%s/regions'
                   % project_id)['regions']
    iaas = 'compute' in offered(topology, 'p1')[0]
    if 'V1' not in [p['region'] for p in placed]:
        quota = dict(PLACEMENT_QUOTA)
        if iaas:
            quota.update(IAAS_PLACEMENT_QUOTA)
        _call(tenant, 'POST', agg_url + '/v1/regions/V1/projects', json={
            'project': {'project_id': project_id, 'quota': quota}})
    if iaas:
        # A fresh token: its catalog has V1, where T is placed now.
        _network(_session(clouds['tenant-x']['auth']))
    return {'regions': sorted(name for name, *_ in REGIONS),
            'tenant_project_id': project_id}


# T's network in V1 (through the proxy), so that Launch Instance has one.
NETWORK, SUBNET, CIDR = 'net1', 'sub1', '10.0.0.0/24'
IN_V1 = {'service_type': 'network', 'interface': 'public',
         'region_name': 'V1'}


def _network(tenant) -> dict:
    """T's network ``net1`` with subnet ``sub1`` in V1, made once."""
    found = _call(tenant, 'GET', '/v2.0/networks?name=' + NETWORK,
                  endpoint_filter=IN_V1)['networks']
    if found:
        return found[0]
    net = _call(tenant, 'POST', '/v2.0/networks', endpoint_filter=IN_V1,
                json={'network': {'name': NETWORK}})['network']
    _call(tenant, 'POST', '/v2.0/subnets', endpoint_filter=IN_V1,
          json={'subnet': {'name': SUBNET, 'network_id': net['id'],
                           'ip_version': 4, 'cidr': CIDR}})
    return net


def remove_network(topology: dict) -> None:
    """Delete T's seeded network in V1 (before T leaves V1)."""
    tenant = _session(topology['clouds']['tenant-x']['auth'])
    try:
        found = _call(tenant, 'GET', '/v2.0/networks?name=' + NETWORK,
                      endpoint_filter=IN_V1)['networks']
    except Exception:       # noqa: BLE001 - V1 not in the catalog: none
        return
    for net in found:
        _call(tenant, 'DELETE', '/v2.0/networks/' + net['id'],
              endpoint_filter=IN_V1, ok=(204, 404))
