"""Brief -> Plan. `make_plan` picks the planner from settings (offline by default)."""

from __future__ import annotations

from studio.config import Settings
from studio.domain import Brief, Plan
from studio.errors import BriefError
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
    from studio.generators import get_generator
    from studio.planner.offline import plan_offline

    name = brief.options.generator or settings.generator
    generator = get_generator("offline" if name == "auto" else name)
    ok, why = generator.available()
    if not ok:
        from studio.errors import GeneratorUnavailableError

        raise GeneratorUnavailableError(f"generator {generator.name!r} is not available: {why}")
    caps = generator.capabilities
    return plan_offline(brief, library=library, settings=settings, generator=generator.name,
                        dialect=caps.dialect, queue=caps.queue)
