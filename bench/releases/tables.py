"""The financial tables of a release: income statement, segments, non-GAAP reconciliation and
cash flow, with the column orders, spans, units and labels real releases vary.

Each table lists in `states` the truth fields it prints for the current period, which is how
build.py knows a field is stated exactly (to the table's digit).
"""

from __future__ import annotations

import random
from typing import Any

from bench.releases.blocks import Row, Table
from bench.releases.company import Period, long_date, short_date
from bench.releases.money import cell, per_share
from bench.releases.numbers import Cash, Figures, Statement
from bench.releases.phrases import Half, label

CURRENCY_WORDS = {"USD": "U.S. dollars", "EUR": "euros", "GBP": "pounds sterling"}
SPAN_WORDS = {1: "Three", 2: "Six", 3: "Nine", 4: "Twelve"}


def unit_note(rng: random.Random, figures: Figures, symbol: str, currency: str) -> str:
    unit = figures.unit.name
    return rng.choice([
        f"(In {unit}, except per share data)",
        f"({symbol} in {unit}, except per share amounts; unaudited)",
        f"(Unaudited, in {unit} of {CURRENCY_WORDS[currency]}, except per-share figures)",
    ])  # fmt: skip


def columns(
    rng: random.Random, period: Period, layout: dict[str, Any], pairs: list[tuple[str, Any, Any]]
) -> tuple[list[list[str]], list[tuple[int, int, int]], list[Any]]:
    """Header rows, spans and the column payloads for (group label, current, prior) pairs,
    in the release's column order (prior-year first in some releases). Styles: a group row
    over dates ("Three Months Ended" / "Oct. 27, 2024"), the same with long dates, or one
    row of short labels ("Q3 FY2025", "9M FY2024 (As restated)")."""
    style = rng.randint(0, 2)
    restated = " (As restated)" if layout["restated"] else ""
    cols: list[tuple[str, bool, Any]] = []  # (group, is prior year, payload)
    for group, current, prior in pairs:
        pair = [(group, False, current)]
        if not group.startswith("Trailing"):
            pair.append((group, True, prior))
        if layout["prior_first"]:
            pair.reverse()
        cols += pair
    payloads = [payload for _, _, payload in cols]
    if style == 2:
        flat = [""] + [
            f"{_short_group(g, period)} FY{period.fiscal_year - p}" + (restated if p else "")
            for g, p, _ in cols
        ]
        return [flat], [], payloads
    groups, subs, spans = [""], [""], []
    for i, (group, prior, _) in enumerate(cols, 1):
        day = period.prior_end if prior else period.end
        subs.append(
            (short_date(day) if style == 0 else long_date(day)) + (restated if prior else "")
        )
        if group != cols[i - 2][0] or i == 1:
            groups.append(group)
            spans.append((0, i, i))
        else:
            groups.append("")
            spans[-1] = (0, spans[-1][1], i)
    return [groups, subs], spans, payloads


def _short_group(group: str, period: Period) -> str:
    if group.startswith("Three"):
        return f"Q{period.quarter}"
    if group.startswith("Trailing"):
        return "TTM"
    return f"{period.quarter * 3}M" if period.quarter < 4 else "Full year"  # "9M FY2024"


def income_table(
    rng: random.Random, half: Half, figures: Figures, period: Period, symbol: str, currency: str,
    layout: dict[str, Any], gross_row: bool,
) -> Table:  # fmt: skip
    pairs = [("Three Months Ended", figures.current, figures.prior)]
    if layout["ytd"] and figures.ytd and figures.ytd_prior:
        span = "Year Ended" if period.quarter == 4 else f"{SPAN_WORDS[period.quarter]} Months Ended"
        pairs.append((span, figures.ytd, figures.ytd_prior))
    header, spans, statements = columns(rng, period, layout, pairs)
    unit = figures.unit

    def row(name: str, attr: str, sym: bool = False, bold: bool = False) -> Row:
        text = label(rng, name, half) if name in _LABELS else name
        return Row(
            text, [cell(getattr(s, attr), unit, symbol if sym else "") for s in statements], bold
        )

    revenue_row = row("revenue", "revenue", sym=True, bold=True)
    op_row = row("operating_income", "operating_income", bold=True)
    net_row = row("net_income", "net_income", sym=True, bold=True)
    eps = lambda attr, sym: [per_share(getattr(s, attr), symbol if sym else "") for s in statements]  # noqa: E731
    eps_row = Row(label(rng, "eps_diluted", half), eps("eps_diluted", True), indent=1)
    rows = [revenue_row, row("cost", "cost")]
    if gross_row:
        rows.append(row("gross_profit", "gross_profit", bold=True))
    rows += [row("rnd", "rnd"), row("sga", "sga"), row("restructuring", "restructuring"),
             row("opex", "opex"), op_row, row("other", "other"), row("pretax", "pretax"),
             row("tax", "tax"), net_row, Row("Earnings (loss) per share:", ["" for _ in statements]),
             Row(label(rng, "eps_basic", half), eps("eps_basic", False), indent=1), eps_row]  # fmt: skip
    scale = 1e3 if unit.name == "thousands" else 1e6
    shares = [f"{s.shares / scale:,.{0 if scale == 1e3 else 1}f}" for s in statements]
    rows.append(Row(label(rng, "shares", half), shares))
    k = _current(statements, figures.current)
    printed = {"revenue": revenue_row.cells[k], "operating_income": op_row.cells[k],
               "net_income": net_row.cells[k], "eps_diluted": eps_row.cells[k]}  # fmt: skip
    return Table(
        caption=label(rng, "income_statement", half), unit_note=unit_note(rng, figures, symbol, currency),
        header=header, rows=rows, spans=spans, states=printed,
    )  # fmt: skip


def _current(columns: list[Any], current: Any) -> int:
    """Index of the current period's column (columns may come prior-year first)."""
    return next(i for i, c in enumerate(columns) if c is current)


_LABELS = {"revenue", "cost", "gross_profit", "rnd", "sga", "restructuring", "opex",
           "operating_income", "other", "pretax", "tax", "net_income"}  # fmt: skip


def _change(current: int, prior: int) -> str:
    value = (current / prior - 1) * 100
    return f"({abs(value):.1f})%" if value < 0 else f"{value:.1f}%"


def segment_table(
    rng: random.Random, half: Half, figures: Figures, period: Period, symbol: str, currency: str,
    layout: dict[str, Any], with_change: bool,
) -> Table:  # fmt: skip
    header, spans, which = columns(rng, period, layout, [("Three Months Ended", 0, 1)])
    unit = figures.unit
    rows = []
    for i, (name, pair) in enumerate(figures.segments.items()):
        cells = [cell(pair[w], unit, symbol if i == 0 else "") for w in which]
        rows.append(Row(name, cells + ([_change(*pair)] if with_change else []), indent=1))
    total = (figures.current.revenue, figures.prior.revenue)
    total_cells = [cell(total[w], unit, symbol) for w in which] + (
        [_change(*total)] if with_change else []
    )
    rows.append(
        Row(
            rng.choice(["Total", "Total revenue", label(rng, "revenue", half)]),
            total_cells,
            bold=True,
        )
    )
    if with_change:
        header = [h + [("% Change" if r == len(header) - 1 else "")] for r, h in enumerate(header)]
    k = which.index(0)
    states = {"revenue": total_cells[k]}
    if with_change:
        states["revenue_yoy_pct"] = total_cells[-1]
    return Table(label(rng, "segment_table", half), unit_note(rng, figures, symbol, currency),
                 header, rows, spans, states=states)  # fmt: skip


def non_gaap_table(
    rng: random.Random, half: Half, figures: Figures, period: Period, symbol: str, currency: str,
    layout: dict[str, Any],
) -> Table:  # fmt: skip
    header, spans, statements = columns(
        rng, period, layout, [("Three Months Ended", figures.current, figures.prior)]
    )
    unit = figures.unit

    def amounts(name: str, attr: str, sym: bool = False, bold: bool = False) -> Row:
        return Row(
            name, [cell(getattr(s, attr), unit, symbol if sym else "") for s in statements], bold
        )

    def shares(s: Statement, i: int) -> str:
        return per_share(s.eps_items[i][1]) if s.eps_items[i][1] else "\u2014"

    rows = [
        amounts("GAAP operating income (loss)", "operating_income", sym=True),
        amounts("Stock-based compensation", "sbc"),
        amounts("Amortization of acquired intangible assets", "amortization"),
        amounts("Restructuring charges", "restructuring"),
        amounts("Non-GAAP operating income", "adj_operating_income", sym=True, bold=True),
        Row(
            "GAAP diluted earnings (loss) per share",
            [per_share(s.eps_diluted, symbol) for s in statements],
        ),
    ]
    for i, (name, _) in enumerate(figures.current.eps_items):
        rows.append(Row(name, [shares(s, i) for s in statements], indent=1))
    k = _current(statements, figures.current)
    rows.append(
        Row(
            "Non-GAAP diluted earnings per share",
            [per_share(s.eps_non_gaap, symbol) for s in statements],
            bold=True,
        )
    )
    return Table(label(rng, "non_gaap_table", half), unit_note(rng, figures, symbol, currency),
                 header, rows, spans, states={
                     "operating_income": rows[0].cells[k], "eps_diluted": rows[5].cells[k],
                     "eps_diluted_non_gaap": rows[-1].cells[k]})  # fmt: skip


def cash_table(
    rng: random.Random, half: Half, figures: Figures, period: Period, symbol: str, currency: str,
    layout: dict[str, Any], ttm_column: bool,
) -> Table:  # fmt: skip
    pairs: list[tuple[str, Any, Any]] = [("Three Months Ended", figures.cash, figures.cash_prior)]
    if ttm_column:
        pairs.append(("Trailing Twelve Months Ended", figures.cash_ttm, None))
    header, spans, flows = columns(rng, period, layout, pairs)
    unit = figures.unit

    def line(name: str, get: Any, sym: bool = False, bold: bool = False) -> Row:
        return Row(
            label(rng, name, half), [cell(get(c), unit, symbol if sym else "") for c in flows], bold
        )

    rows = [
        line("ocf", lambda c: c.operating, sym=True),
        line("capex", lambda c: -c.capex),
        line("fcf", lambda c: c.free, sym=True, bold=True),
    ]
    k = _current(flows, figures.cash)
    return Table(label(rng, "cash_table", half), unit_note(rng, figures, symbol, currency),
                 header, rows, spans, states={
                     "operating_cash_flow": rows[0].cells[k], "free_cash_flow": rows[2].cells[k]})  # fmt: skip


__all__ = ["Cash", "cash_table", "income_table", "non_gaap_table", "segment_table"]
