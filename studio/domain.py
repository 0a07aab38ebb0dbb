"""The objects that travel from brief to manifest. All are pydantic models that serialise
to JSON and back without loss; workers receive ids and load these, never Python objects.

    Brief ──planner──► Plan(jobs: [JobSpec], compositions: [Composition], facts: [Fact])
                          │
                executor ─┴─► JobResult per job ──composer──► Asset per deliverable
                                                                 │
                                                              Manifest
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

Dialect = Literal["natural", "sd"]
# Where a job runs: gpu (local diffusion), api (hosted models), cpu (the offline renderer,
# composition, verification); one worker queue each.
Queue = Literal["gpu", "api", "cpu"]
QUEUES: tuple[Queue, ...] = get_args(Queue)


def _registered_layout(name: str) -> str:
    from studio.compose import check_layout  # lazy: studio.compose imports this module

    return check_layout(name)


# A layout name: one that studio.compose registers (the one list of layouts); an unknown name
# fails validation with a message that lists the known ones.
Layout = Annotated[str, AfterValidator(_registered_layout)]


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_brief_id() -> str:
    """Sortable, unguessable: b-YYYYMMDD-HHMMSS-<8 hex>."""
    return f"b-{utcnow():%Y%m%d-%H%M%S}-{secrets.token_hex(4)}"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class State(StrEnum):
    planned = "planned"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"
    refused = "refused"
    cancelled = "cancelled"

    @property
    def terminal(self) -> bool:
        return self in (State.succeeded, State.failed, State.refused, State.cancelled)


class Stage(StrEnum):
    """Where a brief is on its way (the ledger's `stage` column and the "stage" events; State
    says whether it is running and how it ended). Values are the strings stored before."""

    planning = "planning"  # created, the planner at work
    planned = "planned"  # brief and plan written
    queued = "queued"  # (the CLI's label before a queued brief's first event)
    generating = "generating"
    finishing = "finishing"  # every job settled, the fan-in sent (exactly once)
    composing = "composing"
    verifying = "verifying"  # figures checked against their source PDF
    done = "done"
    cancelled = "cancelled"


class Attachment(_Model):
    """A file the user attached: a document (PDF) or a reference image."""

    kind: Literal["document", "reference"]
    path: str  # as given by the user (absolute after validation)
    name: str
    sha256: str
    bytes: int
    pages: int | None = None  # documents
    width: int | None = None  # reference images
    height: int | None = None
    password: str | None = Field(default=None, exclude=True)  # never serialised


class BriefOptions(_Model):
    template: str | None = None
    generator: str | None = None
    aspect: str | None = None  # "16:9"
    width: int | None = None
    height: int | None = None
    seed: int | None = None
    count: int | None = None
    brand: str | None = None
    max_cost: float | None = None


class Brief(_Model):
    id: str = Field(default_factory=new_brief_id)
    text: str
    owner: str = "local"
    documents: list[Attachment] = Field(default_factory=list)
    references: list[Attachment] = Field(default_factory=list)
    options: BriefOptions = Field(default_factory=BriefOptions)
    created_at: datetime = Field(default_factory=utcnow)


class Change(_Model):
    yoy_pct: float | None = None
    qoq_pct: float | None = None


class Fact(_Model):
    """One number from a document, pinned to the page and quote it came from."""

    key: str  # fixed vocabulary: revenue, net_income, eps_diluted, segment_revenue, ...
    label: str
    value: float | None = None
    unit: str = "USD"  # USD, USD/share, pct, ...
    display: str
    period: str | None = None
    change: Change = Field(default_factory=Change)
    low: float | None = None  # guidance ranges
    high: float | None = None
    segment: str | None = None
    page: int  # 1-based
    quote: str
    document: str | None = None  # sha256 of the source document


class JobSpec(_Model):
    """One call to a generator. Outputs are keyed by (id, index)."""

    id: str
    brief_id: str
    template_id: str
    template_version: str
    role: Literal["image", "panel", "background", "illustration"] = "image"
    index: int = 0  # position within its composition
    prompt: str
    negative_prompt: str = ""
    dialect: Dialect = "natural"
    generator: str = "offline"
    model: str | None = None
    width: int
    height: int
    seed: int
    count: int = 1
    references: list[str] = Field(default_factory=list)  # attachment sha256s
    params: dict[str, Any] = Field(default_factory=dict)  # steps, guidance, scheduler, style
    caption: str | None = None  # what the composer writes under it (never the generator)
    queue: Queue = "cpu"
    route: str | None = None  # why this generator was chosen
    fallbacks: list[str] = Field(default_factory=list)  # tried in order if it fails


class Composition(_Model):
    """How job outputs become one deliverable."""

    id: str
    layout: Layout
    output: str  # file name inside the brief directory, e.g. "storyboard.png"
    width: int
    height: int
    inputs: list[str] = Field(default_factory=list)  # job ids, in order
    title: str | None = None
    subtitle: str | None = None
    captions: list[str] = Field(default_factory=list)
    brand: str = "default"
    facts: list[Fact] = Field(default_factory=list)  # infographic: every number drawn
    data: dict[str, Any] = Field(default_factory=dict)  # layout-specific extras
    source_line: str | None = None
    seed: int = 0


class Plan(_Model):
    brief_id: str
    planner: str = "offline"
    rationale: list[str] = Field(default_factory=list)
    template_id: str
    template_version: str
    template_hash: str = ""  # the template file's content hash ("" in plans written before it)
    variables: dict[str, Any] = Field(default_factory=dict)
    jobs: list[JobSpec] = Field(default_factory=list)
    compositions: list[Composition] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    # the planner's typed reading of the brief (planner/brief_spec.py): subject, formats,
    # on-image text, languages, the brief's own language; the manifest records it
    brief_spec: dict[str, Any] = Field(default_factory=dict)
    estimated_cost_usd: float = 0.0
    planner_usage: dict[str, int] = Field(
        default_factory=dict
    )  # agent: input/output/total tokens, steps
    planner_cost_usd: float = (
        0.0  # agent: what planning cost (tokens x STUDIO_PLANNER_TOKEN_PRICES)
    )
    created_at: datetime = Field(default_factory=utcnow)

    def job(self, job_id: str) -> JobSpec:
        for job in self.jobs:
            if job.id == job_id:
                return job
        raise KeyError(job_id)


class Asset(_Model):
    """A file Studio wrote: a deliverable or a job's raw output."""

    path: str  # relative to the brief directory
    kind: Literal["deliverable", "job_output", "original"]
    media_type: str = "image/png"
    sha256: str
    bytes: int
    width: int
    height: int
    job_id: str | None = None
    composition_id: str | None = None
    digital_source_type: str | None = None  # IPTC URI
    verification: Literal["verified", "unverified"] | None = None  # deliverables with facts


class JobResult(_Model):
    job_id: str
    state: State
    generator: str
    model: str | None = None
    seeds: list[int] = Field(default_factory=list)
    outputs: list[str] = Field(default_factory=list)  # asset paths
    started_at: datetime | None = None
    finished_at: datetime | None = None
    seconds: float | None = None
    attempts: int = 0
    cost_usd: float = 0.0
    error: str | None = None
    fallbacks: list[str] = Field(default_factory=list)  # generators that failed before this one
    originals: list[str] = Field(default_factory=list)  # provider bytes kept unmodified
    # text-heavy templates painted by a text-capable model: each OCR check of the required
    # strings (at most two: the first take and one regeneration) and whether they passed
    text_check: dict[str, Any] | None = None


class DocumentRecord(_Model):
    name: str
    sha256: str
    pages: int | None = None
    bytes: int


class TemplateRef(_Model):
    id: str
    version: str  # the template's declared version ("1.2.0"; older manifests: its content hash)
    content_hash: str | None = None  # sha256[:12] of the exact file (None in older manifests)


class Manifest(_Model):
    schema_version: int = SCHEMA_VERSION
    studio_version: str
    brief: Brief
    plan: Plan
    templates: list[TemplateRef]
    documents: list[DocumentRecord] = Field(default_factory=list)
    jobs: list[JobResult] = Field(default_factory=list)
    assets: list[Asset] = Field(default_factory=list)
    verification: dict[str, Any] = Field(default_factory=dict)
    state: State
    error: str | None = None
    timings: dict[str, float] = Field(default_factory=dict)
    cost_usd: float = 0.0
    created_at: datetime = Field(default_factory=utcnow)
