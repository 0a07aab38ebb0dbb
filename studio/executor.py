"""Run a plan. The same three steps serve the in-process path (`studio run`) and the
distributed one (workers/ call them by id):

    submit(brief, plan)            brief.json + plan.json into storage, rows into the ledger
    run_job(brief_id, job_id)      one generator call; idempotent (existing outputs are kept)
    finish_brief(brief_id)         compose deliverables, write the manifest, final state

Outputs are keyed by job id and image index and written atomically, so a redelivered job
whose outputs exist does not run (or pay a provider) again.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PIL import Image

from studio import __version__, metadata
from studio.compose import compose_with_boxes
from studio.config import Settings
from studio.domain import (
    Asset,
    Brief,
    DocumentRecord,
    JobResult,
    Manifest,
    Plan,
    State,
    TemplateRef,
    utcnow,
)
from studio.errors import GeneratorError, RefusedError, StudioError
from studio.generators import get_generator
from studio.ledger import Ledger
from studio.prompts import Library
from studio.store import LocalStore, sha256_bytes
from studio.verify import check_facts

EventFn = Callable[[dict[str, Any]], None]
MANIFEST = "manifest.json"


@dataclass
class Context:
    settings: Settings
    library: Library
    store: LocalStore
    ledger: Ledger
    events: list[EventFn] = field(default_factory=list)

    def emit(self, brief_id: str, type_: str, **data: Any) -> None:
        event = {"brief_id": brief_id, "type": type_, "at": utcnow().isoformat(), **data}
        for fn in self.events:
            fn(event)


def _key(brief_id: str, name: str) -> str:
    return f"{brief_id}/{name}"


def output_key(brief_id: str, job_id: str, index: int) -> str:
    return _key(brief_id, f"jobs/{job_id}-{index}.png")


def load_brief(ctx: Context, brief_id: str) -> Brief:
    return Brief.model_validate_json(ctx.store.read(_key(brief_id, "brief.json")))


def load_plan(ctx: Context, brief_id: str) -> Plan:
    return Plan.model_validate_json(ctx.store.read(_key(brief_id, "plan.json")))


# 1. submit ----------------------------------------------------------------------------
def submit(ctx: Context, brief: Brief, plan: Plan) -> None:
    ctx.store.write(_key(brief.id, "brief.json"), brief.model_dump_json(indent=2).encode())
    ctx.store.write(_key(brief.id, "plan.json"), plan.model_dump_json(indent=2).encode())
    ctx.ledger.create_brief(brief_id=brief.id, owner=brief.owner, text=brief.text,
                            created_at=brief.created_at)
    rows = [(j.id, "generate", j.generator) for j in plan.jobs]
    rows += [(c.id, "compose", None) for c in plan.compositions]
    ctx.ledger.record_plan(brief.id, plan_json=plan.model_dump_json(), template_id=plan.template_id,
                           planner=plan.planner, out_dir=str(ctx.store.path(brief.id)),
                           jobs_spec=rows)  # type: ignore[arg-type]
    ctx.emit(brief.id, "stage", stage="planned", jobs=len(plan.jobs))


# 2. run one job ---------------------------------------------------------------------
def run_job(ctx: Context, brief_id: str, job_id: str) -> JobResult:
    """Generate one job's images. Raises GeneratorError after recording it in the ledger."""
    plan = load_plan(ctx, brief_id)
    job = plan.job(job_id)
    keys = [output_key(brief_id, job.id, i) for i in range(job.count)]
    record_key = _key(brief_id, f"jobs/{job.id}.json")
    if all(ctx.store.exists(k) for k in keys) and ctx.store.exists(record_key):
        result = JobResult.model_validate_json(ctx.store.read(record_key))
        ctx.ledger.finish_job(job.id, state=State.succeeded, outputs=result.outputs,
                              seconds=result.seconds)
        ctx.emit(brief_id, "job_finished", job_id=job.id, state="succeeded", reused=True)
        return result

    attempt = ctx.ledger.start_job(job.id, generator=job.generator)
    ctx.emit(brief_id, "job_started", job_id=job.id, generator=job.generator, attempt=attempt)
    started, t0 = utcnow(), time.perf_counter()
    generator = get_generator(job.generator)
    try:
        images = generator.generate(job, references=_reference_paths(ctx, brief_id, job),
                                    progress=lambda step, total: ctx.emit(
                                        brief_id, "job_progress", job_id=job.id, step=step, total=total))
    except Exception as exc:  # recorded whatever it was, so the brief can still end cleanly
        state = State.refused if isinstance(exc, RefusedError) else State.failed
        reason = str(exc) if isinstance(exc, StudioError) else f"{type(exc).__name__}: {exc}"
        ctx.ledger.finish_job(job.id, state=state, error=reason, seconds=time.perf_counter() - t0)
        ctx.emit(brief_id, "job_finished", job_id=job.id, state=state.value, error=reason)
        raise
    source_type = getattr(generator, "digital_source_type", metadata.TRAINED)
    for i, generated in enumerate(images):
        data = metadata.png_bytes(generated.image.convert("RGB"), source_type=source_type,
                                  manifest=f"../{MANIFEST}", brief_id=brief_id,
                                  asset=f"jobs/{job.id}-{i}.png")
        ctx.store.write(keys[i], data)
        if generated.original is not None:
            ext = (generated.original_media_type or "image/png").split("/")[-1]
            ctx.store.write(_key(brief_id, f"originals/{job.id}-{i}.{ext}"), generated.original)
    seconds = time.perf_counter() - t0
    result = JobResult(
        job_id=job.id, state=State.succeeded, generator=generator.name,
        model=images[0].model if images else None, seeds=[g.seed for g in images],
        outputs=[k.split("/", 1)[1] for k in keys], started_at=started, finished_at=utcnow(),
        seconds=round(seconds, 4), attempts=attempt, cost_usd=sum(g.cost_usd for g in images),
    )
    ctx.store.write(record_key, result.model_dump_json(indent=2).encode())
    ctx.ledger.finish_job(job.id, state=State.succeeded, outputs=result.outputs, seconds=seconds)
    ctx.emit(brief_id, "job_finished", job_id=job.id, state="succeeded", seconds=round(seconds, 3))
    return result


def _reference_paths(ctx: Context, brief_id: str, job: Any) -> list:
    from pathlib import Path

    brief = load_brief(ctx, brief_id)
    by_hash = {r.sha256: Path(r.path) for r in brief.references}
    return [by_hash[h] for h in job.references if h in by_hash]


# 3. compose and finish ------------------------------------------------------------------
def finish_brief(ctx: Context, brief_id: str, *, error: str | None = None,
                 state: State | None = None) -> Manifest:
    """Compose every deliverable whose inputs exist and write the manifest. With `error`
    (a job failed or was refused) nothing is composed: the manifest records the failure and
    the job outputs that were made are kept."""
    brief, plan = load_brief(ctx, brief_id), load_plan(ctx, brief_id)
    t0 = time.perf_counter()
    jobs = _job_results(ctx, brief_id, plan)
    assets: list[Asset] = []
    verification: dict[str, Any] = {}
    for result in jobs:
        for path in result.outputs:
            assets.append(_asset(ctx, brief_id, path, kind="job_output", job_id=result.job_id))
    if error is None:
        ctx.ledger.set_brief(brief_id, stage="composing")
        ctx.emit(brief_id, "stage", stage="composing")
        for comp in plan.compositions:
            started = time.perf_counter()
            ctx.ledger.start_job(comp.id)
            brand = ctx.library.brand(comp.brand)
            images = [_open(ctx, brief_id, plan, job_id) for job_id in comp.inputs]
            image, boxes = compose_with_boxes(comp, images, brand)
            report = None
            if comp.facts:
                ctx.ledger.set_brief(brief_id, stage="verifying")
                ctx.emit(brief_id, "stage", stage="verifying", output=comp.output)
                report = check_facts(image, comp.facts, boxes)
                verification[comp.output] = report
            trained = any(getattr(get_generator(plan.job(j).generator), "digital_source_type",
                                  metadata.TRAINED) == metadata.TRAINED for j in comp.inputs)
            source = metadata.COMPOSITE_TRAINED if trained else metadata.COMPOSITE_SYNTHETIC
            data = metadata.png_bytes(image, source_type=source, manifest=MANIFEST,
                                      brief_id=brief_id, asset=comp.output)
            ctx.store.write(_key(brief_id, comp.output), data)
            asset = _asset(ctx, brief_id, comp.output, kind="deliverable",
                           composition_id=comp.id, source_type=source)
            if report is not None:
                asset.verification = report["status"]
            assets.append(asset)
            ctx.ledger.finish_job(comp.id, state=State.succeeded, outputs=[comp.output],
                                  seconds=time.perf_counter() - started)
        state = state or State.succeeded
    else:
        state = state or State.failed
    manifest = Manifest(
        studio_version=__version__, brief=brief, plan=plan,
        templates=[TemplateRef(id=plan.template_id, version=plan.template_version)],
        documents=[DocumentRecord(name=d.name, sha256=d.sha256, pages=d.pages, bytes=d.bytes)
                   for d in brief.documents],
        jobs=jobs, assets=assets, state=state, error=error, verification=verification,
        timings={"compose_s": round(time.perf_counter() - t0, 4),
                 "jobs_s": round(sum(j.seconds or 0 for j in jobs), 4)},
        cost_usd=round(sum(j.cost_usd for j in jobs), 6),
    )
    ctx.store.write(_key(brief_id, MANIFEST), manifest.model_dump_json(indent=2).encode())
    ctx.ledger.set_brief(brief_id, state=state, stage="done", error=error,
                         manifest=str(ctx.store.path(_key(brief_id, MANIFEST))))
    ctx.emit(brief_id, "stage", stage="done", state=state.value, error=error)
    return manifest


def _job_results(ctx: Context, brief_id: str, plan: Plan) -> list[JobResult]:
    out = []
    for job in plan.jobs:
        key = _key(brief_id, f"jobs/{job.id}.json")
        if ctx.store.exists(key):
            out.append(JobResult.model_validate_json(ctx.store.read(key)))
        else:
            row = next((j for j in ctx.ledger.get(brief_id).jobs if j.id == job.id), None)
            out.append(JobResult(job_id=job.id, state=row.state if row else State.planned,
                                 generator=job.generator, error=row.error if row else None,
                                 attempts=row.attempts if row else 0))
    return out


def _open(ctx: Context, brief_id: str, plan: Plan, job_id: str) -> Image.Image:
    job = plan.job(job_id)
    data = ctx.store.read(output_key(brief_id, job.id, 0))
    return Image.open(io.BytesIO(data)).convert("RGB")


def _asset(ctx: Context, brief_id: str, path: str, *, kind: str, job_id: str | None = None,
           composition_id: str | None = None, source_type: str | None = None) -> Asset:
    data = ctx.store.read(_key(brief_id, path))
    with Image.open(io.BytesIO(data)) as im:
        width, height = im.size
        source_type = source_type or im.info.get("DigitalSourceType")
    return Asset(path=path, kind=kind, sha256=sha256_bytes(data), bytes=len(data), width=width,
                 height=height, job_id=job_id, composition_id=composition_id,
                 digital_source_type=source_type)  # type: ignore[arg-type]


# in-process --------------------------------------------------------------------------------
def run_inprocess(ctx: Context, brief: Brief, plan: Plan) -> Manifest:
    """The embedded default: every job in this process, in order, then compose."""
    submit(ctx, brief, plan)
    ctx.ledger.set_brief(brief.id, state=State.running, stage="generating")
    ctx.emit(brief.id, "stage", stage="generating")
    failure: tuple[State, str] | None = None
    for job in plan.jobs:
        try:
            run_job(ctx, brief.id, job.id)
        except GeneratorError as exc:
            state = State.refused if isinstance(exc, RefusedError) else State.failed
            failure = failure or (state, f"job {job.id} {state.value}: {exc}")
        except Exception as exc:  # a bug in a generator still ends the brief with a reason
            reason = str(exc) if isinstance(exc, StudioError) else f"{type(exc).__name__}: {exc}"
            failure = failure or (State.failed, f"job {job.id} failed: {reason}")
    if failure:
        return finish_brief(ctx, brief.id, error=failure[1], state=failure[0])
    try:
        return finish_brief(ctx, brief.id)
    except Exception as exc:  # the brief must still reach a terminal state
        finish_brief(ctx, brief.id, error=f"composition failed: {exc}", state=State.failed)
        raise


def manifest_json(manifest: Manifest) -> dict[str, Any]:
    return json.loads(manifest.model_dump_json())
