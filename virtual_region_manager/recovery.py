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
"""Finish or roll back jobs interrupted by a crash.

Every worker process runs ``recover`` at start and then every
``[jobs] recovery_interval`` seconds in a daemon thread. A job is taken
over only once its lease has run out and only by the worker that wins the
claim, so several workers (or hosts sharing the database) never run the
same job twice at once.
"""

from __future__ import annotations

import threading

from oslo_log import log as logging

from virtual_region_manager import bindings
from virtual_region_manager import jobs
from virtual_region_manager import partners
from virtual_region_manager import placements
from virtual_region_manager import regions

LOG = logging.getLogger(__name__)


def _resume(conf, pk, job) -> None:
    params = job.params or {}
    if job.kind == 'create_region':
        # The caller never got an answer: undo, it will ask again.
        regions.rollback_create(conf, pk, job.id,
                                params['virtual_region_id'])
    elif job.kind == 'onboard_partner':
        # The credential's secret was shown to nobody: undo.
        partners.rollback_onboard(conf, pk, job.id, params['partner_id'])
    elif job.kind in bindings.STEPS:
        bindings.run(conf, pk, job.id, job.kind, job.binding_id)
    elif job.kind == 'place_project':
        try:
            placements.run_place(conf, pk, job.id, job.placement_id)
        except jobs.Deferred:
            raise       # Keystone still away: tried again later
        except Exception as exc:
            jobs.fail(job.id, str(exc))
            placements.rollback_place(conf, pk, job.placement_id)
    elif job.kind == 'remove_project':
        placements.run_remove(conf, pk, job.id, job.placement_id)
    else:
        jobs.fail(job.id, 'unknown job kind %s' % job.kind)


def recover(conf, pk) -> int:
    """Take over every interrupted job; return how many were handled."""
    handled = 0
    for job in jobs.interrupted():
        if not jobs.claim(job, lease_seconds=conf.jobs.lease_seconds):
            continue
        LOG.warning('Resuming interrupted job %s (%s, binding %s, step %s).',
                    job.id, job.kind, job.binding_id, job.step or '-')
        try:
            _resume(conf, pk, job)
        except jobs.Deferred:
            pass    # still no Keystone: jobs.run logged when it tries next
        except Exception:
            LOG.exception('Job %s (%s) could not be resumed.', job.id,
                          job.kind)
        handled += 1
    return handled


def start(conf, pk) -> threading.Thread:
    """Run ``recover`` now and then periodically, in a daemon thread."""
    stop = threading.Event()

    def loop():
        while not stop.is_set():
            try:
                recover(conf, pk)
            except Exception:
                LOG.exception('Looking for interrupted jobs failed.')
            stop.wait(conf.jobs.recovery_interval)

    thread = threading.Thread(target=loop, name='vrm-recovery', daemon=True)
    thread.stop = stop
    thread.start()
    return thread
