"""Run a plan. The same steps serve the in-process path (`studio run`) and the distributed
one (workers/ call them by id; this module knows nothing of Celery):

    submit(brief, plan)            brief.json + plan.json into storage, rows into the ledger
    run_job(brief_id, job_id)      one generator call; idempotent (existing outputs are kept)
    finish_brief(brief_id)         compose deliverables, write the manifest, final state

Outputs are keyed by job id and image index and written atomically, so a redelivered job
whose outputs exist does not run (or pay a provider) again.

The distributed path wraps them in the checks a message that may arrive twice, late, or
after its brief was cancelled needs, with the ledger as the only truth:

    enqueue(brief, plan)           submit + references into storage; brief running/generating
    run_job_once(brief_id, job_id) brief cancelled? job settled? started too often (poison)?
                                   then run_job; transient errors come back as "retry in N s"
    job_settled(brief_id)          the last job to finish (exactly one) sends the fan-in
    settle_brief(brief_id)         the fan-in: claim the compositions, compose or record the
                                   first failure; duplicates and late copies are harmless
    cancel(brief_id)               the brief cancelled, its remaining jobs with it
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from studio import __version__, metadata
from studio.compose import compose_with_boxes
from studio.context import Context, EventFn  # noqa: F401  (re-exported)
from studio.domain import (
    Asset,
    Brief,
    DocumentRecord,
    JobResult,
    JobSpec,
    Manifest,
    Plan,
    State,
    TemplateRef,
    utcnow,
)
from studio.errors import GeneratorError, RefusedError, StorageError, StudioError
from studio.generators import get_generator
from studio.store import sha256_bytes
from studio.verify import check_text
from studio.verify_source import SourceDocument, compose_verified, start_screen

MANIFEST = "manifest.json"


def _key(brief_id: str, name: str) -> str:
    return f"{brief_id}/{name}"


def output_key(brief_id: str, job_id: str, index: int) -> str:
    return _key(brief_id, f"jobs/{job_id}-{index}.png")


def load_brief(ctx: Context, brief_id: str) -> Brief:
    key = _key(brief_id, "brief.json")
    if key not in ctx._cache:
        ctx._cache[key] = Brief.model_validate_json(ctx.store.read(key))
    return ctx._cache[key]


def load_plan(ctx: Context, brief_id: str) -> Plan:
    key = _key(brief_id, "plan.json")
    if key not in ctx._cache:
        if len(ctx._cache) > 256:  # a long-lived worker sees many briefs
            ctx._cache.clear()
        ctx._cache[key] = Plan.model_validate_json(ctx.store.read(key))
    return ctx._cache[key]


# 1. submit ----------------------------------------------------------------------------
def submit(ctx: Context, brief: Brief, plan: Plan) -> None:
    ctx.store.write(_key(brief.id, "brief.json"), brief.model_dump_json(indent=2).encode())
    ctx.store.write(_key(brief.id, "plan.json"), plan.model_dump_json(indent=2).encode())
    passwords = {d.sha256: d.password for d in brief.documents if d.password}
    if passwords:  # never written anywhere; the source check of this process needs them
        ctx._cache[_key(brief.id, "passwords")] = passwords
    ctx.ledger.create_brief(
        brief_id=brief.id, owner=brief.owner, text=brief.text, created_at=brief.created_at
    )
    rows = [(j.id, "generate", j.generator) for j in plan.jobs]
    rows += [(c.id, "compose", None) for c in plan.compositions]
    ctx.ledger.record_plan(
        brief.id,
        plan_json=plan.model_dump_json(),
        template_id=plan.template_id,
        planner=plan.planner,
        out_dir=ctx.store.url(brief.id),
        jobs_spec=rows,
    )  # type: ignore[arg-type]
    ctx.emit(brief.id, "stage", stage="planned", jobs=len(plan.jobs))


# 2. run one job ---------------------------------------------------------------------
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
    recording it. Errors of the ledger or the store (not the generator's) propagate."""
    plan = load_plan(ctx, brief_id)
    job = plan.job(job_id)
    keys = [output_key(brief_id, job.id, i) for i in range(job.count)]
    record_key = _key(brief_id, f"jobs/{job.id}.json")
    if ctx.store.exists(record_key) and all(ctx.store.exists(k) for k in keys):
        result = JobResult.model_validate_json(ctx.store.read(record_key))
        ctx.ledger.finish_job(
            job.id, state=State.succeeded, outputs=result.outputs, seconds=result.seconds
        )
        ctx.emit(brief_id, "job_finished", job_id=job.id, state="succeeded", reused=True)
        return result, None

    attempt = ctx.ledger.start_job(job.id, generator=job.generator)
    ctx.emit(brief_id, "job_started", job_id=job.id, generator=job.generator, attempt=attempt)
    started, t0 = utcnow(), time.perf_counter()
    try:
        generator, images, fallback_notes = _generate_with_fallbacks(ctx, brief_id, job)
    except Exception as exc:  # recorded whatever it was, so the brief can still end cleanly
        state = State.refused if isinstance(exc, RefusedError) else State.failed
        reason = str(exc) if isinstance(exc, StudioError) else f"{type(exc).__name__}: {exc}"
        ctx.ledger.finish_job(job.id, state=state, error=reason, seconds=time.perf_counter() - t0)
        ctx.emit(brief_id, "job_finished", job_id=job.id, state=state.value, error=reason)
        return None, exc
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
        cost_usd=sum(g.cost_usd for g in images),
        fallbacks=fallback_notes,
        originals=originals,
    )
    # one durable write of everything, the record moved into place last: its presence (with
    # the outputs) is what "this job is done" means
    ctx.store.write_all([*files, (record_key, result.model_dump_json(indent=2).encode())])
    ctx.ledger.finish_job(job.id, state=State.succeeded, outputs=result.outputs, seconds=seconds)
    ctx.emit(brief_id, "job_finished", job_id=job.id, state="succeeded", seconds=round(seconds, 3))
    return result, None


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


def _with_text(report: dict[str, Any], texts: dict[str, Any]) -> dict[str, Any]:
    """A facts report that also says whether the brief's own words read back; verified only
    when both the figures and the words are."""
    merged = {**report, "texts": texts.get("texts", [])}
    if texts.get("status") != "verified":
        merged["status"] = "unverified"
        merged["reason"] = "; ".join(r for r in (report.get("reason"), texts.get("reason")) if r)
    return merged


def _reference_paths(ctx: Context, brief_id: str, job: Any) -> list[Path]:
    """Local files of the job's reference images. In-process: the user's own files. On a
    worker: the copies `enqueue` put into storage, fetched once per host into a private,
    content-addressed cache (checked against their sha256)."""
    brief = load_brief(ctx, brief_id)
    by_hash = {r.sha256: r for r in brief.references}
    paths = []
    for digest in job.references:
        ref = by_hash.get(digest)
        if ref is None:
            continue
        suffix = Path(ref.path).suffix.lower()
        key = _key(brief_id, f"references/{digest}{suffix}")
        if not ctx.store.exists(key):  # not enqueued: an in-process run on the user's machine
            paths.append(Path(ref.path))
            continue
        cache = _reference_cache() / f"{digest}{suffix}"
        if not cache.is_file():
            data = ctx.store.read(key)
            if sha256_bytes(data) != digest:
                raise StorageError(
                    f"reference image {ref.name} in storage does not match its sha256"
                )
            tmp = cache.with_name(f".tmp-{os.getpid()}-{cache.name}")
            tmp.write_bytes(data)
            os.replace(tmp, cache)
        paths.append(cache)
    return paths


def _reference_cache() -> Path:
    """A cache directory only this user can write (the temp dir is shared)."""
    folder = Path(tempfile.gettempdir()) / f"studio-references-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    info = folder.stat()
    if info.st_uid != os.getuid() or info.st_mode & 0o022:
        raise StorageError(f"refusing reference cache {folder}: not private to this user")
    return folder


# 3. compose and finish ------------------------------------------------------------------
def finish_brief(
    ctx: Context,
    brief_id: str,
    *,
    error: str | None = None,
    state: State | None = None,
    claimed: bool = False,
) -> Manifest:
    """Compose every deliverable whose inputs exist and write the manifest. With `error`
    (a job failed or was refused) nothing is composed: the manifest records the failure and
    the job outputs that were made are kept. `claimed`: the caller already counted the
    composition attempt (Ledger.claim_compose)."""
    brief, plan = load_brief(ctx, brief_id), load_plan(ctx, brief_id)
    t0 = time.perf_counter()
    early = ctx._cache.pop(_key(brief_id, "source-checks"), {})  # run_inprocess started them
    jobs = _job_results(ctx, brief_id, plan)
    assets: list[Asset] = []
    verification: dict[str, Any] = {}
    for result in jobs:
        for path in result.outputs:
            assets.append(_asset(ctx, brief_id, path, kind="job_output", job_id=result.job_id))
        for path in result.originals:  # provider bytes, unmodified (content credentials intact)
            assets.append(_asset(ctx, brief_id, path, kind="original", job_id=result.job_id))
    if error is None:
        ctx.ledger.set_brief(brief_id, stage="composing")
        ctx.emit(brief_id, "stage", stage="composing")
        for comp in plan.compositions:
            started = time.perf_counter()
            if not claimed:
                ctx.ledger.start_job(comp.id)
            brand = ctx.library.brand(comp.brand)
            images = [_open(ctx, brief_id, plan, job_id) for job_id in comp.inputs]
            report = None
            if comp.facts:
                # only figures visible on their cited PDF page are drawn (verify_source)
                ctx.ledger.set_brief(brief_id, stage="verifying")
                ctx.emit(brief_id, "stage", stage="verifying", output=comp.output)
                image, report = compose_verified(
                    comp,
                    images,
                    brand,
                    _source_documents(ctx, brief_id),
                    ctx.settings,
                    pending=early.get(comp.id),
                )
                if comp.data.get("on_image_text"):  # a title the brief asked for, read back
                    report = _with_text(report, check_text(image, list(comp.data["on_image_text"])))
                verification[comp.output] = report
            else:
                image, _ = compose_with_boxes(comp, images, brand)
                if comp.data.get("on_image_text"):  # the words the brief asked for, read back
                    report = check_text(image, list(comp.data["on_image_text"]))
                    verification[comp.output] = report
            trained = any(
                getattr(
                    get_generator(plan.job(j).generator, ctx.settings),
                    "digital_source_type",
                    metadata.TRAINED,
                )
                == metadata.TRAINED
                for j in comp.inputs
            )
            source = metadata.COMPOSITE_TRAINED if trained else metadata.COMPOSITE_SYNTHETIC
            data = metadata.png_bytes(
                image, source_type=source, manifest=MANIFEST, brief_id=brief_id, asset=comp.output
            )
            ctx.store.write(_key(brief_id, comp.output), data)
            asset = _asset(
                ctx,
                brief_id,
                comp.output,
                kind="deliverable",
                composition_id=comp.id,
                source_type=source,
            )
            if report is not None:
                asset.verification = report["status"]
            assets.append(asset)
            ctx.ledger.finish_job(
                comp.id,
                state=State.succeeded,
                outputs=[comp.output],
                seconds=time.perf_counter() - started,
            )
        state = state or State.succeeded
    else:
        state = state or State.failed
        ctx.ledger.mark_jobs(
            brief_id, kind="compose", state=State.cancelled, error=f"not composed: {error}"
        )
    manifest = Manifest(
        studio_version=__version__,
        brief=brief,
        plan=plan,
        templates=[TemplateRef(id=plan.template_id, version=plan.template_version)],
        documents=[
            DocumentRecord(name=d.name, sha256=d.sha256, pages=d.pages, bytes=d.bytes)
            for d in brief.documents
        ],
        jobs=jobs,
        assets=assets,
        state=state,
        error=error,
        verification=verification,
        timings={
            "compose_s": round(time.perf_counter() - t0, 4),
            "jobs_s": round(sum(j.seconds or 0 for j in jobs), 4),
        },
        cost_usd=round(sum(j.cost_usd for j in jobs), 6),
    )
    ctx.store.write(_key(brief_id, MANIFEST), manifest.model_dump_json(indent=2).encode())
    ctx.ledger.set_brief(
        brief_id,
        state=state,
        stage="done",
        error=error,
        manifest=ctx.store.url(_key(brief_id, MANIFEST)),
    )
    ctx.emit(brief_id, "stage", stage="done", state=state.value, error=error)
    return manifest


def _source_documents(ctx: Context, brief_id: str) -> dict[str, SourceDocument]:
    """The brief's PDFs for the source check, by sha256: the copy `enqueue` put into storage
    (a worker on another host), else the user's own file (in-process). Passwords are never
    stored; an in-process run keeps them in memory (submit)."""
    brief = load_brief(ctx, brief_id)
    passwords = ctx._cache.get(_key(brief_id, "passwords"), {})
    out = {}
    for doc in brief.documents:
        key = _key(brief_id, f"documents/{doc.sha256}.pdf")
        path = Path(doc.path)
        if ctx.store.exists(key):
            path = _reference_cache() / f"{doc.sha256}.pdf"
            if not path.is_file():
                data = ctx.store.read(key)
                if sha256_bytes(data) != doc.sha256:
                    raise StorageError(f"document {doc.name} in storage does not match its sha256")
                tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
                tmp.write_bytes(data)
                os.replace(tmp, path)
        out[doc.sha256] = SourceDocument(
            name=doc.name, path=path, sha256=doc.sha256, password=passwords.get(doc.sha256)
        )
    return out


def _job_results(ctx: Context, brief_id: str, plan: Plan) -> list[JobResult]:
    out = []
    for job in plan.jobs:
        key = _key(brief_id, f"jobs/{job.id}.json")
        if ctx.store.exists(key):
            out.append(JobResult.model_validate_json(ctx.store.read(key)))
        else:
            row = next((j for j in ctx.ledger.get(brief_id).jobs if j.id == job.id), None)
            out.append(
                JobResult(
                    job_id=job.id,
                    state=row.state if row else State.planned,
                    generator=job.generator,
                    error=row.error if row else None,
                    attempts=row.attempts if row else 0,
                )
            )
    return out


def _open(ctx: Context, brief_id: str, plan: Plan, job_id: str) -> Image.Image:
    job = plan.job(job_id)
    data = ctx.store.read(output_key(brief_id, job.id, 0))
    return Image.open(io.BytesIO(data)).convert("RGB")


def _asset(
    ctx: Context,
    brief_id: str,
    path: str,
    *,
    kind: str,
    job_id: str | None = None,
    composition_id: str | None = None,
    source_type: str | None = None,
) -> Asset:
    data = ctx.store.read(_key(brief_id, path))
    with Image.open(io.BytesIO(data)) as im:
        width, height = im.size
        source_type = source_type or im.info.get("DigitalSourceType")
        media_type = Image.MIME.get(im.format or "PNG", "application/octet-stream")
    return Asset(
        path=path,
        kind=kind,
        media_type=media_type,
        sha256=sha256_bytes(data),
        bytes=len(data),
        width=width,
        height=height,
        job_id=job_id,
        composition_id=composition_id,
        digital_source_type=source_type,
    )  # type: ignore[arg-type]


# in-process --------------------------------------------------------------------------------
def run_inprocess(ctx: Context, brief: Brief, plan: Plan, *, submitted: bool = False) -> Manifest:
    """The embedded default: every job in this process, in order, then compose. `submitted`:
    brief and plan are already written (a pooled dispatcher writes them before returning)."""
    if not submitted:
        submit(ctx, brief, plan)
    ctx.ledger.set_brief(brief.id, state=State.running, stage="generating")
    ctx.emit(brief.id, "stage", stage="generating")
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
        while outcome.retry_in is not None:
            time.sleep(outcome.retry_in)
            outcome = run_job_once(ctx, brief.id, job.id)
        if outcome.state is State.cancelled:
            return _cancelled_manifest(ctx, brief.id)
        if outcome.state in (State.failed, State.refused):
            failure = failure or (
                outcome.state,
                f"job {job.id} {outcome.state.value}: {outcome.error}",
            )
    if not ctx.ledger.advance_stage(brief.id, from_stage="generating", to_stage="finishing"):
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


def manifest_json(manifest: Manifest) -> dict[str, Any]:
    return json.loads(manifest.model_dump_json())


# distributed: the steps workers/ call by id ----------------------------------------------
FINISHING = "finishing"  # stage of a brief whose fan-in has been sent


@dataclass
class JobOutcome:
    """What one delivery of a job message came to. `retry_in`: a transient error, the
    caller schedules another delivery after that many seconds. `settled_before`: the job was
    already terminal when this delivery arrived (a redelivered or duplicate message)."""

    state: State
    retry_in: float | None = None
    settled_before: bool = False
    error: str | None = None


def enqueue(ctx: Context, brief: Brief, plan: Plan) -> None:
    """Everything a worker on another host needs, in shared storage and the ledger: brief,
    plan, reference images. The brief goes to running/generating; the caller sends the jobs."""
    submit(ctx, brief, plan)
    for ref in brief.references:
        suffix = Path(ref.path).suffix.lower()
        ctx.store.write(
            _key(brief.id, f"references/{ref.sha256}{suffix}"), Path(ref.path).read_bytes()
        )
    for doc in brief.documents:  # the composing worker checks figures against the PDF
        ctx.store.write(_key(brief.id, f"documents/{doc.sha256}.pdf"), Path(doc.path).read_bytes())
    ctx.ledger.set_brief(brief.id, state=State.running, stage="generating")
    ctx.emit(brief.id, "stage", stage="generating", jobs=len(plan.jobs))


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
    if exc is None:
        return JobOutcome(State.succeeded, settled_before=settled_before)
    state = State.refused if isinstance(exc, RefusedError) else State.failed
    reason = str(exc) if isinstance(exc, StudioError) else f"{type(exc).__name__}: {exc}"
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
    # a worker's soft time limit (Celery's SoftTimeLimitExceeded, matched by name so that
    # studio/ needs no Celery): a hung provider call is worth another try
    return type(exc).__name__ == "SoftTimeLimitExceeded"


def is_infrastructure_error(exc: BaseException) -> bool:
    """The ledger's database or the store unreachable: retry later, it is not the job's
    fault. A missing asset or a bug is not this (retrying would not help)."""
    from sqlalchemy.exc import DBAPIError

    if isinstance(exc, DBAPIError) or type(exc).__name__ == "SoftTimeLimitExceeded":
        return True
    if isinstance(exc, StorageError):
        cause = exc.__cause__
        if cause is None or isinstance(cause, FileNotFoundError):
            return False
        code = str(getattr(cause, "response", {}).get("Error", {}).get("Code", ""))
        return code not in ("404", "NoSuchKey", "NotFound", "NoSuchBucket", "AccessDenied")
    return isinstance(exc, OSError) and not isinstance(exc, FileNotFoundError | PermissionError)


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
    if ctx.ledger.pending_jobs(brief_id) > 0:
        return False
    if ctx.ledger.advance_stage(brief_id, from_stage="generating", to_stage=FINISHING):
        ctx.emit(brief_id, "stage", stage=FINISHING)
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
    if plan.compositions:
        attempt = ctx.ledger.claim_compose(brief_id, stale_after_s=settings.job_time_limit_s)
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
        reason = str(exc) if isinstance(exc, StudioError) else f"{type(exc).__name__}: {exc}"
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
    ctx.emit(brief_id, "stage", stage="cancelled", state="cancelled")
    finish_brief(ctx, brief_id, error=f"cancelled by {by}", state=State.cancelled)
    return True, before
