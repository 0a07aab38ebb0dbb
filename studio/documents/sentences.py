"""A document's text as sentences, each with the heading context it sits under.

    "For the First Six Months of Fiscal 2023"   -> context "other": not the quarter
    "Full-Year 2023 Guidance*"                  -> context "guidance", period "FY2023"
    "Second Quarter Financial Highlights"        -> context "quarter"

Headings, bullets and short lines stand alone; running text is split at sentence ends,
not at the full stops of "U.S." or "Inc.".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = {
    "u.s", "inc", "co", "corp", "ltd", "vs", "no", "approx", "e.g", "i.e", "mr", "ms", "dr",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "st",
    "p.m", "a.m", "n.j", "n.y", "calif", "wash", "ill", "mass", "fla", "u.k", "s.a", "n.v",
}  # fmt: skip
_BULLET = re.compile(r"^\s*(?:[•▪●◦■□➢►\-–]|o\s)\s*")
OTHER_PERIOD = re.compile(
    r"\b(?:first|1st)\s+(?:six|nine)\s+months|\bfirst\s+half|\byear[- ]to[- ]date|\bytd\b|"
    r"\bfull[- ]year|\bfiscal\s+year\b|\bfor\s+the\s+year\b|\btwelve\s+months|\b(?:first\s+)?\d{2}\s+weeks\b|"
    r"\b(?:six|nine)\s+months|\btrailing\b|\bannual\b|\b(?:last|latest|past|previous|prior)\s+(?:four|4)\s+quarters|"
    r"\b(?:last|latest|past|rolling)\s+(?:twelve|12)\s+months|\b(?:ttm|ltm)\b|\brolling\s+(?:twelve|12|four|4)\b",
    re.I,
)


@dataclass
class Sentence:
    text: str
    page: int  # 1-based
    context: str  # "quarter", "other" (year-to-date, full year), "guidance" or ""
    heading: str = ""  # the heading it sits under
    scale: float | None = None  # "In billions, except per share data" above a guidance table
    period: str | None = None  # the guidance period of its section ("Q3 2023")


def sentences(page_texts: list[str]) -> list[Sentence]:
    """Sentences of the whole document in order, with the heading context of each."""
    out: list[Sentence] = []
    for page, text in enumerate(page_texts, start=1):
        lines = [line.strip() for line in text.split("\n")]
        typicals = typical_widths(lines)
        # the running context (heading, scale, period); a year-to-date section may run on
        # to the next page, a guidance section may not
        carried = out[-1].context if out and out[-1].context == "other" else ""
        section = Sentence("", page, carried)
        buffer: list[str] = []
        for number, line in enumerate(lines + [""]):
            if not line or _BULLET.match(line):
                _flush(buffer, section, out)
            if not line:
                continue
            short = len(line) < max(0.7 * typicals[number], 40) and not re.search(r"[.;,]$", line)
            short = short or _title_case(line)  # a heading, however long, stands alone
            if short and not buffer and len(line) < 90:
                kind = _heading_kind(line)
                if kind is not None:
                    keep = section.period if kind == section.context == "guidance" else None
                    section = Sentence("", page, kind, line, None, guidance_period(line) or keep)
            section.scale = _scale_phrase(line) or section.scale
            buffer.append(line)
            following = lines[number + 1] if number + 1 < len(lines) else ""
            # a sentence that wraps mid-way ('... on a' / 'reported and organic basis',
            # '... net sales of $3.96 billion' / 'to $4.20 billion'): a short line that does
            # not end a sentence, followed by a line that cannot start one, goes on
            nxt = following.strip()
            wraps = not _title_case(line) and (
                re.match(r"[a-z]", nxt)
                and (line[-1:].isalnum() or line[-1:] in ",%)")
                or re.match(r"[$€£(\d]", nxt)
                and _OPEN_END.search(line)
            )
            if (
                re.search(r"[.!?][\"”’)]?[*¹²³]*$", line)
                or short
                and not wraps
                or _BULLET.match(following)
            ):
                _flush(buffer, section, out)
    return out


# words a sentence cannot end on: a line ending on one goes on at the next line
_OPEN_END = re.compile(
    r"\b(?:of|to|at|was|were|is|are|be|been|between|and|or|approximately|about|around|from|by|"
    r"reached|totaled|totalled|amounted|expects?|anticipates?|the|a|an|than|with|for|in)$",
    re.I,
)


def typical_widths(lines: list[str], reach: int = 12) -> list[int]:
    """For each line, the width of a full line around it (80th percentile of the lines of
    over 30 characters within `reach` lines): a column of a two-column page is judged by
    its own lines, not by the full-width lines elsewhere on the page."""
    lengths = [len(line.strip()) for line in lines]
    out = []
    for index in range(len(lines)):
        near = sorted(n for n in lengths[max(0, index - reach) : index + reach + 1] if n > 30)
        out.append(near[int(len(near) * 0.8)] if near else 80)
    return out


def _flush(buffer: list[str], section: Sentence, out: list[Sentence]) -> None:
    for text in _split(" ".join(buffer)):
        if section.context == "guidance":
            section.period = guidance_period(text) or section.period
        out.append(
            Sentence(
                text, section.page, section.context, section.heading, section.scale, section.period
            )
        )
    buffer.clear()


def _title_case(line: str) -> bool:
    words = re.findall(r"[A-Za-z][\w'’&-]*", line)
    small = {"and", "of", "for", "the", "to", "in", "on", "a", "an", "with", "vs"}
    big = [w for w in words if w.lower() not in small]
    return len(big) >= 3 and not re.search(r"[.,;:]$", line) and all(w[0].isupper() for w in big)


def _scale_phrase(line: str) -> float | None:
    match = re.search(r"\bin\s+(billions|millions)\b", line, re.I)
    return {"billions": 1e9, "millions": 1e6}[match.group(1).lower()] if match else None


def _heading_kind(line: str) -> str | None:
    """What a heading line says about the sentences under it; None: not a heading."""
    if re.search(
        r"\b(?:guidance|outlook|prospects|forecasts?|looking\s+ahead)\b", line, re.I
    ) and not re.match(
        r"(?:company\s+)?(?:raises|reaffirms|initiates|updates|increases|provides|expects|lowers)\b",
        line,
        re.I,
    ):
        return "guidance"  # "Business Outlook", "Full-Year 2023 Guidance*", not "Raises Outlook"
    if re.match(
        r"(?:for\s+the\s+)?(?:first\s+)?(?:six|nine|twelve)\s+months|(?:for\s+the\s+)?(?:first\s+half|"
        r"year[- ]to[- ]date|full[- ]year|fiscal\s+year|annual)",
        line,
        re.I,
    ) or re.match(r"(?:fiscal\s+|fy\s?)?(?:19|20)\d\d\b(?!.*quarter)", line, re.I):
        return "other"  # "For the First Six Months", "Fiscal 2022 Diluted EPS Reconciliation"
    if re.search(
        r"(?:six|nine|twelve)\s+months\s+ended|\byear\s+ended|\b(?:2[46]|3[69]|5[23])\s+weeks\s+ended",
        line,
        re.I,
    ):
        return "other"
    if re.search(r"quarter|\bq[1-4]\b|results|highlights", line, re.I):
        return "quarter"
    words = re.findall(r"[A-Za-z][\w'’&-]*", line)
    if (
        len(words) >= 2
        and not re.search(r"\d", line)
        and sum(w[0].isupper() for w in words) >= 0.6 * len(words)
    ):
        return ""  # another heading ("Dividend Declaration"): the guidance section is over
    return None


def _split(paragraph: str) -> list[str]:
    pieces, start = [], 0
    for match in re.finditer(r"[.!?][\"”’)]?\s+(?=[A-Z“\"(•$\d])", paragraph):
        word = re.search(r"([A-Za-z.]+)[.!?][\"”’)]?\s+$", paragraph[: match.end()])
        if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
            continue
        pieces.append(paragraph[start : match.end()].strip())
        start = match.end()
    pieces.append(paragraph[start:].strip())
    return [piece for piece in pieces if piece]


PERIOD_RE = re.compile(
    r"\bQ[1-4]\s*(?:'|’)?\s*(?:FY\s?)?(?:\d{4}|\d{2})\b|"
    r"\b(?:first|second|third|fourth)[- ]quarter(?:\s+of)?\s+(?:fiscal\s+(?:year\s+)?)?(?:FY\s?'?)?(?:\d{4}|\d{2})\b|"
    r"\b(?:full[- ]year|fiscal(?:\s+year)?)\s+(?:FY\s?'?)?(?:\d{4}|\d{2})\b|\bFY\s?'?(?:\d{4}|\d{2})\b",
    re.I,
)


def guidance_period(text: str) -> str | None:
    """'Q3 2023', 'Q3 FY24', 'FY24', 'FY2023' from a guidance sentence or heading."""
    match = PERIOD_RE.search(text)
    if not match:
        return None
    found = match.group(0)
    fiscal = bool(re.search(r"FY|fiscal", found, re.I))
    year = re.findall(r"(\d{4}|\d{2})\b", found)[-1]
    quarter = re.search(r"Q([1-4])", found) or re.search(
        r"(first|second|third|fourth)[- ]quarter", found, re.I
    )
    if quarter:
        number = quarter.group(1)
        number = {"first": "1", "second": "2", "third": "3", "fourth": "4"}.get(
            number.lower(), number
        )
        if fiscal:
            return f"Q{number} FY{year}"
        return f"Q{number} {year if len(year) == 4 else '20' + year}"
    return f"FY{year}"
