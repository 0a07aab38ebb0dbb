"""Outlook sentences and their truth items ({metric, low, high, period, unit}), in the shape
of the corpus truth.json. Ranges ("between X and Y", "X to Y") and point values
("approximately X", low == high) are both used; the metric is recorded as printed.
"""

from __future__ import annotations

import random
from typing import Any

from bench.releases.company import ORDINAL, Period
from bench.releases.money import SYMBOLS
from bench.releases.numbers import Figures
from bench.releases.phrases import Half, pick


def _money_range(low: float, high: float, currency: str) -> tuple[str, str, float, float]:
    symbol = SYMBOLS[currency]
    if max(low, high) >= 1e9:
        places = 1 if max(low, high) >= 1e10 else 2
        a, b = round(low / 1e9, places), round(high / 1e9, places)
        return (f"{symbol}{a:.{places}f} billion", f"{symbol}{b:.{places}f} billion",
                round(a * 1e9), round(b * 1e9))  # fmt: skip
    decimals = 0 if max(low, high) >= 1e8 else 1
    a, b = round(low / 1e6, decimals), round(high / 1e6, decimals)
    return (f"{symbol}{a:,.{decimals}f} million", f"{symbol}{b:,.{decimals}f} million",
            round(a * 1e6), round(b * 1e6))  # fmt: skip


def make_guidance(
    rng: random.Random, figures: Figures, period: Period, currency: str, half: Half,
    ctx: dict[str, str],
) -> tuple[list[dict[str, Any]], list[str]]:  # fmt: skip
    if rng.random() > 0.7:
        return [], []
    unit, cur = figures.unit, figures.current
    full_year = rng.random() < 0.5 or period.quarter == 4 and rng.random() < 0.5
    fiscal = "fiscal " if period.fiscal else ""
    if full_year:
        year = period.fiscal_year + (1 if period.quarter == 4 else 0)
        label, factor = f"FY{year}", 4.0
        gperiod = rng.choice(
            [f"full {fiscal}year {year}", f"{fiscal}year {year}".strip(), f"full year {year}"]
        )
    else:
        quarter, year = (
            period.quarter % 4 + 1,
            period.fiscal_year + (1 if period.quarter == 4 else 0),
        )
        label, factor = f"Q{quarter} FY{year}", 1.0
        gperiod = f"{ORDINAL[quarter]} quarter of {fiscal}{year}"
    metrics = ["revenue"] + rng.sample(
        ["eps", "gross_margin", "operating_margin", "capex", "fcf"], k=rng.randint(0, 3)
    )
    items, sentences = [], []
    for metric in metrics:
        style = pick(rng, "range", half)
        point = "{mid}" in style  # "approximately {mid}", "around {mid}": low == high
        if metric in ("revenue", "capex", "fcf"):
            base = {"revenue": cur.revenue, "capex": figures.cash.capex, "fcf": figures.cash.free}[
                metric
            ]
            mid = unit.value(base) * factor * rng.uniform(0.98, 1.1)
            low, high, lo_v, hi_v = _money_range(mid * 0.97, mid * 1.03, currency)
            if point:
                low, _, lo_v, _ = _money_range(mid, mid, currency)
                hi_v = lo_v
            noun = {"revenue": rng.choice(["revenue", "net sales", "total revenue"]),
                    "capex": "capital expenditures", "fcf": "free cash flow"}[metric]  # fmt: skip
            unit_name = currency
        elif metric == "eps":
            if cur.eps_non_gaap <= 0:
                continue
            mid = cur.eps_non_gaap * factor * rng.uniform(0.98, 1.1)
            lo_v, hi_v = round(mid * 0.96, 2), round(mid * 1.04, 2)
            if point:
                lo_v = hi_v = round(mid, 2)
            low, high = f"{SYMBOLS[currency]}{lo_v:.2f}", f"{SYMBOLS[currency]}{hi_v:.2f}"
            noun = rng.choice(["non-GAAP diluted EPS", "adjusted earnings per diluted share",
                               "non-GAAP diluted earnings per share"])  # fmt: skip
            unit_name = f"{currency}/share"
        else:
            base = (
                figures.gross_margin_pct
                if metric == "gross_margin"
                else cur.operating_income / cur.revenue * 100
            )
            if metric == "operating_margin" and base < 3:
                continue
            mid = round(base + rng.uniform(-1.5, 1.5), 1)
            lo_v, hi_v = (mid, mid) if point else (round(mid - 1, 1), round(mid + 1, 1))
            low, high = f"{lo_v:.1f}%", f"{hi_v:.1f}%"
            noun = {"gross_margin": "gross margin",
                    "operating_margin": rng.choice(["operating margin", "non-GAAP operating margin"])}[metric]  # fmt: skip
            unit_name = "pct"
        text = style.format(low=low, high=high, mid=low)
        sentences.append(
            pick(rng, "guidance", half).format(**ctx, gperiod=gperiod, metric=noun, range=text)
        )
        items.append(
            {"metric": noun, "low": lo_v, "high": hi_v, "period": label, "unit": unit_name}
        )
    return items, [s[:1].upper() + s[1:] for s in sentences]
