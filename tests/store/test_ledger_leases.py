"""Leases in the ledger, on SQLite and PostgreSQL: one runner at a time per job, a lost runner's
job taken over (one more attempt), the sweep's view of lost jobs and stuck briefs."""

from __future__ import annotations

import time

from studio.domain import State
from studio.ledger import Ledger
from tests.store.test_ledger_postgres import _brief, _race


def _mine(rows: list[tuple[str, str]], brief_id: str) -> list[tuple[str, str]]:
    """This test's rows only: the PostgreSQL database is shared by the module's tests."""
    return [r for r in rows if r[0] == brief_id]


def test_a_live_lease_keeps_a_second_runner_out(ledger: Ledger) -> None:  # noqa: F811
    b = _brief(ledger)
    job = f"{b}-j00"
    assert ledger.take_job(job, owner="w1", lease_s=60) == 1
    assert ledger.take_job(job, owner="w2", lease_s=60) is None  # a duplicate delivery
    assert ledger.renew_job(job, owner="w1", lease_s=60)
    assert not ledger.renew_job(job, owner="w2", lease_s=60)
    ledger.finish_job(job, state=State.succeeded, outputs=["x.png"])
    assert ledger.take_job(job, owner="w3", lease_s=60) is None  # finished: never again


def test_only_one_of_many_racing_runners_takes_a_job(ledger: Ledger) -> None:  # noqa: F811
    b = _brief(ledger)
    taken = _race(8, lambda i: ledger.take_job(f"{b}-j00", owner=f"w{i}", lease_s=60))
    assert sorted(t for t in taken if t is not None) == [1]


def test_an_expired_lease_is_taken_over_and_counted(ledger: Ledger) -> None:  # noqa: F811
    b = _brief(ledger)
    job = f"{b}-j00"
    assert ledger.take_job(job, owner="dead", lease_s=0.3) == 1
    assert _mine(ledger.lost_jobs(), b) == []
    time.sleep(0.5)
    assert _mine(ledger.lost_jobs(), b) == [(b, job)]
    assert ledger.reserve_lost_job(job, error="lost", lease_s=0.3)
    assert not ledger.reserve_lost_job(job, error="lost", lease_s=0.3)  # one sweeper acts
    assert _mine(ledger.lost_jobs(), b) == []  # reserved while its message travels
    row, _ = ledger.job(job)
    assert (row.state, row.attempts, row.error) == (State.running, 1, "lost")
    time.sleep(0.5)  # the message never came (the sweeper died, Redis lost it): lost again
    assert _mine(ledger.lost_jobs(), b) == [(b, job)]
    assert ledger.take_job(job, owner="w2", lease_s=60) == 2  # the runner takes it over


def test_a_compose_claim_is_a_lease_taken_over_when_it_runs_out(ledger: Ledger) -> None:  # noqa: F811
    b = _brief(ledger)
    for j in range(2):
        ledger.take_job(f"{b}-j{j:02d}", owner="w", lease_s=60)
        ledger.finish_job(f"{b}-j{j:02d}", state=State.succeeded)
    assert ledger.claim_compose(b, stale_after_s=3600, owner="w1", lease_s=0.3) == 1
    assert ledger.claim_compose(b, stale_after_s=3600, owner="w2", lease_s=60) is None
    assert ledger.renew_compose(b, owner="w1", lease_s=0.3)
    time.sleep(0.5)  # w1 was killed while composing: no renewal, long before 3600 s
    assert ledger.claim_compose(b, stale_after_s=3600, owner="w2", lease_s=60) == 2
    assert not ledger.renew_compose(b, owner="w1", lease_s=60)


def test_a_brief_whose_jobs_all_ended_is_found_stuck(ledger: Ledger) -> None:  # noqa: F811
    b = _brief(ledger, jobs=1)
    ledger.take_job(f"{b}-j00", owner="w", lease_s=60)
    ledger.finish_job(f"{b}-j00", state=State.succeeded)
    # (the PostgreSQL database is shared by this module's tests: look for this brief only)
    assert b not in [s[0] for s in ledger.stuck_briefs(older_than_s=60)]
    time.sleep(0.3)
    assert b in [s[0] for s in ledger.stuck_briefs(older_than_s=0.1)]


def test_an_in_process_brief_lease(ledger: Ledger) -> None:  # noqa: F811
    b = _brief(ledger)
    assert ledger.take_brief(b, owner="p1", lease_s=0.3)
    assert not ledger.take_brief(b, owner="p2", lease_s=60)
    assert ledger.brief_holder(b) == "p1"
    assert ledger.take_job(f"{b}-j00", owner="p1", lease_s=0.3) == 1
    time.sleep(0.5)
    assert ledger.brief_holder(b) is None
    assert [x[0] for x in _mine(ledger.lost_briefs(), b)] == [b]
    assert _mine(ledger.lost_jobs(), b) == []  # its jobs resume with the brief, not on the workers
    assert ledger.take_brief(b, owner="p2", lease_s=60)
    assert _mine(ledger.lost_briefs(), b) == []


def test_a_job_waiting_in_a_brief_where_nothing_moves_is_found_idle(ledger: Ledger) -> None:  # noqa: F811
    b = _brief(ledger)  # running, both jobs planned: their messages were lost
    assert _mine(ledger.idle_jobs(older_than_s=60), b) == []  # too soon to tell
    time.sleep(0.4)
    idle = _mine(ledger.idle_jobs(older_than_s=0.2), b)
    assert idle == [(b, f"{b}-j00"), (b, f"{b}-j01")] or sorted(idle) == sorted(
        [(b, f"{b}-j00"), (b, f"{b}-j01")]
    )
    assert ledger.reserve_idle_job(f"{b}-j00", hold_s=60)
    assert not ledger.reserve_idle_job(f"{b}-j00", hold_s=60)  # sent once per hold
    assert _mine(ledger.idle_jobs(older_than_s=0.2), b) == [(b, f"{b}-j01")]
    assert ledger.take_job(f"{b}-j00", owner="w", lease_s=60) == 1  # a runner takes it at once
    assert _mine(ledger.idle_jobs(older_than_s=0.2), b) == []  # its brief moved
