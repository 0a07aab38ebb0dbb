"""The distributed steps of studio.executor without Redis or Celery: what one delivery of a
job message does (retry, poison, cancel, redelivery), who sends the fan-in, what the fan-in
does with a stale or fresh claim, backoff, the test generators and the CLI's edges."""

from __future__ import annotations

import random
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from pydantic import ValidationError

from studio import executor
from studio.config import Settings
from studio.context import open_context
from studio.domain import State
from studio.generators.testing import register_all
from studio.store import LocalStore
from tests.workers_support import storyboard, with_generator

register_all()


@pytest.fixture
def ctx(tmp_path: Path) -> executor.Context:
    settings = Settings(
        _env_file=None,
        output_dir=tmp_path / "out",
        database_url=f"sqlite:///{tmp_path / 'l.db'}",
        max_job_attempts=3,
        retry_backoff_s=0.5,
        retry_backoff_max_s=4,
        job_time_limit_s=60,
        visibility_timeout_s=120,
    )
    return open_context(settings)


def _enqueued(ctx: executor.Context, **kw):  # noqa: ANN202
    brief, plan = storyboard(ctx.settings, **kw)
    executor.enqueue(ctx, brief, plan)
    return brief, plan


def test_retry_delay_grows_exponentially_with_jitter_cap_and_retry_after() -> None:
    rng = random.Random(0)
    for attempt, step in ((1, 2.0), (2, 4.0), (3, 8.0), (4, 16.0), (9, 60.0)):
        delays = [executor.retry_delay(attempt, base=2, cap=60, rng=rng) for _ in range(200)]
        assert step / 2 <= min(delays) and max(delays) <= step  # jitter: 50-100% of the step
        assert max(delays) - min(delays) > step / 4  # and it does spread
    assert executor.retry_delay(1, base=2, cap=60, retry_after=30, rng=rng) == 30  # a floor
    assert executor.retry_delay(1, base=2, cap=60, retry_after=600, rng=rng) == 60  # within the cap


def test_transient_error_comes_back_as_a_retry_until_it_succeeds(ctx: executor.Context) -> None:
    brief, plan = _enqueued(
        ctx, panels=1, generator="flaky", params={"fail_times": 2, "delay_ms": 0}
    )
    job = plan.jobs[0].id
    first = executor.run_job_once(ctx, brief.id, job)
    assert first.state is State.planned and 0.25 <= first.retry_in <= 0.5
    row, _ = ctx.ledger.job(job)
    assert row.state is State.planned and row.attempts == 1
    assert row.error.startswith(
        "attempt 1 failed (simulated transient failure, attempt 1); retrying in "
    )
    assert executor.run_job_once(ctx, brief.id, job).retry_in is not None
    third = executor.run_job_once(ctx, brief.id, job)
    assert third.state is State.succeeded and third.retry_in is None
    assert ctx.ledger.job(job)[0].attempts == 3


def test_transient_errors_stop_at_the_attempt_limit(ctx: executor.Context) -> None:
    brief, plan = _enqueued(
        ctx, panels=1, generator="flaky", params={"fail_times": 9, "retry_after": 1}
    )
    job = plan.jobs[0].id
    outcomes = [executor.run_job_once(ctx, brief.id, job) for _ in range(3)]
    assert all(o.retry_in >= 1 for o in outcomes[:2])  # the provider's retry_after is a floor
    assert outcomes[2].state is State.failed and outcomes[2].retry_in is None
    row, _ = ctx.ledger.job(job)
    assert (row.state, row.attempts) == (State.failed, 3)
    assert row.error == "gave up after 3 attempts: simulated transient failure, attempt 3"


def test_a_job_that_keeps_losing_its_worker_is_failed_without_running(
    ctx: executor.Context,
) -> None:
    brief, plan = _enqueued(ctx, panels=2, generator="delay", params={"delay_ms": 0})
    job = plan.jobs[0].id
    for _ in range(3):  # three deliveries that each died after starting (the poison pattern)
        ctx.ledger.start_job(job)
    outcome = executor.run_job_once(ctx, brief.id, job)
    assert outcome.state is State.failed
    assert outcome.error.startswith("started 3 times and never finished: its worker was lost")
    assert not ctx.store.exists(executor.output_key(brief.id, job, 0))  # it did not run again
    assert ctx.ledger.job(job)[0].attempts == 3


def test_a_redelivered_job_reuses_its_outputs_and_pays_nothing(ctx: executor.Context) -> None:
    brief, plan = _enqueued(ctx, panels=1, generator="delay", params={"delay_ms": 0})
    job = plan.jobs[0].id
    assert executor.run_job_once(ctx, brief.id, job).settled_before is False
    data = ctx.store.read(executor.output_key(brief.id, job, 0))
    again = executor.run_job_once(ctx, brief.id, job)
    assert again.state is State.succeeded and again.settled_before is True
    assert ctx.ledger.job(job)[0].attempts == 1  # not started again
    assert ctx.store.read(executor.output_key(brief.id, job, 0)) == data


def test_exactly_one_of_many_finishers_sends_the_fan_in(ctx: executor.Context) -> None:
    brief, plan = _enqueued(ctx, panels=4, generator="delay", params={"delay_ms": 0})
    outcomes = [executor.run_job_once(ctx, brief.id, j.id) for j in plan.jobs]
    sent: list[bool] = []
    barrier = threading.Barrier(8)

    def finisher(i: int) -> None:
        barrier.wait()
        sent.append(executor.job_settled(ctx, brief.id, outcomes[i % 4]))

    threads = [threading.Thread(target=finisher, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sent.count(True) == 1
    # a redelivered job (its first sender may have died before sending) sends it again
    redelivered = executor.JobOutcome(State.succeeded, settled_before=True)
    assert executor.job_settled(ctx, brief.id, redelivered) is True
    assert executor.settle_brief(ctx, brief.id) == "done"
    assert ctx.ledger.get(brief.id).state is State.succeeded
    assert executor.settle_brief(ctx, brief.id) == "done"  # a duplicate fan-in is harmless
    assert executor.job_settled(ctx, brief.id, redelivered) is False  # the brief is over


def test_the_fan_in_waits_for_jobs_and_takes_over_only_stale_claims(ctx: executor.Context) -> None:
    brief, plan = _enqueued(ctx, panels=2, generator="delay", params={"delay_ms": 0})
    executor.run_job_once(ctx, brief.id, plan.jobs[0].id)
    assert executor.settle_brief(ctx, brief.id) == "waiting"
    executor.run_job_once(ctx, brief.id, plan.jobs[1].id)
    # another worker claimed the composition a moment ago: leave it to that worker
    assert ctx.ledger.claim_compose(brief.id, stale_after_s=60) == 1
    assert executor.settle_brief(ctx, brief.id) == "busy"
    # ... that worker died; once the claim is older than the job time limit, take it over
    assert ctx.ledger.claim_compose(brief.id, stale_after_s=0) == 2
    ctx.settings.job_time_limit_s = 0
    assert executor.settle_brief(ctx, brief.id) == "done"
    row = ctx.ledger.get(brief.id)
    assert row.state is State.succeeded
    assert next(j for j in row.jobs if j.kind == "compose").attempts == 3


def test_a_composition_that_keeps_dying_fails_the_brief(ctx: executor.Context) -> None:
    brief, plan = _enqueued(ctx, panels=1, generator="delay", params={"delay_ms": 0})
    executor.run_job_once(ctx, brief.id, plan.jobs[0].id)
    for _ in range(3):
        ctx.ledger.claim_compose(brief.id, stale_after_s=0)
    ctx.settings.job_time_limit_s = 0
    assert executor.settle_brief(ctx, brief.id) == "done"
    row = ctx.ledger.get(brief.id)
    assert row.state is State.failed and row.error.startswith(
        "composition started 3 times and never finished"
    )


def test_the_fan_in_reports_the_first_failed_job_in_plan_order(ctx: executor.Context) -> None:
    brief, plan = _enqueued(ctx, panels=4, generator="delay", params={"delay_ms": 0})
    plan = with_generator(plan, 3, "fail", fail_indices=[3])
    ctx.store.write(f"{brief.id}/plan.json", plan.model_dump_json().encode())
    ctx._cache.clear()
    for job in plan.jobs:
        executor.run_job_once(ctx, brief.id, job.id)
    executor.settle_brief(ctx, brief.id)
    row = ctx.ledger.get(brief.id)
    assert row.state is State.failed and row.error.startswith(
        f"job {plan.jobs[3].id} failed: simulated"
    )


def test_cancel_stops_queued_jobs_and_is_too_late_once_composing(ctx: executor.Context) -> None:
    brief, plan = _enqueued(ctx, panels=3, generator="delay", params={"delay_ms": 0})
    executor.run_job_once(ctx, brief.id, plan.jobs[0].id)
    ok, pending = executor.cancel(ctx, brief.id, by="ann")
    assert ok and pending == [plan.jobs[1].id, plan.jobs[2].id]
    late = executor.run_job_once(ctx, brief.id, plan.jobs[1].id)  # its message arrives anyway
    assert late.state is State.cancelled
    assert not ctx.store.exists(executor.output_key(brief.id, plan.jobs[1].id, 0))
    assert b'"state": "cancelled"' in ctx.store.read(f"{brief.id}/manifest.json")  # written at once

    other, other_plan = _enqueued(ctx, panels=1, generator="delay", params={"delay_ms": 0})
    outcome = executor.run_job_once(ctx, other.id, other_plan.jobs[0].id)
    assert executor.job_settled(ctx, other.id, outcome)  # now "finishing"
    assert executor.cancel(ctx, other.id, by="ann") == (False, [])


def test_in_process_run_stops_when_cancelled_from_elsewhere(ctx: executor.Context) -> None:
    brief, plan = storyboard(ctx.settings, panels=6, generator="delay", params={"delay_ms": 100})
    timer = threading.Timer(0.25, lambda: executor.cancel(ctx, brief.id, by="bob"))
    timer.start()
    manifest = executor.run_inprocess(ctx, brief, plan)
    timer.join()
    assert manifest.state is State.cancelled and manifest.error == "cancelled by bob"
    row = ctx.ledger.get(brief.id)
    assert 1 <= sum(j.state is State.succeeded for j in row.jobs) < 6


def test_references_travel_through_storage_to_another_host(
    ctx: executor.Context, tmp_path: Path
) -> None:
    from PIL import Image

    from studio import service

    ref = tmp_path / "ref.png"
    Image.new("RGB", (32, 32), (200, 30, 30)).save(ref)
    request = service.BriefRequest(
        text="a historical photograph of a harbour", references=[str(ref)], generator="delay"
    )
    brief = service.make_brief(request, settings=ctx.settings)
    plan = service.plan_brief(brief, settings=ctx.settings)
    executor.enqueue(ctx, brief, plan)
    ref.unlink()  # the worker's host does not have the user's file
    job = plan.jobs[0]
    paths = executor._reference_paths(ctx, brief.id, job)
    assert len(paths) == 1 and paths[0].read_bytes() == ctx.store.read(
        f"{brief.id}/references/{brief.references[0].sha256}.png"
    )


def test_settings_refuse_a_visibility_timeout_below_the_longest_job() -> None:
    with pytest.raises(ValidationError, match="STUDIO_VISIBILITY_TIMEOUT_S"):
        Settings(
            _env_file=None, job_time_limit_s=600, retry_backoff_max_s=60, visibility_timeout_s=600
        )
    Settings(_env_file=None, job_time_limit_s=600, retry_backoff_max_s=60, visibility_timeout_s=661)


def test_test_generators_exist_only_when_enabled(tmp_path: Path) -> None:
    code = "from studio.generators import names; print(','.join(names()))"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    off = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    on = subprocess.run(
        [sys.executable, "-c", code],
        env=env | {"STUDIO_TEST_GENERATORS": "1"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    tests = {"delay", "fail", "flaky", "poison"}
    assert "offline" in off.stdout and not tests & set(off.stdout.strip().split(",")), off.stderr
    assert tests <= set(on.stdout.strip().split(",")), on.stderr


def test_delay_generator_is_deterministic() -> None:
    from studio.generators import get_generator
    from studio.metadata import png_bytes

    settings = Settings(_env_file=None)
    _, plan = storyboard(settings, panels=1, generator="delay", params={"delay_ms": 0})
    job = plan.jobs[0]
    a, b = (get_generator("delay", settings).generate(job)[0].image for _ in range(2))
    encode = lambda im: png_bytes(im, source_type="x", manifest="m", brief_id="b", asset="a")  # noqa: E731
    assert encode(a) == encode(b) and a.size == (job.width, job.height)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("run", "a whiteboard of diffusion", "--no-wait"), "--no-wait only applies to --queue"),
        (
            ("run", "a whiteboard of diffusion", "--queue", "--out", "x"),
            "--out does not apply to --queue",
        ),
        (("run", "a whiteboard of diffusion", "--queue"), "STUDIO_REDIS_URL is not set"),
        (("worker", "--queues", "gpu,video"), "unknown queue(s) video"),
        (("worker",), "STUDIO_REDIS_URL is not set"),
        (("cancel", "b-nope"), "no brief 'b-nope'"),
    ],
)
def test_distributed_cli_bad_input_is_one_clear_line(cli, args, needle) -> None:
    r = cli(*args)
    assert r.code == 2 or (r.code == 3 and args[0] == "cancel")
    assert needle in r.err and "Traceback" not in r.err
    assert r.err.startswith("error:")


def test_cancel_of_a_finished_brief_says_so(cli) -> None:
    r = cli("run", "a whiteboard that explains how diffusion models work", "--json")
    brief_id = r.json()["brief"]["id"]
    r = cli("cancel", brief_id)
    assert (
        r.code == 1 and r.err.strip() == f"brief {brief_id} is already succeeded; nothing to cancel"
    )


def test_local_store_is_what_open_store_gives_by_default(tmp_path: Path) -> None:
    from studio.store import open_store

    store = open_store(Settings(_env_file=None, output_dir=tmp_path))
    assert isinstance(store, LocalStore) and store.root == tmp_path.resolve()
    store = open_store(Settings(_env_file=None, storage_url=f"file://{tmp_path / 'elsewhere'}"))
    assert isinstance(store, LocalStore) and store.root == (tmp_path / "elsewhere").resolve()


def test_submit_with_redis_away_writes_nothing_and_says_so(ctx: executor.Context) -> None:
    pytest.importorskip("celery")
    from studio.errors import StudioError
    from tests.workers_support import free_port
    from workers.client import submit
    from workers.config import make_app

    url = f"redis://127.0.0.1:{free_port()}/0"  # nobody listens there
    celery = make_app(Settings(_env_file=None, redis_url=url))
    brief, plan = storyboard(ctx.settings, panels=2)
    with pytest.raises(
        StudioError, match=r"cannot reach Redis at redis://127\.0\.0\.1:\d+/0"
    ) as err:
        submit(ctx, brief, plan, celery=celery)
    assert err.value.hint == "check STUDIO_REDIS_URL and that Redis is running"
    assert ctx.ledger.list() == [] and ctx.store.list(brief.id) == []
