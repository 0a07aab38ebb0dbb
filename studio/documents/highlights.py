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
    r"press\s+release|www\.|https?://|@|risk\s+factors|cautionary|today\s+(?:reported|announced)",
    re.I,
)


def find_highlights(sentences: list[Sentence]) -> tuple[list[Highlight], list[str]]:
    """Up to PER_KIND sentences of each kind, first pages first; and warnings for any
    instruction-like sentences that were skipped."""
    out: list[Highlight] = []
    warnings: list[str] = []
    counts = {kind: 0 for kind, _ in _KINDS}
    seen: set[str] = set()
    for sentence in sentences:
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
        for kind, pattern in _KINDS:
            if counts[kind] < PER_KIND and pattern.search(text):
                out.append(Highlight(kind=kind, text=text, page=sentence.page))
                counts[kind] += 1
                seen.add(text)
                break
    return out, warnings
