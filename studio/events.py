"""Progress events to Redis, so the CLI (and later the web page) can follow a brief live from
any machine. Every event the executor emits (stage changes, job started / progress / retry /
finished) goes two places in one round trip:

    PUBLISH studio:brief:<id>      live, for subscribers that are listening right now
    XADD    studio:events:<id>     a capped stream with a TTL: a reader that starts late
                                   (or reconnects after a Redis restart) reads from the start

Events are a view, never the truth (the ledger is): publishing happens on a background
thread, never raises and never slows a job down; a lost event costs a progress bar update.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import queue
import socket
import threading
import time
from typing import Any

log = logging.getLogger(__name__)

CHANNEL = "studio:brief:{brief_id}"
STREAM = "studio:events:{brief_id}"
STREAM_MAXLEN = 1000  # events kept per brief (approximately)
STREAM_TTL_S = 7 * 24 * 3600


def channel(brief_id: str) -> str:
    return CHANNEL.format(brief_id=brief_id)


def stream(brief_id: str) -> str:
    return STREAM.format(brief_id=brief_id)


class _Client:
    """A redis client per process (connections do not survive fork), short timeouts."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._pid: int | None = None
        self._redis: Any = None

    def get(self) -> Any:
        if self._pid != os.getpid():
            import redis

            self._redis = redis.Redis.from_url(
                self.url, socket_timeout=2, socket_connect_timeout=2, health_check_interval=30
            )
            self._pid = os.getpid()
        return self._redis


class RedisEvents:
    """An executor event sink (Context.events): publish every event, never raise, never
    make a job wait. Events go through a small queue to a background thread that sends them
    in order, batched into one round trip; `flush()` (also run at exit) waits for the queue."""

    def __init__(self, url: str, *, source: str | None = None, background: bool = True) -> None:
        self._client = _Client(url)
        self.source = source or f"{socket.gethostname()}:{os.getpid()}"
        self.background = background
        self._warned = False
        self._queue: queue.Queue[dict[str, Any]] | None = None
        self._pid: int | None = None
        self._lock = threading.Lock()

    def __call__(self, event: dict[str, Any]) -> None:
        event = {**event, "source": self.source}
        if not self.background:
            self._publish([event])
            return
        # a full queue means Redis has been away a while: drop, the ledger has the truth
        with contextlib.suppress(queue.Full):
            self._sender().put_nowait(event)

    def flush(self, timeout: float = 2.0) -> None:
        """Wait (at most `timeout`) until every queued event has been sent or dropped."""
        q = self._queue if self._pid == os.getpid() else None
        deadline = time.monotonic() + timeout
        while q is not None and q.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.01)

    def _sender(self) -> queue.Queue[dict[str, Any]]:
        with self._lock:
            if self._pid != os.getpid():  # first use in this process (or after a fork)
                self._queue = queue.Queue(maxsize=10_000)
                self._pid = os.getpid()
                threading.Thread(
                    target=self._run, args=(self._queue,), name="studio-events", daemon=True
                ).start()
                atexit.register(self.flush)
            return self._queue  # type: ignore[return-value]

    def _run(self, q: queue.Queue[dict[str, Any]]) -> None:
        while True:
            batch = [q.get()]
            while len(batch) < 200:
                try:
                    batch.append(q.get_nowait())
                except queue.Empty:
                    break
            self._publish(batch)
            for _ in batch:
                q.task_done()

    def _publish(self, events: list[dict[str, Any]]) -> None:
        try:
            pipe = self._client.get().pipeline(transaction=False)
            for event in events:
                payload = json.dumps(event, default=str)
                brief_id = event["brief_id"]
                pipe.publish(channel(brief_id), payload)
                pipe.xadd(
                    stream(brief_id), {"event": payload}, maxlen=STREAM_MAXLEN, approximate=True
                )
                pipe.expire(stream(brief_id), STREAM_TTL_S)
            pipe.execute()
            self._warned = False
        except Exception as exc:  # Redis restarting: the ledger still has the truth
            if not self._warned:
                log.warning("progress events paused (%s: %s)", type(exc).__name__, exc)
                self._warned = True


class EventReader:
    """Read a brief's events in order from its stream: `read()` blocks up to `block_ms` for
    new ones and returns [] on timeout or while Redis is unreachable."""

    def __init__(self, url: str, brief_id: str) -> None:
        self._client = _Client(url)
        self.brief_id = brief_id
        self.last_id = "0"

    def read(self, *, block_ms: int = 500) -> list[dict[str, Any]]:
        try:
            reply = self._client.get().xread(
                {stream(self.brief_id): self.last_id}, block=block_ms, count=500
            )
        except Exception:
            import time

            time.sleep(block_ms / 1000)  # Redis away: the caller polls the ledger meanwhile
            return []
        events = []
        for _name, entries in reply or []:
            for entry_id, fields in entries:
                self.last_id = entry_id
                raw = fields.get(b"event") or fields.get("event")
                try:
                    events.append(json.loads(raw))
                except (TypeError, ValueError):
                    continue
        return events
