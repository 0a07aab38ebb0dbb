"""Storage keys and the brief's inputs: where a brief's files live in the store, loading its
brief and plan (parsed once per worker), writing them (`submit`, and `enqueue` for workers on
other hosts, which also copies reference images and source PDFs into storage), and fetching
those copies back as local files on whichever host needs them."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from studio.context import Context
from studio.domain import Brief, Plan, Stage, State
from studio.errors import StorageError
from studio.store import sha256_bytes
from studio.verify_source import SourceDocument

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
    ctx.emit(brief.id, "stage", stage=Stage.planned, jobs=len(plan.jobs))


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
    ctx.ledger.set_brief(brief.id, state=State.running, stage=Stage.generating)
    ctx.emit(brief.id, "stage", stage=Stage.generating, jobs=len(plan.jobs))


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
