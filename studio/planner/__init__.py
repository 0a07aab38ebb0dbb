"""Brief -> Plan. `make_plan` picks the planner from settings (offline by default)."""

from __future__ import annotations

from typing import Any

from studio.config import Settings
from studio.domain import Brief, Plan
from studio.errors import BriefError, BudgetError, describe
from studio.prompts import Library


def validate_brief_text(text: str, settings: Settings) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise BriefError(
            "the brief is empty",
            hint='describe what you want, e.g. studio run "a whiteboard that explains how diffusion models work"',
        )
    if len(text) > settings.max_brief_chars:
        raise BriefError(
            f"the brief is {len(text)} characters long",
            hint=f"keep it under {settings.max_brief_chars} (STUDIO_MAX_BRIEF_CHARS)",
        )
    return text


def make_plan(
    brief: Brief, *, library: Library, settings: Settings, chat_model: Any = None
) -> Plan:
    """Route to a generator, plan (offline, or with the agent when STUDIO_PLANNER names a
    model; `chat_model` replaces that model, e.g. in tests), price the plan and refuse it if
    over budget — all before anything is spent."""
    from studio.generators import get_generator
    from studio.generators.router import price, route
    from studio.planner.offline import plan_offline

    template = library.get(brief.options.template) if brief.options.template else None
    needs_text = bool(template and template.generation.get("needs_text"))
    chosen = route(
        requested=brief.options.generator,
        settings=settings,
        needs_text=needs_text,
        has_references=bool(brief.references),
    )
    caps = get_generator(chosen.generator, settings).capabilities
    where = dict(generator=chosen.generator, dialect=caps.dialect, queue=caps.queue)
    if settings.planner.strip().lower() == "offline":
        plan = plan_offline(brief, library=library, settings=settings, **where)
    else:
        plan = _plan_with_agent(
            brief,
            library=library,
            settings=settings,
            chat_model=chat_model,
            price_per_image=price(chosen.generator, settings),
            **where,
        )
    for job in plan.jobs:
        job.route, job.fallbacks = chosen.reason, chosen.fallbacks
    plan.rationale.append(f"generator: {chosen.reason}")
    plan.estimated_cost_usd = round(
        sum(j.count * price(j.generator, settings) for j in plan.jobs), 6
    )
    limit = brief.options.max_cost if brief.options.max_cost is not None else settings.max_cost
    if limit is not None and plan.estimated_cost_usd > limit:
        raise BudgetError(
            f"this plan is estimated at ${plan.estimated_cost_usd:.2f}, over the limit of ${limit:.2f}",
            hint="raise `budget` (or STUDIO_MAX_COST), ask for fewer images, or choose a cheaper generator",
        )
    return plan


def _plan_with_agent(
    brief: Brief,
    *,
    library: Library,
    settings: Settings,
    chat_model: Any,
    price_per_image: float,
    generator: str,
    dialect: str,
    queue: str,
) -> Plan:
    """The agent's plan; on any failure of the agent, the offline plan, saying why."""
    from studio.planner.offline import plan_offline

    agent = None
    try:
        from studio.planner.agent import AgentPlanner

        agent = AgentPlanner(settings=settings, library=library, model=chat_model)
        return agent.plan(
            brief,
            generator=generator,
            dialect=dialect,
            queue=queue,
            price_per_image=price_per_image,
        )
    except Exception as exc:  # noqa: BLE001 - whatever broke, the offline planner still plans
        reason = describe(exc)
        reason = " ".join(reason.split())[:300]
    plan = plan_offline(
        brief, library=library, settings=settings, generator=generator, dialect=dialect, queue=queue
    )
    plan.planner = f"offline (agent fallback: {reason})"
    plan.rationale.insert(
        0,
        f"the planner agent ({settings.planner}) did not produce a valid plan, "
        f"so the offline planner made this one: {reason}",
    )
    if agent is not None:
        plan.planner_usage, plan.planner_cost_usd = dict(agent.usage), agent.cost_usd
    return plan
