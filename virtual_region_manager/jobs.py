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
"""Record-then-act for multi-step operations, and recovery after a crash.

A job row is written (status ``running``, with a lease) before the first
step touches the provider's Keystone. Each step is idempotent; the row
names the step running, and while the process works on it a thread keeps
renewing the lease (a slow step is not a dead worker). A job still
``running`` after its lease ran out was interrupted (the process died) and
is taken over by ``recover()``, which runs it again from its first step.
"""

from __future__ import annotations

from collections.abc import Callable
import datetime
import os
import signal
import threading

from oslo_log import log as logging
import sqlalchemy as sa

from virtual_region_manager.db import api as db
from virtual_region_manager.db import models

LOG = logging.getLogger(__name__)

# Testing hook: "<kind>:<step>" makes the process group die with SIGKILL
# right after that step, as a crash would. Never set in production.
CRASH_ENV = 'VRM_TEST_CRASH_AFTER'

Step = tuple[str, Callable[[], None]]


def _now() -> datetime.datetime:
    return models._now()


def record(kind: str, *, lease_seconds: int, binding_id: str | None = None,
           placement_id: str | None = None, params: dict | None = None,
           session=None) -> str:
    """Write the job row (in ``session``'s transaction if given)."""
    job = models.Job(kind=kind, binding_id=binding_id,
                     placement_id=placement_id, params=params or {},
                     lease_until=_now() + datetime.timedelta(
                         seconds=lease_seconds))
    if session is not None:
        session.add(job)
        session.flush()
        return job.id
    with db.writer() as new_session:
        new_session.add(job)
        new_session.flush()
        return job.id


def _update(job_id: str, **values) -> None:
    with db.writer() as session:
        session.execute(sa.update(models.Job)
                        .where(models.Job.id == job_id).values(**values))


class _LeaseKeeper:
    """Renews a job's lease every third of it until stopped."""

    def __init__(self, job_id: str, lease_seconds: int) -> None:
        self.job_id = job_id
        self.lease_seconds = lease_seconds
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._renew, daemon=True,
                                        name='job-lease-' + job_id[:8])

    def _renew(self) -> None:
        while not self._stopped.wait(max(self.lease_seconds / 3, 0.5)):
            try:
                with db.writer() as session:
                    session.execute(
                        sa.update(models.Job)
                        .where(models.Job.id == self.job_id,
                               models.Job.status == 'running')
                        .values(lease_until=_now() + datetime.timedelta(
                            seconds=self.lease_seconds)))
            except Exception as exc:    # noqa: BLE001 - retried next time
                LOG.warning('Could not renew the lease of job %s: %s',
                            self.job_id, exc)

    def __enter__(self) -> '_LeaseKeeper':
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stopped.set()
        self._thread.join(timeout=10)


def run(job_id: str, kind: str, steps: list[Step], *,
        lease_seconds: int) -> None:
    """Run ``steps`` in order, recording progress; raise on failure."""
    with _LeaseKeeper(job_id, lease_seconds):
        for name, step in steps:
            _update(job_id, step=name,
                    lease_until=_now() + datetime.timedelta(
                        seconds=lease_seconds))
            step()
            _maybe_crash(kind, name)
        _update(job_id, status='done', step='')


def fail(job_id: str, error: str) -> None:
    _update(job_id, status='failed', error=error[:4000])


def _maybe_crash(kind: str, step: str) -> None:
    if os.environ.get(CRASH_ENV) == '%s:%s' % (kind, step):
        LOG.warning('Test crash after %s:%s (%s is set).', kind, step,
                    CRASH_ENV)
        os.killpg(os.getpgid(0), signal.SIGKILL)


def interrupted() -> list[models.Job]:
    """Jobs still running after their lease ran out."""
    with db.reader() as session:
        jobs = session.scalars(
            sa.select(models.Job)
            .where(models.Job.status == 'running',
                   models.Job.lease_until < _now())
            .order_by(models.Job.created_at)).all()
        session.expunge_all()
        return list(jobs)


def claim(job: models.Job, *, lease_seconds: int) -> bool:
    """Take over an interrupted job; False if another worker did first."""
    with db.writer() as session:
        result = session.execute(
            sa.update(models.Job)
            .where(models.Job.id == job.id, models.Job.status == 'running',
                   models.Job.lease_until == job.lease_until)
            .values(lease_until=_now() + datetime.timedelta(
                seconds=lease_seconds),
                attempts=models.Job.attempts + 1))
        return result.rowcount == 1
