"""Choosing a generator for each job. The router looks at what the user asked for, what the
template needs (legible text in the picture or not, a reference image), and what is
configured here (keys present, weights found, extras installed), and returns a choice with
its reason and the fallbacks to try if the chosen one fails. The reason goes into the plan
and so into the manifest.

Policy (settings):
  STUDIO_GENERATOR        auto | a generator name (the user's --generator wins)
  STUDIO_GENERATOR_ORDER  preference when auto, e.g. "diffusers,openai,gemini"
  STUDIO_FALLBACK         never | failure | failure_or_refusal
"""

from __future__ import annotations

from dataclasses import dataclass, field

from studio.config import Settings
from studio.errors import GeneratorUnavailableError
from studio.generators import get_generator, names

TEXT_KINDS = {"whiteboard", "infographic_text"}  # kinds whose pictures must carry legible text


@dataclass
class Route:
    generator: str
    reason: str
    fallbacks: list[str] = field(default_factory=list)


def _usable(name: str, settings: Settings) -> tuple[bool, str]:
    try:
        return get_generator(name, settings).available()
    except GeneratorUnavailableError as exc:
        return False, str(exc)


def price(name: str, settings: Settings) -> float:
    """USD per image: the settings' price table first, then the generator's own figure."""
    gen = get_generator(name, settings)
    model = getattr(gen, "model_name", None)
    table = settings.prices
    for key in (f"{name}:{model}" if model else None, name):
        if key and key in table:
            return float(table[key])
    return float(gen.capabilities.price_per_image)


def route(
    *,
    requested: str | None,
    settings: Settings,
    needs_text: bool = False,
    has_references: bool = False,
) -> Route:
    want = requested or settings.generator
    if want and want != "auto":
        gen = get_generator(want, settings)  # unknown name: clear error listing the known ones
        ok, why = gen.available()
        if not ok:
            raise GeneratorUnavailableError(f"generator {want!r} is not available: {why}")
        source = "--generator" if requested else "STUDIO_GENERATOR"
        return Route(want, f"{want} chosen by {source}", _fallbacks(want, settings, needs_text))

    order = [n.strip() for n in settings.generator_order.split(",") if n.strip() in names()]
    usable, skipped = [], []
    for name in order:
        ok, why = _usable(name, settings)
        (usable if ok else skipped).append(name if ok else f"{name} ({why})")
    if not usable:
        note = f"; not configured: {', '.join(skipped)}" if skipped else ""
        return Route(
            "offline", "no image model configured here, so the offline draft renderer" + note
        )

    def rank(name: str) -> tuple[int, int, int]:
        caps = get_generator(name, settings).capabilities
        text_ok = caps.text_quality == "good"
        return (
            0 if (text_ok or not needs_text) else 1,
            0 if (caps.references or not has_references) else 1,
            usable.index(name),
        )

    best = sorted(usable, key=rank)[0]
    reasons = [f"{best} is the first usable generator in STUDIO_GENERATOR_ORDER"]
    if needs_text and get_generator(best, settings).capabilities.text_quality == "good":
        reasons = [
            f"{best}: the template needs legible text in the image and {best} renders it well"
        ]
    if skipped:
        reasons.append(f"not configured: {', '.join(skipped)}")
    return Route(best, "; ".join(reasons), _fallbacks(best, settings, needs_text, usable))


def _fallbacks(
    chosen: str, settings: Settings, needs_text: bool, usable: list[str] | None = None
) -> list[str]:
    if settings.fallback == "never":
        return []
    if usable is None:
        order = [n.strip() for n in settings.generator_order.split(",") if n.strip() in names()]
        usable = [n for n in order if _usable(n, settings)[0]]
    return [n for n in usable if n != chosen]
