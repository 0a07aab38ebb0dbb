"""The words of a text-heavy template in the plan (studio/words/): built from the template's
variables, carried by each composition (data["words"], the strings OCR reads back in
data["on_image_text"]), and, when the chosen generator letters text well and the template
allows it, handed to the generator too (text_by "model": the prompt spells every string and
the job's params["spell"] lists them for the OCR check after generation)."""

from __future__ import annotations

from typing import Any

from studio.domain import Composition, JobSpec
from studio.generators import text_quality
from studio.prompts import Template


def words_for(
    template: Template, variables: dict[str, Any], *, brief_text: str, generator: str
) -> tuple[dict[str, Any] | None, list[str], str, list[str]]:
    """(words as JSON or None, required strings, text_by, rationale notes)."""
    from studio.words import required_strings
    from studio.words.build import build_words

    assert template.words is not None
    words, notes = build_words(template.words.kind, variables, brief_text=brief_text)
    if words is None:
        return None, [], "composer", notes
    strings = required_strings(words)
    painted = template.words.model_may_paint and text_quality(generator) == "good"
    text_by = "model" if painted else "composer"
    if painted:
        notes.append(
            f"{generator} letters text well: it paints the {len(strings)} strings, OCR reads "
            "each back (one regeneration on a miss, then the composer draws them)"
        )
    else:
        notes.append(f"the composer draws the {len(strings)} strings; OCR reads each back")
    return words.model_dump(mode="json"), strings, text_by, notes


def with_words(
    jobs: list[JobSpec],
    comps: list[Composition],
    template: Template,
    words: dict[str, Any],
    strings: list[str],
    text_by: str,
) -> tuple[list[JobSpec], list[Composition]]:
    """The single-image plan's jobs and compositions, made text-heavy: each deliverable is
    drawn by the template's words layout; jobs carry the strings when a model paints them."""
    extra = {"spell": strings} if text_by == "model" else {"composer_text": True}
    jobs = [j.model_copy(update={"params": {**j.params, **extra}}) for j in jobs]
    out = []
    for comp in comps:
        if comp.layout == "contact_sheet":
            out.append(comp)
            continue
        data = {
            **{k: v for k, v in comp.data.items() if k != "on_image_text"},
            "words": words,
            "on_image_text": strings,
            "text_by": text_by,
        }
        out.append(comp.model_copy(update={"layout": template.composition.layout, "data": data}))
    return jobs, out
