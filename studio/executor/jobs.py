"""Running one job: the generator call with its fallbacks (the prompt translated to each
fallback's dialect), the outputs written atomically with their record, and one delivery of a
job message (`run_job_once`: cancelled brief, settled job, poison job, then run; transient
errors come back as "retry in N s"). Also which errors are transient or infrastructure."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from functools import partial
from typing import Any

from studio import credentials, metadata
from studio.context import Context
from studio.domain import JobResult, JobSpec, State, utcnow
from studio.errors import GeneratorError, RefusedError, describe
from studio.executor.lease import heartbeat, runner_token
from studio.executor.loading import MANIFEST, _key, _reference_paths, load_plan, output_key
from studio.executor.pipeline import Turn, turn_for
from studio.generators import get_generator
from studio.ledger import is_transient_database_error
from studio.store import is_transient_storage_error


@dataclass
class JobOutcome:
    """What one delivery of a job message came to. `retry_in`: a transient error, the
    caller schedules another delivery after that many seconds. `settled_before`: the job was
    already terminal when this delivery arrived (a redelivered or duplicate message).
    `held`: another runner is running it right now under a live lease (a duplicate
    delivery): this one does nothing, and must not settle the brief."""

    state: State
    retry_in: float | None = None
    settled_before: bool = False
    error: str | None = None
    held: bool = False  # another runner holds the job's live lease: nothing to do here


def run_job(ctx: Context, brief_id: str, job_id: str) -> JobResult:
    """Generate one job's images. Raises GeneratorError after recording it in the ledger."""
    result, exc = _run_job(ctx, brief_id, job_id)
    if exc is not None:
        raise exc
    return result  # type: ignore[return-value]


def _run_job(
    ctx: Context, brief_id: str, job_id: str
) -> tuple[JobResult | None, BaseException | None]:
    """run_job without the raise: (result, None), or (None, the generator's exception) after
    recording it. Errors of the ledger or the store (not the generator's) propagate. A gpu
    job waits for this process's GPU and writes in generation order (pipeline.py)."""
    job = load_plan(ctx, brief_id).job(job_id)
    with turn_for(job.queue) as turn:
        return _run_job_turn(ctx, brief_id, job, turn)


def _run_job_turn(
    ctx: Context, brief_id: str, job: JobSpec, turn: Turn
) -> tuple[JobResult | None, BaseException | None]:
    keys = [output_key(brief_id, job.id, i) for i in range(job.count)]
    record_key = _key(brief_id, f"jobs/{job.id}.json")
    if ctx.store.exists(record_key) and all(ctx.store.exists(k) for k in keys):
        result = JobResult.model_validate_json(ctx.store.read(record_key))
        ctx.ledger.finish_job(
            job.id, state=State.succeeded, outputs=result.outputs, seconds=result.seconds
        )
        ctx.emit(brief_id, "job_finished", job_id=job.id, state="succeeded", reused=True)
        return result, None

    token, lease_s = runner_token(), ctx.settings.lease_s
    attempt = ctx.ledger.take_job(job.id, owner=token, lease_s=lease_s, generator=job.generator)
    if attempt is None:  # another runner holds a live lease: this delivery is a duplicate
        return None, None
    ctx.emit(brief_id, "job_started", job_id=job.id, generator=job.generator, attempt=attempt)
    started, t0 = utcnow(), time.perf_counter()
    try:
        renew = partial(ctx.ledger.renew_job, job.id, owner=token, lease_s=lease_s)
        with heartbeat(renew, lease_s, max_s=ctx.settings.job_time_limit_s):
            generator, images, fallback_notes = _generate_with_fallbacks(ctx, brief_id, job)
            text_check = _check_painted_text(ctx, brief_id, job, generator, images)
            if text_check is not None:
                images, text_check = text_check
    except Exception as exc:  # recorded whatever it was, so the brief can still end cleanly
        state = State.refused if isinstance(exc, RefusedError) else State.failed
        reason = describe(exc)
        ctx.ledger.finish_job(job.id, state=state, error=reason, seconds=time.perf_counter() - t0)
        ctx.emit(brief_id, "job_finished", job_id=job.id, state=state.value, error=reason)
        return None, exc
    turn.generated()  # the GPU is free for the next job while this one encodes and writes
    ctx.emit(brief_id, "job_generated", job_id=job.id, seconds=round(time.perf_counter() - t0, 3))
    source_type = getattr(generator, "digital_source_type", metadata.TRAINED)
    files: list[tuple[str, bytes]] = []
    originals: list[str] = []
    for i, generated in enumerate(images):
        data = metadata.png_bytes(
            generated.image.convert("RGB"),
            source_type=source_type,
            manifest=f"../{MANIFEST}",
            brief_id=brief_id,
            asset=f"jobs/{job.id}-{i}.png",
        )
        data = credentials.sign_output(
            data, settings=ctx.settings, brief_id=brief_id, asset=f"jobs/{job.id}-{i}.png",
            manifest=f"../{MANIFEST}", source_type=source_type, generator=generator.name,
            model=generated.model, seed=generated.seed, original=generated.original,
            plan=load_plan(ctx, brief_id),
            original_media_type=generated.original_media_type,
        )  # fmt: skip
        files.append((keys[i], data))
        if generated.original is not None:
            ext = (generated.original_media_type or "image/png").split("/")[-1]
            files.append((_key(brief_id, f"originals/{job.id}-{i}.{ext}"), generated.original))
            originals.append(f"originals/{job.id}-{i}.{ext}")
    seconds = time.perf_counter() - t0
    result = JobResult(
        job_id=job.id,
        state=State.succeeded,
        generator=generator.name,
        model=images[0].model if images else None,
        seeds=[g.seed for g in images],
        outputs=[k.split("/", 1)[1] for k in keys],
        started_at=started,
        finished_at=utcnow(),
        seconds=round(seconds, 4),
        attempts=attempt,
        cost_usd=sum(g.cost_usd for g in images) + (text_check or {}).get("extra_cost_usd", 0),
        fallbacks=fallback_notes,
        originals=originals,
        text_check=text_check,
    )
    # one durable write of everything, the record moved into place last: its presence (with
    # the outputs) is what "this job is done" means
    with turn.in_order():  # after the job generated before this one has written its own
        ctx.store.write_all([*files, (record_key, result.model_dump_json(indent=2).encode())])
        ctx.ledger.finish_job(
            job.id, state=State.succeeded, outputs=result.outputs, seconds=seconds
        )
        ctx.emit(
            brief_id, "job_finished", job_id=job.id, state="succeeded", seconds=round(seconds, 3)
        )
    return result, None


def _check_painted_text(
    ctx: Context, brief_id: str, job: JobSpec, generator: Any, images: list
) -> tuple[list, dict[str, Any]] | None:
    """For a job asked to letter required strings (params["spell"]) on a generator that
    renders text well: OCR them, regenerate once on a miss (studio/words/painted.py).
    None when there is nothing to check."""
    if not job.params.get("spell") or generator.capabilities.text_quality != "good":
        return None
    from studio.words.painted import check_painted

    def regenerate(retry: JobSpec) -> list:
        ctx.emit(brief_id, "job_progress", job_id=job.id, step=0, total=1, note="re-lettering")
        return generator.generate(
            retry if retry.generator == generator.name else _translate(retry, generator),
            references=_reference_paths(ctx, brief_id, job),
        )

    images, record = check_painted(job, images, regenerate, generator=generator.name)
    ctx.emit(
        brief_id,
        "job_text_check",
        job_id=job.id,
        passed=record["passed"],
        regenerations=record["regenerations"],
    )
    return images, record


def _generate_with_fallbacks(
    ctx: Context, brief_id: str, job: JobSpec
) -> tuple[Any, list, list[str]]:
    """Call the job's generator; if it fails for good (or refuses, where STUDIO_FALLBACK
    allows) try the plan's fallbacks in order, translating the prompt to each one's dialect.
    Transient errors are not fallen back on: the caller retries them with backoff."""
    notes: list[str] = []
    candidates = [job.generator, *job.fallbacks]
    for n, name in enumerate(candidates):
        generator = get_generator(name, ctx.settings)
        attempt_job = job if name == job.generator else _translate(job, generator)
        try:
            images = generator.generate(
                attempt_job,
                references=_reference_paths(ctx, brief_id, job),
                progress=lambda step, total: (
                    total > 1
                    and ctx.emit(brief_id, "job_progress", job_id=job.id, step=step, total=total)
                ),
            )
            return generator, images, notes
        except GeneratorError as exc:
            refused = isinstance(exc, RefusedError)
            allowed = ctx.settings.fallback == "failure_or_refusal" or (
                ctx.settings.fallback == "failure" and not refused
            )
            if exc.retryable or not allowed or n == len(candidates) - 1:
                raise
            notes.append(
                f"{name} {'refused' if refused else 'failed'}: {exc}; falling back to "
                f"{candidates[n + 1]}"
            )
            ctx.emit(brief_id, "job_fallback", job_id=job.id, generator=name, error=str(exc))
    raise AssertionError("unreachable")


def _translate(job: JobSpec, generator: Any) -> JobSpec:
    """The job as another generator should receive it: its dialect and queue."""
    from studio.dialects import to_natural

    dialect = generator.capabilities.dialect
    update: dict[str, Any] = {"generator": generator.name}
    if dialect == "natural" and job.dialect == "sd":
        update |= {
            "prompt": to_natural(job.prompt, job.negative_prompt),
            "negative_prompt": "",
            "dialect": "natural",
        }
    elif dialect == "sd" and job.dialect == "natural":
        update |= {"dialect": "sd"}
    return job.model_copy(update=update)


def retry_delay(
    attempt: int,
    *,
    base: float,
    cap: float,
    retry_after: float | None = None,
    rng: random.Random | None = None,
) -> float:
    """Exponential backoff with jitter: attempt 1 waits about `base`, each next one twice as
    long, at most `cap`; the jitter (50-100% of the step) keeps a fleet of workers from
    retrying in lockstep. A provider's retry_after is a floor (still at most `cap`)."""
    step = min(cap, base * 2 ** max(0, attempt - 1))
    delay = step * (0.5 + 0.5 * (rng or random).random())
    if retry_after is not None:
        delay = max(delay, float(retry_after))
    return round(min(cap, delay), 3)


def run_job_once(ctx: Context, brief_id: str, job_id: str) -> JobOutcome:
    """One delivery of a job message. Safe to receive twice, late, or for a cancelled brief;
    never raises for a generator error (it is recorded and returned), only for an unreachable
    ledger or store, which the caller retries."""
    settings = ctx.settings
    row, brief_state = ctx.ledger.job(job_id)
    # 1. the brief is over (cancelled): this job does not run
    if brief_state.terminal:
        if not row.state.terminal:
            ctx.ledger.finish_job(
                job_id, state=State.cancelled, error=f"not run: brief {brief_state.value}"
            )
        return JobOutcome(State.cancelled, settled_before=row.state.terminal)
    # 2. an earlier delivery settled it (succeeded falls through: run_job reuses the outputs)
    if row.state in (State.failed, State.refused, State.cancelled):
        return JobOutcome(row.state, settled_before=True, error=row.error)
    settled_before = row.state is State.succeeded
    # 3. started as often as allowed and never finished: it kills (or hangs) its worker
    if row.attempts >= settings.max_job_attempts:
        reason = (
            f"started {row.attempts} times and never finished: its worker was lost every "
            "time (killed, out of memory, or past STUDIO_JOB_TIME_LIMIT_S); not retrying"
        )
        if row.error:
            reason += f"; last error: {row.error}"
        ctx.ledger.finish_job(job_id, state=State.failed, error=reason)
        ctx.emit(brief_id, "job_finished", job_id=job_id, state="failed", error=reason)
        return JobOutcome(State.failed, error=reason)
    # 4. run it
    result, exc = _run_job(ctx, brief_id, job_id)
    if result is None and exc is None:  # held elsewhere: that runner settles it
        return JobOutcome(State.running, held=True, error="running elsewhere under a live lease")
    if exc is None:
        return JobOutcome(State.succeeded, settled_before=settled_before)
    state = State.refused if isinstance(exc, RefusedError) else State.failed
    reason = describe(exc)
    if _transient(exc):
        attempt, _ = ctx.ledger.job(job_id)
        if attempt.attempts < settings.max_job_attempts:
            delay = retry_delay(
                attempt.attempts,
                base=settings.retry_backoff_s,
                cap=settings.retry_backoff_max_s,
                retry_after=getattr(exc, "retry_after", None),
            )
            note = f"attempt {attempt.attempts} failed ({reason}); retrying in {delay:g} s"
            ctx.ledger.requeue_job(job_id, error=note)
            ctx.emit(
                brief_id,
                "job_retry",
                job_id=job_id,
                attempt=attempt.attempts,
                delay=delay,
                error=reason,
            )
            return JobOutcome(State.planned, retry_in=delay, error=note)
        reason = f"gave up after {attempt.attempts} attempts: {reason}"
        ctx.ledger.finish_job(job_id, state=state, error=reason)
    return JobOutcome(state, error=reason)


def _transient(exc: BaseException) -> bool:
    if isinstance(exc, GeneratorError):
        return exc.retryable
    return _soft_time_limit(exc)


def _soft_time_limit(exc: BaseException) -> bool:
    """A worker's soft time limit (Celery's SoftTimeLimitExceeded, matched by name so that
    studio/ needs no Celery): a hung provider call is worth another try."""
    return type(exc).__name__ == "SoftTimeLimitExceeded"


def is_infrastructure_error(exc: BaseException) -> bool:
    """The ledger's database or the store unreachable (or a worker's soft time limit): retry
    later, it is not the job's fault. A missing asset or a bug is not this (retrying would
    not help). The ledger and the store each say which of their errors are transient."""
    return (
        _soft_time_limit(exc) or is_transient_database_error(exc) or is_transient_storage_error(exc)
    )
