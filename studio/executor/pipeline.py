"""Keep the GPU fed: a process drives one GPU, and a job's CPU work after its images exist
(PNG encoding, the durable write, the ledger record) overlaps the next job's generation.

    task thread 1: [slot: generate N  ] encode N [in order: write N, record N] return: ack N
    task thread 2:  waits for the slot  [slot: generate N+1  ] encode N+1 [in order: ...]

- the slot: in one process, one gpu-queue job generates at a time (a GPU runs one pipeline
  call well, not two); a job takes the slot before it takes its lease, so a job waiting
  for the GPU is not yet "running" and counts no attempt;
- turns, in the order the slot was taken: a job writes its outputs and its record only once
  the job generated before it has written (or given up), so records land in generation
  order and the line is at most two jobs deep;
- durability is unchanged: a task returns, and Celery acknowledges its message (acks_late),
  only after its own write and record. A process killed between generation and write loses
  the work, not the job: the message is redelivered and the job runs again; outputs are keyed
  by job and image and written atomically, the record last, so nothing is written twice.

A worker overlaps when two task threads share the process's model and slot:
`celery -A workers.app worker -Q gpu --pool threads --concurrency 2` (two messages held, one
generating, one writing). With one task at a time (the prefork pool, -c 1) the same code runs
in sequence: the slot is never contended. Jobs of other queues take no turn.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

GPU_QUEUE = "gpu"


class Turn:
    """One job's place in the line: it holds the slot until `generated()`, and
    `in_order()` waits for the job generated before it to finish writing."""

    def __init__(self, slot: threading.Lock | None, previous: threading.Event | None) -> None:
        self._slot = slot
        self._previous = previous
        self.done = threading.Event()

    def generated(self) -> None:
        """The images exist: the next job may generate."""
        slot, self._slot = self._slot, None
        if slot is not None:
            slot.release()

    @contextmanager
    def in_order(self) -> Iterator[None]:
        """Write and record only after the job generated before this one did."""
        if self._previous is not None:
            self._previous.wait()
        yield

    def close(self) -> None:
        self.generated()
        self.done.set()


class Line:
    """The process's GPU line: one slot and the done-flag of the last turn handed out."""

    def __init__(self) -> None:
        self._slot = threading.Lock()
        self._last: threading.Event | None = None

    @contextmanager
    def turn(self) -> Iterator[Turn]:
        """Wait for the slot, take the next turn; the turn ends (slot released, done set)
        when the block exits, however it exits."""
        self._slot.acquire()
        turn = Turn(self._slot, self._last)
        self._last = turn.done  # under the slot: turns are numbered in generation order
        try:
            yield turn
        finally:
            turn.close()


GPU = Line()


@contextmanager
def turn_for(queue: str) -> Iterator[Turn]:
    """A turn on this process's GPU line for a gpu-queue job; a free pass for the others."""
    if queue != GPU_QUEUE:
        free = Turn(None, None)
        try:
            yield free
        finally:
            free.close()
        return
    with GPU.turn() as turn:
        yield turn
