"""A new deliverable format for a brief in review: `size` (WxH) or `aspect` (W:H), checked
exactly as a brief request checks them (planner/sizes.py: the form, the limits of the
settings, 1:4 to 4:1), then the brief is planned again at that format with its template
kept, and what the reviewer already edited (prompts, captions, counts, titles, seeds) is
carried over to the jobs and compositions that keep their ids.

    reformat     (brief, plan) -> (brief with the new size/aspect, plan at that format)

The ledger's job rows then follow the new plan (Ledger.replace_plan, one transaction)."""

from __future__ import annotations

from studio.config import Settings
from studio.domain import Brief, Plan
from studio.errors import UserInputError
from studio.planner.sizes import check_aspect, check_ratio, check_size, parse_size
from studio.service.briefs import plan_brief
from studio.service.request import blame


def reformat(
    brief: Brief, plan: Plan, *, size: str | None, aspect: str | None, settings: Settings
) -> tuple[Brief, Plan]:
    """`brief` asking for `size` or `aspect` instead, and its plan at that format."""
    if size is not None and aspect is not None:
        raise UserInputError(
            "give `size` or `aspect`, not both", hint="an exact size wins; drop one", field="aspect"
        )
    field = "size" if size is not None else "aspect"
    width = height = None
    with blame(field):  # 1. the same checks as BriefRequest.to_brief
        if size is not None:
            width, height = parse_size(size)
            check_size(width, height, settings)
            check_ratio(width, height)
        else:
            check_aspect(str(aspect))
    # 2. the brief now asks for this format (and the brief's own formats give way to it)
    options = brief.options.model_copy(
        update={"width": width, "height": height, "aspect": None if size is not None else aspect}
    )
    new_brief = brief.model_copy(update={"options": options})
    # 3. planned again with the same template, then the reviewer's edits carried over
    pinned = new_brief.model_copy(
        update={"options": options.model_copy(update={"template": plan.template_id})}
    )
    with blame(field):
        fresh = plan_brief(pinned, settings=settings)
    _carry_over(plan, fresh)
    label = f"{width}x{height}" if size is not None else f"aspect {aspect}"
    fresh.rationale.append(f"format changed in review to {label}")
    return new_brief, fresh


def _carry_over(old: Plan, new: Plan) -> None:
    before = {j.id: j for j in old.jobs}
    for job in new.jobs:
        if (was := before.get(job.id)) is not None:
            job.prompt, job.caption, job.count, job.seed = (
                was.prompt,
                was.caption,
                was.count,
                was.seed,
            )
    comps = {c.id: c for c in old.compositions}
    for comp in new.compositions:
        if (was := comps.get(comp.id)) is not None:
            comp.title, comp.subtitle = was.title, was.subtitle
        captions = {j.id: j.caption for j in new.jobs}
        for i, job_id in enumerate(comp.inputs):
            if i < len(comp.captions) and captions.get(job_id):
                comp.captions[i] = str(captions[job_id])
