"""Outlook tables: guidance with one column per version of it.

    Prior FY23 Outlook / Updated FY23 Outlook          (Ulta: two header lines, or one)
    ($ in Billions, except EPS) July 2023 April 2023   (J&J: the dates of the guidance)
    Net sales
    $11.0 billion to $11.1 billion                      <- one cell per column, in order
    $11.05 billion to $11.15 billion
    Share repurchases
    approximately $900 million
    no change                                           <- the updated column repeats the prior

A row is read only when it has exactly one cell of its kind per column; the current
column is the updated (or latest dated) one.
"""

from __future__ import annotations

import re

from studio.documents.candidates import Candidate
from studio.documents.guidance import QUALIFIERS, read_ranges
from studio.documents.metrics import MENTION, NON_GAAP, PCT, metric_key
from studio.documents.numbers import parse_amounts
from studio.documents.sentences import guidance_period

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
    if (
        len(dated) == 2
        and not line[dated[1].end() :].strip()
        and not re.search(r"\d", line[: dated[0].start()])
    ):
        keys = [(int(m.group("year")), _MONTH.index(m.group("month")[:3].lower())) for m in dated]
        if keys[0] == keys[1]:
            return None
        return 2, keys.index(max(keys)), heading, index + 1
    first = _VERSION.match(line)
    second = _VERSION.match(lines[index + 1]) if index + 1 < len(lines) else None
    start = index + 2
    # both headers on one line, as a reader laid out by position gives them
    for tag in re.finditer(
        r"\s(?=(?:prior|previous|updated|current|new|revised|raised)\b)", line, re.I
    ):
        left, right = _VERSION.match(line[: tag.start()]), _VERSION.match(line[tag.end() :])
        if left and right:
            first, second, start = left, right, index + 1
            break
    if not first or not second or index and _VERSION.match(lines[index - 1]):
        return None
    fresh = [not re.match(r"prior|previous", m.group("tag"), re.I) for m in (first, second)]
    if sum(fresh) != 1:
        return None
    return 2, fresh.index(True), heading or guidance_period(second.string), start


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
        if len(line) > 90 and not _split(line)[1] or re.match(r"\d\s+[A-Z]", line):
            break  # running text or footnotes: the table has ended (a long row has cells)
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
    ranges = read_ranges(
        cell, 0, len(cell), "operating_margin" if wanted == "pct" else family, None
    )
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
    words = [w.lower() for w in QUALIFIERS.findall(label)]
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
