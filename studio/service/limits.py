"""Per-user limits, checked when a brief is submitted (after planning, before anything is
written): how many briefs may be open at once (planned, in review or running), how many images
a day and how much estimated spend a calendar month (UTC). The numbers come from the ledger;
the limits from studio.accounts (None: unlimited). Going over is a LimitExceededError (429)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from studio.accounts import user_limits
from studio.config import Settings
from studio.context import open_context
from studio.domain import Brief, Plan, State
from studio.errors import RateLimitedError
from studio.ledger.schema import briefs, jobs

_locks: dict[str, threading.Lock] = {}
_guard = threading.Lock()


class LimitExceededError(RateLimitedError):
    """A user's limit would be passed by this brief (HTTP 429)."""

    def __init__(self, message: str, *, hint: str, field: str, retry_after: float | None = None):
        super().__init__(message, retry_after=retry_after, hint=hint)
        self.field = field


class Usage:
    """What a user has in the ledger now: open briefs, images today, estimated spend this month."""

    def __init__(self, open_briefs: int, images_today: int, spent_month_usd: float) -> None:
        self.open_briefs = open_briefs
        self.images_today = images_today
        self.spent_month_usd = spent_month_usd


def usage(settings: Settings, owner: str, *, now: datetime | None = None) -> Usage:
    now = now or datetime.now(UTC)
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    month = day.replace(day=1)
    engine = open_context(settings).ledger.engine
    with engine.connect() as conn:
        open_ = conn.execute(
            select(func.count())
            .select_from(briefs)
            .where(
                briefs.c.owner == owner,
                briefs.c.state.in_([State.planned.value, State.running.value]),
            )
        ).scalar_one()
        images = conn.execute(
            select(func.count())
            .select_from(jobs.join(briefs, jobs.c.brief_id == briefs.c.id))
            .where(
                briefs.c.owner == owner,
                briefs.c.created_at >= day,
                jobs.c.kind == "generate",
                jobs.c.state != State.cancelled.value,
            )
        ).scalar_one()
        spent = 0.0
        for (plan_json,) in conn.execute(
            select(briefs.c.plan_json).where(briefs.c.owner == owner, briefs.c.created_at >= month)
        ):
            if plan_json:
                try:
                    spent += float(json.loads(plan_json).get("estimated_cost_usd") or 0.0)
                except ValueError:
                    continue
    return Usage(int(open_), int(images), spent)


@contextmanager
def owner_lock(owner: str) -> Iterator[None]:
    """One submit at a time per owner in this process, so that two cannot both pass a limit."""
    with _guard:
        lock = _locks.setdefault(owner, threading.Lock())
    with lock:
        yield


def check_limits(settings: Settings, owner: str, brief: Brief, plan: Plan) -> None:
    """Refuse a brief that would pass one of `owner`'s limits (LimitExceededError)."""
    limits = user_limits(settings, owner)
    if all(v is None for v in limits.model_dump().values()):
        return
    now = datetime.now(UTC)
    used = usage(settings, owner, now=now)
    if (
        limits.max_concurrent_briefs is not None
        and used.open_briefs >= limits.max_concurrent_briefs
    ):
        raise LimitExceededError(
            f"you have {used.open_briefs} briefs open, the most you may have at once is "
            f"{limits.max_concurrent_briefs}",
            hint="wait for one to end, approve or cancel the ones in review, then submit again",
            field="max_concurrent_briefs",
            retry_after=10,
        )
    images = sum(j.count for j in plan.jobs)
    if limits.images_per_day is not None and used.images_today + images > limits.images_per_day:
        tomorrow = now.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
        raise LimitExceededError(
            f"this brief makes {images} images; you have made {used.images_today} today of "
            f"{limits.images_per_day} a day",
            hint="ask for fewer images, or submit it tomorrow (UTC)",
            field="images_per_day",
            retry_after=(tomorrow - now).total_seconds(),
        )
    budget = limits.budget_per_month_usd
    if budget is not None and used.spent_month_usd + plan.estimated_cost_usd > budget + 1e-9:
        raise LimitExceededError(
            f"this brief is estimated at ${plan.estimated_cost_usd:.2f}; your briefs this month "
            f"come to ${used.spent_month_usd:.2f} of ${budget:.2f}",
            hint="choose a cheaper generator or fewer images, or ask an operator to raise it",
            field="budget_per_month_usd",
        )
