"""Metric mentions in sentences and the fact key each names, shared by prose.py (results)
and guidance.py (forecasts).

    MENTION        "revenue", "non-GAAP diluted EPS", "free cash flow", ... (one group per family)
    metric_key     family + the words before it -> "revenue", "eps_diluted_non_gaap",
                   "guidance_operating_margin_pct", or None for a part of the whole
                   ("organic revenue", "segment operating income")
    is_prior       "compared to $2.3 billion", "$34.6 billion for the same period last year"
"""

from __future__ import annotations

import re

from studio.documents.numbers import Amount

PRIOR_BEFORE = re.compile(
    r"(?:\bfrom|\bcompared\s+(?:to|with)|\bversus|\bvs\.?|\bagainst|\bprior[- ]year|\blast\s+year'?s?|"
    r"\byear[- ]ago|\bpreviously|\bprevious)\s*(?:an?\s+)?(?:(?:increase|decrease|loss|gain)\s+of\s+)?$",
    re.I,
)
PRIOR_AFTER = re.compile(
    r"^\s*,?\s*(?:in|for|during)?\s*(?:the\s+)?(?:same\s+period\s+)?(?:last\s+year|a\s+year\s+ago|"
    r"prior[- ]year|year[- ]ago|previous\s+year)",
    re.I,
)
NON_GAAP = re.compile(
    r"non-gaap|non-ifrs|adjusted|\bcore\b|pro\s+forma|normali[sz]ed|underlying|\bheadline\b|"
    r"before\s+(?:exceptional|special|one-off|non-recurring)|excluding\s+(?:exceptional|special|one-off)|"
    r"alternative\s+performance",
    re.I,
)
_EXCLUDED_QUALIFIER = re.compile(
    r"organic|comparable|identical|constant\s+currency|fx[- ]neutral|operational|underlying|"
    r"segment|online|digital|advertising|subscription|services|product|fuel|excluding",
    re.I,
)

# metric family -> mention pattern (applied case-insensitively to a cleaned sentence)
_FAMILIES: list[tuple[str, str]] = [
    ("eps", r"(?:diluted\s+)?(?:eps|earnings\s+(?:\(loss\)\s+)?per\s+(?:diluted\s+)?(?:class\s+[a-z]\s+|ordinary\s+|common\s+)?share|"
            r"net\s+(?:income|earnings)\s+per\s+(?:diluted\s+)?(?:class\s+[a-z]\s+|ordinary\s+|common\s+)?share|earnings\s+\(loss\)\s+per\s+share)"
            r"(?:\s+\(eps\))?(?:\s+\(diluted\))?"),
    ("revenue", r"(?:total\s+|net\s+|consolidated\s+|reported\s+|company\s+|group\s+)*(?:revenues?|sales|turnover)"),
    ("operating_income", r"operating\s+(?:income|profit|earnings|loss|\(loss\)\s+(?:income|profit))(?:\s+\(loss\))?|"
                         r"(?:income|profit|earnings)\s+from\s+operations|operating\s+result"),
    ("net_income", r"net\s+(?:income|earnings|profit|loss)(?:\s+\(loss\))?|profit\s+(?:for\s+the\s+(?:period|quarter|year)|"
                   r"after\s+tax(?:ation)?|attributable\s+to\s+(?:owners|shareholders|equity\s+holders|stockholders)"
                   r"(?:\s+of\s+the\s+(?:parent|company))?)"),
    ("operating_margin", r"operating\s+(?:margin|income\s+rate|margin\s+rate)"),
    ("gross_margin", r"gross\s+(?:profit\s+)?(?:margins?|rate)|gross\s+profit\s+as\s+a\s+(?:percent(?:age)?|portion|share|"
                     r"proportion|fraction)\s+of\s+(?:net\s+|total\s+|group\s+)?(?:revenues?|sales|turnover)|"
                     r"margin\s+(?:on|at)\s+(?:a|the)\s+gross\s+(?:basis|level)"),
    ("free_cash_flow", r"free\s+cash\s+flows?|FCF"),
    ("operating_cash_flow", r"operating\s+cash\s+(?:flows?|generation|production|receipts|inflows?)|"
                            r"operating\s+activities\s+(?:generated|provided|yielded|produced|delivered|contributed)|"
                            r"cash\s+inflows?\s+from\s+(?:operations|operating\s+activities)|(?:net\s+)?cash\s+(?:flows?\s+)?(?:(?:generated|provided)\s+)?"
                            r"(?:from|by)\s+(?:operations|operating\s+activities)"),
    ("capex", r"capital\s+expenditures?|purchases\s+of\s+(?:property|equipment|property,\s+plant\s+and\s+equipment)"),
    ("share_repurchases", r"share\s+repurchases|repurchased|stock\s+repurchases|buybacks"),
    ("dividends", r"(?:cash\s+)?dividends"),
    ("tax_rate", r"(?:effective\s+)?(?:income\s+)?tax\s+rate"),
    ("comparable_sales", r"(?:comparable|identical)\s+sales"),
]  # fmt: skip
MENTION = re.compile("|".join(f"(?P<{name}>\\b{pattern}\\b)" for name, pattern in _FAMILIES), re.I)
MONEY = {"revenue", "operating_income", "net_income", "free_cash_flow", "operating_cash_flow",
         "capex", "share_repurchases", "dividends"}  # fmt: skip
PCT = {"operating_margin", "gross_margin", "tax_rate", "comparable_sales"}


def is_prior(before: str, after: str) -> bool:
    """'compared to $2.3 billion', '$34.6 billion for the same period last year', and the
    first of 'from $514B to $575B'."""
    if PRIOR_BEFORE.search(before) or PRIOR_AFTER.match(after):
        return True
    opened = re.search(
        r"\bfrom\b(?!.*\bto\b)(?:[^.;]|\.\d)*$", before, re.I
    )  # "$12.2B" is no full stop
    return bool(opened and re.search(r"^(?:[^.;]|\.\d){0,60}?\bto\b", after, re.I))


def metric_key(family: str, qualifier: str, *, guidance: bool) -> str | None:
    non_gaap = bool(NON_GAAP.search(qualifier)) and not re.search(
        r"gaap\s+and\s+non-gaap", qualifier, re.I
    )
    if family == "free_cash_flow":  # non-GAAP by definition; only an adjusted variant differs
        non_gaap = bool(re.search(r"adjusted|\bcore\b|pro\s+forma|underlying", qualifier, re.I))
    if family == "eps":
        if re.search(r"\bbasic\b", qualifier, re.I):
            return None
        return ("guidance_eps" if guidance else "eps_diluted") + ("_non_gaap" if non_gaap else "")
    if family == "revenue":
        if _EXCLUDED_QUALIFIER.search(qualifier) or non_gaap:
            return None
        return "guidance_revenue" if guidance else "revenue"
    if _EXCLUDED_QUALIFIER.search(qualifier) and family not in ("comparable_sales",):
        return None
    names = {
        "operating_income": "operating_income", "net_income": "net_income",
        "operating_margin": "operating_margin_pct", "gross_margin": "gross_margin_pct",
        "free_cash_flow": "free_cash_flow", "operating_cash_flow": "operating_cash_flow",
        "capex": "capex", "share_repurchases": "share_repurchases", "dividends": "dividends",
        "tax_rate": "tax_rate_pct", "comparable_sales": "comparable_sales_growth_pct",
    }  # fmt: skip
    name = names[family]
    if guidance:
        key = f"guidance_{name}" + ("_non_gaap" if non_gaap else "")
        return key if key in _GUIDANCE_KEYS else None
    if non_gaap:
        return "operating_margin_pct_non_gaap" if name == "operating_margin_pct" else None
    return name if name in _ACTUAL_KEYS else None


_ACTUAL_KEYS = {"operating_income", "net_income", "operating_margin_pct", "gross_margin_pct",
                "free_cash_flow", "operating_cash_flow", "capex", "share_repurchases", "dividends"}  # fmt: skip
_GUIDANCE_KEYS = {
    "guidance_operating_income", "guidance_operating_income_non_gaap",
    "guidance_operating_margin_pct", "guidance_operating_margin_pct_non_gaap",
    "guidance_gross_margin_pct", "guidance_gross_margin_pct_non_gaap", "guidance_capex",
    "guidance_free_cash_flow", "guidance_free_cash_flow_non_gaap", "guidance_tax_rate_pct",
    "guidance_tax_rate_pct_non_gaap", "guidance_share_repurchases",
    "guidance_comparable_sales_growth_pct",
}  # fmt: skip


def negated(amount: Amount) -> Amount:
    if amount.value < 0:
        return amount
    return Amount(
        -amount.value,
        amount.printed,
        amount.unit,
        True,
        amount.scale,
        amount.scale_from,
        amount.start,
        amount.end,
    )
