"""The offline planner: brief -> Plan with no language model. It chooses a template
(routing.py), reads variables out of the brief (extract.py), fills the template's defaults,
and lays out jobs and compositions. Every choice is written into the plan's rationale."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from studio.config import Settings
from studio.domain import Brief, BriefOptions, Composition, Fact, JobSpec, Plan
from studio.errors import BriefError, DocumentError
from studio.planner import extract
from studio.planner.brief_spec import BriefSpec, CopyItem, FormatAsk, read_brief
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
        route = choose_template(
            brief.text,
            library.templates(),
            has_document=bool(brief.documents),
            has_reference=bool(brief.references),
        )
        template = library.get(route.template_id)
        rationale.append(
            f"template {template.id!r} (score {route.score:g}): " + "; ".join(route.reasons)
        )

    # 2. One reading of the brief (brief_spec.py), its variables, the template's defaults.
    spec = read_brief(brief.text, root=library.root, template=template)
    rationale.append(
        f"brief written in {spec.language} ({spec.language_detector}, {spec.language_confidence:g})"
    )
    found, notes = _variables_from_brief(spec, brief.text, template)
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

    # 3. Sizes: --size/--aspect, else the formats the brief names, else the template's.
    formats = resolve_formats(spec, template, brief.options, settings)
    options = brief.options
    if formats:
        first = formats[0]
        options = options.model_copy(update={"width": first.width, "height": first.height})
        if len(formats) == 1:
            rationale.append(f"format {first.label} ({first.width}x{first.height})")
    aspect, (width, height) = deliverable_size(template, options, settings, brief_aspect)
    rationale.append(f"deliverable {width}x{height} ({aspect})")
    if len(formats) >= 2 and template.composition.layout not in ("single", "creative"):
        rationale.append(
            f"the brief names {len(formats)} formats; a {template.composition.layout} is "
            f"composed once, at the first ({formats[0].label})"
        )
        formats = []
    elif len(formats) >= 2:  # 'in 1:1, 9:16 and 16:9': one deliverable per format
        rationale.append(
            "one deliverable per format: "
            + ", ".join(f"{f.label} {f.width}x{f.height}" for f in formats)
        )
    seed = brief.options.seed if brief.options.seed is not None else settings.default_seed

    # 4. Jobs and compositions per layout.
    brand = brief.options.brand or settings.brand
    variations = spec.variations
    why = f"{variations} variations asked for in the brief"
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
        spec=spec,
    )
    if template.composition.layout in ("single", "creative") and n > 1 and len(formats) < 2:
        rationale.append(
            why
            + (f", capped at {n}" if n != variations else "")
            + "; one job each, plus a contact sheet of all of them"
        )

    jobs = note_language(jobs, spec, rationale)
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
        brief_spec=spec.model_dump(exclude={"reasons"}),
    )


_LANGUAGE_NAMES = {"de": "German", "es": "Spanish", "fr": "French", "it": "Italian",
                   "pt": "Portuguese", "nl": "Dutch"}  # fmt: skip


def note_language(jobs: list[JobSpec], spec: BriefSpec, rationale: list[str]) -> list[JobSpec]:
    """A brief written in German keeps its own words for the subject and details (nothing is
    translated offline); prompts in the natural dialect say so, so that a model reads them as
    German rather than as names."""
    name = _LANGUAGE_NAMES.get(spec.language)
    if not name or spec.language_confidence < 0.5:
        return jobs
    rationale.append(f"the brief's own words stay in {name}; natural prompts say so")
    note = f" The subject and details above are written in {name}; depict what they describe."
    return [
        j.model_copy(
            update={
                "prompt": j.prompt + note,
                "params": {**j.params, "brief_language": spec.language},
            }
        )
        if j.dialect == "natural"
        else j.model_copy(update={"params": {**j.params, "brief_language": spec.language}})
        for j in jobs
    ]


def resolve_formats(
    spec: BriefSpec, template: Template, options: BriefOptions, settings: Settings
) -> list[FormatAsk]:
    """The brief's formats at exact sizes: a channel or an explicit size as given, a ratio or
    an orientation word at the template's size for it. --size/--aspect override them all."""
    if options.width is not None or options.aspect is not None:
        return []
    out: list[FormatAsk] = []
    for ask in spec.formats:
        if ask.width and ask.height:
            check_size(ask.width, ask.height, settings)
            out.append(ask)
        elif ask.orientation and (size := _oriented_size(template, ask.orientation)):
            check_size(*size, settings)
            out.append(ask.model_copy(update={"width": size[0], "height": size[1]}))
        elif ask.ratio:
            _, (w, h) = deliverable_size(template, options, settings, ask.ratio)
            out.append(ask.model_copy(update={"width": w, "height": h}))
    return out


def _oriented_size(template: Template, orientation: str) -> tuple[int, int] | None:
    """'vertical' / 'Hochformat': the template's tallest size; 'landscape': its widest;
    'square': its square one. None when it has none of that shape."""
    sizes = list(template.outputs.sizes.values())
    if orientation == "square":
        return next((s for s in sizes if s[0] == s[1]), None)
    shaped = [s for s in sizes if (s[0] < s[1]) == (orientation == "portrait") and s[0] != s[1]]
    if not shaped:
        return None
    pick = min if orientation == "portrait" else max
    return pick(shaped, key=lambda s: s[0] / s[1])


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
    formats: list[FormatAsk] | None = None,
    spec: BriefSpec | None = None,
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
    else:
        spec = spec or read_brief(
            brief.text, root=Path(template.path).parent.parent, template=template
        )
        jobs, comps = _single(
            {**common, "spec": spec},
            template,
            brief,
            size,
            variations,
            formats or [],
            title,
            brand,
            seed,
            rationale,
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
    "natural": " Keep the {zone} of the frame calm and uncluttered: a headline "
    "and a short line of text will be set there. Do not render any text.",
    "sd": ", calm negative space in the {zone}, clean background for text",
}


def text_zone(width: int, height: int) -> str:
    """Where the words go: along the bottom of square and tall images, on the left of wide
    ones (the creative layout and the templates' prompts agree on this)."""
    return "left" if width > 1.3 * height else "bottom"


def _single(
    common: dict[str, Any],
    template: Template,
    brief: Brief,
    size: tuple[int, int],
    variations: int,
    formats: list[FormatAsk],
    title: str | None,
    brand: str,
    seed: int,
    rationale: list[str],
) -> tuple[list[JobSpec], list[Composition]]:
    """One picture per variation (each varies a named axis), or one per format (the same
    prompt and seed, generated at each format's own shape); the words the brief wants on
    the image go to the composer, and the prompt asks for calm space where they go."""
    spec: BriefSpec = common["spec"]
    layout = template.composition.layout
    if len(formats) >= 2:
        shapes = [(f.label, (int(f.width or 0), int(f.height or 0)), f) for f in formats]
        axes = [""] * len(shapes)
    else:
        n = variations
        shapes = [(None, size, formats[0] if formats else None)] * n
        axes = [""] * n
        if n > 1:  # variations differ on purpose: each changes one named axis
            axes = [VARIATION_AXES[i % len(VARIATION_AXES)] for i in range(n)]
            axes[0] = "as briefed"
            rationale.append(
                "variations vary: " + "; ".join(f"{i + 1}: {a}" for i, a in enumerate(axes))
            )
    copy = spec.on_image_text
    if copy:
        rationale.append(
            "on-image text, drawn by the composer and read back by OCR: "
            + "; ".join(f"{c.role} {c.text!r}" for c in copy)
        )
    jobs, comps = [], []
    base = {k: v for k, v in common.items() if k != "spec"}
    for i, (label, (w, h), ask) in enumerate(shapes):
        zone = text_zone(w, h)
        job = _job(**base, index=i, role="image", size=job_size(w, h), caption=None)
        if label is not None:
            job = job.model_copy(update={"seed": seed})  # the same creative in every format
        elif axes[i] and i > 0:
            job = job.model_copy(update={"prompt": f"{job.prompt} Variation: {axes[i]}."})
        if copy and layout != "creative":  # creative templates ask for the space themselves
            room = _TEXT_ROOM.get(job.dialect, _TEXT_ROOM["natural"])
            job = job.model_copy(update={"prompt": job.prompt + room.format(zone=_ZONE[zone])})
        params = dict(job.params, layout=layout)
        if copy:
            params["text_zone"] = zone
            if ask and ask.safe and layout == "creative":
                params["safe"] = list(ask.safe)  # the draft keeps the same margins free
        for key in ("setting", "details"):
            if common["variables"].get(key):
                params[key] = str(common["variables"][key])
        job = job.model_copy(update={"params": params})
        jobs.append(job)
        name = _slug(template.id)
        suffix = (
            f"-{_slug(label.replace(':', 'x'))}"
            if label
            else (f"-{i + 1}" if len(shapes) > 1 else "")
        )
        comps.append(
            Composition(
                id=f"{brief.id}-c{i:02d}",
                layout=layout if layout == "creative" else "single",
                output=f"{name}{suffix}.png",
                width=w,
                height=h,
                inputs=[job.id],
                title=_headline(copy) if copy else title,
                brand=brand,
                seed=job.seed,
                data=_copy_data(copy, layout, ask, zone),
            )
        )
    if len(shapes) > 1 and not formats[1:]:
        w, h = size
        sheet_w, sheet_h = (2000, 1500) if w >= h else (1500, 2000)
        comps.append(
            Composition(
                id=f"{brief.id}-c{len(shapes):02d}",
                layout="contact_sheet",
                output=f"{_slug(template.id)}-contact-sheet.png",
                width=sheet_w,
                height=sheet_h,
                inputs=[j.id for j in jobs],
                title=comps[0].title or template.title,
                captions=[f"{i + 1} · {axes[i]} · seed {j.seed}" for i, j in enumerate(jobs)],
                brand=brand,
                seed=seed,
            )
        )
    return jobs, comps


_ZONE = {"bottom": "bottom fifth", "left": "left third", "top": "top fifth", "right": "right third"}


def _headline(copy: list[CopyItem]) -> str | None:
    return next((c.text for c in copy if c.role == "headline"), None)


def _copy_data(
    copy: list[CopyItem], layout: str, ask: FormatAsk | None, zone: str
) -> dict[str, Any]:
    """What the composer draws besides the picture. Creative layouts: headline, sub-line,
    call to action, the channel and its safe margins. The plain single layout: the headline
    as its title band, the rest as its caption line."""
    if not copy:
        return {}
    data: dict[str, Any] = {"on_image_text": [c.text for c in copy]}
    sub = [c.text for c in copy if c.role == "subline"]
    cta = next((c.text for c in copy if c.role == "cta"), None)
    if layout == "creative":
        data.update(
            headline=_headline(copy),
            subline="  ·  ".join(sub) or None,
            cta=cta,
            channel=ask.channel if ask else None,
            text_zone=zone,
        )
        if ask and ask.safe:
            data["safe"] = list(ask.safe)
    else:
        rest = sub + ([cta] if cta else [])
        if rest:
            data["caption"] = "  ·  ".join(rest)
    return data


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


def _variables_from_brief(
    spec: BriefSpec, text: str, template: Template
) -> tuple[dict[str, Any], list[str]]:
    inputs = template.inputs
    found: dict[str, Any] = {}
    notes: list[str] = []

    def note(msg: str) -> None:
        if msg:
            notes.append(msg)

    primary = next((n for n, s in inputs.items() if s.required and s.type == "str"), None)
    if primary and spec.subject:
        found[primary] = spec.subject
        note(f"{primary}: {spec.reasons[-1]}")
    elif primary:
        subject, why = extract.find_subject(text, drop=template.keywords)
        found[primary] = subject
        note(f"{primary}: {why}")
    # the brief's own details: where, light, mood, props; they outrank template defaults
    details = list(spec.details)
    if spec.setting:
        if "setting" in inputs and primary != "setting":
            found["setting"] = spec.setting
            note(f"setting {spec.setting!r} from the brief")
        else:
            details.insert(0, spec.setting)
    if spec.inner and "inner_scene" in inputs:
        found["inner_scene"] = spec.inner
        note(f"inner_scene {spec.inner!r} from the brief")
    if details and "details" in inputs:
        found["details"] = "; ".join(details)
        note(f"details from the brief: {found['details']!r}")

    count_name = template.composition.panels or ("count" if "count" in inputs else None)
    count, why = spec.count, next((r for r in spec.reasons if r.startswith("count ")), "")
    if count_name and count is not None:
        limit = inputs[count_name]
        clamped = int(min(max(count, limit.min or 1), limit.max or count))
        found[count_name] = clamped
        note(why + (f", clamped to {clamped} (template limit)" if clamped != count else ""))

    if "languages" in inputs and spec.languages:
        found["languages"] = spec.languages
        note(f"languages {', '.join(spec.languages)} named in the brief")

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
