"""Fair share across owners (studio/fairness.py): the priority rule, the local pool's fair
queue, and the local dispatcher running real briefs of two owners on one thread. The Celery
side (priorities on real Redis with a real worker) is in tests/workers/test_workers_fairness.py."""

from __future__ import annotations

import threading
from pathlib import Path

from studio.config import Settings
from studio.context import open_context
from studio.dispatch import LocalDispatcher
from studio.fairness import LEVELS, FairQueue, priorities
from tests.workers_support import storyboard


def test_priorities_step_down_with_the_owners_backlog_and_stop_at_the_last_level() -> None:
    assert priorities(0, 5, 2) == [0, 0, 1, 1, 2]
    assert priorities(3, 3, 2) == [1, 2, 2]
    assert priorities(0, 3, 1) == [0, 1, 2]
    assert priorities(100, 2, 2) == [LEVELS - 1, LEVELS - 1]
    assert priorities(0, 0, 2) == []


def test_the_fair_queue_serves_owners_in_turn_not_in_arrival_order() -> None:
    q = FairQueue()
    for i in range(4):
        q.put("ann", f"ann{i}")
    q.put("bob", "bob0")
    q.put("cid", "cid0")
    order = []
    while q.waiting():
        owner, item = q.take()
        order.append(item)
        q.done(owner)
    assert order == ["ann0", "bob0", "cid0", "ann1", "ann2", "ann3"]


def test_the_fair_queue_prefers_owners_with_fewer_items_running() -> None:
    q = FairQueue()
    q.put("ann", "a0")
    assert q.take() == ("ann", "a0")  # still running
    q.put("ann", "a1")
    q.put("bob", "b0")
    assert q.take() == ("bob", "b0")
    q.done("ann")
    assert q.take() == ("ann", "a1")


def test_a_closed_fair_queue_wakes_its_takers() -> None:
    q = FairQueue()
    got = []
    thread = threading.Thread(target=lambda: got.append(q.take()))
    thread.start()
    q.close()
    thread.join(5)
    assert not thread.is_alive() and got == [None]


def test_one_thread_runs_another_owners_single_brief_before_a_batch_finishes(
    tmp_path: Path,
) -> None:
    settings = Settings(_env_file=None, output_dir=tmp_path, database_url=None)
    ctx = open_context(settings)
    dispatcher = LocalDispatcher(threads=1)
    batch = []
    for seed in range(4):
        brief, plan = storyboard(settings, panels=3, seed=seed, panel_size=96)
        brief = brief.model_copy(update={"owner": "ann"})
        dispatcher.submit(ctx, brief, plan)
        batch.append(brief.id)
    single, plan = storyboard(settings, panels=3, seed=9, panel_size=96)
    single = single.model_copy(update={"owner": "bob"})
    dispatcher.submit(ctx, single, plan)
    dispatcher.shutdown(wait=True)

    rows = {b: ctx.ledger.get(b) for b in [*batch, single.id]}
    assert all(r.state.value == "succeeded" for r in rows.values()), {
        b: (r.state, r.error) for b, r in rows.items()
    }
    started = sorted(rows, key=lambda b: rows[b].started_at)
    # ann's first brief was running (or taken) when bob's arrived; bob's goes next, not last
    assert started.index(single.id) <= 2, started
    assert started[-1] in batch
