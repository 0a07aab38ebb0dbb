"""The fifth phrasing half, "blind3": the final clean measure of generalisation.

The extractor has been tuned on the dev half and on class-level diagnoses of both the blind
and blind2 halves, so none of them is blind any more. This half is, for as long as its
wordings stay unread: if you work on `studio/documents/`, do not read on. The set is generated
only when named (`make_releases.py --sets blind3`), `bench/eval_facts.py --sets blind3`
withholds the value and quote of every WRONG fact and every unscored guidance fact, and only
its aggregate numbers are ever reported.

It varies what the four older halves do not, across every bank that has a split: verbs and
voice, the figure placed first, UK/IFRS terms beside US ones, prepositions, lead-ins,
parentheticals, company-introduction styles, fiscal-period phrasings and range styles. Every
sentence bank has at least six wordings and every label bank at least two, none equal to a
dev, test, blind or blind2 entry (tests/bench/test_bench_releases.py checks).

Placeholders follow phrases.py: sign-bearing words come as placeholders ({op_noun}, {up},
{rose}, {widened}...) and amounts are printed unsigned, so each wording reads right for losses
and declines; every intro names {co}, the {pw} period and its {end} date; period words read
after "the"; a point range style carries {mid} and no {low}/{high}, a range style the reverse,
and every guidance wording reads with every range style after {metric}.
"""

from __future__ import annotations

BLIND3_BANK: dict[str, list[str]] = {
    "intro": [
        "{co} {exch} released its earnings for the {pw} after the market closed today; that quarter ended {end}.",
        "Quarterly results: {co} {exch} reported today on the {pw}, which came to a close on {end}.",
        "{co} {exch} today filed its earnings release for the {pw} (three months ending {end}).",
        "{co} {exch} today reported earnings that cover the {pw}, a three-month period ending {end}.",
        "With the close of the {pw} on {end}, {co} {exch} today reports its quarterly results.",
        "{co} {exch} (together with its subsidiaries, \u201c{short}\u201d) reported today its operating and financial results for the {pw}, ended {end}.",
        "Earnings covering the {pw}, the period up to {end}, were reported by {co} {exch} this morning.",
        "{co} {exch} today gave an account of its performance in the {pw}, which finished {end}.",
    ],
    "revenue": [
        "Revenue of {rev}, {up} {yoy} versus the year-ago quarter.",
        "Against {prior_rev} a year earlier, revenue for the quarter was {rev}.",
        "With revenue of {rev}, {short} finished the quarter {up} {yoy} on last year.",
        "Year-ago revenue of {prior_rev} compares with {rev} this quarter.",
        "Revenue, which {rose} {yoy}, reached {rev} in the three months.",
        "Consolidated net revenues were {rev} in the quarter, {incr_noun} of {yoy} from {prior_rev}.",
        "Sales revenues came to {rev}, {a_growth} of {yoy}.",
        "The quarter\u2019s top line was {rev}.",
    ],
    "growth": [
        "Revenue {growth} in the quarter measured {yoy} year over year.",
        "Revenue {rose} {yoy}, year over year, in the quarter just ended.",
        "Quarterly sales {incr} {yoy} in comparison with the year-earlier quarter.",
        "Revenue for the three months was {yoy} {up} year over year, as reported.",
        "Sales trends: revenue {up} {yoy} from the prior-year period.",
        "{short}\u2019s revenue was {up} {yoy} versus a year earlier.",
        "In year-over-year terms, the quarter\u2019s revenue {incr} by {yoy}.",
    ],
    "operating_income": [
        "{Op_noun} in the quarter: {op}, from {prior_op} a year ago.",
        "Against {prior_op} in the year-ago quarter, {op_noun} this quarter was {op}.",
        "{short} booked {op_noun} of {op} in the quarter just ended.",
        "{Op_noun} before interest and tax was {op}.",
        "{Op_noun}, which a year earlier had been {prior_op}, was {op} this quarter.",
        "Operating results for the three months showed {op_noun} of {op}.",
        "{Op_noun}, as reported, came to {op}.",
    ],
    "net_income": [
        "{Ni_noun} was {ni}, or {eps_phrase}; the year-earlier figure was {prior_ni}.",
        "{short} ended the period with {ni_noun} of {ni}.",
        "{Ni_noun} after tax and minority interests was {ni}.",
        "{Ni_noun} for the quarter \u2014 {ni} \u2014 was equivalent to {eps_phrase}.",
        "From {prior_ni} a year ago, {ni_noun} moved to {ni}.",
        "{Ni_noun} for the three months, after all taxes and charges, was {ni}.",
        "{ni} was recorded as {ni_noun} for the quarter.",
    ],
    "eps": [
        "Diluted EPS: {eps_value} (year-ago quarter: {prior_eps}).",
        "In per-share terms, the quarter\u2019s result was {eps_phrase}.",
        "{Eps_noun} reached {eps} in the quarter, from {prior_eps}.",
        "Against {prior_eps} in the prior-year period, {eps_noun} was {eps}.",
        "The quarter\u2019s {eps_noun} came out at {eps}.",
        "{Eps_noun} for the period under review was {eps}.",
        "Net {eps_word} per diluted share totalled {eps} for the three months ended {end}.",
    ],
    "eps_non_gaap": [
        "Non-GAAP EPS on a diluted basis: {ng_eps}, versus {prior_ng_eps}.",
        "Cash EPS, diluted, a non-GAAP figure, was {ng_eps}.",
        "Excluding the items listed in the reconciliation, diluted earnings per share were {ng_eps}.",
        "Against {prior_ng_eps} last year, non-GAAP diluted EPS this quarter was {ng_eps}.",
        "{short} earned {ng_eps} per diluted share on a non-GAAP basis.",
        "Diluted EPS before special items came to {ng_eps}.",
        "On a pro forma basis, which excludes certain items, diluted EPS was {ng_eps}.",
        "Diluted earnings per share excluding one-time charges were {ng_eps}, compared to {prior_ng_eps} in the year-earlier period.",
    ],
    "gross_margin": [
        "Gross margin ({prior_gm} last year) was {gm}.",
        "The gross margin {widened} year over year, to {gm} from {prior_gm}.",
        "Gross margins of {gm} were reported for the quarter.",
        "Expressed as a share of net sales, gross profit came to {gm}.",
        "Against {prior_gm} a year earlier, gross margin reached {gm}.",
        "The quarter\u2019s gross margin settled at {gm}.",
        "Gross margin, which {widened} year over year, was {gm}.",
    ],
    "operating_cash_flow": [
        "The cash flow statement shows {ocf} from operating activities for the quarter.",
        "Operating cash flow of {ocf} was reported for the three months.",
        "Cash from operating activities of {ocf} was generated during the quarter.",
        "For the three months ended {end}, cash provided by operating activities was {ocf}.",
        "In cash terms, the business generated {ocf} from operations.",
        "Cash from operating activities was {ocf}, which funded {capex} of capital expenditures.",
        "{short} took in {ocf} of net cash from its operations.",
    ],
    "free_cash_flow": [
        "Subtracting capital expenditures of {capex} from operating cash flow gives free cash flow of {fcf}.",
        "{short}\u2019s free cash flow in the quarter ended {end} amounted to {fcf}.",
        "After {capex} in capital expenditures, {short} was left with free cash flow of {fcf}.",
        "Positive free cash flow of {fcf} was achieved in the quarter.",
        "FCF (non-GAAP) for the quarter came to {fcf}.",
        "Free cash flow came in at {fcf} for the three-month period.",
        "{short} reported free cash flow of {fcf}, reflecting capital spending of {capex}.",
    ],
    "ttm_free_cash_flow": [
        "Free cash flow for the four quarters ended with this one totalled {ttm}.",
        "Free cash flow, TTM basis: {ttm}.",
        "Looking at the past four quarters together, free cash flow was {ttm}.",
        "In the twelve months through {end}, {short} generated {ttm} of free cash flow.",
        "Cumulative free cash flow over the last four quarters amounted to {ttm}.",
        "Twelve months\u2019 free cash flow to the end of the quarter was {ttm}.",
    ],
    "segment": [
        "{seg}: {seg_rev} in revenue ({seg_up} {seg_yoy}).",
        "Revenue generated in {seg} amounted to {seg_rev}.",
        "{seg} sales of {seg_rev} were {seg_up} {seg_yoy} from a year earlier.",
        "Revenue at the {seg} segment {seg_incr} {seg_yoy}, reaching {seg_rev}.",
        "{seg} contributed sales of {seg_rev} to the total.",
        "Of total revenue, {seg_rev} was attributable to the {seg} segment.",
        "{seg} revenue was {seg_yoy} {seg_up} year on year, at {seg_rev}.",
    ],
    "guidance": [
        "{short} reaffirms its expectation of {metric} {range} for the {gperiod}.",
        "{short} updated its outlook for the {gperiod} and now expects {metric} {range}.",
        "Looking further out, to the {gperiod}, {short} has pencilled in {metric} {range}.",
        "Our planning for the {gperiod} is based on {metric} {range}.",
        "Based on current trends, {short} expects the {gperiod} to show {metric} {range}.",
        "The {gperiod} should see {metric} {range}, according to management.",
        "The {gperiod} is expected by {short} to bring {metric} {range}.",
    ],
    "range": [
        "in the {low} to {high} range",
        "spanning {low} to {high}",
        "between a low of {low} and a high of {high}",
        "of {mid} or thereabouts",
        "of some {mid}",
        "near {mid}",
    ],
    "title": [
        "{short} Announces Earnings for the Quarter Ended {end}",
        "{fy_words} Q{q}: {short} Reports Earnings",
        "{short} Quarterly Report: {Ordinal} Quarter, {fy_words}",
        "{short} Q{q} Results ({fy_words})",
        "Earnings Release \u2014 {short}, {Ordinal} Quarter of {fy_words}",
        "Financial Figures for Q{q} {fy_words} from {short}",
    ],
    # read after "the": "the third quarter (Q3) of fiscal 2025", "the Q3 quarter of 2025"
    "period_words": [
        "{ordinal} quarter (Q{q}) of {fy_words_lc}",
        "three months that make up Q{q} of {fy_words_lc}",
        "Q{q} quarter of {fy_words_lc}",
        "{ordinal} of the four quarters in {fy_words_lc}",
    ],
    "quote": [
        "\u201cSupply was tight, but we kept our delivery promises,\u201d said {ceo}, Chief Executive Officer.",
        "In a statement, {ceo}, CEO of {short}, said the company \u201cmade real headway on the initiatives that matter most.\u201d",
        "\u201cThere is still work ahead, and we know where to focus it,\u201d {ceo}, Chief Executive Officer, told shareholders.",
        "{ceo}, Executive Chair and CEO, added: \u201cEvery team had a hand in this result.\u201d",
        "\u201cWe simplified the portfolio and sharpened our execution,\u201d remarked {ceo}, the company\u2019s Chief Executive.",
        "Speaking about the quarter, {ceo}, Chief Executive Officer, commented that \u201cthe fundamentals of the business remain sound.\u201d",
    ],
}

BLIND3_LABELS: dict[str, list[str]] = {
    "revenue": ["Operating revenues", "Sales to customers", "Sales and service revenues"],
    "cost": ["Cost of operations", "Cost of revenue, excluding depreciation and amortization"],
    "gross_profit": ["Gross trading profit", "Gross profit on revenue"],
    "rnd": ["Technology and development", "Innovation and R&D"],
    "sga": ["SG&A expenses", "Commercial and administrative expenses"],
    "restructuring": ["Exit and disposal costs", "Business transformation costs"],
    "opex": ["Total operating expenditure", "Total opex"],
    "operating_income": ["Trading profit", "EBIT"],
    "other": ["Financial items, net", "Net interest and other financial expense"],
    "pretax": ["Result before tax", "Profit on ordinary activities before taxation"],
    "tax": ["Tax on profit", "Income tax charge"],
    "net_income": ["Net income attributable to common stockholders", "Net result for the period",
                   "Consolidated net earnings"],
    "eps_basic": ["Per share, basic", "Basic net earnings per common share"],
    "eps_diluted": ["Per share, diluted", "Diluted net earnings per common share"],
    "shares": ["Diluted shares (weighted)", "Weighted average shares outstanding \u2014 assuming dilution"],
    "ocf": ["Cash provided by operations", "Operating activities, net cash"],
    "capex": ["Capital additions", "Capex", "Expenditure on tangible assets"],
    "fcf": ["FCF (non-GAAP)", "Free cash flow after capex"],
    "income_statement": ["Profit and Loss Summary", "Quarterly Statement of Operations"],
    "segment_table": ["Divisional Revenue", "Revenues of Reportable Segments", "Segment Sales"],
    "non_gaap_table": ["Non-GAAP Adjustments", "Items Excluded from Adjusted Earnings"],
    "cash_table": ["Cash Flow Highlights", "Operating and Free Cash Flow"],
    "highlights": ["Performance Highlights", "Key Financial Data", "Financial Summary"],
    "segments_heading": ["Results by Business", "Trading by Division"],
    "outlook": ["Expectations", "Outlook Update", "Guidance Update"],
    "cash_heading": ["Liquidity", "Cash Flow Performance", "Sources and Uses of Cash"],
}  # fmt: skip
