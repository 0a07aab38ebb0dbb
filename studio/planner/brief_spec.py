"""One typed reading of a brief, made once and used by the offline planner, the agent
planner's validation and the manifest: what is depicted, where, how many, in which formats,
which words go on the image, in which label languages, and the language the brief is in.

    spec = read_brief(text, root=library.root, template=template)

Every field says only what the brief says; defaults are the template's business. The spans
that each reader claimed are set aside before the subject is read (subject.py), so formats,
copy and counts never leak into the subject."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from studio.planner import claims, extract, language, lexicon
from studio.planner.copy_text import _CTA, _OFFER, find_on_image_text
from studio.planner.formats import format_entries, format_matches, format_word_spans
from studio.planner.subject import read_subject
from studio.prompts import Template

CopyRole = Literal["headline", "subline", "cta"]


class FormatAsk(BaseModel):
    label: str  # as the brief says it: "Instagram story", "16:9", "1200x627", "vertical"
    width: int | None = None  # exact, for a channel or an explicit size
    height: int | None = None
    ratio: str | None = None  # "16:9": the template's size for that ratio
    orientation: str | None = None  # "portrait" / "landscape" / "square": a word, no ratio
    channel: str | None = None  # the formats.yaml name
    safe: list[float] | None = None  # [top, right, bottom, left] margins, fractions


class CopyItem(BaseModel):
    text: str  # verbatim, in the brief's language
    role: CopyRole


class BriefSpec(BaseModel):
    language: str = "en"  # ISO 639-1 code of the language the brief is written in
    language_confidence: float = 0.0
    language_detector: str = "none"
    template: str | None = None  # the template the subject was read for
    subject: str = ""
    setting: str = ""
    details: list[str] = Field(default_factory=list)
    inner: str = ""  # what fills a silhouette (double exposure)
    outfit: str = ""  # what the person wears (templates with an outfit input)
    count: int | None = None
    variations: int | None = None
    formats: list[FormatAsk] = Field(default_factory=list)
    on_image_text: list[CopyItem] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)  # label languages, in order
    style: str = ""
    year: str | None = None
    uses_reference: bool = False  # the brief speaks of an attached image
    reasons: list[str] = Field(default_factory=list)

    def copy_texts(self) -> list[str]:
        return [c.text for c in self.on_image_text]

    def copy_of(self, role: CopyRole) -> list[str]:
        return [c.text for c in self.on_image_text if c.role == role]


_CTA_INTRO = re.compile(
    r"(?:call[- ]to[- ]action|cta|button|botón|boton|knopf|handlungsaufforderung|"
    r"llamada a la acción)\W*$",
    re.I,
)


def read_brief(text: str, *, root: Path, template: Template | None = None) -> BriefSpec:
    """The brief's own reading. `template` (when chosen) decides what its subject is: its
    keywords are not the subject, and `subject_scope: thing` splits a setting off."""
    reasons: list[str] = []
    spans: list[tuple[int, int]] = []

    # 1. words for the image, with their roles
    copy_spans = claims.copy_spans(text)
    spans += copy_spans
    words, why = find_on_image_text(text)
    reasons += [why] if why else []
    items = _roles(text, words)

    # 2. formats, in order
    matches = format_matches(text, root)
    # every format word is set aside, also those that only describe a channel ('square
    # Instagram post'), which ask for no format of their own
    spans += claims.format_spans(text, format_word_spans(text, root))
    safe = _safe_margins(root)
    formats = []
    for _, _, label, value in sorted(matches):
        if isinstance(value, tuple):
            formats.append(
                FormatAsk(
                    label=label,
                    width=value[0],
                    height=value[1],
                    channel=label if label in safe else None,
                    safe=safe.get(label),
                )
            )
        elif re.fullmatch(r"\d+:\d+", label):
            formats.append(FormatAsk(label=label, ratio=value))
        else:  # 'vertical', 'Hochformat', 'cuadrado'
            a, b = (int(x) for x in value.split(":"))
            side = "portrait" if a < b else "landscape" if a > b else "square"
            formats.append(FormatAsk(label=label, ratio=value, orientation=side))
    if formats:
        reasons.append("formats: " + ", ".join(f.label for f in formats))

    # 3. counts, variations, label languages, references
    counts = claims.count_spans(text)
    spans += [span for span, _, _ in counts]
    count, why = extract.find_count(text)
    reasons += [why] if why else []
    varied = claims.variation_span(text)
    variations = None
    if varied:
        spans.append(varied[0])
        variations = varied[1]
    langs, why = extract.find_languages(text)
    if langs:
        spans += claims.language_spans(text)
        reasons.append(why)
    refs = claims.reference_spans(text)
    spans += refs + claims.servings_spans(text)
    if template and "year" in template.inputs:  # the year is its own input, not the event's
        spans += claims.year_spans(text)
    style, _ = extract.find_style(text)
    year, _ = extract.find_year(text)

    # 4. the language of the brief, copy left out
    code, confidence, detector = language.detect(_without(text, copy_spans))

    # 5. what is depicted
    keywords = list(template.keywords) + list(template.vocabulary) if template else []
    scope = getattr(template, "subject_scope", "scene") if template else "scene"
    inner = bool(template and "inner_scene" in template.inputs)
    wears = bool(template and "outfit" in template.inputs)
    reading = read_subject(
        text, spans, keywords=keywords, scope=scope, split_inner=inner, split_outfit=wears
    )
    reasons.append(reading.why)
    return BriefSpec(
        language=code,
        language_confidence=confidence,
        language_detector=detector,
        template=template.id if template else None,
        subject=reading.subject,
        setting=reading.setting,
        details=reading.details,
        inner=reading.inner,
        outfit=reading.outfit,
        count=count,
        variations=variations,
        formats=formats,
        on_image_text=items,
        languages=langs,
        style=style,
        year=year,
        uses_reference=bool(refs)
        or any(re.search(rf"(?<!\w){w}(?!\w)", text.lower()) for w in lexicon.ATTACHED_WORDS),
        reasons=reasons,
    )


def read_brief_for(text: str, template: Template) -> BriefSpec:
    """read_brief for a loaded template, its library's root found from the template's path
    (for callers that hold a template but no Library: layouts, the agent's plan builder)."""
    return read_brief(text, root=Path(template.path).parent.parent, template=template)


def _roles(text: str, words: list[str]) -> list[CopyItem]:
    """The first piece of copy is the headline, a call to action is the CTA (the first one;
    by its wording or because the brief calls it one), the rest is the sub-line."""
    items: list[CopyItem] = []
    for w in words:
        at = text.find(w)
        introduced = at > 0 and bool(_CTA_INTRO.search(text[:at].rstrip(" \"'“„«:")))
        looks = _CTA.fullmatch(w.strip(" !¡")) is not None
        if (introduced or looks) and not any(i.role == "cta" for i in items):
            items.append(CopyItem(text=w, role="cta"))
        elif not any(i.role == "headline" for i in items) and not _OFFER.fullmatch(w):
            items.append(CopyItem(text=w, role="headline"))
        else:
            items.append(CopyItem(text=w, role="subline"))
    if items and not any(i.role == "headline" for i in items):
        first = next((i for i in items if i.role == "subline"), None)
        if first:
            first.role = "headline"
    return items


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    out, last = [], 0
    for start, end in sorted(spans):
        out.append(text[last : max(last, start)])
        last = max(last, end)
    return " ".join(out + [text[last:]])


def _safe_margins(root: Path) -> dict[str, list[float] | None]:
    return {e["name"]: e.get("safe") for e in format_entries(root)}
