"""Turning a plan's choices into work: the jobs and compositions for a template's layout.
A single picture (its variations, its formats, the words the composer sets on it and the
calm space left for them), a board or contact sheet of panels, an infographic per fact
sheet. Shared by the offline planner (offline.py) and the agent planner, so that both lay
out a plan the same way."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from studio.domain import Brief, Composition, Fact, JobSpec
from studio.planner.brief_spec import BriefSpec, CopyItem, FormatAsk, read_brief_for
from studio.planner.jobs import _job, _round8, job_size
from studio.prompts import Template, render_title

DEFAULT_PANEL = (768, 768)


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
        spec = spec or read_brief_for(brief.text, template)
        headline = _headline(spec.on_image_text)
        if headline:  # 'headline "FY2025 at a glance"': the brief's title, read back by OCR
            comps = [
                c.model_copy(
                    update={"title": headline, "data": {**c.data, "on_image_text": [headline]}}
                )
                for c in comps
            ]
            rationale.append(f"title {headline!r} from the brief, drawn and read back by OCR")
    else:
        spec = spec or read_brief_for(brief.text, template)
        words = None
        if template.words is not None:  # text-heavy: the plan carries the words
            from studio.planner.words_plan import with_words, words_for

            words, strings, text_by, notes = words_for(
                template, variables, brief_text=brief.text, generator=generator
            )
            rationale.extend(notes)
            common["variables"] = {**variables, "text_by": text_by, "required_text": strings}
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
        if words is not None:
            jobs, comps = with_words(jobs, comps, template, words, strings, text_by)
        return jobs, comps
    if formats and len(formats) >= 2:
        comps = per_format(comps, formats)
    return jobs, comps


def per_format(comps: list[Composition], formats: list[FormatAsk]) -> list[Composition]:
    """A board or an infographic in several formats: the same panels or background, each
    composed again at its format's own size (no image is generated twice)."""
    out = []
    for k, ask in enumerate(formats):
        suffix = _slug(ask.label.replace(":", "x"))
        for comp in comps:
            stem = comp.output.rsplit(".", 1)[0]
            out.append(
                comp.model_copy(
                    update={
                        "id": f"{comp.id}-f{k}",
                        "width": int(ask.width or comp.width),
                        "height": int(ask.height or comp.height),
                        "output": f"{stem}-{suffix}.png",
                    }
                )
            )
    return out


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


def _slug(text: str) -> str:

    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "output"
