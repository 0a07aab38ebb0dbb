"""Finishing a brief: compose every deliverable whose inputs exist (figures checked against
their source PDF, requested words read back by OCR), collect job results and assets, write
the manifest and bring the brief to its final state."""

from __future__ import annotations

import io
import time
from typing import Any

from PIL import Image

from studio import __version__, credentials, metadata
from studio.compose import compose_with_boxes
from studio.context import Context
from studio.domain import (
    Asset,
    Composition,
    DocumentRecord,
    JobResult,
    Manifest,
    Plan,
    Stage,
    State,
    TemplateRef,
)
from studio.executor.loading import (
    MANIFEST,
    _key,
    _source_documents,
    load_brief,
    load_plan,
    output_key,
)
from studio.generators import get_generator
from studio.store import sha256_bytes
from studio.verify import check_text
from studio.verify_source import compose_verified


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
        ctx.ledger.set_brief(brief_id, stage=Stage.composing)
        ctx.emit(brief_id, "stage", stage=Stage.composing)
        for comp in plan.compositions:
            started = time.perf_counter()
            if not claimed:
                ctx.ledger.start_job(comp.id)
            brand = ctx.library.brand(comp.brand)
            images = [_open(ctx, brief_id, plan, job_id) for job_id in comp.inputs]
            report = None
            if comp.facts:
                # only figures visible on their cited PDF page are drawn (verify_source)
                ctx.ledger.set_brief(brief_id, stage=Stage.verifying)
                ctx.emit(brief_id, "stage", stage=Stage.verifying, output=comp.output)
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
            elif comp.data.get("words"):  # a text-heavy template: its words, read back
                image, report = compose_words(comp, images, brand, jobs)
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
            data = credentials.sign_deliverable(
                data, settings=ctx.settings, brief_id=brief_id, asset=comp.output,
                manifest=MANIFEST, source_type=source, layout=str(comp.layout),
                inputs=[output_key(brief_id, j, 0) for j in comp.inputs], read=ctx.store.read,
                plan=plan, size=image.size,
            )  # fmt: skip
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
        templates=[
            TemplateRef(
                id=plan.template_id,
                version=plan.template_version,
                content_hash=plan.template_hash or None,
            )
        ],
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
        stage=Stage.done,
        error=error,
        manifest=ctx.store.url(_key(brief_id, MANIFEST)),
    )
    ctx.emit(brief_id, "stage", stage=Stage.done, state=state.value, error=error)
    return manifest


def compose_words(
    comp: Composition, images: list[Image.Image], brand: Any, jobs: list[JobResult]
) -> tuple[Image.Image, dict[str, Any]]:
    """Compose a text-heavy deliverable and read every required string back. When each of
    its pictures was painted by a text-capable model whose OCR check passed, the picture is
    the deliverable (text_by "model"); otherwise the composer draws the words."""
    from studio.words import parse_words, required_strings
    from studio.words.check import check_strings
    from studio.words.model import unsourced_facts

    checks = [j.text_check for j in jobs if j.job_id in comp.inputs and j.text_check]
    by_model = comp.data.get("text_by") == "model" and bool(checks)
    by_model = by_model and all(c["passed"] for c in checks)
    comp = comp.model_copy(
        update={"data": {**comp.data, "text_by": "model" if by_model else "composer"}}
    )
    image, boxes = compose_with_boxes(comp, images, brand)
    words = parse_words(comp.data["words"])
    report = check_strings(image, required_strings(words), boxes or None)
    report["text_by"] = comp.data["text_by"]
    unsourced = [fact.text for fact in unsourced_facts(words)]
    if unsourced:  # drawn and legible, but where the figure comes from is unknown
        report["unsourced"] = unsourced
        report["status"] = "unverified"
        why = "no source for " + ", ".join(repr(u) for u in unsourced)
        report["reason"] = "; ".join(r for r in (report.get("reason"), why) if r)
    if checks:
        report["painted"] = checks
    return image, report


def _with_text(report: dict[str, Any], texts: dict[str, Any]) -> dict[str, Any]:
    """A facts report that also says whether the brief's own words read back; verified only
    when both the figures and the words are."""
    merged = {**report, "texts": texts.get("texts", [])}
    if texts.get("status") != "verified":
        merged["status"] = "unverified"
        merged["reason"] = "; ".join(r for r in (report.get("reason"), texts.get("reason")) if r)
    return merged


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
