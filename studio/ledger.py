"""The ledger: the durable record of briefs and jobs and their states. It is the truth
about a run (not a result backend, not the file system). SQLite by default, PostgreSQL by
STUDIO_DATABASE_URL; SQLAlchemy Core keeps both on one code path.

States: planned -> running -> succeeded | failed | refused | cancelled.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine

from studio.domain import State, utcnow
from studio.errors import NotFoundError

metadata = MetaData()

briefs = Table(
    "briefs",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("owner", String(128), nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("state", String(16), nullable=False),
    Column("stage", String(32), nullable=False, default="planned"),
    Column("error", Text),
    Column("template_id", String(64)),
    Column("planner", String(64)),
    Column("out_dir", Text),
    Column("manifest", Text),
    Column("plan_json", Text),
    Column("jobs_total", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("started_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
)

jobs = Table(
    "jobs",
    metadata,
    Column("id", String(96), primary_key=True),
    Column("brief_id", String(64), ForeignKey("briefs.id"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),  # generate | compose
    Column("state", String(16), nullable=False),
    Column("generator", String(64)),
    Column("attempts", Integer, nullable=False, default=0),
    Column("error", Text),
    Column("outputs_json", Text),
    Column("started_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
    Column("seconds", Float),
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


_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def _engine(url: str) -> Engine:
    with _engines_lock:
        if url not in _engines:
            kwargs: dict[str, Any] = {"future": True}
            if url.startswith("sqlite"):
                kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
                path = url.split(":///", 1)[-1]
                if path and path != ":memory:":
                    Path(path).parent.mkdir(parents=True, exist_ok=True)
            else:
                kwargs["pool_pre_ping"] = True
            engine = create_engine(url, **kwargs)
            if url.startswith("sqlite"):
                event.listen(engine, "connect", _sqlite_pragmas)
            metadata.create_all(engine)
            _engines[url] = engine
        return _engines[url]


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")  # readers don't block the writer
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _aware(value: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; everything Studio writes is UTC.
    from datetime import UTC

    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


class Ledger:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = _engine(url)

    # -- briefs -------------------------------------------------------------------------
    def create_brief(self, *, brief_id: str, owner: str, text: str, created_at: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                insert(briefs).values(
                    id=brief_id, owner=owner, text=text, state=State.planned.value,
                    stage="planning", created_at=created_at, jobs_total=0,
                )
            )

    def record_plan(self, brief_id: str, *, plan_json: str, template_id: str, planner: str,
                    out_dir: str, jobs_spec: list[tuple[str, str, str]]) -> None:
        """Store the plan and one row per job: (job_id, kind, generator)."""
        with self.engine.begin() as conn:
            conn.execute(
                update(briefs).where(briefs.c.id == brief_id).values(
                    plan_json=plan_json, template_id=template_id, planner=planner,
                    out_dir=out_dir, jobs_total=len(jobs_spec), stage="planned",
                )
            )
            existing = {r[0] for r in conn.execute(select(jobs.c.id).where(jobs.c.brief_id == brief_id))}
            for job_id, kind, generator in jobs_spec:
                if job_id not in existing:
                    conn.execute(insert(jobs).values(
                        id=job_id, brief_id=brief_id, kind=kind, generator=generator,
                        state=State.planned.value, attempts=0,
                    ))

    def set_brief(self, brief_id: str, *, state: State | None = None, stage: str | None = None,
                  error: str | None = None, manifest: str | None = None) -> None:
        values: dict[str, Any] = {}
        if state is not None:
            values["state"] = state.value
            if state == State.running:
                values["started_at"] = utcnow()
            if state.terminal:
                values["finished_at"] = utcnow()
        if stage is not None:
            values["stage"] = stage
        if error is not None:
            values["error"] = error
        if manifest is not None:
            values["manifest"] = manifest
        with self.engine.begin() as conn:
            conn.execute(update(briefs).where(briefs.c.id == brief_id).values(**values))

    def plan_json(self, brief_id: str) -> str:
        with self.engine.connect() as conn:
            row = conn.execute(select(briefs.c.plan_json).where(briefs.c.id == brief_id)).first()
        if row is None or row[0] is None:
            raise NotFoundError(f"no plan recorded for brief {brief_id!r}")
        return row[0]

    # -- jobs ---------------------------------------------------------------------------
    def start_job(self, job_id: str, *, generator: str | None = None) -> int:
        """Mark a job running and count the attempt; returns the attempt number."""
        with self.engine.begin() as conn:
            row = conn.execute(select(jobs.c.attempts).where(jobs.c.id == job_id)).first()
            if row is None:
                raise NotFoundError(f"unknown job {job_id!r}")
            attempts = row[0] + 1
            values: dict[str, Any] = {"state": State.running.value, "attempts": attempts,
                                      "started_at": utcnow(), "error": None}
            if generator:
                values["generator"] = generator
            conn.execute(update(jobs).where(jobs.c.id == job_id).values(**values))
        return attempts

    def finish_job(self, job_id: str, *, state: State, outputs: list[str] | None = None,
                   error: str | None = None, seconds: float | None = None) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(jobs).where(jobs.c.id == job_id).values(
                state=state.value, error=error, finished_at=utcnow(), seconds=seconds,
                outputs_json=json.dumps(outputs or []),
            ))

    # -- reading ------------------------------------------------------------------------
    def get(self, brief_id: str, *, owner: str | None = None) -> BriefRow:
        """A brief with its jobs. With `owner`, another user's brief is reported as not found."""
        query = select(briefs).where(briefs.c.id == brief_id)
        if owner is not None:
            query = query.where(briefs.c.owner == owner)
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
            if row is None:
                raise NotFoundError(f"no brief {brief_id!r}", hint="`studio list` shows your briefs")
            job_rows = conn.execute(
                select(jobs).where(jobs.c.brief_id == brief_id).order_by(jobs.c.id)
            ).mappings().all()
        out = _brief_row(row)
        out.jobs = [_job_row(j) for j in job_rows]
        return out

    def list(self, *, owner: str | None = None, limit: int = 50) -> list[BriefRow]:
        query = select(briefs).order_by(briefs.c.created_at.desc()).limit(limit)
        if owner is not None:
            query = query.where(briefs.c.owner == owner)
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
            out = [_brief_row(r) for r in rows]
            if out:
                job_rows = conn.execute(
                    select(jobs).where(jobs.c.brief_id.in_([b.id for b in out]))
                ).mappings().all()
                by_brief: dict[str, list[JobRow]] = {}
                for j in job_rows:
                    by_brief.setdefault(j["brief_id"], []).append(_job_row(j))
                for b in out:
                    b.jobs = sorted(by_brief.get(b.id, []), key=lambda j: j.id)
        return out


def _brief_row(r: Any) -> BriefRow:
    return BriefRow(
        id=r["id"], owner=r["owner"], text=r["text"], state=State(r["state"]), stage=r["stage"],
        error=r["error"], template_id=r["template_id"], planner=r["planner"],
        out_dir=r["out_dir"], manifest=r["manifest"], jobs_total=r["jobs_total"] or 0,
        created_at=_aware(r["created_at"]), started_at=_aware(r["started_at"]),
        finished_at=_aware(r["finished_at"]),
    )


def _job_row(r: Any) -> JobRow:
    return JobRow(
        id=r["id"], brief_id=r["brief_id"], kind=r["kind"], state=State(r["state"]),
        generator=r["generator"], attempts=r["attempts"], error=r["error"],
        outputs=json.loads(r["outputs_json"] or "[]"), started_at=_aware(r["started_at"]),
        finished_at=_aware(r["finished_at"]), seconds=r["seconds"],
    )
