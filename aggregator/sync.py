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
"""The background refresher: providers' offerings and health, bindings'
status, and placements a crash left half-way.

Each provider is polled in its own thread with bounded timeouts, so a
slow or dead provider delays nobody else and only marks itself
unavailable; API requests never wait on it (they read the database).
"""

from __future__ import annotations

import concurrent.futures
import datetime
import os
import threading

from oslo_log import log as logging
import sqlalchemy as sa

from aggregator.db import api as db
from aggregator.db import models
from aggregator import errors
from aggregator import offerings
from aggregator import placements
from aggregator import providers
from aggregator import regions
from aggregator import vrm_client
from csf_common.db import leader

LOG = logging.getLogger(__name__)
STALE = datetime.timedelta(seconds=60)


def refresh_provider(conf, provider: models.Provider) -> None:
    try:
        found = vrm_client.VRMClient(conf, provider).offerings()
    except errors.AggregatorError as exc:
        if provider.available:
            LOG.warning('Provider %s is unavailable: %s', provider.name,
                        exc)
        providers.mark(provider.id, available=False, error=str(exc))
        return
    with db.writer() as session:
        # Locked until commit: a concurrent removal (another process)
        # waits for these offerings, or has removed the provider already.
        if session.get(models.Provider, provider.id,
                       with_for_update=True) is None:
            return      # removed while we were asking it
        offerings.store(session, provider.id, found)
    if not provider.available:
        LOG.info('Provider %s is available.', provider.name)
    providers.mark(provider.id, available=True)
    for region in regions.list_all():
        if region.provider_id == provider.id:
            try:
                regions.refresh(conf, region)
            except errors.AggregatorError as exc:
                LOG.warning('Region %s: %s', region.name, exc)


def reconcile(conf) -> None:
    old = models._now() - STALE
    for region in regions.list_all():
        if region.status == 'creating' and not region.binding_id:
            try:
                regions.adopt(conf, region,
                              give_up=region.created_at < old)
            except errors.AggregatorError as exc:
                LOG.warning('Region %s: %s', region.name, exc)
    with db.reader() as session:
        stuck = session.scalars(sa.select(models.Placement).where(
            models.Placement.status.in_(('creating', 'deleting')),
            models.Placement.updated_at < old)).all()
        session.expunge_all()
    for placement in stuck:
        try:
            placements.reconcile(conf, placement)
        except errors.AggregatorError as exc:
            LOG.warning('Placement %s: %s', placement.id, exc)
    try:
        placements.follow_projects(conf)
    except Exception as exc:    # noqa: BLE001 - Keystone away: next time
        LOG.warning('Placements of deleted or renamed projects not '
                    'checked: %s', exc)


def _guarded(func, conf, provider) -> None:
    """One provider's trouble never stops the others' refresh."""
    try:
        func(conf, provider)
    except Exception:
        LOG.exception('Refreshing provider %s failed.', provider.name)


def refresh_all(conf) -> None:
    found = providers.list_all()
    if found:
        with concurrent.futures.ThreadPoolExecutor(
                min(16, len(found))) as pool:
            list(pool.map(lambda p: _guarded(refresh_provider, conf, p),
                          found))
    reconcile(conf)


def start(conf) -> threading.Thread:
    """Refresh in the background, in one process of all that share the DB.

    Each worker (and host) runs this loop, but only the holder of the
    ``aggregator-refresher`` lease refreshes; when it exits or dies, the
    database frees the lease and another takes over.
    """
    stop = threading.Event()
    lease = leader.Leadership(conf.database.connection,
                              'aggregator-refresher')
    thread = None

    def loop():
        leading = False
        while not stop.is_set():
            if lease.held():
                if not leading:
                    LOG.info('%s refreshes providers.', thread.name)
                leading = True
                try:
                    refresh_all(conf)
                except Exception:
                    LOG.exception('Refreshing providers failed.')
            else:
                leading = False
            stop.wait(conf.providers.refresh_interval)
        lease.release()

    thread = threading.Thread(target=loop, name='aggregator-sync-%d'
                              % os.getpid(), daemon=True)
    thread.stop = stop
    thread.start()
    return thread
