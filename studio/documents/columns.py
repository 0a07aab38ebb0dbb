"""Table headers: which period (or change) each column of a table holds.

"Three Months Ended   Twelve Months Ended"   -> spans (quarter, year)
"Sep 30, 2023  Sep 24, 2022  Sep 30, 2023  Sep 24, 2022"
columns: [Q 2023, Q 2022, 12M 2023, 12M 2022] -> current_index = 0

"Metrics  Q3 2023  Q4 2023  FY 2023"         -> current_index = 1 (Q4 2023)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SPAN = re.compile(
    r"(three|six|nine|twelve|3|6|9|12)\s+months|(\d{2})\s+weeks|(thirteen|twelve|twenty-six|twenty-four|fifty-two)[- ]weeks|"
    r"(quarter)|(year[- ]to[- ]date|ytd)|(fiscal\s+year|year\s+ended|full[- ]year)",
    re.I,
)
COLUMN = re.compile(
    r"(?P<change>%\s*change|\bchange\b|\bvs\.?\s+(?:Q[1-4]\s+)?(?:FY)?'?\d{2,4}|\by/y\b|% chg|\breported\b|\boperational\b|\bcurrency\b)|"
    r"(?P<ms>\b(?P<msn>3|6|9|12)M\s*(?:FY\s?)?'?(?P<msy>\d{4}|\d{2})\b)|"
    r"(?P<ttm>\b(?:TTM|LTM)\s*(?:FY\s?)?'?(?P<ttmy>\d{4}|\d{2})?\b)|"
    r"(?P<h>\b(?:H(?P<hn>[12])|(?P<hn2>[12])H)\s*(?:FY\s?)?'?(?P<hy>\d{4}|\d{2})\b)|"
    r"(?P<q>\bQ(?P<qn>[1-4])\s*(?:'|’)?\s*(?:FY\s?)?(?P<qy>\d{4}|\d{2})\b)|"
    r"(?P<q2>\b(?P<q2n>[1-4])Q(?P<q2y>\d{2})\b)|"
    r"(?P<fy>\bFY\s?'?(?P<fyy>\d{4}|\d{2})\b)|"
    r"(?P<date>\b\d{1,2}/\d{1,2}/(?P<dy>\d{4})\b)|"
    r"(?P<year>\b(?:19|20)\d{2}\b)|"
    r"(?P<spanq>\b(?:first|second|third|fourth)[- ]quarter\b)|(?P<spany>\byear[- ]to[- ]date\b)",
    re.I,
)


@dataclass
class Column:
    kind: str  # "period" or "change"
    year: int | None = None
    quarter: int | None = None
    span: str = ""  # "q" quarter, "h" half, "9m", "y" year, "ytd", "" unknown
    label: str = ""


MONTH_DAY = r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?"


def unfoot(line: str) -> str:
    """'Operational1,2' -> 'Operational': footnote markers glued to header words."""
    return re.sub(r"(?:(?<=[a-z]{2})|(?<=[A-Z]{3})|(?<=\*))\d(?:,\d)*\b", "", line)


_FILLER = re.compile(
    r"^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|ended|months|weeks|and|adjusted|unaudited|as|of|"
    r"fiscal|year|quarter|actual|q[1-4]|\d{1,2},?|[\d,*]+|[-–—/%]+|three|six|nine|twelve|thirteen|"
    r"weeks|ytd|year-to-date|to|date|full|restated|pro|forma|as)[.,]?$",
    re.I,
)


def is_header(line: str) -> bool:
    """Only years, dates, quarter names and column words after the label: no money, no
    decimals, no running text."""
    stripped = re.sub(r"\([^)]*\)", " ", unfoot(line))
    if re.search(r"\$\s?\d|\d\.\d|\d,\d{3}", stripped):
        return False
    first = COLUMN.search(stripped)
    if not first:
        return False
    rest = COLUMN.sub(" ", stripped[first.start() :])
    if not all(_FILLER.match(word) for word in rest.split()):
        return False
    # one column alone is a header only as a line of its own (Apple: "2023" under "September 30,")
    label = stripped[: first.start()].strip()
    return len(COLUMN.findall(stripped)) >= 2 or not label or bool(re.fullmatch(MONTH_DAY, label))


def parse_columns(line: str) -> list[Column]:
    out: list[Column] = []
    for match in COLUMN.finditer(unfoot(line)):
        if match.group("change"):
            out.append(Column("change", label=match.group(0)))
        elif match.group("ms"):  # "9M FY2024": nine months to date
            span = {"3": "q", "6": "h", "9": "9m", "12": "y"}[match.group("msn")]
            out.append(Column("period", _year(match.group("msy")), None, span, match.group(0)))
        elif match.group("ttm"):  # trailing twelve months: never the quarter's own column
            year = _year(match.group("ttmy")) if match.group("ttmy") else None
            out.append(Column("period", year, None, "ttm", match.group(0)))
        elif match.group("h"):
            out.append(Column("period", _year(match.group("hy")), None, "h", match.group(0)))
        elif match.group("q") or match.group("q2"):
            number = int(match.group("qn") or match.group("q2n"))
            year = _year(match.group("qy") or match.group("q2y"))
            out.append(Column("period", year, number, "q", match.group(0)))
        elif match.group("fy"):
            out.append(Column("period", _year(match.group("fyy")), None, "y", match.group(0)))
        elif match.group("date") or match.group("year"):
            year = int(match.group("dy") or match.group("year"))
            out.append(Column("period", year, None, "", match.group(0)))
        elif match.group("spanq"):
            out.append(Column("period", None, None, "q", match.group(0)))
        elif match.group("spany"):
            out.append(Column("period", None, None, "ytd", match.group(0)))
    return out


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def assign_spans(columns: list[Column], spans: list[str]) -> list[Column]:
    """Spread 'Three Months Ended ... Twelve Months Ended' over the period columns."""
    periods = [c for c in columns if c.kind == "period" and not c.span]
    if not spans or not periods or len(periods) % len(spans):
        return columns
    per = len(periods) // len(spans)
    for number, column in enumerate(periods):
        text = spans[number // per].lower()
        column.span = _span_code(text)
        column.label = f"{spans[number // per]} {column.label}".strip()
    return columns


def _span_code(text: str) -> str:
    if re.search(r"three|\b3\b|1[23]\s+weeks|thirteen|twelve[- ]weeks|quarter", text):
        return "q"
    if re.search(r"six|\b6\b|2[46]\s+weeks|twenty-(?:six|four)", text):
        return "h"
    if re.search(r"nine|\b9\b|3[69]\s+weeks", text):
        return "9m"
    if re.search(r"twelve|\b12\b|5[23]\s+weeks|fifty|year", text):
        return "y"
    return "ytd" if "date" in text or "ytd" in text else ""


def current_index(columns: list[Column], *, quarterly: bool) -> int | None:
    """Index of this period's column: latest year, quarter spans before longer ones."""
    periods = [(i, c) for i, c in enumerate(columns) if c.kind == "period"]
    if not periods:
        return None
    if quarterly:
        quarters = [(i, c) for i, c in periods if c.span in ("q", "")]
        if not quarters:
            return None
        periods = quarters
    if all(c.year is None for _, c in periods):
        return periods[0][0] if periods[0][1].span == "q" else None
    best = max(periods, key=lambda item: (item[1].year or 0, item[1].quarter or 0, -item[0]))
    if best[1].span == "" and any(c.span == "y" for _, c in periods):
        return None  # a bare year next to fiscal-year columns: which one is it?
    return best[0]
