"""Batches in the ledger: one brief per input file, found again by the batch's key, each item
taken under a lease like a job.

Several processes may work on one batch (a `studio batch` that was killed and its `resume`,
two resumes at once, the HTTP service), so every decision they could race on is one
conditional write:

    create_batch   the batch and its items, once per key (a second creator reads the first's)
    take_item      pending -> running, or a running item whose lease ran out: one taker
    finish_item    running -> succeeded | failed | cancelled, by the lease holder only
    reopen_batch   failed / cancelled items -> pending, the batch -> running (a rerun)
    cancel_batch   running -> cancelled, its pending items with it
    end_batch      running -> succeeded | failed, once no item is pending or running
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from studio.domain import utcnow
from studio.errors import NotFoundError
from studio.ledger.schema import _aware, batch_items, batches, briefs

PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED = (
    "pending",
    "running",
    "succeeded",
    "failed",
    "cancelled",
)
ITEM_ENDED = (SUCCEEDED, FAILED, CANCELLED)


@dataclass
class ItemRow:
    id: str
    batch_id: str
    position: int
    name: str
    path: str
    sha256: str
    key: str
    brief_id: str | None
    dispatcher: str | None
    state: str
    error: str | None
    attempts: int
    seconds: float | None
    started_at: datetime | None
    finished_at: datetime | None
    lease_owner: str | None
    lease_expires_at: datetime | None


@dataclass
class BatchRow:
    id: str
    owner: str
    key: str
    template: str
    template_version: str
    options: dict[str, Any]
    out_dir: str | None
    state: str
    created_at: datetime
    finished_at: datetime | None
    items: list[ItemRow] = field(default_factory=list)


def _item(r: Any) -> ItemRow:
    values = dict(r)
    for name in ("started_at", "finished_at", "lease_expires_at"):
        values[name] = _aware(values[name])
    return ItemRow(**values)


def _batch(r: Any) -> BatchRow:
    return BatchRow(
        id=r["id"],
        owner=r["owner"],
        key=r["key"],
        template=r["template"],
        template_version=r["template_version"],
        options=json.loads(r["options_json"]),
        out_dir=r["out_dir"],
        state=r["state"],
        created_at=_aware(r["created_at"]),
        finished_at=_aware(r["finished_at"]),
    )


class BatchMixin:
    """The batch operations of the Ledger (which provides `engine`, `_one` and `_read`)."""

    engine: Any

    def _one(self) -> Any: ...  # pragma: no cover - provided by Ledger

    def _read(self) -> Any: ...  # pragma: no cover - provided by Ledger

    def create_batch(
        self,
        *,
        batch_id: str,
        key: str,
        owner: str,
        template: str,
        template_version: str,
        options: dict[str, Any],
        out_dir: str | None,
        items: list[dict[str, Any]],
    ) -> tuple[BatchRow, bool]:
        """The batch with this key: made now with its items (name, path, sha256, key), or the
        one made before. Returns it and whether it is new."""
        now = utcnow()
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    insert(batches).values(
                        id=batch_id,
                        owner=owner,
                        key=key,
                        template=template,
                        template_version=template_version,
                        options_json=json.dumps(options, sort_keys=True),
                        out_dir=out_dir,
                        state=RUNNING,
                        created_at=now,
                    )
                )
                for position, item in enumerate(items):
                    conn.execute(
                        insert(batch_items).values(
                            {
                                "id": f"{batch_id}-{position:04d}",
                                "batch_id": batch_id,
                                "position": position,
                                "state": PENDING,
                                "attempts": 0,
                                **item,  # name, path, sha256, key (and a taken-over brief)
                            }
                        )
                    )
        except IntegrityError:  # made by someone else since we looked
            pass
        else:
            return self.batch(batch_id), True
        found = self.batch_by_key(key)
        if found is None:
            raise NotFoundError(f"batch key {key[:12]} collides with no batch")
        return found, False

    def batch_by_key(self, key: str) -> BatchRow | None:
        with self._read() as conn:
            row = conn.execute(select(batches.c.id).where(batches.c.key == key)).first()
        return self.batch(row[0]) if row else None

    def batch(self, batch_id: str, *, owner: str | None = None) -> BatchRow:
        """A batch with its items in order (another owner's is not found)."""
        with self._read() as conn:
            row = conn.execute(select(batches).where(batches.c.id == batch_id)).mappings().first()
            if row is None or (owner is not None and row["owner"] != owner):
                raise NotFoundError(
                    f"no batch {batch_id!r}", hint="list your batches with `studio batch list`"
                )
            out = _batch(row)
            found = conn.execute(
                select(batch_items)
                .where(batch_items.c.batch_id == batch_id)
                .order_by(batch_items.c.position)
            )
            out.items = [_item(r) for r in found.mappings()]
        return out

    def list_batches(self, *, owner: str, limit: int = 50) -> list[BatchRow]:
        with self._read() as conn:
            ids = conn.execute(
                select(batches.c.id)
                .where(batches.c.owner == owner)
                .order_by(batches.c.created_at.desc(), batches.c.id.desc())
                .limit(limit)
            ).scalars()
            ids = list(ids)
        return [self.batch(i) for i in ids]

    def done_brief_for(self, *, owner: str, key: str) -> str | None:
        """The brief of a succeeded item with this key in any of the owner's batches."""
        with self._read() as conn:
            return conn.execute(
                select(batch_items.c.brief_id)
                .join(batches, batches.c.id == batch_items.c.batch_id)
                .where(
                    batches.c.owner == owner,
                    batch_items.c.key == key,
                    batch_items.c.state == SUCCEEDED,
                    batch_items.c.brief_id.is_not(None),
                )
                .limit(1)
            ).scalar()

    def reopen_batch(self, batch_id: str) -> int:
        """A rerun: failed and cancelled items are pending again, the batch is running.
        Returns how many items were reopened."""
        with self.engine.begin() as conn:
            done = conn.execute(
                update(batch_items)
                .where(
                    batch_items.c.batch_id == batch_id,
                    batch_items.c.state.in_([FAILED, CANCELLED]),
                )
                .values(state=PENDING, lease_owner=None, lease_expires_at=None)
            )
            conn.execute(
                update(batches)
                .where(batches.c.id == batch_id)
                .values(state=RUNNING, finished_at=None)
            )
        return int(done.rowcount or 0)

    def take_item(self, batch_id: str, *, owner: str, lease_s: float) -> ItemRow | None:
        """The next item to work on, leased to `owner`: a pending one, or a running one whose
        holder stopped renewing (it died). None when there is none or the batch is not
        running. Two takers never get the same item."""
        while True:
            now = utcnow()
            free = or_(
                batch_items.c.state == PENDING,
                (batch_items.c.state == RUNNING) & (batch_items.c.lease_expires_at < now),
            )
            running = exists().where(batches.c.id == batch_id, batches.c.state == RUNNING)
            with self._read() as conn:
                candidate = conn.execute(
                    select(batch_items.c.id)
                    .where(batch_items.c.batch_id == batch_id, free, running)
                    .order_by(batch_items.c.position)
                    .limit(1)
                ).scalar()
            if candidate is None:
                return None
            with self._one() as conn:
                row = (
                    conn.execute(
                        update(batch_items)
                        .where(batch_items.c.id == candidate, free)
                        .values(
                            state=RUNNING,
                            attempts=batch_items.c.attempts + 1,
                            started_at=func.coalesce(batch_items.c.started_at, now),
                            lease_owner=owner,
                            lease_expires_at=now + timedelta(seconds=lease_s),
                        )
                        .returning(*batch_items.c)
                    )
                    .mappings()
                    .first()
                )
            if row is not None:
                return _item(row)
            # another taker was first: look again

    def renew_items(self, *, owner: str, lease_s: float) -> int:
        """Extend the leases of every item `owner` is working on (its heartbeat)."""
        with self._one() as conn:
            done = conn.execute(
                update(batch_items)
                .where(batch_items.c.lease_owner == owner, batch_items.c.state == RUNNING)
                .values(lease_expires_at=utcnow() + timedelta(seconds=lease_s))
            )
        return int(done.rowcount or 0)

    def set_item_brief(self, item_id: str, *, brief_id: str | None, dispatcher: str) -> None:
        """The brief that makes this item (written before the brief is handed over)."""
        with self._one() as conn:
            conn.execute(
                update(batch_items)
                .where(batch_items.c.id == item_id)
                .values(brief_id=brief_id, dispatcher=dispatcher, error=None)
            )

    def finish_item(
        self,
        item_id: str,
        *,
        owner: str,
        state: str,
        error: str | None = None,
        seconds: float | None = None,
    ) -> bool:
        """End an item the caller holds; False when it no longer does (the batch was
        cancelled, or its lease ran out and another process took the item)."""
        with self._one() as conn:
            done = conn.execute(
                update(batch_items)
                .where(
                    batch_items.c.id == item_id,
                    batch_items.c.state == RUNNING,
                    batch_items.c.lease_owner == owner,
                )
                .values(
                    state=state,
                    error=error,
                    seconds=seconds,
                    finished_at=utcnow(),
                    lease_owner=None,
                    lease_expires_at=None,
                )
            )
        return bool(done.rowcount)

    def cancel_batch(self, batch_id: str, *, reason: str) -> list[str]:
        """Stop a running batch: pending items never start. Returns the briefs of its running
        items (for the caller to cancel); [] when the batch was not running."""
        with self.engine.begin() as conn:
            done = conn.execute(
                update(batches)
                .where(batches.c.id == batch_id, batches.c.state == RUNNING)
                .values(state=CANCELLED, finished_at=utcnow())
            )
            if not done.rowcount:
                return []
            conn.execute(
                update(batch_items)
                .where(batch_items.c.batch_id == batch_id, batch_items.c.state == PENDING)
                .values(state=CANCELLED, error=reason, finished_at=utcnow())
            )
            running = conn.execute(
                select(batch_items.c.brief_id).where(
                    batch_items.c.batch_id == batch_id,
                    batch_items.c.state == RUNNING,
                    batch_items.c.brief_id.is_not(None),
                )
            ).scalars()
            return [b for b in running if b]

    def end_batch(self, batch_id: str) -> str | None:
        """The batch's final state once no item is pending or running (succeeded when every
        item did, else failed); None while some still are. A cancelled batch stays so."""
        live = exists().where(
            batch_items.c.batch_id == batch_id, batch_items.c.state.in_([PENDING, RUNNING])
        )
        failed = exists().where(
            batch_items.c.batch_id == batch_id, batch_items.c.state != SUCCEEDED
        )
        with self.engine.begin() as conn:
            conn.execute(
                update(batches)
                .where(batches.c.id == batch_id, batches.c.state == RUNNING, ~live, failed)
                .values(state=FAILED, finished_at=utcnow())
            )
            conn.execute(
                update(batches)
                .where(batches.c.id == batch_id, batches.c.state == RUNNING, ~live, ~failed)
                .values(state=SUCCEEDED, finished_at=utcnow())
            )
            state = conn.execute(select(batches.c.state).where(batches.c.id == batch_id)).scalar()
        return None if state == RUNNING else state

    def brief_states(self, brief_ids: list[str]) -> dict[str, tuple[str, str | None, float | None]]:
        """(state, error, seconds it ran) of each of these briefs that is in the ledger."""
        if not brief_ids:
            return {}
        with self._read() as conn:
            rows = conn.execute(
                select(
                    briefs.c.id,
                    briefs.c.state,
                    briefs.c.error,
                    briefs.c.started_at,
                    briefs.c.finished_at,
                ).where(briefs.c.id.in_(brief_ids))
            ).all()
        out = {}
        for r in rows:
            started, finished = _aware(r[3]), _aware(r[4])
            seconds = (finished - started).total_seconds() if started and finished else None
            out[r[0]] = (r[1], r[2], seconds)
        return out
