"""The offline planner's words step: the inputs that carry a text-heavy template's words
(extract.py) replace the generic reading of the same inputs in `found`, their notes replace
its notes, and the details lose what the words already say (a title, a list item)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from studio.words.extract import extract_words

if TYPE_CHECKING:
    from studio.planner.brief_spec import BriefSpec
    from studio.prompts import Template


def read_words(
    spec: BriefSpec, text: str, template: Template, found: dict[str, Any], notes: list[str]
) -> None:
    """The words-carrying inputs (studio/words/extract.py) replace the generic reading of
    the same inputs, and their notes replace its notes."""
    assert template.words is not None
    words, why = extract_words(
        template.words.kind,
        text,
        subject=spec.subject,
        language=spec.language,
        drop=list(template.keywords) + list(template.vocabulary),
    )
    words = {k: v for k, v in words.items() if k in template.inputs}
    for name, spec_ in template.inputs.items():
        if spec_.type == "list" and name in found and name not in words and name != "languages":
            words[name] = []  # a generic list reading that the words reader did not confirm
    for name, value in words.items():
        if isinstance(value, list) and template.inputs[name].max_items:
            most = template.inputs[name].max_items
            if len(value) > most:
                why.append(f"{name}: {len(value)} given, the first {most} kept")
                value = value[:most]
        found[name] = value
    notes[:] = [n for n in notes if not any(n.startswith((f"{k}:", f"{k} ")) for k in words)] + why
    if "details" in found:  # the words read as details ('how DNS resolution works', '3 eggs')
        said = {
            w
            for v in words.values()
            for s in (v if isinstance(v, list) else [v])
            for w in re.findall(r"\w+", str(s).lower())
        }
        kept = [
            d
            for d in found["details"].split("; ")
            if (tokens := re.findall(r"\w+", d.lower()))
            and sum(t in said for t in tokens) * 5 < len(tokens) * 3
        ]
        if kept:
            found["details"] = "; ".join(kept)
            notes[:] = [
                f"details from the brief: {found['details']!r}"
                if n.startswith("details from the brief")
                else n
                for n in notes
            ]
        else:
            found.pop("details")
            notes[:] = [n for n in notes if not n.startswith("details from the brief")]
    if "objects" in words and words["objects"] and "count" in template.inputs:
        found.setdefault("count", len(words["objects"]))
