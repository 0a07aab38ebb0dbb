"""The fact vocabulary, and the candidates that prose.py and tables.py propose for it.

A candidate is one reading of one number; facts.py picks among candidates for the same
key (corroboration, label rank) and turns the winners into `studio.domain.Fact`s.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from studio.documents.numbers import Amount

# key -> (label, unit). Headline keys describe the reporting period; guidance keys carry
# low/high; segment keys carry a segment name.
VOCABULARY: dict[str, tuple[str, str]] = {
    "revenue": ("Revenue", "USD"),
    "revenue_growth_pct": ("Revenue growth (year over year)", "pct"),
    "operating_income": ("Operating income", "USD"),
    "net_income": ("Net income", "USD"),
    "eps_diluted": ("Diluted EPS", "USD/share"),
    "eps_diluted_non_gaap": ("Diluted EPS (non-GAAP)", "USD/share"),
    "gross_margin_pct": ("Gross margin", "pct"),
    "operating_margin_pct": ("Operating margin", "pct"),
    "operating_margin_pct_non_gaap": ("Operating margin (non-GAAP)", "pct"),
    "operating_cash_flow": ("Operating cash flow", "USD"),
    "free_cash_flow": ("Free cash flow", "USD"),
    "capex": ("Capital expenditures", "USD"),
    "share_repurchases": ("Share repurchases", "USD"),
    "dividends": ("Dividends paid", "USD"),
    "segment_revenue": ("Segment revenue", "USD"),
    "segment_operating_income": ("Segment operating income", "USD"),
    "guidance_revenue": ("Revenue guidance", "USD"),
    "guidance_revenue_growth_pct": ("Revenue growth guidance", "pct"),
    "guidance_comparable_sales_growth_pct": ("Comparable sales guidance", "pct"),
    "guidance_operating_income": ("Operating income guidance", "USD"),
    "guidance_operating_income_non_gaap": ("Operating income guidance (non-GAAP)", "USD"),
    "guidance_operating_margin_pct": ("Operating margin guidance", "pct"),
    "guidance_operating_margin_pct_non_gaap": ("Operating margin guidance (non-GAAP)", "pct"),
    "guidance_gross_margin_pct": ("Gross margin guidance", "pct"),
    "guidance_gross_margin_pct_non_gaap": ("Gross margin guidance (non-GAAP)", "pct"),
    "guidance_eps": ("Diluted EPS guidance", "USD/share"),
    "guidance_eps_non_gaap": ("Diluted EPS guidance (non-GAAP)", "USD/share"),
    "guidance_tax_rate_pct": ("Tax rate guidance", "pct"),
    "guidance_tax_rate_pct_non_gaap": ("Tax rate guidance (non-GAAP)", "pct"),
    "guidance_capex": ("Capital expenditures guidance", "USD"),
    "guidance_free_cash_flow": ("Free cash flow guidance", "USD"),
    "guidance_free_cash_flow_non_gaap": ("Free cash flow guidance (non-GAAP)", "USD"),
    "guidance_operating_cash_flow_growth_pct": ("Operating cash flow growth guidance", "pct"),
    "guidance_share_repurchases": ("Share repurchases guidance", "USD"),
}

# headings and labels that put what follows in a part of the business, not the whole
SEGMENT_WORDS = (
    r"segment|division|business\s+units?|reportable|by\s+business|by\s+(?:region|geography)|"
    r"business\s+(?:lines?|areas?|groups?|review|performance|results)|operating\s+units|"
    r"our\s+businesses|regional\s+(?:performance|results|review|highlights)|by\s+(?:market|sector|unit)"
)

HEADLINE = ("revenue", "operating_income", "net_income", "eps_diluted", "eps_diluted_non_gaap")


@dataclass
class Candidate:
    key: str
    amount: Amount
    page: int  # 1-based
    quote: str  # the sentence or table row, as in the page text
    source: str  # "prose" or "table"
    rank: int = 1  # lower is a better label for this key (e.g. "attributable to X")
    period: str | None = None  # None: the document's own period
    segment: str | None = None
    qualifier: str | None = None  # 'organic', 'operational': what the figure excludes
    low: Amount | None = None  # guidance ranges
    high: Amount | None = None
    yoy_pct: float | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def unit(self) -> str:
        return VOCABULARY[self.key][1]
