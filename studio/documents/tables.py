"""Facts stated in tables: "Net income $ 22,956 $ 20,721 $ 96,995 $ 99,803".

Tables in extracted text are lines: a label, then cells. The hard part is not reading the
cells but knowing which cell is *this* period. So a row is used only when a header above
it names its columns, and the current column is the latest period of the shortest span:

    Three Months Ended          Twelve Months Ended       <- spans (quarter, year)
    Sep 30, 2023  Sep 24, 2022  Sep 30, 2023  Sep 24, 2022  <- years
    columns: [Q 2023, Q 2022, 12M 2023, 12M 2022] -> current = 0

    Metrics  Q3 2023  Q4 2023  FY 2023                   -> current = 1 (Q4 2023)

A row whose cells do not line up with its header is skipped, never guessed. Money cells
take the scale of the nearest "(in millions)" above them; per-share and percent rows are
never scaled. Segment tables are accepted only when their rows add up to the total.
Header parsing (which column is which period) lives in columns.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from studio.documents.candidates import SEGMENT_WORDS, Candidate
from studio.documents.columns import (
    COLUMN,
    MONTH_DAY,
    SPAN,
    Column,
    assign_spans,
    current_index,
    is_header,
    parse_columns,
    unfoot,
)
from studio.documents.numbers import Amount, parse_amounts, with_scale
from studio.documents.row_labels import _LABELS, _by_words, canonical_label  # noqa: F401

_CELL = re.compile(
    r"^(?:\$|%|—%?|–|-|n/?m\d?|nm|\*+|\(?\$?\(?-?\d{1,3}(?:,\d{3})*(?:\.\d+)?\)?%?\)?[BMK]?\)?\**|"
    r"up|down|flat|ppts?|pts|bps)$",
    re.I,
)
_SCALE = re.compile(
    r"\b(?i:in|\$\s+in|dollars\s+in|amounts\s+in)\s+(?i:(millions|billions|thousands))\b|\((\$)\s?(MM|M|B|K)\)|\$(MM|M|B)\b|"
    r"(?:\b(?:EUR|USD|GBP|SEK|NOK|DKK|CHF|JPY)|[$€£])\s?(?i:(millions?|billions?|thousands?|mn|bn))\b"
)

_HEADLINE = {"revenue", "operating_income", "net_income", "eps_diluted", "eps_diluted_non_gaap",
             "gross_margin_pct", "operating_margin_pct", "revenue_growth_pct"}  # fmt: skip
_PCT_KEYS = {"gross_margin_pct", "operating_margin_pct", "revenue_growth_pct"}
_ABS_KEYS = {"capex", "share_repurchases", "dividends"}  # printed as outflows "(10,959)"
_CASH_KEYS = {"operating_cash_flow", "free_cash_flow"} | _ABS_KEYS  # often year-to-date only


@dataclass
class Row:
    label: str
    cells: list[str]
    line: str
    page: int
    value: Amount | None = None  # the current-period money cell, scaled


@dataclass
class _State:
    scale: float | None = None
    columns: list[Column] = field(default_factory=list)
    pending: list[Column] = field(default_factory=list)  # header columns since the last row
    spans: list[str] = field(default_factory=list)  # "Three Months Ended", ... since the last row
    non_gaap: bool = False  # under a "Non-GAAP" heading
    section: str = ""  # the table's own heading ("Domestic Segment Results", "Business Outlook")
    group: str = ""  # the last label-only line: "Earnings per share:", "Diluted"
    context: list[str] = field(default_factory=list)  # label-only lines since the last row


_BLOCK_START = re.compile(
    r"segment|business\s+unit|division|reportable|revenue|sales|operating\s+(?:income|profit)", re.I
)


def extract(page_texts: list[str], *, quarterly: bool) -> tuple[list[Candidate], list[list[Row]]]:
    """Candidates from table rows, and the row blocks that may be segment tables."""
    out: list[Candidate] = []
    blocks: list[list[Row]] = []
    state, block, tabular = _State(), [], False
    for page, text in enumerate(page_texts, start=1):
        if not tabular:  # a table that runs onto this page keeps its header, scale and rows
            state = _State()
            _close(block, blocks)
            block = []
        tabular = False
        for raw in text.split("\n"):
            line = re.sub(r"(?<=\S)\$", " $", raw).strip()
            if not line:
                continue  # blank lines split tables in the text layer, not in the document
            tabular = True
            _update_scale(state, line)
            starts = not state.pending and is_header(line)  # a new table's column header
            if _update_header(state, line):
                if starts and any(row.cells for row in block):
                    # its rows are a block of their own, under its title or the header's label
                    block = _close(block, blocks)
                if starts:
                    label = _header_label(line)
                    if label:
                        block.append(Row(label, [], line, page))
                continue
            label, cells = split_row(line)
            if not cells and (len(line) > 70 or re.search(r"[.;]$", line)):
                state.pending, state.spans = [], []  # running text: no header continues across it
                block = _close(block, blocks)
                tabular = False
                continue
            if not cells:
                _label_only(state, label)
                if _BLOCK_START.search(label):
                    block = _close(block, blocks)
                    block.append(Row(label, [], line, page))
                elif block:
                    block.append(Row(label, [], line, page))
                continue
            if state.pending:
                state.columns = assign_spans(state.pending, state.spans)
                state.pending, state.spans = [], []
            row = Row(_join_label(state, label), cells, raw.strip(), page)
            row.value = _money(state, row, quarterly=quarterly)
            block.append(row)
            if re.match(r"total|worldwide|consolidated", row.label, re.I):
                block = _close(block, blocks)
            candidate = _candidate(state, row, quarterly=quarterly)
            if candidate:
                out.append(candidate)
            state.context = []
    _close(block, blocks)
    return out, blocks


def _close(block: list[Row], blocks: list[list[Row]]) -> list[Row]:
    if sum(1 for row in block if row.cells) >= 2:
        blocks.append(block)
    return []


def _update_scale(state: _State, line: str) -> None:
    match = _SCALE.search(line)
    if not match:
        return
    word = (match.group(1) or match.group(3) or match.group(4) or match.group(5) or "").lower()
    state.scale = {
        "millions": 1e6,
        "billions": 1e9,
        "thousands": 1e3,
        "million": 1e6,
        "billion": 1e9,
        "thousand": 1e3,
        "mn": 1e6,
        "bn": 1e9,
        "m": 1e6,
        "mm": 1e6,
        "b": 1e9,
        "k": 1e3,
    }[word]


def split_row(line: str) -> tuple[str, list[str]]:
    """'Net income $ 7,788 $ 6,687 16%' -> ('Net income', ['$7,788', '$6,687', '16%'])."""
    tokens = line.split(" ")
    cut = len(tokens)
    while cut > 0 and _CELL.match(tokens[cut - 1]):
        cut -= 1
    label = " ".join(tokens[:cut]).strip()
    cells: list[str] = []
    pending = ""
    for token in tokens[cut:]:
        if token.lower() in ("$", "(", "up", "down", "flat"):
            pending += token + ("" if token in ("$", "(") else " ")
            continue
        if token.lower() in ("%", "ppts", "ppt", "pts", "bps", "**", "*") and cells:
            cells[-1] += "%" if token == "%" else ""
            continue
        cells.append(pending + token)
        pending = ""
    while len(cells) > 1 and re.fullmatch(
        r"\(\d\)|%", cells[0]
    ):  # "Total net sales (1) 89,498 ..."
        label = f"{label} {cells.pop(0)}".strip()
    if not any(re.search(r"\d", cell) for cell in cells):
        return line.strip(), []
    return label, cells


def _label_only(state: _State, label: str) -> None:
    state.context = (state.context + [label])[-3:]
    state.group = label
    if len(label) < 60 and not re.search(r"[.;]$", label):
        _heading(state, label)


def _heading(state: _State, label: str) -> None:
    """Short label-only lines and header labels open a section: GAAP or non-GAAP figures,
    a segment's own results, an outlook table."""
    if re.search(r"^(?:\W*\w+\W+){0,3}non-gaap|non-gaap\s+results|^adjusted\b", label, re.I):
        state.non_gaap = True
    elif re.match(r"\W*gaap\b", label, re.I):
        state.non_gaap = False
    if re.search(rf"{SEGMENT_WORDS}|outlook|guidance|forecast", label, re.I):
        state.section = label


def _join_label(state: _State, label: str) -> str:
    """Labels that wrap onto the next line: 'Net Income (loss)' / 'Attributable to Intel'."""
    if not state.context:
        return label
    previous = state.context[-1]
    if len(previous) > 60 or previous.endswith(":"):
        return label
    if (
        not label
        or re.match(r"(?:attributable|per\b|share|[a-z])", label, re.I)
        and not label[:1].isupper()
    ):
        return f"{previous} {label}".strip()
    if re.match(r"(?:attributable|share)", label, re.I):
        return f"{previous} {label}"
    return label


def _update_header(state: _State, line: str) -> bool:
    """Header lines name the columns: '2023 2022 % Change', 'Q4 FY23 Q4 FY22 FY23 FY22', or
    one piece per line ('September 30,' / '2023' / ...); spans ('Three Months Ended')."""
    spans = [m.group(0) for m in SPAN.finditer(line)]
    if not is_header(line):
        if spans and not re.search(r"\d[\d,]*\.\d|\$\s?\d", line):
            state.spans.extend(spans)
            return True
        return bool(re.fullmatch(MONTH_DAY, line))  # "September 30," above its year
    label = _header_label(line)
    if not state.pending:  # a new table
        state.non_gaap = False
        state.section = ""
    _heading(state, label)
    state.spans.extend(spans)
    state.pending.extend(parse_columns(line))
    return True


def _header_label(line: str) -> str:
    """'Segment revenue (in millions) Q3 FY2026 Q3 FY2025' -> 'Segment revenue (in millions)'."""
    match = COLUMN.search(unfoot(line))
    return unfoot(line)[: match.start()].strip() if match else ""


def _candidate(state: _State, row: Row, *, quarterly: bool) -> Candidate | None:
    squashed = canonical_label(row.label)
    match = next(
        ((key, rank) for pattern, key, rank in _LABELS if re.fullmatch(pattern, squashed)), None
    )
    if match is None:
        match = _by_words(row.label)
    if (
        match is None
        and squashed == "diluted"
        and re.search(r"per\s+(common\s+)?share", state.group, re.I)
    ):
        match = ("eps_diluted", 1)  # "Earnings per share:" / "Basic" / "Diluted"
    if re.search(r"shares\s+used|weighted", state.group, re.I):
        return None
    if (
        match
        and match[0] == "eps_diluted"
        and match[1] == 2
        and re.search(r"\bbasic\b", state.group, re.I)
    ):
        return None  # "Basic" above: not the diluted figure
    if match is None:
        return None
    key, rank = match
    if key in _HEADLINE and re.search(
        rf"{SEGMENT_WORDS}|outlook|guidance|forecast", state.section, re.I
    ):
        return None  # a segment's own results, or a forecast
    if key == "free_cash_flow":
        pass  # a non-GAAP measure by definition: its own label, never an adjusted variant
    elif state.non_gaap or re.search(r"non-gaap|adjusted|core", row.label, re.I):
        if key == "eps_diluted":
            key = "eps_diluted_non_gaap"
        elif key != "eps_diluted_non_gaap":
            return None
    label_words = re.sub(r"basic\s+(?:and|&)\s+diluted", "diluted", row.label, flags=re.I)
    if re.search(
        r"basic|shares|continuing|noncontrolling|non-controlling|segment", label_words, re.I
    ):
        if not (key.startswith("eps") and "continuing" in row.label.lower()):
            return None
        rank = 3
    if not state.columns:
        return None
    periods = [c for c in state.columns if c.kind == "period"]
    if len(row.cells) == len(state.columns):
        columns = state.columns
    elif len(row.cells) == len(periods):
        columns = periods
    else:
        return None
    index = current_index(columns, quarterly=quarterly and key not in _CASH_KEYS)
    if index is None:
        return None
    amounts = parse_amounts(row.cells[index].replace("$", "$ ").replace("( ", "("))
    if len(amounts) != 1:
        return None
    amount = amounts[0]
    if key in _PCT_KEYS:
        if amount.unit != "pct":
            return None
    elif key.startswith("eps"):
        if amount.unit == "pct" or amount.decimals != 2 or abs(amount.value) > 500:
            return None
        amount = Amount(amount.value, amount.printed, "USD", amount.negative, 1.0, "", 0, 0)
    else:
        scale = _row_scale(row.label) or state.scale
        if amount.unit == "pct" or (scale is None and not amount.scale_from):
            return None
        amount = with_scale(amount, scale or 1.0, "table")
        if key in _ABS_KEYS and amount.value < 0:
            amount = Amount(
                -amount.value, amount.printed, "USD", False, amount.scale, amount.scale_from, 0, 0
            )
    column = columns[index]
    period = None if column.span in ("q", "") else (column.label or None)
    candidate = Candidate(key, amount, row.page, row.line, "table", rank=rank, period=period)
    candidate.yoy_pct = _change(row, columns, index, amount)
    return candidate


def _money(state: _State, row: Row, *, quarterly: bool) -> Amount | None:
    """The current-period cell of a money row, scaled (segment tables add these up)."""
    periods = [c for c in state.columns if c.kind == "period"]
    if len(row.cells) == len(state.columns):
        columns = state.columns
    elif len(row.cells) == len(periods):
        columns = periods
    else:
        return None
    index = current_index(columns, quarterly=quarterly)
    scale = _row_scale(row.label) or state.scale
    if index is None or scale is None:
        return None
    amounts = parse_amounts(row.cells[index].replace("$", "$ ").replace("( ", "("))
    # cents of a million are no money figure (a per-share row); hundredths of a billion are
    if (
        len(amounts) != 1
        or amounts[0].unit == "pct"
        or amounts[0].decimals > (2 if scale >= 1e9 else 1)
        and scale > 1
    ):
        return None
    return with_scale(amounts[0], scale, "table")


def _row_scale(label: str) -> float | None:
    match = re.search(r"\(\$\s?([MB])\)", label)
    return {"M": 1e6, "B": 1e9}[match.group(1)] if match else None


def _change(row: Row, columns: list[Column], index: int, amount: Amount) -> float | None:
    """A '% Change' cell, used only when the two period cells agree with it."""
    changes = [i for i, c in enumerate(columns) if c.kind == "change"]
    priors = [i for i, c in enumerate(columns) if c.kind == "period" and i != index]
    if not changes or not priors or len(row.cells) != len(columns):
        return None
    change = parse_amounts(row.cells[changes[0]].replace("$", ""))
    prior = parse_amounts(row.cells[priors[0]].replace("$", "$ "))
    if len(change) != 1 or change[0].unit != "pct" or len(prior) != 1 or prior[0].value == 0:
        return None
    pct = change[0].value
    if re.match(r"down", row.cells[changes[0]], re.I):
        pct = -abs(pct)
    current_number = float(amount.printed.replace(",", "")) * (-1 if amount.negative else 1)
    implied = (current_number / prior[0].value - 1) * 100
    return pct if abs(implied - pct) <= 1.0 else None
