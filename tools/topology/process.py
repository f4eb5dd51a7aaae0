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
"""Start, watch and stop the processes of the topology.

Every process is started in its own session (so its children share one
process group that we own), with output going to a log file, and its PID
recorded. Stopping is by that PID only: SIGTERM (uwsgi runs with
``--die-on-term``), a bounded wait, then SIGKILL of the group we created.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request


class StartError(RuntimeError):
    """A service did not come up."""


def free_port(host: str = '127.0.0.1') -> int:
    """Return a TCP port that is free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def port_in_use(port: int, host: str = '127.0.0.1') -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def wait_port_free(port: int, timeout: float = 30) -> None:
    """Wait, at most ``timeout`` seconds, until nothing listens on ``port``.

    After a crash a dying process may hold its port for a moment, and a
    restart on the same port would then fail on bind.
    """
    deadline = time.monotonic() + timeout
    while port_in_use(port) and time.monotonic() < deadline:
        time.sleep(0.2)


def spawn(argv: list[str], *, log_path: str, env: dict | None = None,
          cwd: str | None = None) -> int:
    """Start ``argv`` in the background and return its PID."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    with open(log_path, 'ab') as log:
        proc = subprocess.Popen(
            argv, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, env=full_env, cwd=cwd,
            start_new_session=True)
    return proc.pid


SECRET_WORDS = ('password', 'secret', 'key=', 'token')


def masked(argv: list[str]) -> list[str]:
    """``argv`` fit for a log: values of secret-looking options hidden."""
    out, hide_next = [], False
    for arg in argv:
        secret = any(word in arg.lower() for word in SECRET_WORDS)
        if hide_next:
            out.append('***')
        elif secret and arg.startswith('-') and '=' in arg:
            out.append(arg.split('=', 1)[0] + '=***')
        else:
            out.append(arg)
        hide_next = secret and arg.startswith('-') and '=' not in arg
    return out


def run(argv: list[str], *, log_path: str, env: dict | None = None,
        cwd: str | None = None, timeout: float = 300) -> None:
    """Run ``argv`` to completion, appending its output to ``log_path``."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    with open(log_path, 'ab') as log:
        log.write(('$ %s\n' % ' '.join(masked(argv))).encode())
        log.flush()
        result = subprocess.run(argv, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, env=full_env,
                                cwd=cwd, timeout=timeout)
    if result.returncode:
        raise StartError('%s failed (exit %d); see %s'
                         % (argv[0], result.returncode, log_path))


MARKER = 'CSF_TOPOLOGY_SERVICE'


def owned(pid: int, marker: str) -> bool:
    """True if ``pid`` was started by us with ``MARKER=marker``.

    Guards against stopping an unrelated process that reused a recorded
    PID (for example after a reboot). A process that rewrites its title
    over its environment (nginx) still names its service's folder,
    ``marker``, in its command line.
    """
    try:
        with open('/proc/%d/environ' % pid, 'rb') as fh:
            env = fh.read().split(b'\0')
        with open('/proc/%d/cmdline' % pid, 'rb') as fh:
            argv = fh.read().replace(b'\0', b' ')
    except OSError:
        return False
    if ('%s=%s' % (MARKER, marker)).encode() in env:
        return True
    return (' %s/' % marker).encode() in b' ' + argv.replace(
        b'=', b' ') + b' '


def alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child of ours still answers kill(0); reap it if it is one.
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    except ChildProcessError:
        pass
    try:
        with open('/proc/%d/stat' % pid) as stat:
            return stat.read().split(')')[-1].split()[0] != 'Z'
    except OSError:
        return False


def stop(pid: int | None, *, sig: int = signal.SIGTERM,
         timeout: float = 15) -> None:
    """Stop the process ``pid`` we started, then its process group."""
    if not alive(pid):
        return
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and alive(pid):
        time.sleep(0.1)
    try:
        # The process was started as a session leader: its PID is the
        # PGID of everything it forked, and only of that.
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and alive(pid):
        time.sleep(0.1)


def wait_http(url: str, *, pid: int | None = None, timeout: float = 60,
              log_path: str | None = None,
              ok_status: tuple = (200, 300)) -> None:
    """Wait until ``url`` answers with one of ``ok_status``."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if pid is not None and not alive(pid):
            raise StartError('process %s for %s exited; see %s'
                             % (pid, url, log_path))
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                if resp.status in ok_status:
                    return
                last = resp.status
        except urllib.error.HTTPError as exc:
            if exc.code in ok_status:
                return
            last = exc.code
        except (urllib.error.URLError, OSError) as exc:
            last = exc
        time.sleep(0.2)
    raise StartError('%s did not answer in %ss (last: %s); see %s'
                     % (url, timeout, last, log_path))
