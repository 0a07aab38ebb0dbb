"""Fair share across owners: one user's batch of a hundred jobs must not make another user's
single brief wait for all of them.

Both dispatchers share one rule, round robin by position: an owner's k-th waiting unit of work
(a job on the Celery queues, a brief on the local pool) goes behind every other owner's
units with a smaller position. On the queues that is a message priority (Redis has ten levels,
0 first): the job's position in its owner's backlog (the jobs of the owner's open briefs),
stepped down one level every
STUDIO_FAIR_SHARE_STEP jobs. On the local pool it is `FairQueue`: the next brief comes from
the owner with the fewest briefs running, then the one served longest ago."""

from __future__ import annotations

import itertools
import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from studio.domain import State

LEVELS = 10  # the Redis transport's priority steps: 0 (first) to 9


def priorities(ahead: int, count: int, step: int) -> list[int]:
    """The priority of each of `count` new jobs of an owner who already has `ahead` jobs
    waiting or running: level (ahead + i) // step, at most the last level."""
    return [min(LEVELS - 1, (ahead + i) // max(1, step)) for i in range(count)]


def backlog(ledger: Any, owner: str, *, exclude_brief: str | None = None) -> int:
    """How many generate jobs `owner`'s open (planned or running) briefs have, finished ones
    included: the owner's place in line. Counting every job of an open brief, not only the
    waiting ones, keeps one owner's briefs in order: a brief sent while an earlier one is
    half done still lands behind all of it. A brief's own jobs are left out with
    `exclude_brief` (they are being sent now)."""
    from studio.ledger.schema import briefs, jobs

    query = (
        select(func.count())
        .select_from(jobs.join(briefs, jobs.c.brief_id == briefs.c.id))
        .where(
            briefs.c.owner == owner,
            jobs.c.kind == "generate",
            briefs.c.state.in_([State.planned.value, State.running.value]),
        )
    )
    if exclude_brief is not None:
        query = query.where(jobs.c.brief_id != exclude_brief)
    with ledger.engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


class FairQueue:
    """Work items per owner; `take` gives the next one fairly (see the module docstring) and
    `done` says an owner's item finished. Blocking, thread-safe; `close` wakes every taker."""

    def __init__(self) -> None:
        self._waiting: dict[str, deque[Any]] = {}
        self._running: dict[str, int] = {}
        self._served: dict[str, int] = {}  # owner -> turn number of the last take
        self._turn = itertools.count(1)
        self._changed = threading.Condition()
        self._closed = False

    def put(self, owner: str, item: Any) -> None:
        with self._changed:
            self._waiting.setdefault(owner, deque()).append(item)
            self._changed.notify()

    def take(self) -> tuple[str, Any] | None:
        """(owner, item), waiting for one; None once closed."""
        with self._changed:
            while not self._closed:
                owners = [o for o, items in self._waiting.items() if items]
                if owners:
                    owner = min(
                        owners, key=lambda o: (self._running.get(o, 0), self._served.get(o, 0))
                    )
                    item = self._waiting[owner].popleft()
                    self._running[owner] = self._running.get(owner, 0) + 1
                    self._served[owner] = next(self._turn)
                    return owner, item
                self._changed.wait()
            return None

    def done(self, owner: str) -> None:
        with self._changed:
            self._running[owner] = max(0, self._running.get(owner, 0) - 1)
            self._changed.notify()

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    def waiting(self) -> int:
        with self._changed:
            return sum(len(items) for items in self._waiting.values())


def serve(queue: FairQueue, run: Callable[[Any], None]) -> None:
    """A pool thread's loop: take, run, say done, until the queue closes."""
    while (taken := queue.take()) is not None:
        owner, item = taken
        try:
            run(item)
        finally:
            queue.done(owner)
