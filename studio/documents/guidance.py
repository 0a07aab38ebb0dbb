"""Guidance: forecast ranges stated in sentences and in outlook tables read as lines.

    "expects revenue of $43.8 billion to $45.2 billion"     -> guidance_revenue, low/high
    "Q3 FY24 Guidance  Full Year FY24 Guidance" above
    "Revenue  $8.51 - $8.53  $34.7 - $34.8"                 -> one range per period column
    "Gross margin is expected to decline by 1% to 2%"        -> the range, negated
    "expect our full-year organic revenue to increase 10 percent"
                                            -> guidance_revenue_growth_pct, "(organic)"

and, once all candidates are in, one range per (key, period): a key and period stated with
two different ranges is dropped rather than guessed. Outlook tables with a prior and an
updated column are outlook.py's.

Text is data: nothing in a sentence is ever obeyed, only matched against these patterns.
"""

from __future__ import annotations

import re

from studio.documents.candidates import Candidate
from studio.documents.metrics import MONEY, PCT, is_prior, metric_key, negated
from studio.documents.numbers import Amount, parse_amounts
from studio.documents.sentences import PERIOD_RE, Sentence, guidance_period

QUALIFIERS = re.compile(
    r"\b(?:organic|operational|adjusted|constant[- ]currency|fx[- ]neutral|non-gaap|core)\b", re.I
)
GUIDANCE_WORDS = re.compile(
    r"\b(?:guidance|guides?|guiding|outlook|expects?|expected|expecting|forecast(?:s|ed|ing)?|"
    r"budget(?:s|ed|ing)?|plans?|planning|aims?|aiming|sees|seeing|predicts?|predicting|"
    r"anticipat(?:es?|ed|ing)|projects?|projected|projecting|reaffirm(?:s|ed)?|sees|seen|"
    r"targets?|targeting|estimates?|estimated)\b",
    re.I,
)


def from_mention(
    family: str, text: str, mention: re.Match[str], end: int, qualifier: str, sentence: Sentence
) -> list[Candidate]:
    """Guidance candidates for one metric mention in a guidance sentence: the first range
    after it, or one range per period when the sentence sits under a multi-period header."""
    key = metric_key(family, qualifier, guidance=True)
    if key is None:
        return []
    ranges = read_ranges(text, mention.end(), end, family, sentence.scale)
    periods = _periods(sentence.heading)
    if len(periods) >= 2 and len(set(periods)) < len(periods):
        return []  # the same period over every column: prior and updated outlook (outlook.py)
    if len(periods) >= 2 and len(ranges) == len(periods):
        pairs = list(zip(periods, ranges, strict=True))  # a guidance table: one column per period
    else:
        period = (
            guidance_period(text[: mention.start()] + text[mention.end() : end]) or sentence.period
        )
        pairs = [(period, next((r for r in ranges if r is not None), None))]
    out = []
    for period, found in pairs:
        if found is None:
            continue
        low, high = found
        if (
            re.search(r"declin|decreas|\bdown\b", text[mention.start() : mention.end() + 20], re.I)
            and low.value > 0
        ):
            low, high = negated(high), negated(low)
        candidate = Candidate(key, high, sentence.page, sentence.text, "prose", low=low, high=high)
        candidate.period = period
        out.append(candidate)
    return out


def _periods(heading: str) -> list[str]:
    """'Q3 FY24 Guidance Full Year FY24 Guidance' -> ['Q3 FY24', 'FY24']."""
    out, rest = [], heading
    while rest:
        match = PERIOD_RE.search(rest)
        if not match:
            break
        out.append(guidance_period(match.group(0)) or match.group(0))
        rest = rest[match.end() :]
    return out


def read_ranges(
    text: str, start: int, end: int, family: str, scale: float | None
) -> list[tuple[Amount, Amount] | None]:
    """Ranges and single values after a guidance mention, left to right; None for 'N/A'."""
    window = text[start:end]
    found = [a for a in parse_amounts(window) if not (a.unit == "pct" and a.scale != 1.0)]
    out: list[tuple[Amount, Amount] | None] = []
    index = 0
    pct = family in PCT or family == "operating_margin"
    while index < len(found):
        first = found[index]
        gap_before = window[found[index - 1].end if index else 0 : first.start]
        out.extend([None] * len(re.findall(r"\bN/?A\b", gap_before, re.I)))
        index += 1
        if (first.unit == "pct") != pct or first.unit == "count" and not first.scale_from:
            continue
        lead = window[max(0, first.start - 40) : first.start]
        inside = re.search(r"\bbetween\b(?:(?!\band\b)[^.;]){0,40}$", window[: first.start], re.I)
        if _BOUND.search(lead) and not inside:
            continue  # "at least $1.0 billion", "up to $5.2 billion": a bound, not a forecast
        tail = window[first.end : first.end + 40]
        if _PLUS_MINUS.match(tail):
            continue  # "45%, plus or minus 50 basis points": a midpoint, its range not printed
        printed = window[first.start : first.end]
        if family in _LEVELS and (
            re.search(r"\bby\s+(?:\S+\s+(?:to|and|-|–)\s+)?$", lead, re.I)
            or re.search(r"points?\b|\bpts?\b|\bppts?\b|\bbps\b", printed, re.I)
            or re.match(
                r"\s*(?:to\s+\S+\s+)?(?:percentage\s+points?|pts?|ppts?|bps|basis\s+points?)\b",
                tail,
                re.I,
            )
        ):
            continue  # "margin to decline by 1 to 2 percentage points": a change, not a level
        # "range from $5.0 billion to $5.2 billion", "in the range of X and Y": both ends
        # "from $4.0 billion to $4.4 billion" is a range, unless the sentence revises an
        # earlier forecast ("raised its outlook from $4.0 billion to $4.4 billion")
        ranged = bool(_RANGE_OPEN.search(lead)) or bool(
            re.search(r"\bfrom\s*\$?\s*$", lead, re.I) and not _REVISED.search(text)
        )
        if not ranged and is_prior(
            window[max(0, first.start - 60) : first.start], window[first.end : first.end + 80]
        ):
            continue
        if family == "eps" and (first.unit != "USD" or first.decimals != 2):
            continue
        second = found[index] if index < len(found) else None
        between = window[first.end : second.start] if second else ""
        # "between $5.00 billion and $5.20 billion" is a range too; without taking the second
        # figure as its high end the low end would be reported as a point value
        opened = ranged or re.search(
            r"\bbetween\s*\$?\s*$", window[max(0, first.start - 16) : first.start]
        )
        # "between a floor of $4.0 billion and a ceiling of $4.3 billion": words at each end
        loose = re.search(r"\bbetween\b(?:(?!\band\b)[^.;]){0,40}$", window[: first.start], re.I)
        opened = opened or loose
        joined = (
            r"\s*(?:to|-|–|—|through)\s*\$?\s*"
            if not opened
            else r"\s*(?:and|to|-|–)\s*(?:(?:an?|the)\s+)?(?:[a-z]+\s+){0,3}?(?:of\s+)?\$?\s*"
        )
        if second and re.fullmatch(joined, between):
            low, high = (
                _inherit(first, second),
                second if second.unit != "count" else _inherit(second, first),
            )
            index += 1
        elif opened:
            continue  # "between X and …" whose high end cannot be read: never a point value
        else:
            low = high = first
        if family in MONEY:
            if not high.scale_from and scale:
                low, high = _scaled(low, scale), _scaled(high, scale)
            if not high.scale_from:
                continue  # "$2.46" without "billion" is not a money figure
        out.append((low, high))
    return out


_REVISED = re.compile(
    r"\b(?:rais|lower|increas|reduc|narrow|updat|revis|adjust|cut|lift|boost|tighten|trim|"
    r"upgrad|downgrad|mov|chang|previous|prior)\w*",
    re.I,
)
_PLUS_MINUS = re.compile(r"\s*,?\s*(?:plus\s+or\s+minus|\+/-|±|give\s+or\s+take)", re.I)
_LEVELS = {"gross_margin", "operating_margin", "tax_rate"}  # rates, not changes
_BOUND = re.compile(
    r"\b(?:at\s+least|up\s+to|more\s+than|less\s+than|over|under|above|below|in\s+excess\s+of|"
    r"no\s+(?:less|more)\s+than|greater\s+than|as\s+(?:much|high|low|little)\s+as|exceed(?:ing)?|"
    r"(?:a\s+)?(?:minimum|maximum|floor|ceiling|cap)\s+of)\s*\$?\s*$",
    re.I,
)
_RANGE_OPEN = re.compile(
    r"\b(?:rang(?:e|es|ing)\s+(?:from|of|between)|(?:in\s+)?(?:a|the)\s+range\s+(?:of|from)(?:\s+between)?)"
    r"\s*\$?\s*$",
    re.I,
)


def _scaled(amount: Amount, scale: float) -> Amount:
    number = float(amount.printed.replace(",", ""))
    value = (-number if amount.negative else number) * scale
    return Amount(
        value, amount.printed, "USD", amount.negative, scale, "context", amount.start, amount.end
    )


def _inherit(low: Amount, high: Amount) -> Amount:
    """'$3.4 – $3.6 billion': the low end takes the scale and unit of the high end."""
    unit = low.unit if low.unit != "count" else high.unit
    scale = low.scale if low.scale_from else high.scale
    number = float(low.printed.replace(",", ""))
    value = (-number if low.negative else number) * scale
    source = low.scale_from or high.scale_from
    return Amount(value, low.printed, unit, low.negative, scale, source, low.start, low.end)


def dedupe(candidates: list[Candidate], warnings: list[str]) -> list[Candidate]:
    """One candidate per (key, period, range); a key and period stated with two different
    ranges is dropped."""
    kept: dict[tuple[str, str | None, str | None], Candidate] = {}
    conflicted: set[tuple[str, str | None, str | None]] = set()
    for candidate in sorted(candidates, key=lambda c: c.page):
        slot = (candidate.key, candidate.period, candidate.qualifier)
        if slot in conflicted:
            continue
        other = kept.get(slot)
        if other is None:
            kept[slot] = candidate
        elif not _same_range(other, candidate):
            warnings.append(f"left out {candidate.key} ({candidate.period}): two different ranges")
            conflicted.add(slot)
            del kept[slot]
    return list(kept.values())


def _same_range(a: Candidate, b: Candidate) -> bool:
    pairs = ((a.low, b.low), (a.high, b.high))
    return all(
        x is not None and y is not None and abs(x.value - y.value) <= x.half_unit + y.half_unit
        for x, y in pairs
    )


# -- revenue growth in guidance sentences -------------------------------------------------
#
#     "we now expect our full-year organic revenue to increase 10 percent"
#     "Total revenue: $1.025 billion to $1.035 billion, up 2% to 3% and 5% to 6%
#      year-over-year on a reported and organic basis, respectively"

_LEAD = r"(?P<lead>(?:(?:total|net|our|the|full[- ]year|fiscal|organic|reported|consolidated|constant|currency|fx[- ]neutral|adjusted|\d{4})\s+){0,4})"
_PCT_RANGE = (
    r"\d+(?:\.\d+)?\s*(?:%|\s+percent)(?:\s*(?:to|-|–)\s*\d+(?:\.\d+)?\s*(?:%|\s+percent))?"
)
_TO_GROW = re.compile(
    rf"(?<![\w-]){_LEAD}(?:revenues?|sales)\s+to\s+(?:increase|grow|rise)\s+(?:by\s+)?"
    rf"(?:approximately\s+|about\s+)?(?P<a>{_PCT_RANGE})(?!\s*(?:of|in)\b)",
    re.I,
)
_RESPECTIVELY = re.compile(
    rf"(?<![\w-]){_LEAD}(?:revenues?|sales)\b(?:[^.;]|\.\d){{0,80}}?\bup\s+(?P<a>{_PCT_RANGE})\s+and\s+"
    rf"(?P<b>{_PCT_RANGE})\s+(?:year[- ]over[- ]year\s+|y/y\s+)?on\s+an?\s+(?P<x>[\w-]+)\s+and\s+"
    r"(?P<y>[\w-]+)\s+basis,?\s+respectively",
    re.I,
)
_BASES = {"reported": None, "organic": "organic", "fx-neutral": "FX-neutral"}


def growth(text: str, sentence: Sentence) -> list[Candidate]:
    """Revenue growth ranges of a guidance sentence, each with the basis it is stated on."""
    found: list[tuple[str, str | None]] = []  # (percent text, qualifier)
    match = _RESPECTIVELY.search(text)
    if match:
        bases = [match.group("x").lower(), match.group("y").lower()]
        if all(basis in _BASES for basis in bases) and len(set(bases)) == 2:
            found = [(match.group("a"), _BASES[bases[0]]), (match.group("b"), _BASES[bases[1]])]
    else:
        match = _TO_GROW.search(text)
        if match:
            words = [w.lower() for w in QUALIFIERS.findall(match.group("lead"))]
            found = [(match.group("a"), " ".join(words) or None)]
    if match and is_prior(text[max(0, match.start() - 60) : match.start()], ""):
        return []
    period = guidance_period(text) or sentence.period
    out = []
    for printed, qualifier in found:
        amounts = parse_amounts(printed)
        if not 1 <= len(amounts) <= 2 or any(a.unit != "pct" or a.scale != 1.0 for a in amounts):
            continue
        low, high = amounts[0], amounts[-1]
        out.append(
            Candidate("guidance_revenue_growth_pct", high, sentence.page, sentence.text, "prose",
                      period=period, low=low, high=high, qualifier=qualifier)
        )  # fmt: skip
    return out
