"""The ledger's tables, the statements workers run most, and the rows it hands back."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    func,
    select,
    update,
)

from studio.domain import Stage, State

# The schema as this Studio declares it. A change here needs a new revision in
# studio/ledger/migrations/versions/ (and HEAD there); ids and states we generate stay short
# VARCHARs, everything a user or a planner can write is TEXT.
metadata = MetaData()

briefs = Table(
    "briefs",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("owner", Text, nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("state", String(16), nullable=False),
    Column("stage", String(32), nullable=False, default=Stage.planned.value),
    Column("error", Text),
    Column("template_id", Text),
    Column("planner", Text),
    Column("out_dir", Text),
    Column("manifest", Text),
    Column("plan_json", Text),
    Column("jobs_total", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("started_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
    Column("lease_owner", Text),
    Column("lease_expires_at", DateTime(timezone=True)),
    # one owner's page of briefs, newest first (studio/ledger/pages.py walks it by keyset)
    Index("ix_briefs_owner_created_at_id", "owner", "created_at", "id"),
)

jobs = Table(
    "jobs",
    metadata,
    Column("id", String(96), primary_key=True),
    Column("brief_id", String(64), ForeignKey("briefs.id"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),  # generate | compose
    Column("state", String(16), nullable=False),
    Column("generator", Text),
    Column("attempts", Integer, nullable=False, default=0),
    Column("error", Text),
    Column("outputs_json", Text),
    Column("started_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
    Column("seconds", Float),
    Column("lease_owner", Text),
    Column("lease_expires_at", DateTime(timezone=True)),
)


# Accounts (studio/accounts.py): who may call the HTTP service, with their limits (NULL is
# unlimited) and the secret their webhooks are signed with; and their API keys, stored as
# scrypt hashes (`prefix` is the public part of a key, for finding and listing it).
users = Table(
    "users",
    metadata,
    Column("name", Text, primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    Column("max_concurrent_briefs", Integer),
    Column("images_per_day", Integer),
    Column("budget_per_month_usd", Float),
    Column("webhook_secret", Text, nullable=False),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("user_name", Text, ForeignKey("users.name"), nullable=False, index=True),
    Column("prefix", String(16), nullable=False, index=True, unique=True),
    Column("hash", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    Column("last_used_at", DateTime(timezone=True)),
)


# Webhooks (studio/service/webhooks.py, studio/ledger/webhooks.py): one subscription per
# brief, where its deliverer got to (`seen`, the last event number looked at; `ended_at` once
# the brief's final event was), and each delivery, written with its payload before it is
# sent (`state` pending) and settled afterwards (delivered or failed). `stream` and `base`
# number the events of a live stream that did not outlive a restart.
webhooks = Table(
    "webhooks",
    metadata,
    Column("brief_id", String(64), ForeignKey("briefs.id"), primary_key=True),
    Column("owner", Text, nullable=False),
    Column("url", Text, nullable=False),
    Column("events_json", Text, nullable=False),
    Column("seen", Integer, nullable=False, default=0),
    Column("stream", Text),
    Column("base", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True)),
)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", String(96), primary_key=True),  # the webhook-id: <brief>.<event number>
    Column("brief_id", String(64), ForeignKey("webhooks.brief_id"), nullable=False, index=True),
    Column("number", Integer, nullable=False),  # the event number
    Column("type", String(32), nullable=False),  # brief.planned, brief.finished, ...
    Column("data_json", Text, nullable=False),  # the event, as sent
    Column("state", String(16), nullable=False),  # pending | delivered | failed
    Column("status", Integer),  # the last HTTP status (0: no answer)
    Column("attempts", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("settled_at", DateTime(timezone=True)),
)


# Batches (studio/ledger/batches.py, studio/service/batches.py): one brief per input file.
# A batch is found again by its `key` (the owner and its items' keys), so the same command
# run twice reuses it; an item's `key` is its content's sha256 + the template's version + the
# options, so a done item is never run again. Items are taken under a lease like jobs.
batches = Table(
    "batches",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("owner", Text, nullable=False, index=True),
    Column("key", String(64), nullable=False),
    Column("template", Text, nullable=False),
    Column("template_version", Text, nullable=False),
    Column("options_json", Text, nullable=False),
    Column("out_dir", Text),  # where its report is written
    Column("state", String(16), nullable=False),  # running | succeeded | failed | cancelled
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Index("ux_batches_key", "key", unique=True),
)

batch_items = Table(
    "batch_items",
    metadata,
    Column("id", String(96), primary_key=True),  # <batch id>-<position>
    Column("batch_id", String(64), ForeignKey("batches.id"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),  # the input's file name
    Column("path", Text, nullable=False),  # where it was read from
    Column("sha256", String(64), nullable=False),
    Column("key", String(64), nullable=False, index=True),
    Column("brief_id", String(64)),  # the brief that made (or is making) it
    Column("dispatcher", String(16)),  # local | celery: who runs that brief
    Column(
        "state", String(16), nullable=False
    ),  # pending | running | succeeded | failed | cancelled
    Column("error", Text),
    Column("attempts", Integer, nullable=False, default=0),
    Column("seconds", Float),
    Column("started_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
    Column("lease_owner", Text),
    Column("lease_expires_at", DateTime(timezone=True)),
)


# The statements every job runs (several per job on a busy worker) are built once: building
# a SQLAlchemy statement costs more than running it on SQLite.
_LIVE = [State.planned.value, State.running.value]
_JOB_AND_BRIEF = (
    select(jobs, briefs.c.state.label("brief_state"))
    .join(briefs, briefs.c.id == jobs.c.brief_id)
    .where(jobs.c.id == bindparam("b_job"))
)
_BRIEF_STATE = select(briefs.c.state).where(briefs.c.id == bindparam("b_brief"))
_PENDING = (
    select(func.count())
    .select_from(jobs)
    .where(
        jobs.c.brief_id == bindparam("b_brief"),
        jobs.c.kind == bindparam("b_kind"),
        jobs.c.state.in_(_LIVE),
    )
)
_START = (
    update(jobs)
    .where(jobs.c.id == bindparam("b_job"))
    .values(
        state=State.running.value,
        attempts=jobs.c.attempts + 1,
        started_at=bindparam("b_now", type_=DateTime(timezone=True)),
        finished_at=None,
        error=None,
        generator=func.coalesce(bindparam("b_generator", type_=String), jobs.c.generator),
    )
    .returning(jobs.c.attempts)
)
_FINISH = (
    update(jobs)
    .where(jobs.c.id == bindparam("b_job"))
    .values(
        state=bindparam("b_state", type_=String),
        error=bindparam("b_error", type_=Text),
        finished_at=bindparam("b_now", type_=DateTime(timezone=True)),
        seconds=bindparam("b_seconds", type_=Float),
        outputs_json=bindparam("b_outputs", type_=Text),
    )
)


@dataclass
class JobRow:
    id: str
    brief_id: str
    kind: str
    state: State
    generator: str | None
    attempts: int
    error: str | None
    outputs: list[str]
    started_at: datetime | None
    finished_at: datetime | None
    seconds: float | None


@dataclass
class BriefRow:
    id: str
    owner: str
    text: str
    state: State
    stage: str
    error: str | None
    template_id: str | None
    planner: str | None
    out_dir: str | None
    manifest: str | None
    jobs_total: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    jobs: list[JobRow] = field(default_factory=list)

    @property
    def jobs_done(self) -> int:
        return sum(1 for j in self.jobs if State(j.state).terminal)


def _aware(value: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; everything Studio writes is UTC.
    from datetime import UTC

    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _brief_row(r: Any) -> BriefRow:
    return BriefRow(
        id=r["id"],
        owner=r["owner"],
        text=r["text"],
        state=State(r["state"]),
        stage=r["stage"],
        error=r["error"],
        template_id=r["template_id"],
        planner=r["planner"],
        out_dir=r["out_dir"],
        manifest=r["manifest"],
        jobs_total=r["jobs_total"] or 0,
        created_at=_aware(r["created_at"]),
        started_at=_aware(r["started_at"]),
        finished_at=_aware(r["finished_at"]),
    )


def _job_row(r: Any) -> JobRow:
    return JobRow(
        id=r["id"],
        brief_id=r["brief_id"],
        kind=r["kind"],
        state=State(r["state"]),
        generator=r["generator"],
        attempts=r["attempts"],
        error=r["error"],
        outputs=json.loads(r["outputs_json"] or "[]"),
        started_at=_aware(r["started_at"]),
        finished_at=_aware(r["finished_at"]),
        seconds=r["seconds"],
    )
