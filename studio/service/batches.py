"""Batches: one brief per input file, under one template and one set of options, with one
report. The CLI's `studio batch` and POST /v1/batches call these; the batch's work is driven
by `run_batch` (batch_run.py) on any dispatcher.

    start_batch      check the request, read the inputs, and find the batch by its key (the
                     same inputs, template version and options for the same owner) or make
                     it; a found one has its failed and cancelled items reopened. An input
                     already made in another batch of the owner is taken over, not made again
    resume_batch     reopen a batch by id (run_batch then finishes it)
    batch_status / list_batches / cancel_batch
    batch_report / write_batch_report   the rows, report.csv, report.html, deliverables.zip
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from studio.batch import inputs as batch_inputs
from studio.batch import report as batch_report_files
from studio.config import Settings
from studio.context import open_context
from studio.dispatch import Dispatcher
from studio.domain import utcnow
from studio.errors import UserInputError
from studio.ledger.batches import CANCELLED, PENDING, RUNNING, SUCCEEDED, BatchRow
from studio.service.request import BriefRequest, blame

DEFAULT_TEMPLATE = "earnings-infographic"
_RATIO = re.compile(r"\d{1,2}:\d{1,2}")
_SIZE = re.compile(r"\d{2,5}x\d{2,5}")


class BatchRequest(BaseModel):
    """A batch as a user asks for it: input files and what to make of each one."""

    model_config = ConfigDict(extra="forbid")

    inputs: list[str] = Field(description="Folders of PDFs, globs, .csv lists or PDF files")
    names: list[str] = Field(
        default_factory=list, description="Names to show for `inputs` (files, one each)"
    )
    template: str = Field(DEFAULT_TEMPLATE, description="Template id for every input")
    formats: list[str] = Field(default_factory=list, description="W:H ratios or WxH sizes")
    text: str | None = Field(None, description="The brief (default: the template's example)")
    brand: str | None = Field(None, description="Brand kit id")
    generator: str | None = Field(None, description="Generator name (default: auto)")
    seed: int | None = Field(None, description="Seed (same seed, same images)")
    planner: str | None = Field(None, description="offline, or provider:model")
    owner: str | None = Field(None, description="Who the batch belongs to")
    password: str | None = Field(None, description="Password of encrypted PDFs", repr=False)

    def options(self) -> dict[str, Any]:
        """What goes into every item's key (the owner and password do not)."""
        return {
            "text": self.text,
            "formats": self.formats,
            "brand": self.brand,
            "generator": self.generator,
            "seed": self.seed,
            "planner": self.planner,
        }


def brief_request(
    options: dict[str, Any], *, template: str, document: str, owner: str, settings: Settings
) -> BriefRequest:
    """The brief of one input: one format as --aspect/--size, several named in the text."""
    from studio.prompts import Library

    formats = list(options.get("formats") or [])
    text = options.get("text") or Library(settings.prompts_dir).get(template).examples[0]
    fields: dict[str, Any] = {}
    if len(formats) == 1:
        fields["size" if "x" in formats[0] else "aspect"] = formats[0]
    elif formats:
        text = f"{text.rstrip('. ')}, in {', '.join(formats[:-1])} and {formats[-1]}."
    return BriefRequest(
        text=text,
        documents=[document],
        template=template,
        generator=options.get("generator"),
        brand=options.get("brand"),
        seed=options.get("seed"),
        planner=options.get("planner"),
        owner=owner,
        **fields,
    )


def _check_formats(formats: list[str], settings: Settings) -> None:
    from studio.planner.sizes import check_aspect, check_size, parse_size

    with blame("formats"):
        for f in formats:
            if _SIZE.fullmatch(f):
                check_size(*parse_size(f), settings)
            elif _RATIO.fullmatch(f):
                check_aspect(f)
            else:
                raise UserInputError(
                    f"format {f!r} is neither a ratio W:H nor a size WxH",
                    hint="e.g. 16:9,3:4 (ratios) or 960x540 (sizes)",
                    field="formats",
                )
    if len(set(formats)) != len(formats):
        raise UserInputError("a format is named twice", hint="name each once", field="formats")


class BatchItemView(BaseModel):
    name: str
    state: str  # pending | running | succeeded | failed | cancelled
    error: str | None = None
    brief_id: str | None = None
    sha256: str
    attempts: int = 0
    seconds: float | None = None


class BatchView(BaseModel):
    id: str
    owner: str
    state: str  # running | succeeded | failed | cancelled
    template: str
    template_version: str
    options: dict[str, Any]
    report_dir: str | None = None
    created_at: str
    finished_at: str | None = None
    counts: dict[str, int]
    items: list[BatchItemView]

    @property
    def succeeded(self) -> bool:
        return bool(self.items) and all(i.state == SUCCEEDED for i in self.items)

    @classmethod
    def of(cls, row: BatchRow) -> BatchView:
        counts = dict.fromkeys((PENDING, RUNNING, SUCCEEDED, "failed", CANCELLED), 0)
        for item in row.items:
            counts[item.state] = counts.get(item.state, 0) + 1
        return cls(
            id=row.id,
            owner=row.owner,
            state=row.state,
            template=row.template,
            template_version=row.template_version,
            options=row.options,
            report_dir=row.out_dir,
            created_at=row.created_at.isoformat(),
            finished_at=row.finished_at.isoformat() if row.finished_at else None,
            counts=counts,
            items=[
                BatchItemView(
                    name=i.name,
                    state=i.state,
                    error=i.error,
                    brief_id=i.brief_id,
                    sha256=i.sha256,
                    attempts=i.attempts,
                    seconds=i.seconds,
                )
                for i in row.items
            ],
        )


class BatchStart(BaseModel):
    batch: BatchView
    new: bool  # made now (else found by its key)
    reopened: int = 0  # failed or cancelled items to run again
    reused: int = 0  # items already made in another batch of the owner
    duplicates: list[str] = Field(default_factory=list)  # inputs with another's exact bytes


def start_batch(
    request: BatchRequest, *, settings: Settings, out_dir: Path | None = None
) -> BatchStart:
    """Check the request, read the inputs, and find or make the batch (nothing runs yet)."""
    from studio.prompts import Library

    # 1. everything the user can get wrong, before any row is written
    library = Library(settings.prompts_dir)
    with blame("template"):
        template = library.get(request.template)
    if request.brand:
        with blame("brand"):
            library.brand(request.brand)
    _check_formats(request.formats, settings)
    owner = request.owner or settings.user
    options = request.options()
    probe = brief_request(
        options, template=template.id, document="x.pdf", owner=owner, settings=settings
    )
    probe.model_copy(update={"documents": []}).to_brief(settings)  # text, sizes, brand
    # 2. the inputs and their keys (content, template version, options)
    files = batch_inputs.read_inputs(batch_inputs.collect(request.inputs))
    if request.names:  # uploads: their own names rather than the stored files'
        if len(request.names) != len(request.inputs) or len(files) != len(request.inputs):
            raise UserInputError("`names` must name each input file once", field="names")
        files = [replace(f, name=n) for f, n in zip(files, request.names, strict=True)]
    items: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    duplicates = []
    for f in files:
        # the declared version and the exact text: an edit without a version bump still counts
        version = f"{template.version}+{template.content_hash}"
        key = batch_inputs.item_key(f.sha256, template.id, version, options)
        if key in seen:
            duplicates.append(f"{f.name} (same bytes as {seen[key]})")
            continue
        seen[key] = f.name
        items.append({"name": f.name, "path": f.path, "sha256": f.sha256, "key": key})
    # 3. the batch by its key: made now, or found and reopened
    key = batch_inputs.batch_key(owner, [i["key"] for i in items])
    batch_id = f"batch-{utcnow():%Y%m%d-%H%M%S}-{key[:8]}"
    ledger = open_context(settings, out_dir=out_dir).ledger
    reused = 0
    for item in items:
        if brief := ledger.done_brief_for(owner=owner, key=item["key"]):
            item |= {"brief_id": brief, "state": SUCCEEDED, "error": None}
            reused += 1
    root = Path(out_dir) if out_dir is not None else Path(settings.output_dir)
    row, new = ledger.create_batch(
        batch_id=batch_id,
        key=key,
        owner=owner,
        template=template.id,
        template_version=template.version,
        options=options,
        out_dir=str((root / "batches" / batch_id).resolve()),
        items=items,
    )
    reopened = 0 if new else ledger.reopen_batch(row.id)
    if not new and row.out_dir is None:
        row.out_dir = str((root / "batches" / row.id).resolve())
    row = ledger.batch(row.id) if not new else row
    return BatchStart(
        batch=BatchView.of(row),
        new=new,
        reopened=reopened,
        reused=reused if new else 0,
        duplicates=duplicates,
    )


def resume_batch(batch_id: str, *, settings: Settings, owner: str | None = None) -> BatchView:
    """Reopen a batch (its failed and cancelled items pending again); `run_batch` runs it."""
    ledger = open_context(settings).ledger
    ledger.batch(batch_id, owner=owner or settings.user)
    ledger.reopen_batch(batch_id)
    return BatchView.of(ledger.batch(batch_id))


def batch_status(batch_id: str, *, settings: Settings, owner: str | None = None) -> BatchView:
    """A batch with every item (another owner's id is not found)."""
    return BatchView.of(open_context(settings).ledger.batch(batch_id, owner=owner or settings.user))


def list_batches(
    *, settings: Settings, owner: str | None = None, limit: int = 50
) -> list[BatchView]:
    rows = open_context(settings).ledger.list_batches(owner=owner or settings.user, limit=limit)
    return [BatchView.of(r) for r in rows]


def cancel_batch(
    batch_id: str,
    *,
    settings: Settings,
    owner: str | None = None,
    dispatcher: Dispatcher | None = None,
) -> BatchView:
    """Stop a batch: pending inputs never start, running briefs are cancelled (one that is
    already composing finishes). A rerun of the same command picks the cancelled ones up."""
    from studio.service.briefs import cancel

    owner = owner or settings.user
    ledger = open_context(settings).ledger
    ledger.batch(batch_id, owner=owner)
    for brief_id in ledger.cancel_batch(batch_id, reason="the batch was cancelled"):
        cancel(brief_id, settings=settings, owner=owner, dispatcher=dispatcher)
    return BatchView.of(ledger.batch(batch_id))


def batch_report(
    batch_id: str, *, settings: Settings, owner: str | None = None
) -> list[batch_report_files.ReportRow]:
    """One report row per input: its facts, deliverables and verification from its brief."""
    from studio.service.briefs import result

    row = open_context(settings).ledger.batch(batch_id, owner=owner or settings.user)
    rows = []
    for item in row.items:
        out = batch_report_files.ReportRow(
            name=item.name,
            state=item.state,
            error=item.error,
            brief_id=item.brief_id,
            seconds=item.seconds,
        )
        if item.state == SUCCEEDED and item.brief_id:
            view = result(item.brief_id, settings=settings)
            out.deliverables = [
                batch_report_files.Deliverable(**d.model_dump()) for d in view.deliverables
            ]
            if view.manifest is not None:
                plan = view.manifest.plan
                out.company = str(plan.variables.get("company") or "")
                out.period = str(plan.variables.get("period") or "")
                out.cost_usd = view.manifest.cost_usd
                for fact in plan.compositions[0].facts if plan.compositions else []:
                    name = f"{fact.key}[{fact.segment}]" if fact.segment else fact.key
                    out.facts.setdefault(name, fact.display)
        rows.append(out)
    return rows


def write_batch_report(
    batch_id: str,
    *,
    settings: Settings,
    owner: str | None = None,
    folder: Path | None = None,
    zip_: bool = False,
) -> dict[str, Path]:
    """report.csv and report.html (and deliverables.zip) in the batch's folder."""
    from studio.store import read_url

    row = open_context(settings).ledger.batch(batch_id, owner=owner or settings.user)
    folder = folder or Path(row.out_dir or Path(settings.output_dir) / "batches" / batch_id)
    rows = batch_report(batch_id, settings=settings, owner=owner)
    return batch_report_files.write(folder, batch_id, rows, read_url, zip_=zip_)


def batch_report_text(
    batch_id: str, kind: str, *, settings: Settings, owner: str | None = None
) -> str:
    """report.csv or report.html of a batch, made now from the ledger (the HTTP service)."""
    from studio.store import read_url

    rows = batch_report(batch_id, settings=settings, owner=owner)
    if kind == "csv":
        return batch_report_files.csv_text(rows)
    return batch_report_files.html_text(batch_id, rows, read_url)
