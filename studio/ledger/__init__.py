"""The ledger: the durable record of briefs and jobs and their states. It is the truth
about a run (not a result backend, not the file system). SQLite by default, PostgreSQL by
STUDIO_DATABASE_URL; SQLAlchemy Core keeps both on one code path.

States: planned -> running -> succeeded | failed | refused | cancelled.

Several workers write here at once, so every decision two of them could race on is one
conditional UPDATE (compare-and-set) and every transaction starts with its write (SQLite
then waits for the lock instead of failing on a stale read snapshot):

    start_job        attempts = attempts + 1            (the poison-job counter)
    advance_stage    generating -> finishing, once       (who sends the fan-in)
    claim_compose    the compositions of a brief, once   (unless the claim went stale)
    cancel_brief     running -> cancelled, unless it is already composing

Batches (batches.py: create, take and finish items, cancel, reopen, end) settle theirs the
same way; so do leases (leases.py) and webhooks (webhooks.py).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, exists, insert, not_, or_, select, update

from studio.domain import Stage, State, utcnow
from studio.errors import NotFoundError
from studio.ledger.batches import BatchMixin
from studio.ledger.engine import (  # noqa: F401  (re-exported)
    _engine,
    _engines,
    _engines_lock,
    dispose_engines,
    is_transient_database_error,
)
from studio.ledger.leases import LeaseMixin
from studio.ledger.schema import (  # noqa: F401  (re-exported)
    _BRIEF_STATE,
    _FINISH,
    _JOB_AND_BRIEF,
    _LIVE,
    _PENDING,
    _START,
    BriefRow,
    JobRow,
    _brief_row,
    _job_row,
    briefs,
    jobs,
    metadata,
)


def _insert_missing_jobs(
    conn: Any, brief_id: str, jobs_spec: list[tuple[str, str, str | None]]
) -> None:
    """One planned row per (job_id, kind, generator) the brief does not have yet."""
    existing = {r[0] for r in conn.execute(select(jobs.c.id).where(jobs.c.brief_id == brief_id))}
    for job_id, kind, generator in jobs_spec:
        if job_id not in existing:
            conn.execute(
                insert(jobs).values(
                    id=job_id,
                    brief_id=brief_id,
                    kind=kind,
                    generator=generator,
                    state=State.planned.value,
                    attempts=0,
                )
            )


class Ledger(LeaseMixin, BatchMixin):
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = _engine(url)
        # A server database: one statement is its own transaction, without BEGIN/COMMIT round
        # trips around it (what a busy worker runs several times per job); multi-statement
        # changes use begin(). SQLite has no round trips, and switching modes costs a PRAGMA.
        self._auto = (
            None
            if url.startswith("sqlite")
            else self.engine.execution_options(isolation_level="AUTOCOMMIT")
        )

    def _one(self) -> Any:
        """A connection for one write: autocommit on a server, a transaction on SQLite."""
        return self._auto.connect() if self._auto is not None else self.engine.begin()

    def _read(self) -> Any:
        return (self._auto or self.engine).connect()

    # -- briefs -------------------------------------------------------------------------
    def create_brief(self, *, brief_id: str, owner: str, text: str, created_at: datetime) -> None:
        with self._one() as conn:
            conn.execute(
                insert(briefs).values(
                    id=brief_id,
                    owner=owner,
                    text=text,
                    state=State.planned.value,
                    stage=Stage.planning.value,
                    created_at=created_at,
                    jobs_total=0,
                )
            )

    def record_plan(
        self,
        brief_id: str,
        *,
        plan_json: str,
        template_id: str,
        planner: str,
        out_dir: str,
        jobs_spec: list[tuple[str, str, str]],
    ) -> None:
        """Store the plan and one row per job: (job_id, kind, generator)."""
        with self.engine.begin() as conn:
            conn.execute(
                update(briefs)
                .where(briefs.c.id == brief_id)
                .values(
                    plan_json=plan_json,
                    template_id=template_id,
                    planner=planner,
                    out_dir=out_dir,
                    jobs_total=len(jobs_spec),
                    stage=Stage.planned.value,
                )
            )
            _insert_missing_jobs(conn, brief_id, jobs_spec)

    def replace_plan(
        self, brief_id: str, *, plan_json: str, jobs_spec: list[tuple[str, str, str | None]]
    ) -> None:
        """A brief not yet started gets a new plan (review edits): its job rows become those
        of `jobs_spec` (rows of jobs no longer planned go, new ones come in as planned)."""
        ids = [spec[0] for spec in jobs_spec]
        with self.engine.begin() as conn:
            conn.execute(
                update(briefs)
                .where(briefs.c.id == brief_id)
                .values(plan_json=plan_json, jobs_total=len(jobs_spec))
            )
            conn.execute(delete(jobs).where(jobs.c.brief_id == brief_id, jobs.c.id.notin_(ids)))
            _insert_missing_jobs(conn, brief_id, jobs_spec)

    def set_brief(
        self,
        brief_id: str,
        *,
        state: State | None = None,
        stage: Stage | None = None,
        error: str | None = None,
        manifest: str | None = None,
    ) -> None:
        values: dict[str, Any] = {}
        if state is not None:
            values["state"] = state.value
            if state == State.running:
                values["started_at"] = utcnow()
            if state.terminal:
                values["finished_at"] = utcnow()
        if stage is not None:
            values["stage"] = str(stage)
        if error is not None:
            values["error"] = error
        if manifest is not None:
            values["manifest"] = manifest
        with self._one() as conn:
            conn.execute(update(briefs).where(briefs.c.id == brief_id).values(**values))

    # -- jobs ---------------------------------------------------------------------------
    def start_job(self, job_id: str, *, generator: str | None = None) -> int:
        """Mark a job running and count the attempt; returns the attempt number. The count is
        one UPDATE (attempts = attempts + 1), so two workers can never both read the old one."""
        with self._one() as conn:
            attempts = conn.execute(
                _START, {"b_job": job_id, "b_now": utcnow(), "b_generator": generator or None}
            ).scalar()
        if attempts is None:
            raise NotFoundError(f"unknown job {job_id!r}")
        return int(attempts)

    def requeue_job(self, job_id: str, *, error: str, only_if_running: bool = False) -> None:
        """A transient failure: back to planned (a retry is on its way), the reason kept."""
        where = [jobs.c.id == job_id]
        if only_if_running:
            where.append(jobs.c.state == State.running.value)
        with self._one() as conn:
            conn.execute(
                update(jobs)
                .where(*where)
                .values(state=State.planned.value, error=error, finished_at=utcnow())
            )

    def job(self, job_id: str) -> tuple[JobRow, State]:
        """One job and the state of its brief, in one read."""
        with self._read() as conn:
            row = conn.execute(_JOB_AND_BRIEF, {"b_job": job_id}).mappings().first()
        if row is None:
            raise NotFoundError(f"unknown job {job_id!r}")
        return _job_row(row), State(row["brief_state"])

    def brief_state(self, brief_id: str) -> State:
        with self._read() as conn:
            value = conn.execute(_BRIEF_STATE, {"b_brief": brief_id}).scalar()
        if value is None:
            raise NotFoundError(f"no brief {brief_id!r}")
        return State(value)

    def pending_jobs(self, brief_id: str, *, kind: str = "generate") -> int:
        """How many of a brief's jobs of this kind have not reached a terminal state."""
        with self._read() as conn:
            return int(conn.execute(_PENDING, {"b_brief": brief_id, "b_kind": kind}).scalar_one())

    def mark_jobs(self, brief_id: str, *, kind: str, state: State, error: str | None) -> list[str]:
        """Every job of this kind that has not finished gets `state`; returns their ids."""
        where = and_(
            jobs.c.brief_id == brief_id,
            jobs.c.kind == kind,
            jobs.c.state.in_([State.planned.value, State.running.value]),
        )
        with self._one() as conn:
            rows = conn.execute(
                update(jobs)
                .where(where)
                .values(state=state.value, error=error, finished_at=utcnow())
                .returning(jobs.c.id)
            )
            return sorted(r[0] for r in rows)

    # -- decisions several workers race on ----------------------------------------------
    def advance_stage(self, brief_id: str, *, from_stage: Stage, to_stage: Stage) -> bool:
        """Move a running brief from one stage to the next; True for exactly one caller."""
        with self._one() as conn:
            done = conn.execute(
                update(briefs)
                .where(
                    briefs.c.id == brief_id,
                    briefs.c.state == State.running.value,
                    briefs.c.stage == str(from_stage),
                )
                .values(stage=str(to_stage))
            )
            return done.rowcount == 1

    def claim_compose(
        self,
        brief_id: str,
        *,
        stale_after_s: float,
        owner: str | None = None,
        lease_s: float | None = None,
    ) -> int | None:
        """Take the compositions of a running brief: their rows go to running and count an
        attempt. Returns the attempt number, or None when another worker holds a live claim
        (or the brief is no longer running). With `owner` the claim is a lease of `lease_s`
        that its holder renews (renew_compose) and that is taken over as soon as it expires;
        a claim without one is live for `stale_after_s` after it started."""
        now = utcnow()
        cutoff = now - timedelta(seconds=stale_after_s)
        live = or_(
            and_(jobs.c.lease_expires_at.is_not(None), jobs.c.lease_expires_at > now),
            and_(jobs.c.lease_expires_at.is_(None), jobs.c.started_at > cutoff),
        )
        fresh = and_(jobs.c.state == State.running.value, live)
        running = exists().where(briefs.c.id == brief_id, briefs.c.state == State.running.value)
        where = and_(jobs.c.brief_id == brief_id, jobs.c.kind == "compose", not_(fresh), running)
        with self._one() as conn:
            attempts = [
                r[0]
                for r in conn.execute(
                    update(jobs)
                    .where(where)
                    .values(
                        state=State.running.value,
                        attempts=jobs.c.attempts + 1,
                        started_at=now,
                        finished_at=None,
                        lease_owner=owner,
                        lease_expires_at=now + timedelta(seconds=lease_s or 0) if owner else None,
                    )
                    .returning(jobs.c.attempts)
                )
            ]
        return max(attempts) if attempts else None

    def release_compose(self, brief_id: str, *, error: str) -> None:
        """Give a claim back after an infrastructure error; the attempt stays counted."""
        with self._one() as conn:
            conn.execute(
                update(jobs)
                .where(
                    jobs.c.brief_id == brief_id,
                    jobs.c.kind == "compose",
                    jobs.c.state == State.running.value,
                )
                .values(
                    state=State.planned.value, error=error, lease_owner=None, lease_expires_at=None
                )
            )

    def cancel_brief(self, brief_id: str, *, reason: str) -> bool:
        """Cancel a brief that is still planned or generating. False when it is already
        terminal or composing (too late: the composition finishes). Jobs not yet started are
        cancelled with it; running ones finish their current call and record it."""
        late = tuple(
            s.value for s in (Stage.finishing, Stage.composing, Stage.verifying, Stage.done)
        )
        with self.engine.begin() as conn:
            done = conn.execute(
                update(briefs)
                .where(
                    briefs.c.id == brief_id,
                    briefs.c.state.in_([State.planned.value, State.running.value]),
                    or_(briefs.c.stage.is_(None), briefs.c.stage.not_in(late)),
                )
                .values(
                    state=State.cancelled.value,
                    stage=Stage.done.value,
                    error=reason,
                    finished_at=utcnow(),
                )
            )
            if done.rowcount != 1:
                return False
            conn.execute(
                update(jobs)
                .where(
                    jobs.c.brief_id == brief_id,
                    jobs.c.state == State.planned.value,
                )
                .values(state=State.cancelled.value, error=reason, finished_at=utcnow())
            )
            return True

    def finish_job(
        self,
        job_id: str,
        *,
        state: State,
        outputs: list[str] | None = None,
        error: str | None = None,
        seconds: float | None = None,
    ) -> None:
        with self._one() as conn:
            conn.execute(
                _FINISH,
                {
                    "b_job": job_id,
                    "b_state": state.value,
                    "b_error": error,
                    "b_now": utcnow(),
                    "b_seconds": seconds,
                    "b_outputs": json.dumps(outputs or []),
                },
            )

    # -- reading ------------------------------------------------------------------------
    def get(self, brief_id: str, *, owner: str | None = None) -> BriefRow:
        """A brief with its jobs. With `owner`, another user's brief is reported as not found."""
        query = select(briefs).where(briefs.c.id == brief_id)
        if owner is not None:
            query = query.where(briefs.c.owner == owner)
        with self._read() as conn:
            row = conn.execute(query).mappings().first()
            if row is None:
                raise NotFoundError(
                    f"no brief {brief_id!r}", hint="`studio list` shows your briefs"
                )
            job_rows = (
                conn.execute(select(jobs).where(jobs.c.brief_id == brief_id).order_by(jobs.c.id))
                .mappings()
                .all()
            )
        out = _brief_row(row)
        out.jobs = [_job_row(j) for j in job_rows]
        return out

    def list(self, *, owner: str | None = None, limit: int = 50) -> list[BriefRow]:
        query = select(briefs).order_by(briefs.c.created_at.desc()).limit(limit)
        if owner is not None:
            query = query.where(briefs.c.owner == owner)
        with self._read() as conn:
            rows = conn.execute(query).mappings().all()
            out = [_brief_row(r) for r in rows]
            if out:
                job_rows = (
                    conn.execute(select(jobs).where(jobs.c.brief_id.in_([b.id for b in out])))
                    .mappings()
                    .all()
                )
                by_brief: dict[str, list[JobRow]] = {}
                for j in job_rows:
                    by_brief.setdefault(j["brief_id"], []).append(_job_row(j))
                for b in out:
                    b.jobs = sorted(by_brief.get(b.id, []), key=lambda j: j.id)
        return out
