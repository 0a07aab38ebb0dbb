"""Clauses around a metric that change what its figure is: asides, qualifiers, modals.

blank_asides(text)    "Free cash flow, defined as operating cash flow less capital
                      expenditures of $5.30 billion, was $27.71 billion": the aside's
                      amount is blanked (positions kept) so it is never the figure; so is a
                      prior-period aside ("(year-ago: $2.10)") and a comma-set aside between
                      a metric and its verb that holds a number
unqualified(...)      "free cash flow after capital expenditures" is free cash flow; "free
                      cash flow after dividends" is another measure, and neither is read
ADJUSTED_AFTER        "Operating margin, excluding special items," / "EPS, an adjusted
                      measure,": a non-GAAP figure
MODAL                 "should reach", "would have grown": never a result
EFFECT_BEFORE         "impacted EPS by $(0.05)", "after deducting $0.8 billion": an effect or
                      a deduction, not the figure
"""

from __future__ import annotations

import re

from studio.documents.metrics import MENTION

EFFECT_BEFORE = re.compile(
    r"(?:\bby|\bcharges?|\bbenefits?|\bimpacts?|\bimpacted|\bheadwinds?|\bincludes?|\bincluded|"
    r"\bincluding|\bexcluding|\bgains?|\bexpenses?|\bcosts?|\bpretax|\bsavings?|\bexpand|\bimprove|"
    # an amount taken off the figure: "after deducting $0.8 billion of capital spending"
    r"\bless|\bminus|\bdeduct\w*|\bsubtract\w*|\bnet\s+of|\babsorb\w*|\bafter\s+(?:investing|spending|funding|paying))\b[^$%]{0,30}$",
    re.I,
)
ADJUSTED_AFTER = re.compile(
    r",\s+(?:[^,]{0,30}\b)?(?:adjusted|non-gaap|non-ifrs|alternative|underlying)\b[^,]{0,40},|"
    r"\s*(?:,\s*|\(\s*|[–—-]\s*)?(?:excluding|adjusted\s+for|on\s+an?\s+(?:adjusted|non-gaap|"
    r"underlying|core|pro\s+forma|comparable)\s+basis|\(?(?:non-gaap|adjusted|underlying|core)\)?(?=[\s,)]))",
    re.I,
)


MODAL = re.compile(
    r"\b(?:should|would|could|might|will|shall|ought\s+to|is\s+set\s+to|is\s+on\s+track\s+to|"
    r"is\s+likely\s+to|aims?\s+to|intends?\s+to)\b",
    re.I,
)
_PRIOR_ASIDE = re.compile(
    r"\b(?:year[- ]ago|a\s+year\s+(?:ago|earlier)|prior[- ]year|last\s+year|previous(?:ly)?|prior\s+period|"
    r"vs\.?|versus|compared|restated)\b",
    re.I,
)
_VERB_AFTER_ASIDE = re.compile(
    r",(\s+(?:[^,]|,(?=\d{3})){3,90}),\s+(?:was|were|is|are|came|totall?ed|amounted|reached|stood|rose|fell|"
    r"increased|decreased|grew|declined|improved|hit|equall?ed|ended|finished|climbed|dropped)\b",
    re.I,
)


def unqualified(mentions: list[re.Match[str]], text: str) -> list[re.Match[str]]:
    """A metric named right after another by 'after', 'less', 'net of' qualifies it rather
    than stating a figure: 'free cash flow after capital expenditures' is free cash flow;
    'free cash flow after dividends' is another measure, so neither is read."""
    out: list[re.Match[str]] = []
    skip = False
    for index, mention in enumerate(mentions):
        if skip:
            skip = False
            continue
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        if following and re.fullmatch(
            r"\s*,?\s*(?:after|less|minus|net\s+of|before|excluding|including)\s+(?:the\s+|all\s+)?",
            text[mention.end() : following.start()],
            re.I,
        ):
            skip = True  # the qualifier is no mention of its own
            if mention.lastgroup == "free_cash_flow" and following.lastgroup == "capex":
                out.append(mention)
            continue
        out.append(mention)
    return out


def _asides(text: str) -> list[tuple[int, int]]:
    """Spans of parenthetical and dashed asides ('(operating cash flow less capital
    expenditures)', '– defined as ... –', ', defined as ..., '): metrics named in them define
    the figure, they do not state one."""
    spans = [m.span() for m in re.finditer(r"\([^()]{3,}\)", text)]
    spans += [m.span() for m in re.finditer(r"\s[–—-]{1,2}\s[^–—]{3,}?\s[–—-]{1,2}\s", text)]
    spans += [
        m.span()
        for m in re.finditer(
            r",\s+(?:(?:defined|calculated|measured|computed|derived)\s+as|namely|i\.e\.|that\s+is,?|"
            r"which\s+(?:is|was|represents)|being|representing|meaning)\s[^,]{3,},",
            text,
            re.I,
        )
    ]
    return spans


def blank_asides(text: str) -> str:
    """`text` with the asides that hold no figure of the metric beside them blanked out
    (spaces, so positions stay)."""
    # an aside that names other metrics defines the figure, it does not state one; its
    # amounts belong to it: "Free cash flow, defined as operating cash flow less capital
    # expenditures of $5.30 billion, was $27.71 billion" (blanked, positions kept)
    for start, end in _asides(text):
        # ... and an aside with a prior-period figure ("(year-ago: $2.10)") is no figure of now
        if MENTION.search(text[start:end]) or _PRIOR_ASIDE.search(text[start:end]):
            text = text[:start] + " " * (end - start) + text[end:]
    # a comma-set aside between a metric and its verb holds no figure of the metric's: "Free
    # cash flow, having absorbed $0.8 billion of equipment outlays, came to $3.1 billion"
    for mention in list(MENTION.finditer(text)):
        aside = _VERB_AFTER_ASIDE.match(text, mention.end())
        if aside and re.search(r"\d", aside.group(1)):
            start, end = aside.start(1), aside.end(1)
            text = text[:start] + " " * (end - start) + text[end:]
    return text
