"""The offline planner: brief -> Plan with no language model. It chooses a template
(routing.py), reads variables out of the brief (extract.py), fills the template's defaults,
and lays out jobs and compositions. Every choice is written into the plan's rationale."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from studio.config import Settings
from studio.domain import Brief, Composition, Fact, JobSpec, Plan
from studio.errors import BriefError, DocumentError
from studio.planner import extract
from studio.planner.routing import choose_template
from studio.planner.sizes import check_size, deliverable_size
from studio.prompts import Library, Template, coerce_variables, render, render_title

DEFAULT_PANEL = (768, 768)
STYLE_INPUTS = ("style", "era", "mood", "look")


def plan_offline(
    brief: Brief, *, library: Library, settings: Settings, generator: str, dialect: str, queue: str
) -> Plan:
    rationale: list[str] = []

    # 1. The template: the user's choice, or the best route.
    if brief.options.template:
        template = library.get(brief.options.template)
        rationale.append(f"template {template.id!r} chosen by the user (--template)")
    else:
        route = choose_template(brief.text, library.templates(), has_document=bool(brief.documents))
        template = library.get(route.template_id)
        rationale.append(
            f"template {template.id!r} (score {route.score:g}): " + "; ".join(route.reasons)
        )

    # 2. Variables from the brief, then the template's defaults and checks.
    found, notes = _variables_from_brief(brief.text, template)
    rationale.extend(notes)
    brief_aspect = found.pop("_aspect", None)  # a format is the deliverable's, no template input
    sheets = _fact_sheets(brief, template)
    if sheets:
        first = sheets[0]
        for name, value in (("company", first.get("company")), ("period", first.get("period"))):
            if name in template.inputs and value:
                found[name] = value
                rationale.append(f"{name} {value!r} from {first['name']}")
    variables = coerce_variables(template, found)

    # 3. Sizes: the deliverable from --size/--aspect or the template; jobs from the template.
    options = brief.options
    named, why = extract.find_named_format(brief.text, library.root)
    if named and options.width is None and options.aspect is None:
        # "an Instagram story", "a LinkedIn post": the channel's exact size (prompts/formats.yaml)
        options = options.model_copy(update={"width": named[1], "height": named[2]})
        rationale.append(why)
    aspect, (width, height) = deliverable_size(template, options, settings, brief_aspect)
    rationale.append(f"deliverable {width}x{height} ({aspect})")
    # 'in 1:1, 9:16 and 16:9': one deliverable per format, each composed for its own size
    formats: list[tuple[str, tuple[int, int]]] = []
    named_all = extract.find_formats(brief.text, library.root)
    if (
        len(named_all) >= 2
        and template.composition.layout == "single"
        and brief.options.width is None
        and brief.options.aspect is None
    ):
        for _, label, value in named_all:
            if isinstance(value, tuple):
                check_size(*value, settings)
                formats.append((label, value))
            else:
                formats.append(
                    (label, deliverable_size(template, brief.options, settings, value)[1])
                )
        rationale.append(
            "one deliverable per format: "
            + ", ".join(f"{label} {w}x{h}" for label, (w, h) in formats)
        )
    seed = brief.options.seed if brief.options.seed is not None else settings.default_seed

    # 4. Jobs and compositions per layout.
    brand = brief.options.brand or settings.brand
    variations, why = extract.find_variations(brief.text)
    n = max(1, min(variations or 1, extract.MAX_VARIATIONS))
    jobs, comps = lay_out(
        template=template,
        variables=variables,
        brief=brief,
        generator=generator,
        dialect=dialect,
        queue=queue,
        seed=seed,
        brand=brand,
        sheets=sheets,
        size=(width, height),
        variations=n,
        rationale=rationale,
        formats=formats,
    )
    if template.composition.layout == "single" and n > 1:
        rationale.append(
            why
            + (f", capped at {n}" if n != variations else "")
            + "; one job each, plus a contact sheet of all of them"
        )

    images = sum(j.count for j in jobs)
    if images > settings.max_images_per_brief:
        raise BriefError(
            f"this plan would make {images} images, over the limit of {settings.max_images_per_brief}",
            hint="ask for fewer, or raise STUDIO_MAX_IMAGES_PER_BRIEF",
        )
    facts = [f for c in comps for f in c.facts]
    return Plan(
        brief_id=brief.id,
        planner="offline",
        rationale=rationale,
        template_id=template.id,
        template_version=template.version,
        variables=variables,
        jobs=jobs,
        compositions=comps,
        facts=facts,
    )


def lay_out(
    *,
    template: Template,
    variables: dict[str, Any],
    brief: Brief,
    generator: str,
    dialect: str,
    queue: str,
    seed: int,
    brand: str,
    sheets: list[dict[str, Any]],
    size: tuple[int, int],
    variations: int,
    rationale: list[str],
    captions: list[str] | None = None,
    formats: list[tuple[str, tuple[int, int]]] | None = None,
) -> tuple[list[JobSpec], list[Composition]]:
    """Jobs and compositions for the template's layout (shared by the offline planner and the
    agent). `variations`: how many takes of a single-image template (>1 adds a contact sheet);
    `captions`: panel captions written by a planner, replacing the template's."""
    common = dict(
        template=template,
        variables=variables,
        brief=brief,
        generator=generator,
        dialect=dialect,
        queue=queue,
        seed=seed,
    )
    width, height = size
    layout = template.composition.layout
    title = render_title(template, variables)
    if layout in ("polaroid_board", "contact_sheet"):
        jobs, panel_captions = _panel_jobs(**common, rationale=rationale)
        if captions:
            panel_captions = list(captions)
            for job, caption in zip(jobs, panel_captions, strict=True):
                job.caption = caption
        comps = [
            Composition(
                id=f"{brief.id}-c00",
                layout=layout,
                output=f"{_slug(template.id)}.png",
                width=width,
                height=height,
                inputs=[j.id for j in jobs],
                title=title,
                captions=panel_captions,
                brand=brand,
                seed=seed,
            )
        ]
    elif layout == "infographic":
        jobs, comps = _infographic(
            **common,
            sheets=sheets,
            size=(width, height),
            brand=brand,
            title=title,
            rationale=rationale,
        )
    elif formats and len(formats) >= 2:
        jobs, comps = _per_format(common, formats, brief, template, title, brand, seed, rationale)
    else:
        n, w, h = variations, _round8(width), _round8(height)
        jobs = [_job(**common, index=i, role="image", size=(w, h), caption=None) for i in range(n)]
        axes = [""] * n
        if n > 1:  # variations differ on purpose: each changes one named axis
            axes = [VARIATION_AXES[i % len(VARIATION_AXES)] for i in range(n)]
            axes[0] = "as briefed"
            jobs = [
                j
                if i == 0
                else j.model_copy(update={"prompt": f"{j.prompt} Variation: {axes[i]}."})
                for i, j in enumerate(jobs)
            ]
            rationale.append(
                "variations vary: " + "; ".join(f"{i + 1}: {a}" for i, a in enumerate(axes))
            )
        jobs, title, data = _on_image_text(brief, jobs, title, rationale)
        comps = [
            Composition(
                id=f"{brief.id}-c{i:02d}",
                layout="single",
                output=f"{_slug(template.id)}{f'-{i + 1}' if n > 1 else ''}.png",
                width=width,
                height=height,
                inputs=[job.id],
                title=title,
                brand=brand,
                seed=job.seed,
                data=dict(data),
            )
            for i, job in enumerate(jobs)
        ]
        if n > 1:
            sheet_w, sheet_h = (2000, 1500) if width >= height else (1500, 2000)
            comps.append(
                Composition(
                    id=f"{brief.id}-c{n:02d}",
                    layout="contact_sheet",
                    output=f"{_slug(template.id)}-contact-sheet.png",
                    width=sheet_w,
                    height=sheet_h,
                    inputs=[j.id for j in jobs],
                    title=title or template.title,
                    captions=[f"{i + 1} · {axes[i]} · seed {j.seed}" for i, j in enumerate(jobs)],
                    brand=brand,
                    seed=seed,
                )
            )
    return jobs, comps


# what each variation after the first changes, in order (composition, camera, palette, light,
# time of day): named, recorded in the plan, and captioned on the contact sheet
VARIATION_AXES = [
    "as briefed",
    "a closer, tighter composition",
    "a low camera angle",
    "a cooler, muted palette",
    "soft side lighting",
    "golden-hour light",
    "a wider view with more surroundings",
    "a high camera angle looking down",
    "a warmer, saturated palette",
    "dramatic low-key lighting",
    "blue-hour dusk light",
    "an off-centre, asymmetric composition",
]


_TEXT_ROOM = {  # the image leaves room for the words rather than trying to paint them
    "natural": " Keep the bottom fifth of the frame calm and uncluttered: a headline "
    "and a short line of text will be set there. Do not render any text.",
    "sd": ", calm negative space in the lower fifth, clean background for text",
}


def _on_image_text(
    brief: Brief, jobs: list[JobSpec], title: str | None, rationale: list[str]
) -> tuple[list[JobSpec], str | None, dict[str, Any]]:
    """Words the brief wants on the image: the headline becomes the title band, the rest
    (offer, price, call to action) its caption line, read back by OCR after composing; the
    jobs' prompts ask for calm space there. (jobs, title, composition data)."""
    words, why = extract.find_on_image_text(brief.text)
    if not words:
        return jobs, title, {}
    rationale.append(why)
    data: dict[str, Any] = {"on_image_text": words}
    if len(words) > 1:
        data["caption"] = "  ·  ".join(words[1:])
    jobs = [
        j.model_copy(update={"prompt": j.prompt + _TEXT_ROOM.get(j.dialect, _TEXT_ROOM["natural"])})
        for j in jobs
    ]
    return jobs, words[0], data


def _per_format(
    common: dict[str, Any],
    formats: list[tuple[str, tuple[int, int]]],
    brief: Brief,
    template: Template,
    title: str | None,
    brand: str,
    seed: int,
    rationale: list[str],
) -> tuple[list[JobSpec], list[Composition]]:
    """One job per format from the same prompt and seed (the same creative, generated at each
    format's own shape), and one deliverable per format, its text laid out for that size."""
    jobs = [  # the same creative in every format: one prompt, one seed
        _job(
            **common, index=i, role="image", size=(_round8(w), _round8(h)), caption=None
        ).model_copy(update={"seed": seed})
        for i, (_, (w, h)) in enumerate(formats)
    ]
    jobs, title, data = _on_image_text(brief, jobs, title, rationale)
    comps = []
    for i, ((label, (w, h)), job) in enumerate(zip(formats, jobs, strict=True)):
        slug = _slug(label.replace(":", "x"))
        comps.append(
            Composition(
                id=f"{brief.id}-c{i:02d}",
                layout="single",
                output=f"{_slug(template.id)}-{slug}.png",
                width=w,
                height=h,
                inputs=[job.id],
                title=title,
                brand=brand,
                seed=seed,
                data=dict(data),
            )
        )
    return jobs, comps


def _variables_from_brief(text: str, template: Template) -> tuple[dict[str, Any], list[str]]:
    inputs = template.inputs
    found: dict[str, Any] = {}
    notes: list[str] = []

    def note(msg: str) -> None:
        if msg:
            notes.append(msg)

    primary = next((n for n, s in inputs.items() if s.required and s.type == "str"), None)
    if primary:
        subject, why = extract.find_subject(text, drop=template.keywords)
        found[primary] = subject
        note(f"{primary}: {why}")

    count_name = template.composition.panels or ("count" if "count" in inputs else None)
    count, why = extract.find_count(text)
    if count_name and count is not None:
        spec = inputs[count_name]
        clamped = int(min(max(count, spec.min or 1), spec.max or count))
        found[count_name] = clamped
        note(why + (f", clamped to {clamped} (template limit)" if clamped != count else ""))

    if "languages" in inputs:
        langs, why = extract.find_languages(text)
        if langs:
            found["languages"] = langs
            note(why)

    items, why = extract.find_list(text)
    list_name = template.composition.panel_list or next(
        (n for n, s in inputs.items() if s.type == "list" and n != "languages"), None
    )
    if items and list_name:
        found[list_name] = items[: inputs[list_name].max_items or len(items)]
        note(f"{list_name}: {why}")
        if count_name and count_name not in found:
            found[count_name] = min(len(items), int(inputs[count_name].max or len(items)))

    style, why = extract.find_style(text)
    style_name = next((n for n in STYLE_INPUTS if n in inputs and inputs[n].type == "str"), None)
    if style and style_name:
        found[style_name] = style
        note(f"{style_name}: {why}")

    if "year" in inputs:
        year, why = extract.find_year(text)
        if year:
            found["year"] = year
            note(why)

    aspect, why = extract.find_aspect(text)
    if aspect:
        found["_aspect"] = aspect
        note(why)
    return found, notes


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


def _panel_jobs(
    *, template: Template, variables: dict[str, Any], rationale: list[str], **common: Any
) -> tuple[list[JobSpec], list[str]]:
    count_name = template.composition.panels
    total = int(variables.get(count_name, 4)) if count_name else 4
    texts = list(variables.get(template.composition.panel_list or "", []) or [])
    beats, kind = template.composition.beats_for(common["brief"].text)
    if len(texts) < total and beats:
        rationale.append(
            f"panels {len(texts) + 1}-{total}: the template's "
            + (f"story beats for a {kind}" if kind else "generic story beats")
            + " (the brief names no moments for them)"
        )
    size = tuple(template.generation.get("panel_size", DEFAULT_PANEL))
    jobs, captions = [], []
    for i in range(total):
        text = texts[i] if i < len(texts) else (beats[i % len(beats)] if beats else "")
        caption = text or f"Moment {i + 1}"
        panel = {"index": i + 1, "total": total, "text": text}
        jobs.append(
            _job(
                template=template,
                variables=variables,
                index=i,
                role="panel",
                size=(int(size[0]), int(size[1])),
                caption=caption,
                panel=panel,
                **common,
            )
        )
        captions.append(caption)
    rationale.append(f"{total} panels, one job each, composed as {template.composition.layout}")
    return jobs, captions


def _fact_sheets(brief: Brief, template: Template) -> list[dict[str, Any]]:
    """Facts of every attached PDF (only templates that need a document read them)."""
    if not template.needs_document:
        return []
    if not brief.documents:
        raise DocumentError(
            f"template {template.id!r} needs a document and none is attached",
            hint="attach the release with --pdf FILE.pdf",
        )
    from studio.documents import facts_for_path

    sheets = []
    for doc in brief.documents:
        sheet = facts_for_path(Path(doc.path), password=doc.password)
        if not sheet.facts:
            raise DocumentError(
                f"no headline figures could be pinned to a page in {doc.name}",
                hint="Studio only draws numbers it can quote from the document; check that "
                "it is an earnings release or results deck with a text layer",
            )
        sheets.append(
            {
                "name": doc.name,
                "sha256": doc.sha256,
                "pages": sheet.document.pages,
                "company": sheet.company,
                "period": sheet.period,
                "facts": sheet.facts,
                "highlights": getattr(sheet, "highlights", []),
            }
        )
    return sheets


def _infographic(
    *,
    template: Template,
    variables: dict[str, Any],
    brief: Brief,
    sheets: list[dict],
    size: tuple[int, int],
    brand: str,
    title: str | None,
    rationale: list[str],
    **common: Any,
) -> tuple[list[JobSpec], list[Composition]]:
    jobs, comps = [], []
    for i, sheet in enumerate(sheets):
        local = {**variables}
        for name in ("company", "period"):
            if name in template.inputs and sheet.get(name):
                local[name] = sheet[name]
        job = _job(
            template=template,
            variables=local,
            brief=brief,
            index=i,
            role="background",
            size=(_round8(size[0]), _round8(size[1])),
            caption=None,
            **common,
        )
        facts: list[Fact] = [
            f.model_copy(update={"document": sheet["sha256"]}) for f in sheet["facts"]
        ]
        pages = sorted({f.page for f in facts})
        company, period = sheet.get("company") or "", sheet.get("period") or ""
        comp_title = render_title(template, local) if template.composition.title else title
        comps.append(
            Composition(
                id=f"{brief.id}-c{i:02d}",
                layout="infographic",
                output=f"infographic-{_slug(Path(sheet['name']).stem)}.png",
                width=size[0],
                height=size[1],
                inputs=[job.id],
                title=comp_title or " ".join(x for x in (company, period, "results") if x),
                subtitle=f"Headline figures from {sheet['name']}",
                brand=brand,
                seed=job.seed,
                facts=facts,
                data={
                    "company": company,
                    "period": period,
                    "document": sheet["name"],
                    "highlights": [
                        h if isinstance(h, dict) else h.model_dump() for h in sheet["highlights"]
                    ],
                },
                source_line=(
                    f"Source: {sheet['name']} (sha256 {sheet['sha256'][:12]}), "
                    f"page{'s' if len(pages) > 1 else ''} {', '.join(map(str, pages))}"
                ),
            )
        )
        jobs.append(job)
        rationale.append(
            f"{sheet['name']}: {len(facts)} facts pinned to pages {pages}; "
            "text-free background job, numbers drawn by the composer"
        )
    return jobs, comps


def _round8(v: int) -> int:
    return max(64, (v + 7) // 8 * 8)


def _slug(text: str) -> str:

    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "output"
