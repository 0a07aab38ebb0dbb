"""The figures behind one release, consistent to the printed digit.

All amounts are integer counts of the table unit's step (see money.Unit), so gross profit
is revenue minus cost of revenue exactly, segments sum to total revenue exactly, and free
cash flow is operating cash flow minus capital expenditures exactly, in every column.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from bench.releases.money import Unit

TAX_RATE = 0.21


@dataclass
class Statement:
    """One column of the income statement, in unit counts (per-share figures in currency)."""

    revenue: int
    cost: int
    gross_profit: int
    rnd: int
    sga: int
    restructuring: int
    opex: int
    operating_income: int
    other: int
    pretax: int
    tax: int
    net_income: int
    shares: float  # diluted shares, full count
    eps_basic: float
    eps_diluted: float
    # non-GAAP reconciliation
    sbc: int = 0
    amortization: int = 0
    adj_operating_income: int = 0
    eps_items: list[tuple[str, float]] = field(default_factory=list)
    eps_non_gaap: float = 0.0


def statement(
    rng: random.Random, revenue: int, unit: Unit, gm: float, om: float, shares: float
) -> Statement:
    cost = round(revenue * (1 - gm))
    gross = revenue - cost
    operating = round(revenue * om)
    opex = gross - operating
    restructuring = 0 if rng.random() < 0.6 else round(opex * rng.uniform(0.01, 0.05))
    rnd = round((opex - restructuring) * rng.uniform(0.3, 0.6))
    sga = opex - restructuring - rnd
    other = round(revenue * rng.uniform(-0.02, 0.02))
    pretax = operating + other
    tax = round(pretax * TAX_RATE) if pretax > 0 else round(pretax * 0.05)
    net = pretax - tax
    net_value = net * unit.step
    eps = round(net_value / shares, 2)
    basic = round(net_value / (shares * 0.985), 2)
    sbc = round(revenue * rng.uniform(0.02, 0.07))
    amort = round(revenue * rng.uniform(0.005, 0.03))
    per_share = lambda count: round(count * unit.step / shares, 2)  # noqa: E731
    items = [
        ("Stock-based compensation", per_share(sbc)),
        ("Amortization of acquired intangible assets", per_share(amort)),
        ("Restructuring charges", per_share(restructuring)),
    ]
    items.append(
        (
            "Income tax effect of non-GAAP adjustments",
            -round(sum(v for _, v in items) * TAX_RATE, 2),
        )
    )
    return Statement(
        revenue=revenue, cost=cost, gross_profit=gross, rnd=rnd, sga=sga,
        restructuring=restructuring, opex=opex, operating_income=operating, other=other,
        pretax=pretax, tax=tax, net_income=net, shares=shares, eps_basic=basic,
        eps_diluted=eps, sbc=sbc, amortization=amort,
        adj_operating_income=operating + sbc + amort + restructuring, eps_items=items,
        eps_non_gaap=round(eps + sum(v for _, v in items), 2),
    )  # fmt: skip


@dataclass
class Cash:
    operating: int
    capex: int  # positive count, printed in parentheses as an outflow

    @property
    def free(self) -> int:
        return self.operating - self.capex


@dataclass
class Figures:
    unit: Unit
    current: Statement
    prior: Statement
    ytd: Statement | None  # year-to-date (six, nine or twelve months); None in Q1
    ytd_prior: Statement | None
    cash: Cash
    cash_prior: Cash
    cash_ttm: Cash
    segments: dict[str, tuple[int, int]]  # name -> (current, year-ago)

    @property
    def yoy_pct(self) -> float:
        return round((self.current.revenue / self.prior.revenue - 1) * 100, 1)

    @property
    def gross_margin_pct(self) -> float:
        return round(self.current.gross_profit / self.current.revenue * 100, 1)

    @property
    def prior_gross_margin_pct(self) -> float:
        return round(self.prior.gross_profit / self.prior.revenue * 100, 1)


REVENUE_RANGE = {
    "thousands": (30_000, 900_000),
    "millions": (300, 60_000),
    "billions": (800, 15_000),
}


def split(total: int, weights: list[float]) -> list[int]:
    parts = [round(total * w / sum(weights)) for w in weights[:-1]]
    return [*parts, total - sum(parts)]


def make_figures(rng: random.Random, unit: Unit, quarter: int, segment_names: list[str]) -> Figures:
    revenue = rng.randint(*REVENUE_RANGE[unit.name])
    growth = rng.uniform(-0.15, 0.35)
    prior_revenue = round(revenue / (1 + growth))
    loss = rng.random() < 0.25
    gm = rng.uniform(0.25, 0.75)
    om = rng.uniform(-0.25, -0.02) if loss else rng.uniform(0.05, min(0.35, gm - 0.1))
    net_guess = abs(revenue * unit.step * om * 0.8) or unit.step
    shares = round(net_guess / rng.uniform(0.4, 4.0), -3)
    current = statement(rng, revenue, unit, gm, om, shares)
    prior = statement(rng, prior_revenue, unit, gm + rng.uniform(-0.03, 0.03),
                      om + rng.uniform(-0.04, 0.04), shares * rng.uniform(0.97, 1.03))  # fmt: skip
    ytd = ytd_prior = None
    if quarter > 1:
        months = rng.uniform(0.92, 1.0) * quarter
        ytd = statement(rng, round(revenue * months), unit, gm, om, shares)
        ytd_prior = statement(rng, round(prior_revenue * months), unit, gm, om, prior.shares)
    ocf = round(revenue * rng.uniform(0.08, 0.35))
    capex = round(ocf * rng.uniform(0.1, 0.6))
    cash = Cash(ocf, capex)
    cash_prior = Cash(round(prior_revenue * rng.uniform(0.08, 0.35)), 0)
    cash_prior.capex = round(cash_prior.operating * rng.uniform(0.1, 0.6))
    ttm_ocf = round(ocf * rng.uniform(3.3, 4.7))
    cash_ttm = Cash(ttm_ocf, round(ttm_ocf * rng.uniform(0.1, 0.6)))
    names = rng.sample(segment_names, k=min(len(segment_names), rng.randint(2, 5)))
    weights = [rng.uniform(0.4, 3.0) for _ in names]
    prior_weights = [w * rng.uniform(0.8, 1.25) for w in weights]
    pairs = zip(split(revenue, weights), split(prior_revenue, prior_weights), strict=True)
    segments = dict(zip(names, pairs, strict=True))
    return Figures(unit, current, prior, ytd, ytd_prior, cash, cash_prior, cash_ttm, segments)
