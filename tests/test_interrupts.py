"""Nothing stranded in the embedded mode either: a duplicate delivery while a job runs does
nothing, a lost runner's job is swept back, an interrupted run ends `cancelled` with the
reason, a failing disk ends it `failed` with the reason, and a run killed outright is finished
by `studio resume`."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from studio import executor, service
from studio.config import get_settings
from studio.domain import Manifest, State
from studio.executor.recovery import sweep

pytestmark = pytest.mark.timeout(120)
STORYBOARD = "A polaroid storyboard of a weekend trip to Lisbon in 4 panels"


def _enqueued(settings):  # noqa: ANN001, ANN202
    ctx = service.open_context(settings)
    brief = service.make_brief(
        service.BriefRequest(text=STORYBOARD, size="640x480"), settings=settings
    )
    plan = service.plan_brief(brief, settings=settings)
    executor.enqueue(ctx, brief, plan)
    return ctx, brief, plan


def test_a_duplicate_delivery_while_the_job_runs_does_nothing(studio_env: Path) -> None:
    ctx, brief, plan = _enqueued(get_settings())
    job = plan.jobs[0]
    assert ctx.ledger.take_job(job.id, owner="another-worker", lease_s=60) == 1
    outcome = executor.run_job_once(ctx, brief.id, job.id)
    assert outcome.held and outcome.state is State.running
    assert not ctx.store.exists(executor.output_key(brief.id, job.id, 0))  # nothing generated
    assert not executor.job_settled(ctx, brief.id, outcome)
    row, _ = ctx.ledger.job(job.id)
    assert (row.state, row.attempts) == (State.running, 1)


def test_a_lost_runners_job_is_swept_back_and_run_again(studio_env: Path) -> None:
    ctx, brief, plan = _enqueued(get_settings())
    job = plan.jobs[0]
    ctx.ledger.take_job(job.id, owner="killed-worker", lease_s=0.2)
    time.sleep(0.4)
    sent: list[tuple[str, str]] = []
    report = sweep(ctx, requeue=lambda b, j: sent.append((b, j)), settle=lambda b: None)
    assert sent == [(brief.id, job.id)] and report.requeued == [job.id]
    outcome = executor.run_job_once(ctx, brief.id, job.id)
    assert outcome.state is State.succeeded
    row, _ = ctx.ledger.job(job.id)
    assert (row.state, row.attempts) == (State.succeeded, 2)  # the lost attempt counted
    assert (
        sweep(ctx, requeue=lambda b, j: sent.append((b, j)), settle=lambda b: None).requeued == []
    )


def test_ctrl_c_ends_the_brief_cancelled_with_the_reason(
    studio_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studio.executor import delivery

    real, calls = delivery.run_job_once, []

    def interrupted(ctx, brief_id, job_id):  # noqa: ANN001, ANN202
        calls.append(job_id)
        if len(calls) == 2:
            raise KeyboardInterrupt("SIGTERM")
        return real(ctx, brief_id, job_id)

    monkeypatch.setattr(delivery, "run_job_once", interrupted)
    settings = get_settings()
    with pytest.raises(KeyboardInterrupt):
        service.run(service.BriefRequest(text=STORYBOARD, size="640x480"), settings=settings)
    (row,) = service.list_briefs(settings=settings)
    assert row.state == "cancelled" and "interrupted (SIGTERM)" in (row.error or "")
    assert {j.state for j in row.jobs if j.kind == "generate"} == {"succeeded", "cancelled"}
    manifest = Manifest.model_validate_json(Path(row.manifest).read_bytes())
    assert manifest.state is State.cancelled
    assert [a.path for a in manifest.assets if a.kind == "job_output"]  # what was made is kept


def test_a_full_disk_ends_the_brief_failed_with_the_reason(
    studio_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studio.store import LocalStore

    def full(self, items):  # noqa: ANN001, ANN202
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(LocalStore, "write_all", full)
    settings = get_settings()
    with pytest.raises(OSError):
        service.run(service.BriefRequest(text=STORYBOARD, size="640x480"), settings=settings)
    (row,) = service.list_briefs(settings=settings)
    assert row.state == "failed" and "No space left on device" in (row.error or "")
    assert not list(studio_env.rglob("*.png"))  # no half-written image anywhere


def test_a_run_killed_outright_is_finished_by_resume(studio_env: Path, cli) -> None:  # noqa: ANN001
    env = {**os.environ, "STUDIO_LEASE_S": "2", "STUDIO_TEST_GENERATORS": "1"}
    run = subprocess.Popen(
        [sys.executable, "-m", "studio.cli", "run", STORYBOARD, "--size", "640x480",
         "--generator", "delay"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    settings = get_settings()
    deadline = time.monotonic() + 60
    done: list[str] = []
    while not done and time.monotonic() < deadline:
        time.sleep(0.1)
        rows = service.list_briefs(settings=settings)
        done = [j.id for r in rows for j in r.jobs if j.state == "succeeded"]
    assert done, "the run never finished a job"
    os.killpg(run.pid, signal.SIGKILL)  # no handler runs: the brief is left `running`
    run.wait()
    (row,) = service.list_briefs(settings=settings)
    assert row.state == "running"
    assert "still running in a live process" in cli("resume", row.id).out  # lease not yet expired
    time.sleep(2.5)
    os.environ["STUDIO_TEST_GENERATORS"] = "1"  # this process resumes with the same generator
    try:
        from studio.generators.testing import register_all

        register_all()
        result = cli("resume", "--all")
    finally:
        os.environ.pop("STUDIO_TEST_GENERATORS", None)
    assert result.code == 0 and f"finished here: {row.id}" in result.out
    after = service.status(row.id, settings=settings)
    assert after.state == "succeeded" and after.assets
    attempts = {j.id: j.attempts for j in after.jobs}
    assert all(attempts[j] == 1 for j in done)  # finished jobs were reused, not made again
