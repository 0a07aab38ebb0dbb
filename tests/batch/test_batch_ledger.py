"""The batch tables on both ledgers (SQLite, and the PostgreSQL on this machine when it is
there): a batch is found again by its key, every item is taken by exactly one of several
racing takers, a dead taker's items are taken over once its lease ran out, only the holder
ends an item, and cancel / reopen / end settle the batch's state."""

from __future__ import annotations

import secrets
import threading
import time

import pytest

from studio.ledger import Ledger


def _batch(ledger: Ledger, n: int = 3, owner: str = "ann") -> str:
    batch_id = f"batch-{secrets.token_hex(6)}"
    items = [
        {"name": f"q{i}.pdf", "path": f"/in/q{i}.pdf", "sha256": f"s{i}", "key": f"{batch_id}{i}"}
        for i in range(n)
    ]
    row, new = ledger.create_batch(
        batch_id=batch_id,
        key=f"key-{batch_id}",
        owner=owner,
        template="earnings-infographic",
        template_version="1",
        options={"formats": ["16:9"]},
        out_dir="/out",
        items=items,
    )
    assert new and [i.state for i in row.items] == ["pending"] * n
    return batch_id


def test_a_batch_is_found_again_by_its_key(ledger: Ledger) -> None:
    batch_id = _batch(ledger)
    again, new = ledger.create_batch(
        batch_id="batch-other",
        key=f"key-{batch_id}",
        owner="ann",
        template="earnings-infographic",
        template_version="1",
        options={},
        out_dir=None,
        items=[],
    )
    assert not new and again.id == batch_id and len(again.items) == 3
    assert again.options == {"formats": ["16:9"]}
    assert [b.id for b in ledger.list_batches(owner="ann")][:1] == [batch_id]
    with pytest.raises(Exception, match="no batch"):
        ledger.batch(batch_id, owner="bob")  # another owner's batch is not found


def test_racing_takers_get_each_item_once(ledger: Ledger) -> None:
    batch_id = _batch(ledger, n=6)
    taken: list[tuple[str, str]] = []
    lock, barrier = threading.Lock(), threading.Barrier(4)

    def take(who: str) -> None:
        barrier.wait()
        while (item := ledger.take_item(batch_id, owner=who, lease_s=30)) is not None:
            with lock:
                taken.append((item.id, who))

    threads = [threading.Thread(target=take, args=(f"t{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(i for i, _ in taken) == [f"{batch_id}-{p:04d}" for p in range(6)]
    assert all(i.attempts == 1 for i in ledger.batch(batch_id).items)


def test_a_dead_takers_items_are_taken_over_after_its_lease(ledger: Ledger) -> None:
    batch_id = _batch(ledger, n=1)
    item = ledger.take_item(batch_id, owner="dead", lease_s=1)
    assert item is not None and ledger.take_item(batch_id, owner="next", lease_s=30) is None
    ledger.set_item_brief(item.id, brief_id="b-1", dispatcher="local")
    time.sleep(1.2)
    again = ledger.take_item(batch_id, owner="next", lease_s=30)
    assert again is not None and again.id == item.id and again.attempts == 2
    assert again.brief_id == "b-1"  # the brief it was making is adopted, not made again
    assert not ledger.finish_item(item.id, owner="dead", state="succeeded")  # no longer its
    assert ledger.finish_item(item.id, owner="next", state="succeeded", seconds=1.5)
    assert ledger.end_batch(batch_id) == "succeeded"
    assert ledger.done_brief_for(owner="ann", key=f"{batch_id}0") == "b-1"
    assert ledger.done_brief_for(owner="bob", key=f"{batch_id}0") is None


def test_cancel_reopen_and_end(ledger: Ledger) -> None:
    batch_id = _batch(ledger, n=3)
    first = ledger.take_item(batch_id, owner="me", lease_s=30)
    assert first is not None
    ledger.set_item_brief(first.id, brief_id="b-run", dispatcher="local")
    assert ledger.cancel_batch(batch_id, reason="stop") == ["b-run"]
    assert ledger.cancel_batch(batch_id, reason="stop") == []  # once
    assert ledger.take_item(batch_id, owner="me", lease_s=30) is None  # not running
    assert ledger.finish_item(first.id, owner="me", state="cancelled", error="stop")
    row = ledger.batch(batch_id)
    assert row.state == "cancelled" and {i.state for i in row.items} == {"cancelled"}
    assert ledger.end_batch(batch_id) == "cancelled"
    assert ledger.reopen_batch(batch_id) == 3
    assert ledger.batch(batch_id).state == "running"
    for state in ("succeeded", "failed", "succeeded"):
        item = ledger.take_item(batch_id, owner="me", lease_s=30)
        assert item is not None and ledger.end_batch(batch_id) is None
        ledger.finish_item(item.id, owner="me", state=state, error="broken")
    assert ledger.end_batch(batch_id) == "failed"
    assert ledger.reopen_batch(batch_id) == 1  # only the failed one runs again
