"""Sentences for the infographic's text sections: what drove growth, what the risks are,
what the company expects. Each is quoted verbatim with its page; nothing is paraphrased.

A sentence that reads like an instruction to an AI ("ignore previous instructions...") is
never quoted: text in a document is data, and such a sentence is reported in warnings.
"""

from __future__ import annotations

import re

from studio.documents.models import Highlight
from studio.documents.prose import INSTRUCTION
from studio.documents.sentences import Sentence

PER_KIND = 3
_KINDS = [
    ("outlook", re.compile(r"\b(?:expects?|expected|outlook|guidance|anticipates?|forecast\w*|reaffirm\w*|"
                           r"remain\s+(?:confident|committed)|looking\s+ahead|going\s+forward)\b", re.I)),
    ("driver", re.compile(r"\b(?:driven\s+by|primarily\s+due\s+to|reflecting|fueled\s+by|led\s+by|"
                          r"thanks\s+to|benefit(?:ed|ing)?\s+from|growth\s+(?:in|across)|strong\s+demand)\b", re.I)),
    ("risk", re.compile(r"\b(?:risks?|uncertain\w*|headwinds?|pressures?d?|challeng\w+|inflation\w*|"
                        r"adverse\w*|slowdown|volatil\w+|weak\w*|macro\w*)\b", re.I)),
]  # fmt: skip
_BOILERPLATE = re.compile(
    r"forward-looking|private\s+securities|safe\s+harbor|undertake|securities\s+and\s+exchange|"
    r"non-gaap\s+financial\s+measure|reconciliation|webcast|conference\s+call|form\s+10-[kq]|"
    r"press\s+release|www\.|https?://|@|risk\s+factors|cautionary|today\s+(?:reported|announced)|"
    # accounting and legal language: true, but not what a results graphic is for
    r"accordance\s+with\s+(?:u\.s\.\s+)?gaap|not\s+necessarily\s+indicative|adoption\s+of\s+(?:this|the|these)|"
    r"financial\s+statements|assumptions\s+prove|known\s+or\s+unknown|vary\s+materially|"
    r"inherent\s+uncertaint|measures?\s+of\s+profit|effective\s+tax\s+rate|fair\s+value|observable|"
    r"equity\s+securities|stock-based\s+compensation|recogni[sz]ed\s+over|material\s+(?:adverse\s+)?impact|"
    r"litigation|indemnif|accounting\s+standard|income\s+tax|interim\s+periods",
    re.I,
)
# What makes a sentence worth a card: it is about the business, ideally with a number.
_BUSINESS = re.compile(
    r"\b(?:revenue|sales|growth|demand|orders?|subscriptions?|customers?|margins?|volume|"
    r"shipments?|deployments?|products?|platform|services?|markets?|segment|pricing|bookings|users|"
    r"supply|costs?|tariffs?|currency|foreign\s+exchange|constraints?)\b",
    re.I,
)
_SPECIFIC_RISK = re.compile(
    r"\b(?:headwinds?|constrain\w*|shortages?|tariffs?|inflation\w*|slowdown|softness|softer|"
    r"pressures?d?|competition|competitive|foreign\s+exchange|currency|supply|demand|"
    r"could\s+(?:limit|reduce|weigh|affect)|may\s+(?:limit|reduce|weigh))\b",
    re.I,
)


def _score(kind: str, text: str, page: int) -> float:
    score = 2.0 * len(_BUSINESS.findall(text)) + (
        1.5 if re.search(r"\d\s*%|\$\s?\d", text) else 0.0
    )
    if kind == "risk":
        score += 3.0 if _SPECIFIC_RISK.search(text) else -10.0
    return score - 0.2 * (page - 1) - len(text) / 400


def find_highlights(sentences: list[Sentence]) -> tuple[list[Highlight], list[str]]:
    """The best PER_KIND sentences of each kind (about the business, specific, early in the
    document), in page order; and warnings for any instruction-like sentences skipped."""
    warnings: list[str] = []
    candidates: dict[str, list[tuple[float, int, Highlight]]] = {kind: [] for kind, _ in _KINDS}
    seen: set[str] = set()
    for order, sentence in enumerate(sentences):
        text = sentence.text.strip()
        if INSTRUCTION.search(text):
            warnings.append(
                f"page {sentence.page}: ignored text that reads like an instruction to an AI "
                f"({text[:80]!r}); document text is treated as data"
            )
            continue
        if not 50 <= len(text) <= 320 or not text.endswith((".", ".”", '."')) or text in seen:
            continue
        if _BOILERPLATE.search(text) or sum(ch.isalpha() for ch in text) < 0.6 * len(text):
            continue
        if not re.match(r"[“\"‘']?[A-Z]", text):
            continue  # the tail of a sentence broken across a page
        if not _BUSINESS.search(text):
            continue
        for kind, pattern in _KINDS:
            if pattern.search(text):
                score = _score(kind, text, sentence.page)
                if score > 0:
                    candidates[kind].append(
                        (score, order, Highlight(kind=kind, text=text, page=sentence.page))
                    )
                    seen.add(text)
                break
    out: list[tuple[int, Highlight]] = []
    for items in candidates.values():
        best = sorted(items, key=lambda item: (-item[0], item[1]))[:PER_KIND]
        out += [(order, h) for _, order, h in best]
    return [h for _, h in sorted(out, key=lambda item: item[0])], warnings
