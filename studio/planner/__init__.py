"""Brief -> Plan. `make_plan` picks the planner from settings (offline by default)."""

from __future__ import annotations

from studio.config import Settings
from studio.domain import Brief, Plan
from studio.errors import BriefError, BudgetError
from studio.prompts import Library


def validate_brief_text(text: str, settings: Settings) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise BriefError("the brief is empty", hint='describe what you want, e.g. studio run "a whiteboard that explains how diffusion models work"')
    if len(text) > settings.max_brief_chars:
        raise BriefError(f"the brief is {len(text)} characters long",
                         hint=f"keep it under {settings.max_brief_chars} (STUDIO_MAX_BRIEF_CHARS)")
    return text


def make_plan(brief: Brief, *, library: Library, settings: Settings) -> Plan:
    """Route to a generator, plan offline, price the plan and refuse it if over budget —
    all before anything is spent."""
    from studio.generators import get_generator
    from studio.generators.router import price, route
    from studio.planner.offline import plan_offline

    template = library.get(brief.options.template) if brief.options.template else None
    needs_text = bool(template and template.generation.get("needs_text"))
    chosen = route(requested=brief.options.generator, settings=settings, needs_text=needs_text,
                   has_references=bool(brief.references))
    caps = get_generator(chosen.generator).capabilities
    plan = plan_offline(brief, library=library, settings=settings, generator=chosen.generator,
                        dialect=caps.dialect, queue=caps.queue)
    for job in plan.jobs:
        job.route, job.fallbacks = chosen.reason, chosen.fallbacks
    plan.rationale.append(f"generator: {chosen.reason}")
    plan.estimated_cost_usd = round(sum(j.count * price(j.generator, settings) for j in plan.jobs), 6)
    limit = brief.options.max_cost if brief.options.max_cost is not None else settings.max_cost
    if limit is not None and plan.estimated_cost_usd > limit:
        raise BudgetError(
            f"this plan is estimated at ${plan.estimated_cost_usd:.2f}, over the limit of ${limit:.2f}",
            hint="raise --max-cost (or STUDIO_MAX_COST), ask for fewer images, or choose a cheaper generator",
        )
    return plan
