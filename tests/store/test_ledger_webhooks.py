"""Webhook subscriptions and the paging of briefs in the ledger, on SQLite and PostgreSQL: the
outbox keeps what was on its way, a new stream numbers after what was seen, and a page walk
by cursor sees every brief of one owner exactly once, newest first."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from studio import service
from studio.config import Settings
from studio.domain import State, utcnow
from studio.errors import UserInputError
from studio.ledger import Ledger
from studio.ledger import webhooks as hooks
from tests.store.test_ledger_postgres import _brief


def _mine(rows: list[hooks.WebhookRow], *ids: str) -> list[str]:
    """This test's rows only: the PostgreSQL database is shared by the module's tests."""
    return [r.brief_id for r in rows if r.brief_id in ids]


def test_a_subscription_is_an_outbox_that_outlives_its_deliverer(ledger: Ledger) -> None:  # noqa: F811
    b = _brief(ledger)
    hooks.add_webhook(ledger, brief_id=b, owner="ann", url="https://x.test/h", events=["planned"])
    row = hooks.get_webhook(ledger, b)
    assert (row.owner, row.url, row.events, row.seen, row.ended_at) == (
        "ann",
        "https://x.test/h",
        ["planned"],
        0,
        None,
    )
    assert _mine(hooks.unfinished_webhooks(ledger), b) == [b]

    assert hooks.look(ledger, b, seen=1) is None  # an event not subscribed to
    queued = hooks.look(ledger, b, seen=2, send=("brief.planned", {"brief_id": b, "n": 2}))
    assert (queued.id, queued.state, queued.data) == (f"{b}.2", "pending", {"brief_id": b, "n": 2})
    assert hooks.look(ledger, b, seen=2, send=("brief.planned", {})) is None  # already queued
    assert hooks.get_webhook(ledger, b).seen == 2

    # the deliverer dies here; the next one finds the delivery pending, with its payload
    [pending] = hooks.deliveries(ledger, b, state="pending")
    assert (pending.id, pending.number, pending.type, pending.data["n"]) == (
        f"{b}.2",
        2,
        "brief.planned",
        2,
    )
    hooks.settle(ledger, pending.id, delivered=False, status=503, attempts=3)
    hooks.look(ledger, b, seen=3, send=("brief.finished", {"state": "succeeded"}), ended=True)
    assert _mine(hooks.unfinished_webhooks(ledger), b) == [b]  # ended, one still pending
    hooks.settle(ledger, f"{b}.3", delivered=True, status=204, attempts=1)
    assert _mine(hooks.unfinished_webhooks(ledger), b) == []
    got = [(d.id, d.state, d.status, d.attempts) for d in hooks.deliveries(ledger, b)]
    assert got == [(f"{b}.2", "failed", 503, 3), (f"{b}.3", "delivered", 204, 1)]
    assert hooks.get_webhook(ledger, b).ended_at is not None


def test_a_new_stream_is_numbered_after_what_was_seen(ledger: Ledger) -> None:  # noqa: F811
    b = _brief(ledger)
    hooks.add_webhook(ledger, brief_id=b, owner="ann", url="https://x.test/h", events=["stage"])
    hooks.set_stream(ledger, b, stream="local:one", base=0)
    for n in (1, 2, 3):
        hooks.look(ledger, b, seen=n)
    hooks.set_stream(ledger, b, stream="local:two", base=3)
    row = hooks.get_webhook(ledger, b)
    assert (row.stream, row.base, row.seen) == ("local:two", 3, 3)
    hooks.add_webhook(ledger, brief_id=b, owner="ann", url="https://y.test/h", events=["stage"])
    assert hooks.get_webhook(ledger, b).url == "https://y.test/h"  # replaced, progress kept
    assert hooks.get_webhook(ledger, b).seen == 3


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    database_url = None if request.param == "sqlite" else request.getfixturevalue("pg_database")
    yield Settings(output_dir=tmp_path / "out", database_url=database_url)


def test_pages_walk_one_owners_briefs_once_newest_first(settings: Settings) -> None:
    db = Ledger(settings.ledger_url)
    ann, bob = f"ann-{secrets.token_hex(3)}", f"bob-{secrets.token_hex(3)}"
    start = utcnow() - timedelta(hours=1)
    made: dict[str, list[tuple[object, str]]] = {ann: [], bob: []}
    for i in range(30):
        owner = ann if i % 3 else bob
        # every fourth brief shares its creation time with the one before: ids break the tie
        at = start + timedelta(seconds=i - (i % 4 == 3))
        brief_id = f"b-{i:02d}-{secrets.token_hex(3)}"
        db.create_brief(brief_id=brief_id, owner=owner, text=f"t{i}", created_at=at)
        if i % 2:
            db.set_brief(brief_id, state=State.succeeded)
        made[owner].append((at, brief_id))
    newest_first = [b for _, b in sorted(made[ann], reverse=True)]
    assert len(newest_first) == 20

    seen, cursor, sizes = [], None, []
    while True:
        views, cursor = service.page_briefs(settings=settings, owner=ann, limit=7, after=cursor)
        sizes.append(len(views))
        seen += [v.id for v in views]
        if cursor is None:
            break
    assert sizes == [7, 7, 6]
    assert seen == newest_first  # each exactly once, in order; none of bob's

    done, cursor = [], None
    while True:
        views, cursor = service.page_briefs(
            settings=settings, owner=ann, limit=7, state="succeeded", after=cursor
        )
        assert all(v.state == "succeeded" for v in views)
        done += [v.id for v in views]
        if cursor is None:
            break
    assert done == [b for b in newest_first if int(b[2:4]) % 2]

    exact, end = service.page_briefs(settings=settings, owner=bob, limit=10)
    assert len(exact) == 10 and end is None  # a full last page says it is the last

    for garbled in ("nope", "!!!", "bm90IGEgY3Vyc29y", newest_first[0]):
        with pytest.raises(UserInputError) as err:
            service.page_briefs(settings=settings, owner=ann, after=garbled)
        assert err.value.field == "cursor"
