"""The ledger on both of its databases: SQLite (the default) and the PostgreSQL on this
machine (STUDIO_DATABASE_URL=postgresql+psycopg://...; skipped when it is not reachable).
Beyond the states, the decisions several workers race on must have exactly one winner."""

from __future__ import annotations

import secrets
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from studio.domain import State, utcnow
from studio.errors import NotFoundError
from studio.ledger import Ledger
from tests.workers_support import drop_postgres, postgres_url


def _brief(ledger: Ledger, jobs: int = 2, owner: str = "ann") -> str:
    brief_id = f"b-{secrets.token_hex(6)}"
    ledger.create_brief(brief_id=brief_id, owner=owner, text="t", created_at=utcnow())
    spec = [(f"{brief_id}-j{i:02d}", "generate", "offline") for i in range(jobs)]
    ledger.record_plan(
        brief_id,
        plan_json="{}",
        template_id="t",
        planner="offline",
        out_dir="/o",
        jobs_spec=spec + [(f"{brief_id}-c00", "compose", None)],
    )
    ledger.set_brief(brief_id, state=State.running, stage="generating")
    return brief_id


def _race(n: int, fn: Callable[[int], object]) -> list[object]:
    barrier, results, lock = threading.Barrier(n), [], threading.Lock()

    def run(i: int) -> None:
        barrier.wait()
        value = fn(i)
        with lock:
            results.append(value)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_states_times_and_owner_isolation(ledger: Ledger) -> None:
    b = _brief(ledger)
    job = f"{b}-j00"
    assert ledger.start_job(job) == 1 and ledger.start_job(job) == 2
    ledger.finish_job(job, state=State.failed, error="boom", seconds=0.5)
    ledger.set_brief(b, state=State.failed, error=f"job {job} failed: boom")
    row = ledger.get(b, owner="ann")
    assert row.state is State.failed and row.error.endswith("boom")
    assert row.started_at.tzinfo is not None and row.finished_at >= row.started_at
    j = next(x for x in row.jobs if x.id == job)
    assert (j.state, j.attempts, j.error, j.seconds) == (State.failed, 2, "boom", 0.5)
    with pytest.raises(NotFoundError):
        ledger.get(b, owner="bob")
    assert b in [x.id for x in ledger.list(owner="ann")] and b not in [
        x.id for x in ledger.list(owner="bob")
    ]
    with pytest.raises(NotFoundError):
        ledger.start_job("nope")
    assert ledger.job(job)[1] is State.failed and ledger.brief_state(b) is State.failed


def test_attempts_are_never_lost_when_workers_start_a_job_at_once(ledger: Ledger) -> None:
    job = f"{_brief(ledger)}-j00"
    assert sorted(_race(8, lambda _i: ledger.start_job(job))) == list(range(1, 9))
    assert ledger.job(job)[0].attempts == 8


def test_exactly_one_worker_sends_the_fan_in(ledger: Ledger) -> None:
    b = _brief(ledger)
    for j in (f"{b}-j00", f"{b}-j01"):
        ledger.finish_job(j, state=State.succeeded)
    assert ledger.pending_jobs(b) == 0
    wins = _race(
        8, lambda _i: ledger.advance_stage(b, from_stage="generating", to_stage="finishing")
    )
    assert wins.count(True) == 1


def test_exactly_one_worker_claims_the_composition_until_the_claim_goes_stale(
    ledger: Ledger,
) -> None:
    b = _brief(ledger)
    claims = _race(8, lambda _i: ledger.claim_compose(b, stale_after_s=60))
    assert [c for c in claims if c is not None] == [1]
    assert ledger.claim_compose(b, stale_after_s=60) is None  # fresh: leave it
    assert ledger.claim_compose(b, stale_after_s=0) == 2  # stale: take it over
    ledger.release_compose(b, error="store down")
    assert ledger.claim_compose(b, stale_after_s=60) == 3  # released: claimable at once
    ledger.set_brief(b, state=State.succeeded)
    assert ledger.claim_compose(b, stale_after_s=0) is None  # the brief is over


def test_cancel_and_fan_in_never_both_win(ledger: Ledger) -> None:
    for _ in range(5):
        b = _brief(ledger)
        results = _race(
            2,
            lambda i, b=b: (
                ledger.cancel_brief(b, reason="x")
                if i == 0
                else ledger.advance_stage(b, from_stage="generating", to_stage="finishing")
            ),
        )
        assert results.count(True) == 1
        row = ledger.get(b)
        if row.state is State.cancelled:
            assert {j.state for j in row.jobs} == {State.cancelled}
        else:
            assert row.stage == "finishing" and not ledger.cancel_brief(b, reason="late")


def test_requeue_and_mark_jobs(ledger: Ledger) -> None:
    b = _brief(ledger, jobs=3)
    ledger.start_job(f"{b}-j00")
    ledger.requeue_job(f"{b}-j00", error="attempt 1 failed; retrying")
    row, _ = ledger.job(f"{b}-j00")
    assert (row.state, row.attempts, row.error) == (State.planned, 1, "attempt 1 failed; retrying")
    ledger.finish_job(f"{b}-j01", state=State.succeeded)
    ledger.requeue_job(f"{b}-j01", error="x", only_if_running=True)  # not running: untouched
    assert ledger.job(f"{b}-j01")[0].state is State.succeeded
    assert ledger.mark_jobs(b, kind="generate", state=State.cancelled, error="stop") == [
        f"{b}-j00",
        f"{b}-j02",
    ]
    assert ledger.pending_jobs(b) == 0


def test_stale_claims_compare_times_correctly(ledger: Ledger) -> None:
    """started_at round-trips through both databases as UTC; 'older than' must hold."""
    b = _brief(ledger)
    ledger.claim_compose(b, stale_after_s=60)
    started = next(j for j in ledger.get(b).jobs if j.kind == "compose").started_at
    assert abs(started - utcnow()) < timedelta(seconds=5)
    assert ledger.claim_compose(b, stale_after_s=3600) is None


def test_workers_starting_together_create_the_tables_once(tmp_path: Path) -> None:
    name = f"studio_ledger_{secrets.token_hex(4)}"
    url = postgres_url(name)
    if url is None:
        pytest.skip("no PostgreSQL at 127.0.0.1:5432")
    try:
        code = f"from studio.ledger import Ledger; Ledger({url!r}).list(); print('ok')"
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", code],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(4)
        ]
        outs = [p.communicate(timeout=60) for p in procs]
        assert [o.strip() for o, _ in outs] == ["ok"] * 4, [e for _, e in outs]
    finally:
        drop_postgres(name)


def test_a_database_restart_costs_at_most_one_retried_statement(
    pg_database: str, monkeypatch
) -> None:
    """Idle connections are pinged on checkout (and replaced when dead); a hot connection
    that broke fails one statement with an error workers treat as "try again later"."""
    import psycopg
    from sqlalchemy.exc import DBAPIError

    from studio.executor import is_infrastructure_error
    from studio.ledger import engine as ledger_module  # where the idle ping lives

    ledger = Ledger(pg_database)
    b = _brief(ledger)
    name = pg_database.rsplit("/", 1)[1]

    def kill_connections() -> None:
        with psycopg.connect(
            "host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True
        ) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )

    kill_connections()
    monkeypatch.setattr(ledger_module, "IDLE_PING_S", 0.0)  # as if idle: pinged, replaced
    assert ledger.brief_state(b) is State.running
    kill_connections()
    monkeypatch.setattr(ledger_module, "IDLE_PING_S", 3600.0)  # hot: no ping
    with pytest.raises(DBAPIError) as err:
        ledger.brief_state(b)
    assert is_infrastructure_error(err.value)
    assert ledger.brief_state(b) is State.running  # the pool reconnected
