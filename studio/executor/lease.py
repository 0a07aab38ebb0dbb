"""Holding a lease while working: a token naming this runner, and a heartbeat thread that
renews the lease every third of its length until the work is done (see studio/ledger/leases.py
for what a lease means)."""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def runner_token() -> str:
    """Who holds a lease: host, process and a nonce (two deliveries in one process differ)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@contextmanager
def heartbeat(
    renew: Callable[[], bool], lease_s: float, *, max_s: float | None = None
) -> Iterator[threading.Event]:
    """Call `renew()` every lease_s / 3 seconds while the block runs. The yielded event is
    set when a renewal reports the lease lost (another runner took the work over).

    `max_s`: stop renewing after that long (a job's time limit). Where nothing can kill a
    hung runner (a worker's threads pool), its lease then runs out and the recovery sweep
    gives the work to another runner."""
    stop, lost = threading.Event(), threading.Event()
    deadline = time.monotonic() + max_s if max_s else None

    def beat() -> None:
        while not stop.wait(lease_s / 3):
            if deadline is not None and time.monotonic() > deadline:
                return  # over its time limit: let the lease run out
            try:
                if not renew():
                    lost.set()
                    return
            except Exception:  # the ledger away for a moment: try again next beat
                continue

    thread = threading.Thread(target=beat, name="studio-lease", daemon=True)
    thread.start()
    try:
        yield lost
    finally:
        stop.set()
        thread.join(timeout=5)
