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

A step that cannot reach the provider's Keystone does not fail its job:
the job stays ``running`` with its lease set to when it should be tried
again (``retry_delay``: doubling from ``[jobs] recovery_interval`` up to
``[jobs] lease_seconds``), and the caller gets ``Deferred`` (a 503). The
recovery loop runs it again then, until Keystone answers. An operation
that makes a job's work moot (terminating a binding, removing a
placement) marks it superseded (``supersede``): it stops before its next
step.
"""

from __future__ import annotations

from collections.abc import Callable
import datetime
import os
import signal
import threading
import time

from oslo_log import log as logging
import sqlalchemy as sa

from virtual_region_manager.db import api as db
from virtual_region_manager.db import models
from virtual_region_manager import errors

LOG = logging.getLogger(__name__)

# Testing hooks, never set in production:
# - VRM_TEST_CRASH_AFTER="<kind>:<step>" makes the VRM's process group die
#   with SIGKILL right after that step, as a crash would;
# - VRM_TEST_KILL_AFTER="<kind>:<step>:<pid>" SIGKILLs the process group
#   led by <pid> (a service the VRM depends on, such as the provider's
#   Keystone) right after that step, once per VRM process.
CRASH_ENV = 'VRM_TEST_CRASH_AFTER'
KILL_ENV = 'VRM_TEST_KILL_AFTER'
_killed: set[str] = set()

Step = tuple[str, Callable[[], None]]


class Deferred(errors.KeystoneUnavailable):
    """A step found the provider's Keystone unreachable; the job waits.

    Same code and status (503) as ``KeystoneUnavailable``, but the
    operation is not lost: the VRM finishes it on its own.
    """

    def __init__(self, *, kind: str, step: str, retry_in: float,
                 subject: str = '') -> None:
        self.kind, self.step, self.retry_in = kind, step, retry_in
        super().__init__(
            "The provider's Keystone stopped answering during step %r of "
            'the %s job%s. The operation is recorded and the VRM carries '
            'it on by itself once Keystone answers (next try in %d s): '
            'watch its status rather than repeating the request.'
            % (step, kind, ' of ' + subject if subject else '',
               round(retry_in)))

    def about(self, subject: str) -> 'Deferred':
        """The same, naming what the job works on."""
        return Deferred(kind=self.kind, step=self.step,
                        retry_in=self.retry_in, subject=subject)


def retry_delay(attempts: int, *, first: float, cap: float) -> float:
    """Seconds before trying a deferred job again, after ``attempts``."""
    return min(first * 2 ** min(attempts, 16), max(cap, first))


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


def _update(job_id: str, **values) -> bool:
    """Update a job still running; False if it is not (any more)."""
    with db.writer() as session:
        result = session.execute(
            sa.update(models.Job)
            .where(models.Job.id == job_id, models.Job.status == 'running')
            .values(**values))
        return result.rowcount == 1


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
        lease_seconds: int, retry_interval: float = 5) -> bool:
    """Run ``steps`` in order, recording progress.

    Returns False if the job was superseded before it finished. Raises
    ``Deferred`` if a step cannot reach the provider's Keystone (the job
    stays running; recovery tries again after ``retry_delay``), and a
    step's own error otherwise (the caller fails or rolls back the job).
    """
    name = ''
    try:
        with _LeaseKeeper(job_id, lease_seconds):
            for name, step in steps:
                if not _update(job_id, step=name,
                               lease_until=_now() + datetime.timedelta(
                                   seconds=lease_seconds)):
                    LOG.info('Job %s (%s) was superseded; it stops before '
                             'step %s.', job_id, kind, name)
                    return False
                step()
                _maybe_crash(kind, name)
                _maybe_kill(kind, name)
    except errors.KeystoneUnavailable as exc:
        delay = _defer(job_id, '%s: %s' % (name, exc), first=retry_interval,
                       cap=lease_seconds)
        LOG.warning("Job %s (%s) waits for the provider's Keystone at step "
                    '%s; next try in %d s.', job_id, kind, name, delay)
        raise Deferred(kind=kind, step=name, retry_in=delay) from exc
    return _update(job_id, status='done', step='', error='')


def _defer(job_id: str, error: str, *, first: float, cap: float) -> float:
    """Leave the job to the recovery loop, after a back-off."""
    with db.writer() as session:
        job = session.get(models.Job, job_id)
        delay = retry_delay(job.attempts or 0, first=first, cap=cap)
        if job.status == 'running':
            job.lease_until = _now() + datetime.timedelta(seconds=delay)
            job.error = error[:4000]
    return delay


def fail(job_id: str, error: str) -> None:
    _update(job_id, status='failed', error=error[:4000])


def supersede(session, *, by: str, binding_id: str | None = None,
              placement_id: str | None = None) -> int:
    """Stop the running jobs of a binding or of a placement.

    For an operation (``by``) that makes their work moot, in ``session``'s
    transaction: a superseded job stops before its next step, and the
    recovery loop never takes it over. Returns how many there were.
    """
    query = sa.update(models.Job).where(models.Job.status == 'running')
    if binding_id:
        query = query.where(models.Job.binding_id == binding_id)
    if placement_id:
        query = query.where(models.Job.placement_id == placement_id)
    result = session.execute(query.values(
        status='superseded', error='superseded by %s' % by))
    return result.rowcount


def _maybe_crash(kind: str, step: str) -> None:
    if os.environ.get(CRASH_ENV) == '%s:%s' % (kind, step):
        LOG.warning('Test crash after %s:%s (%s is set).', kind, step,
                    CRASH_ENV)
        os.killpg(os.getpgid(0), signal.SIGKILL)


def _maybe_kill(kind: str, step: str) -> None:
    value = os.environ.get(KILL_ENV, '')
    wanted, _, pid = value.rpartition(':')
    if wanted != '%s:%s' % (kind, step) or value in _killed:
        return
    _killed.add(value)
    LOG.warning('Test kill of process group %s after %s:%s (%s is set).',
                pid, kind, step, KILL_ENV)
    try:
        os.killpg(int(pid), signal.SIGKILL)
    except ProcessLookupError:
        return
    # The next step must find it gone: wait for its leader to die.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _running(int(pid)):
        time.sleep(0.05)


def _running(pid: int) -> bool:
    try:
        with open('/proc/%d/stat' % pid) as stat:
            return stat.read().split(')')[-1].split()[0] != 'Z'
    except OSError:
        return False


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
