"""What the application layer returns: typed, JSON-ready views of briefs, jobs, assets, plans
and templates. Front ends render them (Rich tables, JSON, HTTP bodies); none of them reads the
ledger or the store itself. Times are ISO 8601 strings, as `--json` has always printed them."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from studio.domain import Manifest, Plan
from studio.errors import StorageError


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


class JobView(BaseModel):
    id: str
    kind: str
    state: str
    generator: str | None = None
    attempts: int = 0
    seconds: float | None = None
    error: str | None = None
    started_at: str | None = None
    finished_at: str | None = None

    @classmethod
    def of(cls, j: Any) -> JobView:
        return cls(
            id=j.id,
            kind=j.kind,
            state=j.state.value,
            generator=j.generator,
            attempts=j.attempts,
            seconds=j.seconds,
            error=j.error,
            started_at=_iso(j.started_at),
            finished_at=_iso(j.finished_at),
        )


class BriefView(BaseModel):
    """A brief as the ledger has it, with the URLs of its deliverables."""

    id: str
    state: str
    stage: str | None = None
    error: str | None = None
    brief: str
    template: str | None = None
    planner: str | None = None
    out_dir: str | None = None
    manifest: str | None = None
    assets: list[str] = Field(default_factory=list)
    created_at: str | None = None
    started_at: str | None = None
    finished_at: str | None = None
    jobs_total: int = 0
    jobs_done: int = 0
    jobs: list[JobView] = Field(default_factory=list)

    @property
    def terminal(self) -> bool:
        return self.state in ("succeeded", "failed", "refused", "cancelled")

    @classmethod
    def of(cls, row: Any, *, read: Any = None) -> BriefView:
        """From a ledger row; `read(url) -> bytes` reads the manifest for the asset URLs."""
        assets: list[str] = []
        if row.manifest and read is not None:
            try:
                manifest = json.loads(read(row.manifest))
            except StorageError:
                manifest = {}
            base = row.manifest.rsplit("/", 1)[0]
            assets = [
                f"{base}/{a['path']}"
                for a in manifest.get("assets", [])
                if a["kind"] == "deliverable"
            ]
        return cls(
            id=row.id,
            state=row.state.value,
            stage=row.stage,
            error=row.error,
            brief=row.text,
            template=row.template_id,
            planner=row.planner,
            out_dir=row.out_dir,
            manifest=row.manifest,
            assets=assets,
            created_at=_iso(row.created_at),
            started_at=_iso(row.started_at),
            finished_at=_iso(row.finished_at),
            jobs_total=len(row.jobs),
            jobs_done=row.jobs_done,
            jobs=[JobView.of(j) for j in row.jobs],
        )


class AssetView(BaseModel):
    """One deliverable of a finished brief, where to get it and whether it was verified."""

    path: str
    url: str
    width: int | None = None
    height: int | None = None
    verification: str | None = None  # verified | unverified | None (nothing to check)
    problem: str | None = None  # why it is not verified


class RunView(BaseModel):
    """A brief that has ended (or that was left running on the workers)."""

    brief: BriefView
    template: str | None = None
    deliverables: list[AssetView] = Field(default_factory=list)
    manifest_url: str | None = None
    manifest: Manifest | None = None

    @property
    def succeeded(self) -> bool:
        return self.brief.state == "succeeded"


class PlanJobView(BaseModel):
    id: str
    role: str
    width: int
    height: int
    seed: int | None = None
    generator: str | None = None
    caption: str | None = None
    prompt: str


class PlanCompositionView(BaseModel):
    output: str
    layout: str
    width: int
    height: int
    facts: int = 0


class PlanView(BaseModel):
    """A plan, summarised for people, with the full plan beside it for machines."""

    brief_id: str
    template_id: str
    template_version: str | None = None
    planner: str
    rationale: list[str] = Field(default_factory=list)
    jobs: list[PlanJobView] = Field(default_factory=list)
    compositions: list[PlanCompositionView] = Field(default_factory=list)
    estimated_cost_usd: float = 0.0
    planner_usage: dict[str, Any] = Field(default_factory=dict)
    planner_cost_usd: float = 0.0
    plan: Plan

    @classmethod
    def of(cls, brief_id: str, p: Plan) -> PlanView:
        return cls(
            brief_id=brief_id,
            template_id=p.template_id,
            template_version=str(p.template_version) if p.template_version is not None else None,
            planner=p.planner,
            rationale=list(p.rationale),
            jobs=[
                PlanJobView(
                    id=j.id,
                    role=j.role,
                    width=j.width,
                    height=j.height,
                    seed=j.seed,
                    generator=j.generator,
                    caption=j.caption,
                    prompt=j.prompt,
                )
                for j in p.jobs
            ],
            compositions=[
                PlanCompositionView(
                    output=c.output,
                    layout=c.layout,
                    width=c.width,
                    height=c.height,
                    facts=len(c.facts),
                )
                for c in p.compositions
            ],
            estimated_cost_usd=p.estimated_cost_usd,
            planner_usage=dict(p.planner_usage or {}),
            planner_cost_usd=p.planner_cost_usd or 0.0,
            plan=p,
        )


class TemplateView(BaseModel):
    id: str
    version: str
    title: str
    layout: str
    kind: str
    inputs: list[str]


class CancelView(BaseModel):
    brief_id: str
    cancelled: bool
    ended: bool = False  # it had already ended: nothing to cancel (else: too late, composing)
    state: str
    stage: str | None = None
    stopped: int = 0  # jobs that will not run
    running: int = 0  # jobs that finish their current image
    warning: str | None = None


class ProgressView(BaseModel):
    """One look at a brief being followed: the ledger's counts plus the latest live event."""

    brief_id: str
    state: str
    stage: str | None = None
    done: int = 0
    total: int = 0
    events: list[dict[str, Any]] = Field(default_factory=list)  # new since the last look
    missing_queues: list[str] = Field(default_factory=list)  # needed, and no worker listens
    terminal: bool = False


class ResumeView(BaseModel):
    """What `resume` did: briefs finished here, jobs and fan-ins sent again to the workers,
    and briefs it left alone (with why)."""

    resumed_here: list[str] = Field(default_factory=list)
    requeued: list[str] = Field(default_factory=list)
    settled: list[str] = Field(default_factory=list)
    skipped: dict[str, str] = Field(default_factory=dict)
