"""Guidance: forecast ranges stated in sentences and in outlook tables read as lines.

    "expects revenue of $43.8 billion to $45.2 billion"     -> guidance_revenue, low/high
    "Q3 FY24 Guidance  Full Year FY24 Guidance" above
    "Revenue  $8.51 - $8.53  $34.7 - $34.8"                 -> one range per period column
    "Gross margin is expected to decline by 1% to 2%"        -> the range, negated

and, once all candidates are in, one range per (key, period): a key and period stated with
two different ranges is dropped rather than guessed.

Text is data: nothing in a sentence is ever obeyed, only matched against these patterns.
"""

from __future__ import annotations

import re

from studio.documents.candidates import Candidate
from studio.documents.metrics import MENTION, MONEY, NON_GAAP, PCT, is_prior, metric_key, negated
from studio.documents.numbers import Amount, parse_amounts
from studio.documents.sentences import PERIOD_RE, Sentence, guidance_period

GUIDANCE_WORDS = re.compile(
    r"\b(?:guidance|outlook|expects?|expected|expecting|forecast(?:s|ing)?|anticipates?|"
    r"projects?|reaffirm(?:s|ed)?)\b",
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
    ranges = _ranges(text, mention.end(), end, family, sentence.scale)
    periods = _periods(sentence.heading)
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


def _ranges(
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
        if is_prior(
            window[max(0, first.start - 60) : first.start], window[first.end : first.end + 80]
        ):
            continue
        if family == "eps" and (first.unit != "USD" or first.decimals != 2):
            continue
        second = found[index] if index < len(found) else None
        between = window[first.end : second.start] if second else ""
        if second and re.fullmatch(r"\s*(?:to|-|–|—|through)\s*\$?\s*", between):
            low, high = (
                _inherit(first, second),
                second if second.unit != "count" else _inherit(second, first),
            )
            index += 1
        else:
            low = high = first
        if family in MONEY:
            if not high.scale_from and scale:
                low, high = _scaled(low, scale), _scaled(high, scale)
            if not high.scale_from:
                continue  # "$2.46" without "billion" is not a money figure
        out.append((low, high))
    return out


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


# -- outlook tables: one column per version of the guidance --------------------------------
#
#     Prior FY23 Outlook / Updated FY23 Outlook          (Ulta: two header lines)
#     ($ in Billions, except EPS) July 2023 April 2023   (J&J: the dates of the guidance)
#     Net sales
#     $11.0 billion to $11.1 billion                      <- one cell per column, in order
#     $11.05 billion to $11.15 billion
#     Share repurchases
#     approximately $900 million
#     no change                                           <- the updated column repeats the prior
#
# A row is read only when it has exactly one cell of its kind per column; the current
# column is the updated (or latest dated) one.

_NUM = r"\(?\$?\d[\d,]*(?:\.\d+)?\)?(?:\s?(?:billion|million|thousand|[BMK]\b|%|percent))?"
_CELL = (
    rf"(?:(?:approximately|approx\.|about|~)\s*)?{_NUM}(?:\s*(?:to|-|–|—)\s*{_NUM})?"
    rf"(?:\s*/\s*{_NUM})?|no\s+change|unchanged"
)
_CELLS = re.compile(rf"(?:{_CELL})(?:\s+(?:{_CELL}))*")
_VERSION = re.compile(
    r"^(?P<tag>prior|previous|updated|current|new|revised|raised)\b.{0,30}?\b(?:outlook|guidance)$",
    re.I,
)
_MONTH = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DATED = re.compile(
    r"\b(?P<month>(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\.?\s+(?P<year>20\d{2})\b"
)
_QUALIFIERS = re.compile(
    r"\b(?:organic|operational|adjusted|constant[- ]currency|fx[- ]neutral|non-gaap|core)\b", re.I
)
_KIND_OF = {"revenue": "money", "eps": "share", "comparable_sales": "pct"}


def from_tables(page_texts: list[str]) -> list[Candidate]:
    """Guidance rows of outlook tables with a prior and a current column."""
    out: list[Candidate] = []
    for page, text in enumerate(page_texts, start=1):
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        for index in range(len(lines)):
            columns = _version_columns(lines, index)
            if columns is None:
                continue
            count, current, period, start = columns
            out.extend(_table_rows(lines[start:], page, count, current, period))
    return out


def _version_columns(lines: list[str], index: int) -> tuple[int, int, str | None, int] | None:
    """(columns, current column, period, first row line) when lines[index] opens a table."""
    above = " ".join(lines[max(0, index - 12) : index + 1])
    if not re.search(r"\b(?:outlook|guidance)\b", above, re.I):
        return None
    heading = next(
        (
            guidance_period(line)
            for line in reversed(lines[max(0, index - 12) : index + 1])
            if re.search(r"outlook|guidance", line, re.I) and guidance_period(line)
        ),
        None,
    )
    line = lines[index]
    dated = list(_DATED.finditer(line))
    if len(dated) == 2 and not _CELLS.search(line[: dated[0].start()].replace("$ in", "")):
        keys = [(int(m.group("year")), _MONTH.index(m.group("month")[:3].lower())) for m in dated]
        if keys[0] == keys[1]:
            return None
        return 2, keys.index(max(keys)), heading, index + 1
    first = _VERSION.match(line)
    second = _VERSION.match(lines[index + 1]) if index + 1 < len(lines) else None
    if not first or not second or index and _VERSION.match(lines[index - 1]):
        return None
    fresh = [not re.match(r"prior|previous", m.group("tag"), re.I) for m in (first, second)]
    if sum(fresh) != 1:
        return None
    return 2, fresh.index(True), heading or guidance_period(lines[index + 1]), index + 2


def _split(line: str) -> tuple[str, list[str]]:
    """'Change vs. Prior Year / Mid-point 6.0% – 7.0% / 6.5% 4.5% – 5.5% / 5.0%' ->
    (label, cells)."""
    if _CELLS.fullmatch(line):
        return "", [m.group(0) for m in re.finditer(_CELL, line)]
    match = re.match(rf"^(.*?[A-Za-z):])\s+((?:{_CELL})(?:\s+(?:{_CELL}))*)$", line)
    if match:
        return match.group(1), [m.group(0) for m in re.finditer(_CELL, match.group(2))]
    return line, []


def _table_rows(
    lines: list[str], page: int, count: int, current: int, period: str | None
) -> list[Candidate]:
    out: list[Candidate] = []
    rows: list[tuple[str, list[str], list[str]]] = []  # (label, cells, quoted lines)
    for line in lines:
        if len(line) > 90 or re.match(r"\d\s+[A-Z]", line):
            break  # running text or footnotes: the table has ended
        label, cells = _split(line)
        if label and not re.match(r"change\b|mid-?point", label, re.I):
            rows.append((label, [], []))
        if rows:
            rows[-1][1].extend(cells)
            rows[-1][2].append(line)
    for label, cells, quoted in rows:
        candidate = _table_row(label, cells, count, current)
        if candidate:
            candidate.page, candidate.quote, candidate.period = page, " ".join(quoted), period
            out.append(candidate)
    return out


def _table_row(label: str, cells: list[str], count: int, current: int) -> Candidate | None:
    clean = re.sub(r"(?<=[A-Za-z)])\d(?:,\d)*", "", label)
    mention = MENTION.search(clean)
    if not mention or re.search(r"declin|decreas|\bdown\b", clean, re.I):
        return None
    family = mention.lastgroup or ""
    kinds = [_kind(cell) for cell in cells]
    wanted = _KIND_OF.get(family) or ("pct" if family in PCT else "money")
    if family == "revenue" and "money" not in kinds:
        wanted = "pct"  # a growth row: 'Adjusted Operational Sales / Change vs. Prior Year'
    if "same" in kinds and any(kind not in (wanted, "same") for kind in kinds):
        return None  # 'no change' only where every cell is of one kind
    picked = [cell for cell, kind in zip(cells, kinds, strict=True) if kind in (wanted, "same")]
    if len(picked) != count:
        return None
    cell = picked[current]
    if _kind(cell) == "same":
        others = [c for c in picked if _kind(c) != "same"]
        if len(others) != 1:
            return None
        cell = others[0]  # 'no change': the current outlook is the prior one
    key, qualifier = _table_key(family, wanted, clean)
    ranges = _ranges(cell, 0, len(cell), "operating_margin" if wanted == "pct" else family, None)
    if key is None or not ranges or ranges[0] is None:
        return None
    low, high = ranges[0]
    return Candidate(key, high, 0, "", "table", low=low, high=high, qualifier=qualifier)


def _kind(cell: str) -> str:
    if re.fullmatch(r"no\s+change|unchanged", cell, re.I):
        return "same"
    amounts = parse_amounts(cell)
    if not amounts:
        return ""
    first = amounts[0]
    if first.unit == "pct":
        return "pct" if first.scale == 1.0 else ""
    if first.unit == "USD" and first.scale_from:
        return "money"
    if first.unit == "USD" and first.decimals == 2:
        return "share"
    return ""


def _table_key(family: str, kind: str, label: str) -> tuple[str | None, str | None]:
    """The key of an outlook row, and the words that qualify it ('operational', 'organic')."""
    words = [w.lower() for w in _QUALIFIERS.findall(label)]
    non_gaap = bool(NON_GAAP.search(label))
    if family == "revenue":
        key = "guidance_revenue" if kind == "money" else "guidance_revenue_growth_pct"
    elif family == "eps":
        key = "guidance_eps" + ("_non_gaap" if non_gaap else "")
    else:
        key = metric_key(family, label, guidance=True)
    if key and key.endswith("_non_gaap"):
        words = [w for w in words if not NON_GAAP.fullmatch(w)]
    return key, (" ".join(words) or None)


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
            words = [w.lower() for w in _QUALIFIERS.findall(match.group("lead"))]
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
