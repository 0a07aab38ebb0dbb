"""One job from a template: its prompt rendered in the generator's dialect, a size the
generator can make (multiples of 8, banners generated at a sane shape and cover-fitted), a
seed that differs by index so that panels and variations differ, and the params the
generators read (style, subject). Used by every layout in layout.py."""

from __future__ import annotations

from typing import Any

from studio.domain import Brief, JobSpec
from studio.prompts import Template, render


def _job(
    *,
    template: Template,
    variables: dict[str, Any],
    brief: Brief,
    generator: str,
    dialect: str,
    queue: str,
    seed: int,
    index: int,
    role: str,
    size: tuple[int, int],
    caption: str | None,
    panel: dict[str, Any] | None = None,
) -> JobSpec:
    rendered = render(template, variables, dialect=dialect, panel=panel)  # type: ignore[arg-type]
    params = {k: v for k, v in template.generation.items() if k != "panel_size"}
    params["style"] = template.kind
    primary = next((n for n, s in template.inputs.items() if s.required and s.type == "str"), None)
    if primary and variables.get(primary):
        params["subject"] = str(variables[primary])
    return JobSpec(
        id=f"{brief.id}-j{index:02d}",
        brief_id=brief.id,
        template_id=template.id,
        template_version=template.version,
        role=role,
        index=index,
        prompt=rendered.prompt,
        negative_prompt=rendered.negative_prompt,
        dialect=rendered.dialect,
        generator=generator,
        width=size[0],
        height=size[1],
        seed=seed + 101 * index,
        count=1,
        references=[r.sha256 for r in brief.references],
        params=params,
        caption=caption,
        queue=queue,
    )


def job_size(width: int, height: int) -> tuple[int, int]:
    """A generator-friendly size for a deliverable: multiples of 8; a banner's extreme shape
    (728x90) is generated at 3:1 and at least 512 on its short side, then cover-fitted."""
    ratio = width / height
    if ratio > 3 or ratio < 1 / 3 or min(width, height) < 512:
        r = min(max(ratio, 1 / 3), 3)
        short = 512
        w, h = (round(short * r), short) if r >= 1 else (short, round(short / r))
        return _round8(w), _round8(h)
    return _round8(width), _round8(height)


def _round8(v: int) -> int:
    return max(64, (v + 7) // 8 * 8)
