"""The phrasing bank: twelve or more wordings per fact, split into two frozen halves.

(Facts: intro, revenue, growth, operating and net income, EPS, non-GAAP EPS, gross margin,
operating and free cash flow, segment lines, guidance. Titles, range styles, period words
and quotes carry no figure and have fewer.)

Half "dev" (the first list of each pair) is all the dev set ever uses, and half "test" (the
second) is all the test set uses, so an extractor tuned on dev has never seen the test
wordings. Do not move wordings between halves or reorder them: the test set's value as a
measurement depends on the halves staying apart (adding new wordings at the end is fine).
A third half, "blind" (phrases_blind.py), holds wordings no extractor author has seen; a
fourth, "blind2" (phrases_blind2.py), replaced it once the extractor was diagnosed on it, and
a fifth, "blind3" (phrases_blind3.py), replaced both; blind3 has been diagnosed too, so a
sixth, "blind4" (phrases_blind4.py), is now the final clean measure.

Placeholders are filled by build.py. Sign-bearing words come as placeholders ({up} is "up" or
"down", {op_noun} is "operating income" or "operating loss") so every wording reads right for
losses and declines; amounts are printed without a sign and the words carry it.
"""

from __future__ import annotations

import random
from typing import Literal

from bench.releases.phrases_blind import BLIND_BANK, BLIND_LABELS
from bench.releases.phrases_blind2 import BLIND2_BANK, BLIND2_LABELS
from bench.releases.phrases_blind3 import BLIND3_BANK, BLIND3_LABELS
from bench.releases.phrases_blind4 import BLIND4_BANK, BLIND4_LABELS

Half = Literal["dev", "test", "blind", "blind2", "blind3", "blind4"]

BANK: dict[str, tuple[list[str], list[str]]] = {
    "intro": (
        [
            "{co} {exch} today reported financial results for its {pw}, which ended {end}.",
            "{co} {exch} today announced results for the {pw} ended {end}.",
            "{co} today reported results for the {pw}, ended {end}.",
            "{co} {exch} announced its financial results for the {pw}, the quarter ended {end}.",
            "{co} today released its results for the {pw} (the quarter ended {end}).",
            "For the {pw}, ended {end}, {co} {exch} reported the results below.",
        ],
        [
            "{co} {exch} (the \u201cCompany\u201d) today published unaudited results for the {pw}, which ended on {end}.",
            "{co} reported results today for its {pw}, a period that closed on {end}.",
            "Today {co} {exch} announced financial results for the {pw} ended {end}.",
            "{co} {exch} has reported its results for the {pw}, covering the three months to {end}.",
            "{co} released financial results for its {pw}, the three months ended {end}, today.",
            "Results for the {pw}, which ended {end}, were announced today by {co} {exch}.",
        ],
    ),
    "revenue": (
        [
            "Revenue was {rev}, {up} {yoy} year over year.",
            "Net sales {rose} {yoy} to {rev}.",
            "The company reported quarterly revenue of {rev}.",
            "Total revenues of {rev} compared with {prior_rev} a year ago, {incr_noun} of {yoy}.",
            "Revenue for the quarter totaled {rev}, compared with {prior_rev} in the prior-year quarter.",
            "Quarterly revenue {incr} {yoy} year over year to {rev}.",
        ],
        [
            "Revenues reached {rev}, {up} {yoy} from the same quarter last year.",
            "{short} generated total revenue of {rev} in the quarter.",
            "Net revenue was {rev}, representing {a_growth} of {yoy} compared with the prior year.",
            "Sales for the quarter were {rev} versus {prior_rev} last year.",
            "Revenue came in at {rev} ({up} {yoy} year on year).",
            "Total net sales amounted to {rev}, {incr_noun} of {yoy} on the prior-year period.",
        ],
    ),
    "growth": (
        [
            "Revenue {incr} {yoy} year over year.",
            "Year-over-year revenue {growth} was {yoy}.",
            "Sales were {up} {yoy} versus the same quarter last year.",
            "Compared with the prior-year quarter, revenue {incr} {yoy}.",
            "Net sales {incr} {yoy} from a year earlier.",
            "Revenue was {up} {yoy} on a reported basis.",
        ],
        [
            "Revenues {incr} by {yoy} year on year.",
            "Total revenue was {up} {yoy} from the year-ago quarter.",
            "The top line {rose} {yoy} compared with a year ago.",
            "Reported revenue {growth} was {yoy} year over year.",
            "Year on year, net sales were {up} {yoy}.",
            "Revenue {rose} {yoy} against the prior-year period.",
        ],
    ),
    "operating_income": (
        [
            "{Op_noun} was {op}.",
            "GAAP {op_noun} was {op}, compared with {prior_op} a year ago.",
            "The company reported {op_noun} of {op}.",
            "{Op_noun} for the quarter totaled {op}.",
            "{Op_noun} amounted to {op} in the quarter.",
            "On a GAAP basis, {op_noun} was {op}.",
        ],
        [
            "{Op_noun} came in at {op}.",
            "{short} recorded {op_noun} of {op} for the period.",
            "Quarterly {op_noun} was {op} versus {prior_op} in the prior-year quarter.",
            "{Op_noun} reached {op}.",
            "The quarter\u2019s {op_noun} stood at {op}.",
            "Reported {op_noun} was {op}.",
        ],
    ),
    "net_income": (
        [
            "{Ni_noun} was {ni}.",
            "GAAP {ni_noun} was {ni}, or {eps_phrase}.",
            "{Ni_noun} for the quarter was {ni}.",
            "The company reported {ni_noun} of {ni}.",
            "{Ni_noun} totaled {ni}, compared with {prior_ni} in the prior-year period.",
            "{short} posted {ni_noun} of {ni} for the quarter.",
        ],
        [
            "{Ni_noun} attributable to shareholders was {ni}.",
            "{Ni_noun} came to {ni}.",
            "Quarterly {ni_noun} amounted to {ni}.",
            "The quarter produced {ni_noun} of {ni}.",
            "{Ni_noun} stood at {ni} versus {prior_ni} a year earlier.",
            "On a GAAP basis, {ni_noun} was {ni}, or {eps_phrase}.",
        ],
    ),
    "eps": (
        [
            "Diluted {eps_word} per share was {eps}.",
            "GAAP {eps_noun} was {eps}.",
            "The company reported {eps_phrase}.",
            "{Eps_noun} came to {eps}.",
            "{Eps_noun} was {eps}, compared with {prior_eps} a year ago.",
            "This represents {eps_phrase}.",
        ],
        [
            "Diluted EPS was {eps_value}.",
            "{short} reported {eps_phrase} for the quarter.",
            "{Eps_noun} for the quarter was {eps}.",
            "On a diluted basis, {eps_word} per share amounted to {eps}.",
            "{Eps_noun} stood at {eps} versus {prior_eps} in the prior-year quarter.",
            "{short} delivered {eps_noun} of {eps}.",
        ],
    ),
    "eps_non_gaap": (
        [
            "Non-GAAP diluted earnings per share was {ng_eps}.",
            "Adjusted EPS was {ng_eps}.",
            "Non-GAAP diluted EPS was {ng_eps}, compared with {prior_ng_eps} a year ago.",
            "Excluding special items, adjusted earnings per diluted share were {ng_eps}.",
            "On a non-GAAP basis, diluted EPS was {ng_eps}.",
            "Adjusted diluted earnings per share came to {ng_eps}.",
        ],
        [
            "Non-GAAP earnings per diluted share were {ng_eps}.",
            "Adjusted diluted EPS was {ng_eps}, versus {prior_ng_eps} in the prior-year quarter.",
            "Non-GAAP EPS (diluted) reached {ng_eps}.",
            "Adjusted earnings per share, diluted, amounted to {ng_eps}.",
            "On an adjusted basis, earnings per diluted share were {ng_eps}.",
            "Non-GAAP diluted net income per share was {ng_eps}.",
        ],
    ),
    "gross_margin": (
        [
            "Gross margin was {gm}.",
            "Gross margin was {gm}, compared with {prior_gm} a year ago.",
            "The company reported a gross margin of {gm}.",
            "Gross margin for the quarter came in at {gm}.",
            "GAAP gross margin was {gm} of revenue.",
            "Gross margin {widened} to {gm}.",
        ],
        [
            "Gross margin reached {gm} of net sales.",
            "Gross profit as a percentage of revenue was {gm}.",
            "The gross margin rate stood at {gm}.",
            "Gross margin came to {gm}, versus {prior_gm} in the prior-year quarter.",
            "Gross margin for the period was {gm}.",
            "Quarterly gross margin was {gm}.",
        ],
    ),
    "operating_cash_flow": (
        [
            "Operating cash flow was {ocf}.",
            "Net cash provided by operating activities was {ocf}.",
            "Cash flow from operations totaled {ocf}.",
            "The company generated {ocf} of operating cash flow.",
            "Cash provided by operations was {ocf} for the quarter.",
            "Operating cash flow for the quarter amounted to {ocf}.",
        ],
        [
            "Cash generated from operations was {ocf}.",
            "Net cash from operating activities reached {ocf}.",
            "{short} generated operating cash flow of {ocf}.",
            "Cash from operations came to {ocf} in the quarter.",
            "Operating activities provided {ocf} of cash.",
            "Quarterly operating cash flow was {ocf}.",
        ],
    ),
    "free_cash_flow": (
        [
            "Free cash flow was {fcf}.",
            "Free cash flow for the quarter totaled {fcf}.",
            "The company generated free cash flow of {fcf}.",
            "Free cash flow, defined as operating cash flow less capital expenditures of {capex}, was {fcf}.",
            "Free cash flow came to {fcf} in the quarter.",
            "Quarterly free cash flow amounted to {fcf}.",
        ],
        [
            "Free cash flow reached {fcf}.",
            "{short} delivered free cash flow of {fcf} for the period.",
            "After capital expenditures of {capex}, free cash flow was {fcf}.",
            "Free cash flow (non-GAAP) was {fcf}.",
            "Free cash flow stood at {fcf} for the quarter.",
            "The quarter\u2019s free cash flow was {fcf}.",
        ],
    ),
    "ttm_free_cash_flow": (
        [
            "Free cash flow for the trailing twelve months was {ttm}.",
            "Trailing twelve-month free cash flow totaled {ttm}.",
        ],
        [
            "On a trailing twelve-month basis, free cash flow was {ttm}.",
            "Free cash flow over the last twelve months amounted to {ttm}.",
        ],
    ),
    "segment": (
        [
            "{seg} revenue was {seg_rev}, {seg_up} {seg_yoy} year over year.",
            "{seg} segment sales were {seg_rev}.",
            "Revenue in {seg} totaled {seg_rev}.",
            "The {seg} segment contributed {seg_rev} of revenue.",
            "{seg} net sales {seg_incr} {seg_yoy} to {seg_rev}.",
            "{seg}: revenue of {seg_rev}, {seg_up} {seg_yoy}.",
        ],
        [
            "{seg} generated revenue of {seg_rev}.",
            "Sales in the {seg} segment reached {seg_rev}, {seg_up} {seg_yoy} from a year ago.",
            "{seg} revenues amounted to {seg_rev}.",
            "In {seg}, revenue was {seg_rev}.",
            "The {seg} business reported revenue of {seg_rev}.",
            "{seg} segment revenue came in at {seg_rev} ({seg_up} {seg_yoy}).",
        ],
    ),
    "guidance": (
        [
            "For the {gperiod}, {short} expects {metric} {range}.",
            "The company expects {metric} for the {gperiod} {range}.",
            "{short} is guiding to {metric} {range} for the {gperiod}.",
            "Looking ahead to the {gperiod}, the company anticipates {metric} {range}.",
            "Outlook for the {gperiod}: {metric} {range}.",
            "For the {gperiod}, management projects {metric} {range}.",
        ],
        [
            "The company currently expects {metric} for the {gperiod} {range}.",
            "{short} forecasts {metric} {range} in the {gperiod}.",
            "Guidance for the {gperiod} calls for {metric} {range}.",
            "In the {gperiod}, {short} anticipates {metric} {range}.",
            "For the {gperiod}, the outlook is for {metric} {range}.",
            "Management expects {metric} {range} for the {gperiod}.",
        ],
    ),
    "range": (
        ["between {low} and {high}", "of {low} to {high}", "of approximately {mid}"],
        ["in the range of {low} to {high}", "to be {low} to {high}", "to be approximately {mid}"],
    ),
    "title": (
        [
            "{short} Reports {Ordinal} Quarter {fy_words} Results",
            "{short} Announces Results for {Ordinal} Quarter of {fy_words}",
            "{short} Reports Q{q} {fy_words} Financial Results",
        ],
        [
            "{Ordinal} Quarter {fy_words} Results",
            "{short} Delivers {Ordinal}-Quarter {fy_words} Results",
            "{short}: Q{q} {fy_words} Earnings Release",
        ],
    ),
    # period words inside sentences; "fiscal" is dropped for calendar-year companies
    "period_words": (
        ["{ordinal} quarter of {fy_words_lc}", "{fy_words_lc} {ordinal} quarter"],
        ["Q{q} of {fy_words_lc}", "{ordinal} quarter of the {fy_words_lc} year"],
    ),
    "quote": (
        [
            "\u201cWe delivered a solid quarter and continued to invest in our strategic priorities,\u201d said {ceo}, Chief Executive Officer.",
            "\u201cOur teams executed well in a demanding environment,\u201d said {ceo}, CEO of {short}.",
            "\u201cDemand from our customers remained healthy throughout the quarter,\u201d said {ceo}, President and Chief Executive Officer.",
        ],
        [
            "\u201cThe quarter reflected disciplined execution across the business,\u201d said {ceo}, Chief Executive Officer.",
            "\u201cWe remain focused on long-term value creation for our shareholders,\u201d said {ceo}, Group CEO.",
            "\u201cWe made good progress on the priorities we set out at the start of the year,\u201d commented {ceo}, CEO.",
        ],
    ),
}

# table and section labels, split the same way (first list dev, second test)
LABELS: dict[str, tuple[list[str], list[str]]] = {
    "revenue": (["Total net revenue", "Net sales", "Revenue", "Total revenue"],
                ["Revenues", "Total revenues", "Net revenues", "Sales"]),
    "cost": (["Cost of revenue", "Cost of sales"], ["Cost of goods sold", "Cost of revenues"]),
    "gross_profit": (["Gross profit"], ["Gross margin"]),
    "rnd": (["Research and development"], ["Research, development and engineering"]),
    "sga": (["Selling, general and administrative"], ["Sales, general and administrative"]),
    "restructuring": (["Restructuring charges"], ["Restructuring and other charges"]),
    "opex": (["Total operating expenses"], ["Total costs and expenses"]),
    "operating_income": (["Income from operations", "Operating income", "Operating income (loss)"],
                         ["Operating profit", "Income (loss) from operations", "Operating profit (loss)"]),
    "other": (["Interest and other income (expense), net"], ["Other income (expense), net"]),
    "pretax": (["Income before income taxes"], ["Profit before tax"]),
    "tax": (["Provision for income taxes"], ["Income tax expense (benefit)"]),
    "net_income": (["Net income", "Net income (loss)", "Net earnings"],
                   ["Net income attributable to shareholders", "Profit for the period", "Net earnings (loss)"]),
    "eps_basic": (["Basic"], ["Basic earnings per share"]),
    "eps_diluted": (["Diluted"], ["Diluted earnings per share"]),
    "shares": (["Diluted weighted-average shares"], ["Weighted-average diluted shares outstanding"]),
    "ocf": (["Net cash provided by operating activities", "Cash flow from operations"],
            ["Net cash from operating activities", "Operating cash flow", "Cash generated from operations"]),
    "capex": (["Purchases of property and equipment", "Capital expenditures"],
              ["Additions to property, plant and equipment", "Purchases of property, plant and equipment"]),
    "fcf": (["Free cash flow"], ["Free cash flow (non-GAAP)"]),
    "income_statement": (["Condensed Consolidated Statements of Operations", "Consolidated Income Statement"],
                         ["Condensed Consolidated Statements of Income", "Summary Income Statement",
                          "Consolidated Statement of Profit or Loss"]),
    "segment_table": (["Revenue by Segment", "Segment Information"],
                      ["Net Sales by Reportable Segment", "Segment Results", "Revenue by Business"]),
    "non_gaap_table": (["Reconciliation of GAAP to Non-GAAP Measures"],
                       ["Non-GAAP Financial Measures", "Reconciliation of Adjusted Results"]),
    "cash_table": (["Condensed Consolidated Statements of Cash Flows", "Free Cash Flow Reconciliation"],
                   ["Cash Flow Summary", "Reconciliation of Free Cash Flow"]),
    "highlights": (["Financial Highlights", "Quarter Highlights"], ["Key Figures", "Results Summary"]),
    "segments_heading": (["Segment Results", "Business Segments"], ["Performance by Segment", "Segment Review"]),
    "outlook": (["Outlook", "Business Outlook"], ["Guidance", "Financial Outlook"]),
    "cash_heading": (["Cash Flow", "Cash Flow and Liquidity"], ["Cash Generation", "Balance Sheet and Cash Flow"]),
}  # fmt: skip


def bank(fact: str, half: Half) -> list[str]:
    if half == "blind":
        return BLIND_BANK[fact]
    if half == "blind2":
        return BLIND2_BANK[fact]
    if half == "blind3":
        return BLIND3_BANK[fact]
    if half == "blind4":
        return BLIND4_BANK[fact]
    dev, test = BANK[fact]
    return dev if half == "dev" else test


def pick(rng: random.Random, fact: str, half: Half) -> str:
    return rng.choice(bank(fact, half))


def label(rng: random.Random, name: str, half: Half) -> str:
    if half == "blind":
        return rng.choice(BLIND_LABELS[name])
    if half == "blind2":
        return rng.choice(BLIND2_LABELS[name])
    if half == "blind3":
        return rng.choice(BLIND3_LABELS[name])
    if half == "blind4":
        return rng.choice(BLIND4_LABELS[name])
    dev, test = LABELS[name]
    return rng.choice(dev if half == "dev" else test)
