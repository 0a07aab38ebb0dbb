"""The operations on briefs: plan, submit, run, follow, read back, list, cancel. Keyword-only;
each takes the settings it runs with and returns a view. `run` and `run --queue` are one path
that differs only in the dispatcher (studio/dispatch.py)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from studio.config import Settings
from studio.context import Context, EventFn, open_context
from studio.dispatch import Dispatcher, LocalDispatcher
from studio.domain import Brief, Manifest, Plan
from studio.errors import ExtraMissingError, NotFoundError, StorageError, StudioError
from studio.executor import cancel as cancel_brief
from studio.planner import make_plan
from studio.service.request import BriefRequest
from studio.service.views import (
    AssetView,
    BriefView,
    CancelView,
    PlanView,
    ProgressView,
    ResumeView,
    RunView,
)
from studio.store import read_url, store_of


def dispatcher_for(settings: Settings, *, queue: bool) -> Dispatcher:
    """The workers (`queue`, Redis from STUDIO_REDIS_URL) or this process."""
    if not queue:
        return LocalDispatcher()
    try:
        from workers.dispatch import CeleryDispatcher
    except ImportError as exc:  # the base install has no Celery
        raise ExtraMissingError("running on workers", "workers") from exc
    return CeleryDispatcher(settings)


def make_brief(request: BriefRequest, *, settings: Settings) -> Brief:
    """The checked Brief of a request (nothing is written)."""
    return request.to_brief(settings)


def plan_brief(brief: Brief, *, settings: Settings) -> Plan:
    """The plan of a checked brief (PDFs are read here, on this machine)."""
    from studio.prompts import Library

    return make_plan(brief, library=Library(settings.prompts_dir), settings=settings)


def plan(request: BriefRequest, *, settings: Settings) -> PlanView:
    """What a brief would do, without running it."""
    settings = request.settings_for(settings)
    brief = make_brief(request, settings=settings)
    return PlanView.of(brief.id, plan_brief(brief, settings=settings))


class Submitted:
    """A brief handed to a dispatcher: its id, plan and the context it was written with."""

    def __init__(self, brief: Brief, plan: Plan, ctx: Context) -> None:
        self.brief, self.plan, self.ctx = brief, plan, ctx

    @property
    def id(self) -> str:
        return self.brief.id


def submit(
    request: BriefRequest,
    *,
    settings: Settings,
    dispatcher: Dispatcher,
    out_dir: Path | None = None,
    events: list[EventFn] | None = None,
) -> Submitted:
    """Check, plan, write and start a brief. Returns once the dispatcher has taken it (for
    an inline local dispatcher: once it has ended)."""
    settings = request.settings_for(settings)
    brief = make_brief(request, settings=settings)
    ctx = open_context(settings, out_dir=out_dir, events=[*dispatcher.sinks(), *(events or [])])
    plan_ = plan_brief(brief, settings=settings)
    dispatcher.submit(ctx, brief, plan_)
    return Submitted(brief, plan_, ctx)


def run(
    request: BriefRequest,
    *,
    settings: Settings,
    dispatcher: Dispatcher | None = None,
    out_dir: Path | None = None,
    events: list[EventFn] | None = None,
) -> RunView:
    """Submit a brief and wait until it has ended (the embedded default runs it here)."""
    dispatcher = dispatcher or LocalDispatcher()
    sub = submit(request, settings=settings, dispatcher=dispatcher, out_dir=out_dir, events=events)
    for _ in follow(sub.id, settings=settings, dispatcher=dispatcher, total=len(sub.plan.jobs)):
        pass
    return result(sub.id, settings=settings, store_url=sub.ctx.store.url)


def result(
    brief_id: str, *, settings: Settings, store_url: Callable[[str], str] | None = None
) -> RunView:
    """A brief's state and deliverables, read from the ledger and its manifest."""
    ctx = open_context(settings)
    row = ctx.ledger.get(brief_id)
    manifest = None
    if row.manifest:
        try:
            manifest = Manifest.model_validate_json(read_url(row.manifest))
        except StorageError:
            manifest = None

    def url(path: str) -> str:
        if store_url is not None:
            return store_url(f"{brief_id}/{path}")
        return f"{(row.out_dir or '').rstrip('/')}/{path}"

    deliverables = []
    for asset in manifest.assets if manifest else []:
        if asset.kind != "deliverable":
            continue
        report = (manifest.verification or {}).get(asset.path) if manifest else None
        deliverables.append(
            AssetView(
                path=asset.path,
                url=url(asset.path),
                width=asset.width,
                height=asset.height,
                verification=asset.verification,
                problem=str(report["reason"])
                if report and report.get("status") != "verified"
                else None,
            )
        )
    return RunView(
        brief=BriefView.of(row),
        template=manifest.plan.template_id if manifest else row.template_id,
        deliverables=deliverables,
        manifest_url=row.manifest,
        manifest=manifest,
    )


def follow(
    brief_id: str,
    *,
    settings: Settings,
    dispatcher: Dispatcher,
    total: int | None = None,
    needed: set[str] | None = None,
    poll_s: float = 0.25,
) -> Iterator[ProgressView]:
    """Looks at a brief until it has ended: the ledger gives the counts, the dispatcher's
    event stream makes it live (and may be away). Meanwhile a look for workers on the queues
    `needed` (reported once in `missing_queues` when none answers)."""
    ledger = open_context(settings).ledger
    reader = dispatcher.events(brief_id)
    listening: list[set[str] | None] = []
    if needed:

        def look() -> None:
            try:
                listening.append(dispatcher.listening())
            except Exception:  # a courtesy; the run goes on
                listening.append(None)

        threading.Thread(target=look, daemon=True).start()
    polled = 0.0
    while True:
        new = reader.read(block_ms=500) if reader is not None else []
        missing: list[str] = []
        if listening and (queues := listening.pop()) is not None:
            missing = sorted((needed or set()) - queues)
        if new and time.monotonic() - polled < poll_s and not missing:
            yield _progress(brief_id, None, total, new)
            continue
        polled = time.monotonic()
        row = ledger.get(brief_id)
        view = _progress(brief_id, row, total, new, missing)
        yield view
        if view.terminal:
            return
        if reader is None:
            time.sleep(poll_s)


def _progress(
    brief_id: str,
    row: Any,
    total: int | None,
    events: list[dict[str, Any]],
    missing: list[str] | None = None,
) -> ProgressView:
    if row is None:
        return ProgressView(brief_id=brief_id, state="running", events=events)
    done = sum(1 for j in row.jobs if j.kind == "generate" and j.state.terminal)
    total = total if total is not None else sum(1 for j in row.jobs if j.kind == "generate")
    return ProgressView(
        brief_id=brief_id,
        state=row.state.value,
        stage=row.stage,
        done=done if total else int(row.state.terminal),
        total=total,
        events=events,
        missing_queues=missing or [],
        terminal=row.state.terminal,
    )


def status(brief_id: str, *, settings: Settings, owner: str | None = None) -> BriefView:
    """One brief with every job (only the owner's: another's id is not found)."""
    row = open_context(settings).ledger.get(brief_id, owner=owner or settings.user)
    return BriefView.of(row, read=read_url)


def list_briefs(
    *, settings: Settings, owner: str | None = None, limit: int = 50
) -> list[BriefView]:
    """The owner's briefs, newest first."""
    rows = open_context(settings).ledger.list(owner=owner or settings.user, limit=limit)
    return [BriefView.of(r, read=read_url) for r in rows]


def cancel(
    brief_id: str,
    *,
    settings: Settings,
    owner: str | None = None,
    dispatcher: Dispatcher | None = None,
) -> CancelView:
    """Stop a brief: jobs not yet started never run; running ones finish their current image.
    `cancelled` is False when it had already ended or had started composing."""
    owner = owner or settings.user
    if dispatcher is None:
        dispatcher = dispatcher_for(settings, queue=bool(settings.redis_url))
    ctx = open_context(settings, events=dispatcher.sinks())
    row = ctx.ledger.get(brief_id, owner=owner)
    if row.state.terminal:
        return CancelView(
            brief_id=brief_id, cancelled=False, ended=True, state=row.state.value, stage=row.stage
        )
    if row.out_dir:  # wherever that run wrote (an in-process --out, another store)
        ctx.store = store_of(row.out_dir)
    ok, pending = cancel_brief(ctx, brief_id, by=owner)
    if not ok:
        now = ctx.ledger.get(brief_id)
        return CancelView(
            brief_id=brief_id, cancelled=False, state=now.state.value, stage=now.stage
        )
    warning = None
    if pending:
        try:
            dispatcher.revoke(pending)
        except Exception as exc:  # the ledger already stops them
            warning = (
                f"could not tell the workers ({type(exc).__name__}); "
                "they will skip the jobs when they reach them"
            )
    jobs = [j for j in ctx.ledger.get(brief_id).jobs if j.kind == "generate"]
    return CancelView(
        brief_id=brief_id,
        cancelled=True,
        state="cancelled",
        stopped=sum(1 for j in jobs if j.state.value == "cancelled"),
        running=sum(1 for j in jobs if j.state.value == "running"),
        warning=warning,
    )


def resume(
    brief_id: str | None = None, *, settings: Settings, owner: str | None = None
) -> ResumeView:
    """Finish what was interrupted. A brief run in a process that died (its lease expired) is
    run to its end here, reusing every job that finished. A brief on the workers gets its
    unfinished jobs (whose messages Redis may have lost) and, when all have ended, its
    fan-in sent again. Without an id: every interrupted brief, plus one recovery sweep."""
    from studio.executor import load_brief, load_plan, run_inprocess
    from studio.executor.recovery import pending_jobs

    ctx = open_context(settings)
    view = ResumeView()
    lost_here = {b for b, _ in ctx.ledger.lost_briefs()}
    targets = [brief_id] if brief_id else sorted(lost_here)
    celery = None
    if settings.redis_url:
        from workers.app import app as celery
    for b in targets:
        row = ctx.ledger.get(b, owner=owner or (settings.user if brief_id else None))
        if row.state.terminal:
            view.skipped[b] = f"already {row.state.value}"
            continue
        if row.out_dir:
            ctx.store = store_of(row.out_dir)
        if holder := ctx.ledger.brief_holder(b):
            view.skipped[b] = f"still running in a live process ({holder})"
            continue
        if b in lost_here:
            run_inprocess(ctx, load_brief(ctx, b), load_plan(ctx, b), submitted=True)
            view.resumed_here.append(b)
        elif celery is not None:
            from workers.client import resend_job, resend_settle

            pending = pending_jobs(ctx, b)
            for job_id in pending:
                resend_job(ctx, b, job_id, celery=celery)
            view.requeued += pending
            if not pending:
                resend_settle(b, celery=celery)
                view.settled.append(b)
        else:
            view.skipped[b] = "runs on the workers: set STUDIO_REDIS_URL to send it again"
    if brief_id is None and celery is not None:
        from workers.sweeper import sweep_once

        report = sweep_once(open_context(settings), celery)
        view.requeued += report.requeued
        view.settled += report.settled
    return view


__all__ = [
    "NotFoundError",
    "StudioError",
    "Submitted",
    "cancel",
    "dispatcher_for",
    "follow",
    "list_briefs",
    "make_brief",
    "plan",
    "plan_brief",
    "result",
    "resume",
    "run",
    "status",
    "submit",
]
