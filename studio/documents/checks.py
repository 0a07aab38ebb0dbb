"""Facts that contradict each other are not shown: the accounting identities and orders of
magnitude every earnings release obeys, checked after extraction.

A reading can be pinned to a quote and still be the wrong number (a prior-year figure, a
deducted item, a forecast read in the wrong units). Where two facts of one release cannot
both be right, the doubtful one is dropped with a warning — a missing card costs less than
a wrong one:

    margins and rates          within -100% .. 100%; revenue growth above -100%
    revenue                    positive
    diluted EPS vs net income  the same sign (a profit is not a loss per share)
    free vs operating cash     free cash flow is operating cash flow less capital spending:
                               never more than it
    guidance                   low <= high; revenue guidance for a quarter within 0.5-2x the
                               quarter's revenue, for a year within 1.5-8x; capital spending
                               and free cash flow guidance below a year's revenue; margin
                               guidance within 25 points of the current margin; EPS guidance
                               within 0.1-12x the quarter's EPS
"""

from __future__ import annotations

from studio.domain import Fact

_RATES = {"gross_margin_pct", "operating_margin_pct", "operating_margin_pct_non_gaap"}


def consistent(facts: list[Fact], warnings: list[str], *, quarterly: bool) -> list[Fact]:
    """`facts` without the ones that contradict the others (each named in `warnings`)."""
    first = {f.key: f for f in reversed(facts)}  # the first fact of each key
    drop: set[int] = set()

    def reject(fact: Fact, why: str) -> None:
        if id(fact) not in drop:
            drop.add(id(fact))
            warnings.append(f"left out {fact.key} {fact.display}: {why}")

    for fact in facts:
        value = fact.value
        if fact.key in _RATES and value is not None and not -100 <= value <= 100:
            reject(fact, "a margin outside -100%..100%")
        if fact.key == "revenue_growth_pct" and value is not None and value <= -100:
            reject(fact, "revenue cannot fall by 100% or more")
        if fact.key == "revenue" and value is not None and value <= 0:
            reject(fact, "revenue is never zero or negative")
        if fact.low is not None and fact.high is not None and fact.low > fact.high:
            reject(fact, "a range whose low end is above its high end")

    eps, net = first.get("eps_diluted"), first.get("net_income")
    if eps and net and eps.value and net.value and (eps.value > 0) != (net.value > 0):
        reject(eps, f"its sign disagrees with net income {net.display}")
        reject(net, f"its sign disagrees with diluted EPS {eps.display}")
    fcf, ocf = first.get("free_cash_flow"), first.get("operating_cash_flow")
    if fcf and ocf and fcf.value is not None and ocf.value is not None:
        slack = 0.005 * abs(ocf.value)
        if fcf.value > ocf.value + slack:
            reject(fcf, f"more than operating cash flow {ocf.display}")

    for fact in facts:
        if fact.key.startswith("guidance_"):
            why = _implausible_guidance(fact, first, quarterly=quarterly)
            if why:
                reject(fact, why)
    return [f for f in facts if id(f) not in drop]


def _implausible_guidance(fact: Fact, first: dict[str, Fact], *, quarterly: bool) -> str | None:
    low, high = fact.low, fact.high
    if low is None or high is None:
        return None
    yearly = bool(fact.period) and not str(fact.period).startswith("Q")
    revenue = first.get("revenue")
    if fact.key == "guidance_revenue" and revenue and revenue.value and fact.period:
        base = revenue.value
        lo, hi = (1.5, 8.0) if yearly and quarterly else (0.5, 2.0)
        if not (lo * base <= low and high <= hi * base):
            return f"not of the order of this period's revenue {revenue.display}"
    if (
        fact.key.startswith(("guidance_capex", "guidance_free_cash_flow"))
        and revenue
        and revenue.value
    ) and max(abs(low), abs(high)) > (4.5 if quarterly else 1.2) * revenue.value:
        return f"more than a year of revenue ({revenue.display} this period)"
    if "margin_pct" in fact.key:
        if not (-100 <= low <= 100 and -100 <= high <= 100):
            return "a margin outside -100%..100%"
        current = first.get(fact.key.removeprefix("guidance_"))
        if (
            current
            and current.value is not None
            and max(abs(low - current.value), abs(high - current.value)) > 25
        ):
            return f"more than 25 points from this period's {current.display}"
    if fact.key.startswith("guidance_eps"):
        eps = first.get("eps_diluted_non_gaap" if "non_gaap" in fact.key else "eps_diluted")
        if eps and eps.value and abs(eps.value) >= 0.05:
            ratio = max(abs(low), abs(high)) / abs(eps.value)
            if not 0.1 <= ratio <= 12:
                return f"not of the order of this period's EPS {eps.display}"
    return None
