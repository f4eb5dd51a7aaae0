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
"""``python -m tools.topology {up,down,status} [--root DIR]``."""

from __future__ import annotations

import argparse
import os
import sys
import time

from tools.topology import topology
from tools.topology import worked_example

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def _summary(data: dict) -> str:
    svc = data['services']
    clouds = data['clouds']
    lines = [
        '',
        'Cloud Service Federation topology is up (%s).' % data['root'],
        '',
        'Reseller (aggregator) cloud:',
        '  Horizon   %s' % svc['reseller-horizon']['url'],
        '  Keystone  %s' % svc['reseller-keystone']['auth_url'],
        '  Aggregator %s' % svc['reseller-aggregator']['url'],
        '  SAML IdP  %s' % svc['reseller-keystone']['idp_entity_id'],
    ]
    for cloud, region in topology.PROVIDERS:
        lines += [
            'Provider %s (physical region %s):' % (cloud.upper(), region),
            '  Keystone  %s  (Apache + mod_auth_mellon SAML SP)'
            % svc['%s-keystone' % cloud]['auth_url'],
            '  Glance    %s' % svc['%s-glance' % cloud]['url'],
            '  VRM       %s' % svc['%s-vrm' % cloud]['url'],
        ]
        if '%s-horizon' % cloud in svc:
            lines.append('  Horizon   %s  (provider admin panels)'
                         % svc['%s-horizon' % cloud]['url'])
    lines += ['', 'Credentials (user / password / project):']
    for name, cloud in clouds.items():
        auth = cloud['auth']
        lines.append('  %-18s %s / %s / %s  at %s' % (
            name, auth['username'], auth['password'], auth['project_name'],
            auth['auth_url']))
    clouds_yaml = os.path.join(data['root'], 'clouds.yaml')
    lines += [
        '',
        'clouds.yaml: %s' % clouds_yaml,
        '  export OS_CLIENT_CONFIG_FILE=%s' % clouds_yaml,
        '  openstack --os-cloud provider-p1-admin image list',
        '  openstack --os-cloud tenant-x catalog list    # V1 via the proxy',
        '',
        'Horizon log-ins (user / password; the domain is Default):',
    ]
    for persona, cloud in (('tenant', 'tenant-x'),
                           ('reseller admin', 'aggregator-admin'),
                           ('provider P1 admin', 'provider-p1-admin')):
        if cloud in clouds:
            auth = clouds[cloud]['auth']
            lines.append('  %-18s %s / %s' % (persona, auth['username'],
                                              auth['password']))
    lines += [
        'Machine-readable: %s' % os.path.join(data['root'],
                                              topology.TOPOLOGY_FILE),
        'Stop it with: make demo-stop',
    ]
    return '\n'.join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog='python -m tools.topology')
    parser.add_argument('action', choices=('up', 'down', 'status',
                                           'restart'))
    parser.add_argument('service', nargs='?',
                        help='with restart: the service to restart')
    parser.add_argument('--root', default=os.path.join(REPO, '.demo'),
                        help='state folder (default: .demo)')
    parser.add_argument('--cache', default=os.path.join(REPO, '.cache'),
                        help='cache folder shared between topologies')
    parser.add_argument('--quiet', action='store_true')
    parser.add_argument('--database', choices=('sqlite', 'postgresql'),
                        help='with up: embedded SQLite (the default) or '
                             'a private PostgreSQL + memcached, with '
                             'several worker processes per service; '
                             'other actions use the recorded choice')
    parser.add_argument('--iaas', action=argparse.BooleanOptionalAction,
                        help='with up: whether provider P1 runs Placement, '
                             'Nova and Neutron (with RabbitMQ and a '
                             'PostgreSQL for them; the default); other '
                             'actions use the recorded choice')
    parser.add_argument('--seed', action='store_true',
                        help='with up: seed the worked example (providers '
                             'P1 and P2 registered, regions V1 and V2, '
                             'project T placed in V1)')
    args = parser.parse_args(argv)
    topo = topology.Topology(args.root, args.cache, database=args.database,
                             iaas=args.iaas)
    if args.action == 'up':
        started = time.monotonic()
        data = topo.up()
        if args.seed:
            seeded = worked_example.seed(data)
            print('Worked example seeded: regions %s; project T (%s) '
                  'placed in V1.' % (', '.join(seeded['regions']),
                                     seeded['tenant_project_id']))
        if not args.quiet:
            print(_summary(data))
        print('Ready in %.1f s.' % (time.monotonic() - started))
        return 0
    if args.action == 'down':
        stopped = topo.down()
        print('Stopped: %s' % (', '.join(stopped) or 'nothing was running'))
        return 0
    if args.action == 'restart':
        if not args.service:
            parser.error('restart needs a service name')
        rec = topo.restart(args.service)
        print('Restarted %s (pid %s).' % (args.service, rec['pid']))
        return 0
    running = topo.running()
    print('running' if running else 'not running')
    return 0 if running else 1


if __name__ == '__main__':
    sys.exit(main())
