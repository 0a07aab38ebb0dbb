"""The operations every front end shares (CLI now; API and workers later): turn user input
into a checked Brief, plan it, run it, read it back. Keyword-only arguments; errors are
StudioErrors, turned into exit codes or HTTP statuses at the edge."""

from __future__ import annotations

from pathlib import Path

from studio import attachments
from studio.config import Settings
from studio.domain import Brief, BriefOptions, Manifest, Plan
from studio.executor import Context, EventFn, run_inprocess
from studio.ledger import Ledger
from studio.planner import make_plan, validate_brief_text
from studio.planner.sizes import check_aspect, parse_size
from studio.prompts import Library
from studio.store import LocalStore, open_store


def make_context(
    *, settings: Settings, out_dir: Path | None = None, events: list[EventFn] | None = None
) -> Context:
    # --out names a local directory; otherwise STUDIO_STORAGE_URL (S3 or a directory) decides.
    store = LocalStore(Path(out_dir)) if out_dir else open_store(settings)
    if isinstance(store, LocalStore):
        store.root.mkdir(parents=True, exist_ok=True)
    return Context(
        settings=settings,
        library=Library(settings.prompts_dir),
        store=store,
        ledger=Ledger(settings.ledger_url),
        events=events or [],
    )


def new_brief(
    *,
    text: str,
    settings: Settings,
    pdfs: list[str] | None = None,
    refs: list[str] | None = None,
    template: str | None = None,
    generator: str | None = None,
    aspect: str | None = None,
    size: str | None = None,
    seed: int | None = None,
    brand: str | None = None,
    password: str | None = None,
    owner: str | None = None,
    max_cost: float | None = None,
) -> Brief:
    """Validate everything the user gave before any work starts or any file is written."""
    text = validate_brief_text(text, settings)
    width = height = None
    if size:
        width, height = parse_size(size)
        from studio.planner.sizes import check_size

        check_size(width, height, settings)
    if aspect:
        check_aspect(aspect)
    library = Library(settings.prompts_dir)
    if template:
        library.get(template)  # unknown template: fail now, before any file is read
    if brand:
        library.brand(brand)
    options = BriefOptions(
        template=template,
        generator=generator,
        aspect=aspect,
        width=width,
        height=height,
        seed=seed,
        brand=brand,
        max_cost=max_cost,
    )
    return Brief(
        text=text,
        owner=owner or settings.user,
        options=options,
        documents=[attachments.document(p, settings, password=password) for p in pdfs or []],
        references=[attachments.reference(p) for p in refs or []],
    )


def plan(brief: Brief, *, settings: Settings) -> Plan:
    return make_plan(brief, library=Library(settings.prompts_dir), settings=settings)


def run(brief: Brief, *, ctx: Context) -> Manifest:
    plan_ = make_plan(brief, library=ctx.library, settings=ctx.settings)
    return run_inprocess(ctx, brief, plan_)
