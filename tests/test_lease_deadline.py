"""A runner over its time limit stops renewing its lease (studio/executor/lease.py): where no
pool can kill a hung job (a GPU worker's threads pool), the lease runs out and the recovery
sweep hands the job to another runner."""

from __future__ import annotations

import time

from studio.executor.lease import heartbeat


def test_renewals_stop_after_max_s_and_go_on_without_it() -> None:
    capped, free = [], []
    with (
        heartbeat(lambda: capped.append(time.monotonic()) or True, 0.15, max_s=0.2),
        heartbeat(lambda: free.append(time.monotonic()) or True, 0.15),
    ):
        time.sleep(0.8)
    assert 1 <= len(capped) <= 4  # beats every 0.05 s, only until 0.2 s
    assert len(free) >= 10
    assert max(capped) - min(capped) < 0.3
