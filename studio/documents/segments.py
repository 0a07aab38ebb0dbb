"""Segments: the parts of the business whose revenue adds up to the total.

    find(blocks, chosen, texts, company) -> segment candidates
      1. a segment table: rows of a block under a segment heading whose current-period
         values add up to revenue (or operating income), as tables.py read them
      2. else sentences: "Midstream revenue was $6.68 billion", "Japan: revenue of £553
         million", "Revenue in Upstream totaled $2,380 million", "The Vaccines segment
         contributed £253.0 million of revenue" — a named part and its revenue, kept only
         when the parts named on one page add up to the consolidated revenue

Adding up is the test that keeps this honest: products, regions, customers and a company's
own name also sit before the word "revenue", but a set of readings that does not sum to the
total within the rounding of what was printed is not a set of segments, and is dropped.
"""

from __future__ import annotations

import re
from collections import defaultdict

from studio.documents import tables
from studio.documents.candidates import Candidate
from studio.documents.metrics import is_prior
from studio.documents.numbers import Amount, parse_amounts
from studio.documents.prose import SEGMENT_HEADING
from studio.documents.sentences import sentences


def find(
    blocks: list[list[tables.Row]],
    chosen: dict[str, Candidate],
    texts: list[str],
    company: str | None = None,
) -> list[Candidate]:
    """Segment revenue (and operating income) candidates, each set adding up to its total."""
    found = _from_tables(blocks, chosen, texts)
    if not any(c.key == "segment_revenue" for c in found):
        found += _from_prose(texts, chosen.get("revenue"), company)
    return found


def _from_tables(
    blocks: list[list[tables.Row]], chosen: dict[str, Candidate], texts: list[str]
) -> list[Candidate]:
    """Rows of segment tables whose current-period values add up to revenue (or operating
    income); anything that does not add up is not a segment table."""
    out: list[Candidate] = []
    seen: set[str] = set()
    for block in blocks:
        rows = _collapse(block)
        head = block[0].label if not block[0].cells else ""
        page_top = " ".join(texts[block[0].page - 1].split("\n")[:6])
        members = [
            r
            for r in rows
            if r.cells and r.value is not None and r.label and not _is_total(r.label)
        ]
        # a total without the word ("Enterprise") is the sum of the rows below or above it
        if len(members) > 2 and _sums(members[1:], members[0]):
            members = members[1:]
        elif len(members) > 2 and _sums(members[:-1], members[-1]):
            members = members[:-1]
        if len(members) < 2:
            continue
        segmentish = bool(
            SEGMENT_HEADING.search(head)
            or any(re.search(r"\bsegment$", r.label, re.I) for r in members)
            or re.search(r"segment|supplemental", page_top, re.I)
        )
        if not segmentish or _NOT_SEGMENTS.search(head + " " + _lines_above(texts, members[0], 4)):
            continue  # products, regions and customer locations also add up to the total
        total = sum(r.value.value for r in members)
        tolerance = sum(r.value.half_unit for r in members)
        if "revenue" not in chosen and "segment_revenue" not in seen:
            # no consolidated revenue was read elsewhere: a revenue table's own total row,
            # when the parts add up to it, is the consolidated revenue (and its proof)
            totals = [r for r in rows if r.cells and r.value is not None and r not in members]
            revenue_table = re.search(r"revenue|sales|turnover", head, re.I) and not re.search(
                r"income|profit|margin|earnings|ebit", head, re.I
            )
            for row in totals if revenue_table else []:
                if abs(total - row.value.value) <= tolerance + row.value.half_unit:
                    out.append(Candidate("revenue", row.value, row.page, row.line, "table", rank=2))
                    chosen = {**chosen, "revenue": out[-1]}
                    break
        for key, target_key in (
            ("segment_revenue", "revenue"),
            ("segment_operating_income", "operating_income"),
        ):
            target = chosen.get(target_key)
            if target is None or key in seen:
                continue
            if abs(total - target.amount.value) <= tolerance + target.amount.half_unit:
                seen.add(key)
                for row in members:
                    name = re.sub(r"\s+segment$|\(\d\)|\*+|:$", "", row.label, flags=re.I).strip()
                    out.append(Candidate(key, row.value, row.page, row.line, "table", segment=name))
                break
    return out


_NOT_SEGMENTS = re.compile(
    r"categor|product|region|geograph|countr|customer|headquarters|location", re.I
)


def _lines_above(texts: list[str], row: tables.Row, count: int) -> str:
    lines = texts[row.page - 1].split("\n")
    for index, line in enumerate(lines):
        if line.strip() == row.line:
            return " ".join(lines[max(0, index - count) : index])
    return ""


def _sums(parts: list[tables.Row], total: tables.Row) -> bool:
    slack = sum(p.value.half_unit for p in parts) + total.value.half_unit
    return abs(sum(p.value.value for p in parts) - total.value.value) <= slack


def _is_total(label: str) -> bool:
    return bool(
        re.match(r"total|worldwide|consolidated", label, re.I)
        or re.fullmatch(r"(?:net\s+)?(?:revenues?|sales)(?:\s+\(\d\))?", label.strip(), re.I)
    )  # "Net sales" under the segments is their sum


def _collapse(block: list[tables.Row]) -> list[tables.Row]:
    """'Client Computing' / Desktop / Notebook / Other / (unlabelled subtotal) -> one row."""
    out: list[tables.Row] = []
    index = 0
    while index < len(block):
        row = block[index]
        if not row.cells and index > 0:
            parts, end = [], index + 1
            while end < len(block) and block[end].cells and block[end].label:
                parts.append(block[end])
                end += 1
            if (
                parts
                and end < len(block)
                and not block[end].label
                and block[end].value is not None
                and all(p.value is not None for p in parts)
                and abs(sum(p.value.value for p in parts) - block[end].value.value)
                <= sum(p.value.half_unit for p in parts)
            ):
                out.append(
                    tables.Row(
                        row.label,
                        block[end].cells,
                        block[end].line,
                        block[end].page,
                        block[end].value,
                    )
                )
                index = end + 1
                continue
        out.append(row)
        index += 1
    return out


# -- segments named in sentences ------------------------------------------------------------

# a part's name: capitalised words, greedy, with "and", "&", "of", "the" only between them
_NAME = r"[A-Z][\w&'’.-]*(?:\s+(?:(?:and|&|of|the)\s+)?[A-Z][\w&'’.-]*){0,5}"
_KIND = r"(?i:segments?|business(?:es)?|divisions?|units?|regions?|operations|franchises?)"
_REVENUE = r"(?i:(?:net\s+|total\s+)?(?:revenues?|sales|turnover))\b"
_VERB = (
    r"(?i:contributed|generated|reported|posted|delivered|recorded|achieved|produced|brought\s+in|"
    r"had|saw|grew|rose|increased|declined|decreased|fell|accounted\s+for|represented|made\s+up|"
    r"comprised|booked|logged|registered)"
)
_AMOUNT = r"[$(-]*\$?\s?\(?\d[\d,.]*\)?\s?(?i:trillion|billion|million|thousand|bn|mn|[bmk])\b"
_THE = r"(?i:the\s+|our\s+|its\s+)?"
# a named part and the rest of the clause, which holds its revenue; the name is matched
# case-sensitively (capitalised words), the words around it in any case
_PATTERNS = [
    # "Japan: revenue of £553 million", "Japan – revenue of £553 million"
    re.compile(rf"^{_THE}(?P<name>{_NAME})(?:\s+{_KIND})?\s*[:–—]\s*{_REVENUE}(?P<rest>.*)$"),
    # "Midstream revenue was ...", "Japan segment sales were ...", "Greater China net sales rose"
    re.compile(rf"^{_THE}(?P<name>{_NAME})(?:\s+{_KIND})?\s+{_REVENUE}(?P<rest>.*)$"),
    # "Revenue in Upstream totaled ...", "Sales in the Japan segment reached ...", "Sales
    # credited to Orchards totalled ..."
    re.compile(
        rf"^{_REVENUE}\s+(?:(?i:credited|attributed|attributable|allocated|booked|generated|earned|"
        rf"recorded|reported|derived)\s+)?(?i:in|from|for|at|of|to|by)\s+{_THE}(?P<name>{_NAME})"
        rf"(?:\s+{_KIND})?(?P<rest>\s.*)$"
    ),
    # "In Japan, revenue was ...", "At Devices, net sales were ..."
    re.compile(
        rf"^(?i:in|for|at|within)\s+{_THE}(?P<name>{_NAME})(?:\s+{_KIND})?,\s*{_REVENUE}(?P<rest>.*)$"
    ),
    # "Sales of $2.2 billion were generated by the Marine unit", "$600 million of revenue
    # came from Cloud": the figure first, the part after a passive verb
    re.compile(
        rf"^(?:{_REVENUE}\s+(?i:of|totall?ing|amounting\s+to)\s+)?(?P<rest>{_AMOUNT})(?:\s+(?i:of|in)\s+{_REVENUE})?"
        rf"\s+(?i:(?:was|were|has\s+been|have\s+been)\s+)?(?i:generated|contributed|earned|recorded|reported|"
        rf"delivered|booked|posted|came|derived|produced|realized|realised|attributable)\s+(?i:by|from|in|at|to)\s+"
        rf"{_THE}(?P<name>{_NAME})"
    ),
    # "The Vaccines segment contributed £253.0 million of revenue", "Japan generated revenue of"
    re.compile(
        rf"^{_THE}(?P<name>{_NAME})(?:\s+{_KIND})?\s+{_VERB}\s+(?P<rest>.*\b(?i:revenues?|sales)\b.*)$"
    ),
]
# under a segment heading a part may be named with its figure alone: "Cloud: $600 million",
# "Cloud, $600 million" (a list), "Cloud ($600 million)", "$600 million came from Cloud"
_BARE = [
    re.compile(
        rf"^{_THE}(?P<name>{_NAME})(?:\s+{_KIND})?\s*(?:[:,–—]|\()\s*(?P<rest>{_AMOUNT}.*)$"
    ),
    re.compile(
        rf"^(?P<rest>{_AMOUNT})(?:\s+(?i:of|in)\s+{_REVENUE})?\s+(?i:came|was\s+generated|was\s+contributed|"
        rf"was\s+earned)\s+(?i:from|by|in|at)\s+{_THE}(?P<name>{_NAME})"
    ),
]
# "$600 million for Cloud Services and $400 million for Devices"
_FOR_NAME = re.compile(rf"^\s+(?i:for|from|in|at|by)\s+{_THE}(?P<name>{_NAME})")
# "Cloud Services and Devices contributed revenue of $600 million and $400 million, respectively"
_RESPECTIVELY = re.compile(
    rf"^{_THE}(?P<names>{_NAME}(?:\s*,\s*{_NAME})*,?\s+and\s+{_NAME})(?:\s+{_KIND})?\s+(?P<rest>.*)"
    r"\brespectively\b",
)
_NOT_A_PART = re.compile(
    r"^(?:among|within|across|from|for|with|of|in|at|by|to|on|after|before|during|including|excluding|"
    r"although|while|as|and|or|but|the|a|an|its|their|our|total|net|consolidated|group|company|companies|quarter|quarterly|fiscal|full|annual|"
    r"first|second|third|fourth|gaap|non-gaap|adjusted|reported|organic|comparable|revenue|"
    r"revenues|sales|operating|gross|q[1-4]|fy\d*|this|that|these|our|its|we|it|he|she|they|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"highlights?|results?|summary|outlook|guidance|overview|key|financial|business|segments?|"
    r"performance|cash|free|income|earnings|year|years|prior|last|same|record|strong)$",
    re.I,
)


def _from_prose(
    texts: list[str], revenue: Candidate | None, company: str | None
) -> list[Candidate]:
    if revenue is None:
        return []  # nothing to add up to
    by_page: dict[int, dict[str, Candidate]] = defaultdict(dict)
    for sentence in sentences(texts):
        if sentence.context in ("guidance", "other"):
            continue
        under = bool(SEGMENT_HEADING.search(sentence.heading))
        for clause in re.split(r";\s+", sentence.text):
            if not under and not re.search(rf"\b{_KIND}\b", clause, re.I):
                continue  # revenue by product or customer type is a breakdown, not a segment
            parts = by_page[sentence.page]
            for name, amount in _named_revenues(clause.strip(), company, under):
                if name not in parts:  # the first reading of a part on its page
                    parts[name] = Candidate(
                        "segment_revenue",
                        amount,
                        sentence.page,
                        sentence.text,
                        "prose",
                        segment=name,
                    )
    for parts in by_page.values():
        members = list(parts.values())
        if len(members) < 2:
            continue
        total = sum(c.amount.value for c in members)
        slack = sum(c.amount.half_unit for c in members) + revenue.amount.half_unit
        if abs(total - revenue.amount.value) <= slack + 1e-9 * abs(total):
            return members
    return []


def _named_revenues(clause: str, company: str | None, under: bool) -> list[tuple[str, Amount]]:
    """(part name, its revenue) pairs stated in one clause."""
    match = _RESPECTIVELY.match(clause)
    if match:
        names = [
            _part_name(n, company)
            for n in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", match.group("names"))
        ]
        amounts = _money(clause, match.start("rest"), match.end("rest"))
        if len(names) == len(amounts) >= 2 and all(names):
            return list(zip(names, amounts, strict=True))  # type: ignore[arg-type]
    clauses = [clause]
    lead = re.match(r"^[^:]{3,60}:\s+(?=[A-Z$€£(\d])", clause)
    if lead:
        clauses.append(clause[lead.end() :])  # "Revenue by segment: Cloud, $600 million"
    patterns = _PATTERNS + (_BARE if under else [])
    for text in clauses:
        for pattern in patterns:
            match = pattern.match(text)
            if not match:
                continue
            name = _part_name(match.group("name"), company)
            amounts = _money(text, match.start("rest"), match.end("rest"))
            if name and amounts:
                return [(name, amounts[0])]
    if not under and not re.search(_REVENUE, clause):
        return []
    pairs = []  # "$600 million for Cloud Services and $400 million for Devices"
    for amount in _money(clause, 0, len(clause)):
        named = _FOR_NAME.match(clause[amount.end :])
        name = _part_name(named.group("name"), company) if named else None
        if name:
            pairs.append((name, amount))
    return pairs


def _part_name(raw: str, company: str | None) -> str | None:
    name = re.sub(r"\s+", " ", raw).strip(" ,")
    name = re.sub(r"['’]s$", "", name).rstrip(".")
    words = name.split(" ")
    if not name or _NOT_A_PART.match(words[0]) or _NOT_A_PART.match(words[-1]):
        return None
    if company and _same_name(name, company):
        return None  # the company itself: the total, not a part
    return name


def _money(clause: str, start: int, end: int) -> list[Amount]:
    """Money amounts (with a scale word) in clause[start:end] that are not prior-period or
    per-share figures, positioned in the clause."""
    out = []
    for amount in parse_amounts(clause[start:end]):
        at = start + amount.start
        before, after = clause[max(0, at - 60) : at], clause[start + amount.end :]
        if amount.unit != "USD" or not amount.scale_from or is_prior(before, after[:80]):
            continue
        if re.match(r"\s*(?:per|a)\s+(?:diluted\s+)?share", after, re.I):
            continue
        out.append(Amount(amount.value, amount.printed, amount.unit, amount.negative, amount.scale,
                          amount.scale_from, at, start + amount.end))  # fmt: skip
    return out


def _same_name(name: str, company: str) -> bool:
    """'Contoso' or 'Contoso Devices' in a release by Contoso Devices, Inc. (but a 'Devices'
    segment is a part of it)."""
    own = re.findall(r"[\w&'’-]+", company.lower())
    return bool(own) and name.split(" ")[0].lower() == own[0]
