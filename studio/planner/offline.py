"""The offline planner: brief -> Plan with no language model. It chooses a template
(routing.py), reads the brief once (brief_spec.py), turns that reading into the template's
variables, fact sheets and formats, and hands them to layout.py for jobs and compositions.
Every choice is written into the plan's rationale."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from studio.config import Settings
from studio.domain import Brief, BriefOptions, JobSpec, Plan
from studio.errors import DocumentError
from studio.planner import extract, language
from studio.planner.brief_spec import BriefSpec, FormatAsk, read_brief
from studio.planner.layout import (  # noqa: F401  (re-exported: offline.lay_out, offline.job_size...)
    DEFAULT_PANEL,
    VARIATION_AXES,
    job_size,
    lay_out,
    text_zone,
)
from studio.planner.routing import choose_template
from studio.planner.sizes import check_size, deliverable_size
from studio.prompts import Library, Template, coerce_variables

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

    # 3. Sizes, jobs and compositions: the step both planners share.
    variations = spec.variations
    n = max(1, min(variations or 1, extract.MAX_VARIATIONS))

    def variations_note(jobs: list[JobSpec]) -> None:
        if template.composition.layout in ("single", "creative") and n > 1 and len(formats) < 2:
            rationale.append(
                f"{variations} variations asked for in the brief"
                + (f", capped at {n}" if n != variations else "")
                + "; one job each, plus a contact sheet of all of them"
            )

    from studio.planner.assemble import assemble

    formats = resolve_formats(spec, template, brief.options, settings)
    return assemble(
        planner="offline",
        brief=brief,
        template=template,
        variables=variables,
        spec=spec,
        settings=settings,
        generator=generator,
        dialect=dialect,
        queue=queue,
        sheets=sheets,
        rationale=rationale,
        variations=n,
        aspect_hint=brief_aspect,
        explain_formats=True,
        after_layout=variations_note,
    )


def note_language(jobs: list[JobSpec], spec: BriefSpec, rationale: list[str]) -> list[JobSpec]:
    """A brief written in German keeps its own words for the subject and details (nothing is
    translated offline); prompts in the natural dialect say so, so that a model reads them as
    German rather than as names."""
    name = language.LANGUAGES.get(spec.language, "").title()
    if spec.language == "en" or not name or spec.language_confidence < 0.5:
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
    if spec.outfit and "outfit" in inputs:
        found["outfit"] = spec.outfit
        note(f"outfit {spec.outfit!r} from the brief")
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
    if template.words is not None:  # text-heavy: its words come from the brief's lists
        from studio.words.reading import read_words

        read_words(spec, text, template, found, notes)
    return found, notes


def _fact_sheets(brief: Brief, template: Template) -> list[dict[str, Any]]:
    """Facts of every attached PDF (only templates that need a document read them)."""
    if not template.needs_document:
        return []
    if not brief.documents:
        raise DocumentError(
            f"template {template.id!r} needs a document and none is attached",
            hint="attach the release with `documents` FILE.pdf",
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
