"""Bringing briefs to their end: the in-process run (`run_inprocess`), and the distributed
steps workers/ call by id around a job's delivery: release or fail a job, decide who sends
the fan-in (`job_settled`), the fan-in itself (`settle_brief`), and `cancel`."""

from __future__ import annotations

import contextlib
import time
from functools import partial

from studio.context import Context
from studio.domain import Brief, Manifest, Plan, Stage, State
from studio.errors import StudioError, describe
from studio.executor.finishing import finish_brief
from studio.executor.jobs import JobOutcome, is_infrastructure_error, run_job_once
from studio.executor.lease import heartbeat, runner_token
from studio.executor.loading import MANIFEST, _key, _source_documents, load_plan, submit
from studio.verify_source import start_screen


def run_inprocess(ctx: Context, brief: Brief, plan: Plan, *, submitted: bool = False) -> Manifest:
    """The embedded default: every job in this process, in order, then compose. `submitted`:
    brief and plan are already written (a pooled dispatcher writes them before returning,
    `studio resume` runs what is left of an interrupted run).

    The process leases the brief while it runs: killed outright, its lease expires and
    `studio resume` finishes the brief. Interrupted (Ctrl-C, SIGTERM: KeyboardInterrupt), the
    brief ends `cancelled` with the reason; any other failure on the way (a full disk, the
    ledger or the store gone) ends it `failed` with the reason. Either way the error goes on
    up, and no deliverable is half-written (the store writes atomically)."""
    if not submitted:
        submit(ctx, brief, plan)
    token, lease_s = runner_token(), ctx.settings.lease_s
    if not ctx.ledger.take_brief(brief.id, owner=token, lease_s=lease_s):
        raise StudioError(
            f"brief {brief.id} is being run by another process right now",
            hint=f"follow it with `studio status {brief.id}`",
        )
    renew = partial(ctx.ledger.renew_brief, brief.id, owner=token, lease_s=lease_s)
    try:
        with heartbeat(renew, lease_s):
            return _run_here(ctx, brief, plan)
    except KeyboardInterrupt as exc:
        _end_here(ctx, brief.id, State.cancelled, f"interrupted ({exc or 'Ctrl-C'})")
        raise
    except Exception as exc:
        _end_here(ctx, brief.id, State.failed, describe(exc))
        raise


def _end_here(ctx: Context, brief_id: str, state: State, reason: str) -> None:
    """End an in-process brief that was stopped on the way: its unfinished jobs and the brief
    get `state` with the reason, and a manifest of what was made when the store still can."""
    with contextlib.suppress(Exception):
        if ctx.ledger.brief_state(brief_id).terminal:
            return
        ctx.ledger.mark_jobs(brief_id, kind="generate", state=State.cancelled, error=reason)
        ctx.ledger.mark_jobs(brief_id, kind="compose", state=State.cancelled, error=reason)
        ctx.emit(brief_id, "stage", stage=Stage.done, state=state.value, error=reason)
        try:
            finish_brief(ctx, brief_id, error=reason, state=state)
        except Exception:  # the store is what failed: the ledger still says why
            ctx.ledger.set_brief(brief_id, state=state, stage=Stage.done, error=reason)


def _run_here(ctx: Context, brief: Brief, plan: Plan) -> Manifest:
    ctx.ledger.set_brief(brief.id, state=State.running, stage=Stage.generating)
    ctx.emit(brief.id, "stage", stage=Stage.generating)
    # the figures are checked against their PDF pages while the images are generated
    documents = _source_documents(ctx, brief.id) if plan.compositions else {}
    ctx._cache[_key(brief.id, "source-checks")] = {
        c.id: start_screen(c.facts, documents, ctx.settings) for c in plan.compositions if c.facts
    }
    failure: tuple[State, str] | None = None
    for job in plan.jobs:
        if ctx.ledger.brief_state(brief.id) is State.cancelled:  # `studio cancel` from elsewhere
            return _cancelled_manifest(ctx, brief.id)
        # the same delivery logic as a worker's: attempts counted, transient errors retried
        # after a backoff (Retry-After honoured), permanent ones and refusals final
        outcome = run_job_once(ctx, brief.id, job.id)
        while outcome.retry_in is not None or outcome.held:
            time.sleep(outcome.retry_in if outcome.retry_in is not None else 1.0)
            outcome = run_job_once(ctx, brief.id, job.id)
        if outcome.state is State.cancelled:
            return _cancelled_manifest(ctx, brief.id)
        if outcome.state in (State.failed, State.refused):
            failure = failure or (
                outcome.state,
                f"job {job.id} {outcome.state.value}: {outcome.error}",
            )
    if not ctx.ledger.advance_stage(
        brief.id, from_stage=Stage.generating, to_stage=Stage.finishing
    ):
        return _cancelled_manifest(ctx, brief.id)  # cancelled after the last job
    if failure:
        return finish_brief(ctx, brief.id, error=failure[1], state=failure[0])
    try:
        return finish_brief(ctx, brief.id)
    except Exception as exc:  # the brief must still reach a terminal state
        finish_brief(ctx, brief.id, error=f"composition failed: {exc}", state=State.failed)
        raise


def _cancelled_manifest(ctx: Context, brief_id: str) -> Manifest:
    key = _key(brief_id, MANIFEST)
    if ctx.store.exists(key):  # written by `studio cancel`
        return Manifest.model_validate_json(ctx.store.read(key))
    row = ctx.ledger.get(brief_id)
    return finish_brief(ctx, brief_id, error=row.error or "cancelled", state=State.cancelled)


def release_job(ctx: Context, job_id: str, *, error: str) -> None:
    """An attempt died of an infrastructure error: back to planned, reason kept, attempt
    still counted (so a job that always trips over it ends failed, not in a loop)."""
    ctx.ledger.requeue_job(job_id, error=error, only_if_running=True)


def fail_job(ctx: Context, brief_id: str, job_id: str, *, reason: str) -> JobOutcome:
    """A delivery that cannot succeed (its plan is gone, a bug): the job fails, the brief
    moves on to its fan-in like after any other failure."""
    ctx.ledger.finish_job(job_id, state=State.failed, error=reason)
    ctx.emit(brief_id, "job_finished", job_id=job_id, state="failed", error=reason)
    return JobOutcome(State.failed, error=reason)


def job_settled(ctx: Context, brief_id: str, outcome: JobOutcome) -> bool:
    """After a job reached a terminal state: should this caller send the fan-in? True for
    the one caller that moves the brief from generating to finishing, and again for a
    redelivered message when the brief is still not over (its first sender may have died
    between the two steps; settle_brief tolerates the duplicate)."""
    if outcome.held or ctx.ledger.pending_jobs(brief_id) > 0:
        return False
    if ctx.ledger.advance_stage(brief_id, from_stage=Stage.generating, to_stage=Stage.finishing):
        ctx.emit(brief_id, "stage", stage=Stage.finishing)
        return True
    return outcome.settled_before and ctx.ledger.brief_state(brief_id) is State.running


def settle_brief(ctx: Context, brief_id: str) -> str:
    """The fan-in: every job is terminal, so compose (or record the first failure) and bring
    the brief to its terminal state. Returns "done", "waiting" (jobs still pending: a later
    job sends the fan-in again) or "busy" (another worker is composing: ask again later, in
    case it dies). Composition errors end the brief failed; ledger/storage errors raise."""
    settings = ctx.settings
    if ctx.ledger.brief_state(brief_id).terminal:
        return "done"
    if ctx.ledger.pending_jobs(brief_id) > 0:
        return "waiting"
    plan = load_plan(ctx, brief_id)
    token = runner_token()
    if plan.compositions:
        # a leased claim: a worker killed while composing loses it within a lease, and the
        # fan-in the sweep sends again then takes the composition over
        attempt = ctx.ledger.claim_compose(
            brief_id, stale_after_s=settings.job_time_limit_s, owner=token, lease_s=settings.lease_s
        )
        if attempt is None:
            return "done" if ctx.ledger.brief_state(brief_id).terminal else "busy"
        if attempt > settings.max_job_attempts:
            last = next(
                (j.error for j in ctx.ledger.get(brief_id).jobs if j.kind == "compose" and j.error),
                None,
            )
            finish_brief(
                ctx,
                brief_id,
                state=State.failed,
                claimed=True,
                error=(
                    f"composition started {attempt - 1} times and never finished: its worker was "
                    "lost every time (killed, out of memory, or past STUDIO_JOB_TIME_LIMIT_S)"
                    + (f"; last error: {last}" if last else "")
                ),
            )
            return "done"
    renew = partial(ctx.ledger.renew_compose, brief_id, owner=token, lease_s=settings.lease_s)
    with heartbeat(renew, settings.lease_s):
        return _compose_claimed(ctx, brief_id, plan)


def _compose_claimed(ctx: Context, brief_id: str, plan: Plan) -> str:
    failure = _first_failure(ctx, brief_id, plan)
    if failure is not None:
        finish_brief(ctx, brief_id, error=failure[1], state=failure[0], claimed=True)
        return "done"
    try:
        finish_brief(ctx, brief_id, claimed=True)
    except Exception as exc:
        if is_infrastructure_error(exc):
            # let the next delivery claim at once instead of waiting for this claim to go stale
            # (if the ledger is down too, the claim goes stale instead)
            with contextlib.suppress(Exception):
                ctx.ledger.release_compose(brief_id, error=f"{type(exc).__name__}: {exc}")
            raise
        reason = describe(exc)
        finish_brief(
            ctx, brief_id, error=f"composition failed: {reason}", state=State.failed, claimed=True
        )
    return "done"


def _first_failure(ctx: Context, brief_id: str, plan: Plan) -> tuple[State, str] | None:
    rows = {j.id: j for j in ctx.ledger.get(brief_id).jobs}
    for job in plan.jobs:
        row = rows.get(job.id)
        if row is not None and row.state in (State.failed, State.refused, State.cancelled):
            state = State.refused if row.state is State.refused else State.failed
            return state, f"job {job.id} {row.state.value}: {row.error}"
    return None


def cancel(ctx: Context, brief_id: str, *, by: str) -> tuple[bool, list[str]]:
    """Cancel a brief that has not started composing. Returns (cancelled?, ids of the jobs
    that were still queued or running, for the caller to revoke). The manifest is written
    with what was made so far; jobs that were running finish their current call."""
    before = [
        j.id for j in ctx.ledger.get(brief_id).jobs if j.kind == "generate" and not j.state.terminal
    ]
    if not ctx.ledger.cancel_brief(brief_id, reason=f"cancelled by {by}"):
        return False, []
    ctx.emit(brief_id, "stage", stage=Stage.cancelled, state="cancelled")
    finish_brief(ctx, brief_id, error=f"cancelled by {by}", state=State.cancelled)
    return True, before
