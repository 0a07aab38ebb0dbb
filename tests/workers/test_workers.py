"""Distributed execution with real Redis and real worker processes, on the single-host
default: SQLite ledger and local asset directory shared by two workers (one started as
`celery -A workers.app worker`, one as `studio worker`). Recovery from a killed worker and
from a Redis restart is in test_workers_recovery.py (PostgreSQL ledger, S3 store)."""

from __future__ import annotations

import io
import json
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from studio.domain import Manifest, State
from tests.workers_support import (
    STORYBOARD,
    VENV_BIN,
    Cluster,
    make_cluster,
    need_redis_and_celery,
    storyboard,
    with_generator,
)

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory):
    need_redis_and_celery()
    folder = tmp_path_factory.mktemp("workers")
    c = make_cluster(folder, {"STUDIO_DATABASE_URL": f"sqlite:///{folder / 'ledger.db'}"})
    try:
        c.ensure_workers(2, studio_cli_first=True)
        yield c
    finally:
        c.shutdown()


@pytest.fixture
def two_workers(cluster: Cluster) -> Cluster:
    cluster.ensure_workers(2)
    return cluster


def _pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def _manifest(cluster: Cluster, brief_id: str) -> Manifest:
    return Manifest.model_validate_json(cluster.context().store.read(f"{brief_id}/manifest.json"))


def test_storyboard_on_two_workers_equals_the_in_process_run(
    two_workers: Cluster, tmp_path: Path
) -> None:
    from studio import executor
    from studio.store import LocalStore

    c = two_workers
    # 1. the same 10-panel plan (same seed and options; only the brief ids differ), twice
    brief, plan = storyboard(c.settings, panels=10, seed=11)
    local_brief, local_plan = storyboard(c.settings, panels=10, seed=11)
    c.submit(brief, plan)
    local = executor.Context(
        settings=c.settings,
        library=c.context().library,
        store=LocalStore(tmp_path / "inprocess"),
        ledger=c.context().ledger,
    )
    local_manifest = executor.run_inprocess(local, local_brief, local_plan)
    row = c.wait([brief.id])[brief.id]
    assert row.state is State.succeeded, row.error

    # 2. both workers took part (the ledger does not say who; their logs do)
    logs = [w.log.read_text() for w in c.workers]
    assert all(brief.id in log for log in logs), c.logs()

    # 3. pixel for pixel: every panel and the board
    manifest = _manifest(c, brief.id)
    assert manifest.state is State.succeeded and len(manifest.jobs) == 10
    store = c.context().store
    for job, local_job in zip(plan.jobs, local_plan.jobs, strict=True):
        ours = store.read(f"{brief.id}/jobs/{job.id}-0.png")
        theirs = local.store.read(f"{local_brief.id}/jobs/{local_job.id}-0.png")
        assert np.array_equal(_pixels(ours), _pixels(theirs)), job.id
    board = next(a for a in manifest.assets if a.kind == "deliverable")
    local_board = next(a for a in local_manifest.assets if a.kind == "deliverable")
    assert board.path == local_board.path and (board.width, board.height) == (640, 480)
    assert np.array_equal(
        _pixels(store.read(f"{brief.id}/{board.path}")),
        _pixels(local.store.read(f"{local_brief.id}/{local_board.path}")),
    )
    # one attempt each, every job and the composition succeeded
    assert {(j.state, j.attempts) for j in row.jobs} == {(State.succeeded, 1)}


def test_a_failing_panel_fails_the_brief_with_its_reason_and_keeps_the_rest(
    two_workers: Cluster,
) -> None:
    c = two_workers
    brief, plan = storyboard(c.settings, panels=6, generator="delay", params={"delay_ms": 30})
    plan = with_generator(plan, 2, "fail", fail_indices=[2])
    c.submit(brief, plan)
    row = c.wait([brief.id])[brief.id]

    bad = plan.jobs[2].id
    assert row.state is State.failed
    assert row.error == (
        f"job {bad} failed: simulated permanent failure of job index 2 — "
        "the `fail` test generator fails these on purpose"
    )
    jobs = {j.id: j for j in row.jobs}
    assert (jobs[bad].state, jobs[bad].attempts) == (State.failed, 1)  # permanent: never retried
    assert jobs[f"{brief.id}-c00"].state is State.cancelled  # nothing composed
    # the other five panels are kept, in storage and in the manifest
    store = c.context().store
    kept = [j.id for j in plan.jobs if j.id != bad]
    assert all(store.exists(f"{brief.id}/jobs/{j}-0.png") for j in kept)
    assert not store.exists(f"{brief.id}/jobs/{bad}-0.png")
    manifest = _manifest(c, brief.id)
    assert manifest.state is State.failed and manifest.error == row.error
    assert sorted(a.job_id for a in manifest.assets if a.kind == "job_output") == sorted(kept)
    assert not [a for a in manifest.assets if a.kind == "deliverable"]


def test_a_poison_job_fails_after_n_attempts_and_the_queue_keeps_flowing(
    two_workers: Cluster,
) -> None:
    c = two_workers
    poisoned, plan = storyboard(c.settings, panels=4, generator="delay", params={"delay_ms": 20})
    plan = with_generator(plan, 1, "poison")
    c.submit(poisoned, plan)
    healthy, healthy_plan = storyboard(
        c.settings, panels=4, generator="delay", params={"delay_ms": 20}
    )
    c.submit(healthy, healthy_plan)
    rows = c.wait([poisoned.id, healthy.id], timeout=90)

    assert rows[healthy.id].state is State.succeeded, rows[healthy.id].error
    row = rows[poisoned.id]
    bad = plan.jobs[1].id
    assert row.state is State.failed
    assert row.error.startswith(f"job {bad} failed: started 3 times and never finished")
    job = next(j for j in row.jobs if j.id == bad)
    assert (job.state, job.attempts) == (State.failed, 3)  # STUDIO_MAX_JOB_ATTEMPTS=3
    others = [j for j in row.jobs if j.kind == "generate" and j.id != bad]
    assert {j.state for j in others} == {State.succeeded}
    # the workers replaced their killed pool processes and are still serving
    assert all(w.alive() for w in c.workers)
    assert "WorkerLostError" in "".join(w.log.read_text() for w in c.workers)


def test_transient_errors_retry_with_backoff_and_honour_retry_after(two_workers: Cluster) -> None:
    import redis

    from studio.events import EventReader, channel

    c = two_workers
    brief, plan = storyboard(
        c.settings,
        panels=2,
        generator="flaky",
        params={"fail_times": 2, "retry_after": 0.4, "delay_ms": 10},
    )
    live = redis.Redis.from_url(c.redis.url).pubsub(ignore_subscribe_messages=True)
    live.subscribe(channel(brief.id))  # a live follower, subscribed before anything happens
    c.submit(brief, plan)
    row = c.wait([brief.id])[brief.id]
    assert row.state is State.succeeded, row.error
    assert {j.attempts for j in row.jobs if j.kind == "generate"} == {3}

    # the retries are in the brief's event stream, each at least the provider's retry_after
    reader, events = EventReader(c.redis.url, brief.id), []
    deadline = time.monotonic() + 10
    while not any(e.get("stage") == "done" for e in events) and time.monotonic() < deadline:
        events += reader.read(block_ms=200)  # events are sent a moment after the ledger write
    retries = [e for e in events if e["type"] == "job_retry"]
    assert len(retries) == 4 and all(e["delay"] >= 0.4 for e in retries)
    assert [e["stage"] for e in events if e["type"] == "stage"][-1] == "done"
    started = [e for e in events if e["type"] == "job_started"]
    assert sorted(e["attempt"] for e in started) == [1, 1, 2, 2, 3, 3]
    # the same events, live on the brief's pub/sub channel
    heard, quiet_since = [], time.monotonic()
    while time.monotonic() - quiet_since < 0.5:
        message = live.get_message(timeout=0.1)  # None also for the (ignored) subscribe reply
        if message is not None:
            heard.append(json.loads(message["data"]))
            quiet_since = time.monotonic()
    assert [e["type"] for e in heard] == [e["type"] for e in events]
    live.close()


def test_cancel_mid_run_stops_the_remaining_jobs(two_workers: Cluster) -> None:
    from studio import executor
    from workers.client import revoke

    c = two_workers
    ctx = c.context()
    brief, plan = storyboard(c.settings, panels=16, generator="delay", params={"delay_ms": 250})
    c.submit(brief, plan)

    def succeeded() -> int:
        return sum(1 for j in ctx.ledger.get(brief.id).jobs if j.state is State.succeeded)

    deadline = time.monotonic() + 30
    while succeeded() < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    ok, pending = executor.cancel(ctx, brief.id, by="tester")
    revoke(pending, celery=c.celery())
    assert ok and len(pending) >= 10
    before = {j.id: j for j in ctx.ledger.get(brief.id).jobs}
    time.sleep(1.5)  # long enough for six more jobs, had they been allowed to start

    row = ctx.ledger.get(brief.id)
    assert row.state is State.cancelled and row.error == "cancelled by tester"
    store = ctx.store
    not_started = [
        j for j in before.values() if j.kind == "generate" and j.state is State.cancelled
    ]
    assert len(not_started) >= 10
    for j in not_started:  # never started, never written
        now = next(r for r in row.jobs if r.id == j.id)
        assert (now.state, now.attempts) == (State.cancelled, 0)
        assert not store.exists(f"{brief.id}/jobs/{j.id}-0.png")
    ran = [j for j in row.jobs if j.kind == "generate" and j.attempts > 0]
    assert len(ran) <= 16 - len(not_started)
    assert _manifest(c, brief.id).state is State.cancelled


def _studio(c: Cluster, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(VENV_BIN / "studio"), *args],
        env=c.env,
        cwd=c.folder,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_cli_run_queue_follows_the_brief_and_prints_the_assets(two_workers: Cluster) -> None:
    c = two_workers
    r = _studio(
        c,
        "run",
        STORYBOARD.format(n=4),
        "--queue",
        "--generator",
        "delay",
        "--size",
        "800x600",
        "--seed",
        "5",
    )
    assert r.returncode == 0, r.stderr + c.logs()
    assert r.stdout.startswith("succeeded brief b-")
    brief_id = r.stdout.split()[2]
    board = Path(c.env["STUDIO_OUTPUT_DIR"]) / brief_id / "polaroid-storyboard.png"
    assert f"{board}  800x600" in r.stdout and board.is_file()
    assert "4/4" in r.stderr  # the progress bar reached the end
    status = json.loads(_studio(c, "status", brief_id, "--json").stdout)
    assert status["state"] == "succeeded" and status["assets"] == [str(board)]


def test_cli_no_wait_returns_at_once_and_cancel_stops_the_brief(two_workers: Cluster) -> None:
    from studio import executor

    c = two_workers
    # keep both workers busy (16 x 0.8 s on two), so the next brief is still queued
    busy, busy_plan = storyboard(c.settings, panels=16, generator="delay", params={"delay_ms": 800})
    c.submit(busy, busy_plan)
    r = _studio(c, "run", STORYBOARD.format(n=4), "--queue", "--no-wait", "--generator", "delay")
    assert r.returncode == 0, r.stderr
    brief_id = r.stdout.strip()
    assert brief_id.startswith("b-") and "\n" not in brief_id

    r = _studio(c, "cancel", brief_id)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"cancelled brief {brief_id}: 4 job(s) will not run"
    executor.cancel(c.context(), busy.id, by="tester")  # done with it (unless it finished)
    rows = c.wait([busy.id, brief_id])
    assert rows[brief_id].state is State.cancelled
    assert {(j.state, j.attempts) for j in rows[brief_id].jobs} == {(State.cancelled, 0)}
    r = _studio(c, "cancel", brief_id)
    assert r.returncode == 1 and "already cancelled" in r.stderr


def test_cli_queue_without_redis_url_is_one_clear_line(cluster: Cluster) -> None:
    env = {k: v for k, v in cluster.env.items() if k != "STUDIO_REDIS_URL"}
    r = subprocess.run(
        [str(VENV_BIN / "studio"), "run", "a whiteboard of diffusion", "--queue"],
        env=env,
        cwd=cluster.folder,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 2
    assert r.stderr.startswith("error: STUDIO_REDIS_URL is not set") and "Traceback" not in r.stderr
