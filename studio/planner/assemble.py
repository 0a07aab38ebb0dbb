"""The step both planners share once a template and its variables are chosen: sizes from the
formats asked for, seed and brand, jobs and compositions per layout (planner/layout.py), the
language note, the image cap, and the Plan itself. The offline planner and the agent differ
only in how they choose the template, the variables and the panel captions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from studio.config import Settings
from studio.domain import Brief, JobSpec, Plan
from studio.errors import BriefError
from studio.planner.brief_spec import BriefSpec
from studio.planner.sizes import deliverable_size
from studio.prompts import Template


def assemble(
    *,
    planner: str,
    brief: Brief,
    template: Template,
    variables: dict[str, Any],
    spec: BriefSpec,
    settings: Settings,
    generator: str,
    dialect: str,
    queue: str,
    sheets: list[dict[str, Any]],
    rationale: list[str],
    variations: int,
    aspect_hint: str | None = None,
    captions: list[str] | None = None,
    explain_formats: bool = False,
    after_layout: Callable[[list[JobSpec]], None] | None = None,
) -> Plan:
    """The Plan for a chosen template and variables. `explain_formats` adds the rationale
    lines about the formats found in the brief; `after_layout` may add notes on the jobs."""
    from studio.planner.layout import lay_out
    from studio.planner.offline import note_language, resolve_formats

    formats = resolve_formats(spec, template, brief.options, settings)
    options = brief.options
    if formats:
        first = formats[0]
        options = options.model_copy(update={"width": first.width, "height": first.height})
        if explain_formats and len(formats) == 1:
            rationale.append(f"format {first.label} ({first.width}x{first.height})")
    aspect, (width, height) = deliverable_size(template, options, settings, aspect_hint)
    rationale.append(f"deliverable {width}x{height} ({aspect})")
    if explain_formats and len(formats) >= 2:
        several = ", ".join(f"{f.label} {f.width}x{f.height}" for f in formats)
        if template.composition.layout not in ("single", "creative"):
            # 'a storyboard for LinkedIn and a 3:4 version': one set of panels
            rationale.append(
                f"one {template.composition.layout} per format from the same images: {several}"
            )
        else:  # 'in 1:1, 9:16 and 16:9': one deliverable per format
            rationale.append(f"one deliverable per format: {several}")
    seed = brief.options.seed if brief.options.seed is not None else settings.default_seed
    jobs, comps = lay_out(
        template=template,
        variables=variables,
        brief=brief,
        generator=generator,
        dialect=dialect,
        queue=queue,
        seed=seed,
        brand=brief.options.brand or settings.brand,
        sheets=sheets,
        size=(width, height),
        variations=variations,
        rationale=rationale,
        captions=captions,
        formats=formats,
        spec=spec,
    )
    if after_layout is not None:
        after_layout(jobs)
    jobs = note_language(jobs, spec, rationale)
    images = sum(j.count for j in jobs)
    if images > settings.max_images_per_brief:
        raise BriefError(
            f"this plan would make {images} images, over the limit of {settings.max_images_per_brief}",
            hint="ask for fewer, or raise STUDIO_MAX_IMAGES_PER_BRIEF",
        )
    return Plan(
        brief_id=brief.id,
        planner=planner,
        rationale=rationale,
        template_id=template.id,
        template_version=template.version,
        template_hash=template.content_hash,
        variables=variables,
        jobs=jobs,
        compositions=comps,
        facts=[f for c in comps for f in c.facts],
        brief_spec=spec.model_dump(exclude={"reasons"}),
    )
