"""Review mode: a brief that stops after planning so that a person can read and edit its plan
before anything is spent.

    submit_brief   submit, or (review=True) plan and write only: state planned, stage "review"
    edit_plan      change prompts, captions, counts, titles and the deliverable format
                   (size or aspect, planned again: reformat.py) within what the template
                   allows; re-checked with the planner's own checks and re-priced
    approve        hand a brief in review to its dispatcher
    rerun          a new brief with the same plan and new seeds (or its seeds, or one
                   changed field)

Every operation acts as the brief's owner (another owner's brief is not found)."""

from __future__ import annotations

import random
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import update

from studio.config import Settings
from studio.context import Context, open_context
from studio.dispatch import Dispatcher
from studio.domain import Brief, Plan, Stage, State, new_brief_id, utcnow
from studio.errors import BudgetError, NotFoundError, StorageError, StudioError, UserInputError
from studio.executor import load_brief, load_plan
from studio.executor.loading import submit as write_brief
from studio.ledger.schema import briefs
from studio.planner.validate import (
    _FOREIGN,
    MAX_TEXT_CHARS,
    allowed_numbers,
    image_ceiling,
    numbers_in,
)
from studio.service.briefs import Submitted, make_brief, plan_brief
from studio.service.reformat import reformat
from studio.service.request import BriefRequest
from studio.service.views import PlanView
from studio.store import store_of

REVIEW = "review"  # the stage of a brief waiting for its approval
MAX_PROMPT_CHARS = 2000
RERUN_FIELDS = ("seed", "generator", "size")

Check = Callable[[Brief, Plan], None]


class NotInReviewError(UserInputError):
    """The brief is not waiting for approval (never was, or already approved)."""


class JobEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="The job id, from the plan")
    prompt: str | None = Field(None, description="A new prompt")
    caption: str | None = Field(None, description="A new caption under its image")
    count: int | None = Field(None, description="How many images this job makes")


class PlanEdit(BaseModel):
    """What PATCH /v1/briefs/{id}/plan may change: per job its prompt, caption and count,
    composition titles, and the deliverable format (`size` or `aspect`, checked as a brief
    request's). Anything else is refused (extra fields are a validation error)."""

    model_config = ConfigDict(extra="forbid")

    jobs: list[JobEdit] = Field(default_factory=list)
    title: str | None = Field(None, description="Title of every deliverable that has one")
    size: str | None = Field(None, description="A new deliverable size WxH (plans again)")
    aspect: str | None = Field(None, description="A new aspect ratio W:H (plans again)")


def submit_brief(
    request: BriefRequest,
    *,
    settings: Settings,
    dispatcher: Dispatcher,
    review: bool = False,
    check: Check | None = None,
    lock: AbstractContextManager[Any] | None = None,
) -> Submitted:
    """Check and plan a brief; `check(brief, plan)` may refuse it (per-user limits) before
    anything is written, under `lock`. Then start it, or with `review` write it and stop."""
    settings = request.settings_for(settings)
    brief = make_brief(request, settings=settings)
    plan_ = plan_brief(brief, settings=settings)
    return _start(brief, plan_, settings, dispatcher, review, check, lock)


def _start(
    brief: Brief,
    plan: Plan,
    settings: Settings,
    dispatcher: Dispatcher,
    review: bool,
    check: Check | None,
    lock: AbstractContextManager[Any] | None,
) -> Submitted:
    """Check, then write (review) or start a planned brief, under `lock` when given (the
    owner's: limits are counted and the brief written with no other submit between)."""
    ctx = open_context(settings, events=dispatcher.sinks())
    with lock or nullcontext():
        if check is not None:
            check(brief, plan)
        if review:
            write_brief(ctx, brief, plan)
            _set_stage(ctx, brief.id, REVIEW)
        else:
            dispatcher.submit(ctx, brief, plan)
    return Submitted(brief, plan, ctx)


def _set_stage(ctx: Context, brief_id: str, stage: str, *, only_from: str | None = None) -> bool:
    query = update(briefs).where(briefs.c.id == brief_id, briefs.c.state == State.planned.value)
    if only_from is not None:
        query = query.where(briefs.c.stage == only_from)
    with ctx.ledger.engine.begin() as conn:
        return conn.execute(query.values(stage=stage)).rowcount == 1


def _in_review(brief_id: str, settings: Settings, owner: str, events: list[Any]) -> Context:
    ctx = open_context(settings, events=events)
    row = ctx.ledger.get(brief_id, owner=owner)
    if row.state is not State.planned or row.stage != REVIEW:
        raise NotInReviewError(
            f"brief {brief_id} is not in review (it is {row.stage or row.state.value})",
            hint="submit it with review: true to edit its plan before it runs",
        )
    if row.out_dir:
        ctx.store = store_of(row.out_dir)
    return ctx


def brief_plan(brief_id: str, *, settings: Settings, owner: str) -> PlanView:
    """The plan of one of the owner's briefs, as it will run (or ran)."""
    ctx = open_context(settings)
    row = ctx.ledger.get(brief_id, owner=owner)
    if row.out_dir:
        ctx.store = store_of(row.out_dir)
    try:
        return PlanView.of(brief_id, load_plan(ctx, brief_id))
    except StorageError as exc:
        raise NotFoundError(f"brief {brief_id!r} has no plan") from exc


def _price(plan: Plan, brief: Brief, settings: Settings) -> None:
    from studio.generators.router import price

    plan.estimated_cost_usd = round(
        sum(j.count * price(j.generator, settings) for j in plan.jobs), 6
    )
    limit = brief.options.max_cost if brief.options.max_cost is not None else settings.max_cost
    if limit is not None and plan.estimated_cost_usd > limit:
        raise BudgetError(
            f"the edited plan is estimated at ${plan.estimated_cost_usd:.2f}, "
            f"over the limit of ${limit:.2f}",
            hint="ask for fewer images",
            field="jobs",
        )


def _check_text(
    text: str, where: str, cap: int, allowed: set[str] | None, name: str | None = None
) -> None:
    """`where` is the request field (the error's `field`), `name` the words for people."""
    name = name or where
    if len(text) > cap:
        raise UserInputError(
            f"{name} is {len(text)} characters", hint=f"keep it under {cap}", field=where
        )
    if not text.strip():
        raise UserInputError(f"{name} is empty", hint="write what it should say", field=where)
    if _FOREIGN.search(text):
        raise UserInputError(
            f"{name} contains instruction-like text or a link", hint="leave it out", field=where
        )
    if allowed is not None and (stray := sorted(numbers_in(text) - allowed)):
        raise UserInputError(
            f"{name} has the number(s) {', '.join(stray)}, in no document fact nor the brief",
            hint="write it without them",
            field=where,
        )


def edit_plan(
    brief_id: str, edit: PlanEdit, *, settings: Settings, owner: str, dispatcher: Dispatcher
) -> PlanView:
    """Apply `edit` to the plan of a brief in review, re-check and re-price it, write it."""
    ctx = _in_review(brief_id, settings, owner, dispatcher.sinks())
    brief = load_brief(ctx, brief_id)
    plan = load_plan(ctx, brief_id).model_copy(deep=True)
    if edit.size is not None or edit.aspect is not None:
        brief, plan = reformat(brief, plan, size=edit.size, aspect=edit.aspect, settings=settings)
    template = ctx.library.get(plan.template_id)
    allowed = allowed_numbers(brief, plan.facts)
    by_id = {j.id: (i, j) for i, j in enumerate(plan.jobs)}
    for n, change in enumerate(edit.jobs):
        if change.id not in by_id:
            raise UserInputError(
                f"the plan has no job {change.id!r}",
                hint=f"its jobs are {', '.join(by_id)}",
                field=f"jobs.{n}.id",
            )
        i, job = by_id[change.id]
        if change.prompt is not None:
            _check_text(
                change.prompt,
                f"jobs.{n}.prompt",
                MAX_PROMPT_CHARS,
                None,
                f"the prompt of job {i + 1}",
            )
            job.prompt = change.prompt.strip()
        if change.caption is not None:
            _check_text(
                change.caption,
                f"jobs.{n}.caption",
                MAX_TEXT_CHARS,
                allowed,
                f"the caption of job {i + 1}",
            )
            job.caption = change.caption.strip()
            for comp in plan.compositions:
                if job.id in comp.inputs and len(comp.captions) > comp.inputs.index(job.id):
                    comp.captions[comp.inputs.index(job.id)] = job.caption
        if change.count is not None:
            if change.count < 1:
                raise UserInputError(
                    f"job {i + 1} makes at least one image", field=f"jobs.{n}.count"
                )
            job.count = change.count
    if edit.title is not None:
        _check_text(edit.title, "title", MAX_TEXT_CHARS, allowed, "the title")
        for comp in plan.compositions:
            comp.title = edit.title.strip()
    images = sum(j.count for j in plan.jobs)
    ceiling = image_ceiling(brief, template, settings)
    if images > max(ceiling, len(plan.jobs)):
        raise UserInputError(
            f"the plan would make {images} images; template {template.id!r} allows "
            f"{ceiling} for this brief",
            hint="lower the counts",
            field="jobs",
        )
    _price(plan, brief, settings)
    plan.rationale.append("edited in review")
    _write_plan(ctx, brief, plan)
    return PlanView.of(brief_id, plan)


def _write_plan(ctx: Context, brief: Brief, plan: Plan) -> None:
    """Brief and plan to the store, the plan and its job rows to the ledger."""
    for name, model in (("brief.json", brief), ("plan.json", plan)):
        ctx.store.write(f"{brief.id}/{name}", model.model_dump_json(indent=2).encode())
        ctx._cache.pop(f"{brief.id}/{name}", None)
    spec = [(j.id, "generate", j.generator) for j in plan.jobs]
    spec += [(c.id, "compose", None) for c in plan.compositions]
    ctx.ledger.replace_plan(brief.id, plan_json=plan.model_dump_json(), jobs_spec=spec)


class _Written:
    """A ledger whose brief is already written: `create_brief` is a no-op, so that any
    dispatcher's `submit` (which writes brief and plan first) starts a brief from review."""

    def __init__(self, ledger: Any, brief_id: str) -> None:
        self._ledger, self._brief_id = ledger, brief_id

    def create_brief(self, *, brief_id: str, **_: Any) -> None:
        if brief_id != self._brief_id:
            raise StudioError(f"brief {brief_id} is not the one approved")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ledger, name)


def approve(brief_id: str, *, settings: Settings, owner: str, dispatcher: Dispatcher) -> Submitted:
    """Start a brief in review (exactly once: a second approval is NotInReviewError)."""
    ctx = _in_review(brief_id, settings, owner, dispatcher.sinks())
    if not _set_stage(ctx, brief_id, str(Stage.planned), only_from=REVIEW):
        raise NotInReviewError(f"brief {brief_id} is no longer in review")
    brief = load_brief(ctx, brief_id)
    plan = load_plan(ctx, brief_id)
    ctx.ledger = _Written(ctx.ledger, brief_id)  # type: ignore[assignment]
    dispatcher.submit(ctx, brief, plan)
    return Submitted(brief, plan, ctx)


def rerun(
    brief_id: str,
    *,
    settings: Settings,
    owner: str,
    dispatcher: Dispatcher,
    change: dict[str, Any] | None = None,
    review: bool = False,
    keep_seeds: bool = False,
    check: Check | None = None,
    lock: AbstractContextManager[Any] | None = None,
) -> Submitted:
    """A new brief with the plan of `brief_id` and new seeds (`keep_seeds`: its seeds, the
    same images again); `change` may set one of seed, generator or size (size plans again,
    for the new size)."""
    change = {k: v for k, v in (change or {}).items() if v is not None}
    unknown = sorted(set(change) - set(RERUN_FIELDS))
    if unknown or len(change) > 1:
        raise UserInputError(
            "a rerun changes at most one of " + ", ".join(RERUN_FIELDS),
            field=unknown[0] if unknown else next(iter(change)),
        )
    if keep_seeds and ({"seed", "size"} & set(change)):
        raise UserInputError(
            "`keep_seeds` keeps the plan's seeds; it goes with no new `seed` or `size`",
            hint="drop one of them",
            field="keep_seeds",
        )
    ctx = open_context(settings, events=dispatcher.sinks())
    row = ctx.ledger.get(brief_id, owner=owner)
    if row.out_dir:
        ctx.store = store_of(row.out_dir)
    old = load_brief(ctx, brief_id)
    new_id = new_brief_id()
    options = old.options.model_copy()
    if "size" in change:
        from studio.planner.sizes import check_ratio, check_size, parse_size

        try:
            width, height = parse_size(str(change["size"]))
            check_size(width, height, settings)
            check_ratio(width, height)
        except StudioError as exc:
            exc.field = exc.field or "size"
            raise
        options = options.model_copy(update={"width": width, "height": height})
    brief = old.model_copy(update={"id": new_id, "created_at": utcnow(), "options": options})
    if "size" in change:
        plan = plan_brief(brief, settings=settings)
    else:
        text = load_plan(ctx, brief_id).model_dump_json().replace(brief_id, new_id)
        plan = Plan.model_validate_json(text)
        plan.created_at = utcnow()
        base = change.get("seed")
        for i, job in enumerate(plan.jobs):
            if not keep_seeds:
                job.seed = int(base) + i if base is not None else random.randrange(2**31)
        if "generator" in change:
            from studio.generators import get_generator

            try:
                get_generator(str(change["generator"]), settings)
            except StudioError as exc:
                raise UserInputError(str(exc), hint=exc.hint, field="generator") from exc
            for job in plan.jobs:
                job.generator, job.fallbacks, job.model = str(change["generator"]), [], None
        _price(plan, brief, settings)
    plan.rationale.append(f"rerun of {brief_id}")
    return _start(brief, plan, settings, dispatcher, review, check, lock)
