"""Where a planned brief's jobs run. The application layer (studio/service/) hands every
submitted brief to a `Dispatcher`; `studio run` and `studio run --queue` (and the HTTP service
later) differ only in which one:

    LocalDispatcher   the embedded default: the whole brief in this process, either inline
                      (the CLI waits for it anyway) or on a thread pool (a web request must
                      never block on a run)
    CeleryDispatcher  workers/dispatch.py: one message per job on Redis, run by `studio worker`

The truth about a brief is always the ledger; a dispatcher only starts the work, stops it
(`revoke`), says who is listening and where live events go."""

from __future__ import annotations

import contextlib
import threading
from collections import defaultdict
from concurrent.futures import Future
from typing import Any, Protocol, runtime_checkable

from studio.context import Context, EventFn
from studio.domain import Brief, Plan
from studio.executor import run_inprocess
from studio.executor import submit as write_brief
from studio.fairness import FairQueue, serve


class EventSource(Protocol):
    """Live events of one brief, oldest first; `read` returns the ones not yet read."""

    def read(self, *, block_ms: int = 0) -> list[dict[str, Any]]: ...


@runtime_checkable
class Dispatcher(Protocol):
    name: str

    def sinks(self) -> list[EventFn]:
        """Where the events of the briefs it runs are published (added to the context)."""
        ...

    def submit(self, ctx: Context, brief: Brief, plan: Plan) -> None:
        """Start the brief's jobs (brief and plan are written first). Returns when the work
        has been handed over: at once for a queue or a pool, at the end for an inline run."""
        ...

    def revoke(self, job_ids: list[str]) -> None:
        """Tell whoever holds these jobs to drop them (the ledger already stops them)."""
        ...

    def listening(self, timeout: float = 1.0) -> set[str] | None:
        """Queues some worker consumes; None when every queue is served here."""
        ...

    def events(self, brief_id: str) -> EventSource | None:
        """Live events of a brief, or None when this dispatcher has no stream."""
        ...


class LocalEvents:
    """An in-process event stream per brief (what Redis streams are to the workers): a sink
    the context publishes to, and readers that take what they have not seen yet."""

    def __init__(self, keep: int = 1000) -> None:
        self._events: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self._changed = threading.Condition()
        self._keep = keep

    def __call__(self, event: dict[str, Any]) -> None:
        with self._changed:
            items = self._events[str(event.get("brief_id"))]
            items.append(event)
            del items[: -self._keep]
            self._changed.notify_all()

    def reader(self, brief_id: str) -> _LocalReader:
        return _LocalReader(self, brief_id)


class _LocalReader:
    def __init__(self, hub: LocalEvents, brief_id: str) -> None:
        self.hub, self.brief_id, self.seen = hub, brief_id, 0

    def read(self, *, block_ms: int = 0) -> list[dict[str, Any]]:
        with self.hub._changed:
            items = self.hub._events.get(self.brief_id, [])
            if len(items) <= self.seen and block_ms:
                self.hub._changed.wait(block_ms / 1000)
                items = self.hub._events.get(self.brief_id, [])
            new, self.seen = items[self.seen :], len(items)
        return list(new)


class LocalDispatcher:
    """Run each brief in this process: inline (`threads=0`, the CLI) or on a pool of
    `threads` threads (the HTTP service: `submit` returns at once). The pool takes briefs
    fairly across owners (studio/fairness.py): one user's twenty briefs wait behind another
    user's one, not the other way round."""

    name = "local"

    def __init__(self, threads: int = 0) -> None:
        self.hub = LocalEvents()
        self.futures: dict[str, Future[Any]] = {}
        self._queue = FairQueue() if threads else None
        self._threads = [
            threading.Thread(
                target=serve, args=(self._queue, self._run), name=f"studio-run-{i}", daemon=True
            )
            for i in range(threads)
        ]
        for thread in self._threads:
            thread.start()

    def sinks(self) -> list[EventFn]:
        return [self.hub]

    def submit(self, ctx: Context, brief: Brief, plan: Plan) -> None:
        if self._queue is None:
            run_inprocess(ctx, brief, plan)
            return
        write_brief(ctx, brief, plan)  # in the ledger before the caller answers
        future: Future[Any] = Future()
        self.futures[brief.id] = future
        self._queue.put(brief.owner, (future, ctx, brief, plan))

    @staticmethod
    def _run(item: tuple[Future[Any], Context, Brief, Plan]) -> None:
        future, ctx, brief, plan = item
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(run_inprocess(ctx, brief, plan, submitted=True))
        except BaseException as exc:  # the future carries it; the ledger already says why
            future.set_exception(exc)

    def revoke(self, job_ids: list[str]) -> None:
        """Nothing to tell: the running brief reads the ledger before each job."""

    def listening(self, timeout: float = 1.0) -> set[str] | None:
        return None

    def events(self, brief_id: str) -> EventSource:
        return self.hub.reader(brief_id)

    def shutdown(self, *, wait: bool = True) -> None:
        if self._queue is None:
            return
        if wait:  # let the waiting briefs run first
            for future in list(self.futures.values()):
                with contextlib.suppress(BaseException):  # its failure is in the ledger
                    future.result()
        self._queue.close()
        if wait:
            for thread in self._threads:
                thread.join()
