"""`studio worker` keeps a worker serving whatever happens inside it: the Celery worker runs
as a child process, and a child that exits on its own with an error (kombu's "Unrecoverable
error" while Redis restarts, an out-of-memory kill) is started again after a short backoff.
SIGTERM and SIGINT go to the child, and then the supervisor ends with it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

BACKOFF_S = (1.0, 2.0, 5.0, 10.0, 30.0)
STEADY_S = 60.0  # a child that ran this long resets the backoff
STARTUP_S = 10.0  # a first start that fails this soon is a configuration problem: no retry
READY_ENV = "STUDIO_WORKER_READY_FILE"  # the worker touches it when ready (workers/app.py)


def supervise(argv: Sequence[str], *, log=print) -> int:  # noqa: ANN001
    """Run `celery -A workers.app <argv>` until it is asked to stop; returns its last code."""
    cmd = [sys.executable, "-m", "celery", "-A", "workers.app", *argv]
    stopping: list[int] = []
    child: list[subprocess.Popen] = []

    def forward(signum: int, _frame: object) -> None:
        stopping.append(signum)
        if child and child[0].poll() is None:
            child[0].send_signal(signum)

    previous = {s: signal.signal(s, forward) for s in (signal.SIGTERM, signal.SIGINT)}
    failures, first = 0, True
    ready = Path(tempfile.gettempdir()) / f"studio-worker-ready-{os.getpid()}"
    ready.unlink(missing_ok=True)
    env = {**os.environ, READY_ENV: str(ready)}
    try:
        while True:
            started = time.monotonic()
            child[:] = [subprocess.Popen(cmd, env=env)]
            code = child[0].wait()
            if stopping or code == 0:
                return code
            if first and not ready.exists() and time.monotonic() - started < STARTUP_S:
                return code  # it never came up: starting it again would fail the same way
            first = False
            failures = 0 if time.monotonic() - started > STEADY_S else failures + 1
            delay = BACKOFF_S[min(failures, len(BACKOFF_S) - 1)]
            log(
                f"studio worker: the worker exited with code {code}; starting it again in {delay:g} s"
            )
            end = time.monotonic() + delay
            while time.monotonic() < end and not stopping:
                time.sleep(0.1)
            if stopping:
                return code
    finally:
        ready.unlink(missing_ok=True)
        for s, handler in previous.items():
            signal.signal(s, handler)
