"""Choosing a template for a brief without a language model: keyword phrases, the words of
the template's description and example briefs, and whether a document is attached. The
score is explainable — its parts go into the plan's rationale."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from studio.prompts import Template

FALLBACK_TEMPLATE = "generic-image"
MIN_SCORE = 1.0

_STOP = set(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "from",
        "with",
        "and",
        "or",
        "by",
        "this",
        "that",
        "these",
        "those",
        "is",
        "are",
        "be",
        "it",
        "its",
        "as",
        "into",
        "about",
        "our",
        "my",
        "your",
        "me",
        "us",
        "we",
        "i",
        "you",
        "make",
        "create",
        "show",
        "draw",
        "give",
        "want",
        "need",
        "please",
        "image",
        "picture",
        "using",
        "use",
        "like",
        "one",
        "some",
    ]
)
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1]


def _stem(word: str) -> str:
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


@dataclass
class Route:
    template_id: str
    score: float
    reasons: list[str]


def score_templates(
    text: str, templates: list[Template], *, has_document: bool = False
) -> list[Route]:
    """Every template with its score, best first."""
    brief = text.lower()
    brief_stems = {_stem(w) for w in words(text)}
    # Document frequency of each stem across templates: a word that many templates use
    # (e.g. "photo") says little about which one the user means.
    vocab = {
        t.id: {_stem(w) for w in words(" ".join([t.title, t.description, *t.examples]))}
        for t in templates
    }
    df = Counter(s for stems in vocab.values() for s in stems)
    n = max(1, len(templates))

    routes = []
    for t in templates:
        reasons: list[str] = []
        score = 0.0
        for kw in t.keywords:
            k = kw.lower().strip()
            if k and re.search(rf"(?<![a-z0-9]){re.escape(k)}s?(?![a-z0-9])", brief):
                gain = 2.0 + 0.5 * (len(k.split()) - 1)
                score += gain
                reasons.append(f"keyword {kw!r} (+{gain:g})")
        overlap = brief_stems & vocab[t.id]
        if overlap:
            gain = sum(math.log(1 + n / df[s]) for s in overlap) * 0.35
            score += gain
            reasons.append(
                f"words shared with its description/examples: {', '.join(sorted(overlap)[:6])} (+{gain:.1f})"
            )
        if t.needs_document:
            if has_document:
                score += 1.5
                reasons.append("a document is attached (+1.5)")
            else:
                score -= 3.0
                reasons.append("needs a document and none is attached (-3)")
        routes.append(Route(t.id, round(score, 3), reasons))
    routes.sort(key=lambda r: (-r.score, r.template_id))
    return routes


def choose_template(text: str, templates: list[Template], *, has_document: bool = False) -> Route:
    routes = [
        r
        for r in score_templates(text, templates, has_document=has_document)
        if r.template_id != FALLBACK_TEMPLATE
    ]
    best = routes[0] if routes else None
    if best is None or best.score < MIN_SCORE:
        why = (
            f"best match {best.template_id!r} scored only {best.score:g}"
            if best
            else "no templates"
        )
        return Route(
            FALLBACK_TEMPLATE,
            0.0,
            [f"no template matched well ({why}); using the generic template"],
        )
    return best
