"""The fourth phrasing half, "blind2": wordings and labels nobody has tuned on or diagnosed.

The extractor has been tuned on the dev half and on a class-level diagnosis of the first blind
half, so neither measures generalisation any more. This half does, for as long as its wordings
stay unread: if you work on `studio/documents/`, do not read on. `bench/eval_facts.py
--sets blind2` withholds the value and quote of every WRONG fact, and only its aggregate
numbers are ever reported.

The wordings vary what the three older halves do not: verbs ("equalled", "landed at",
"brought in"), the figure placed first or mid-sentence, lead-ins ("Turning to profitability,"),
UK/IFRS terms ("statutory", "exceptional items", "profit after tax"), prepositions ("through",
"in the vicinity of") and parenthetical comparatives. Every sentence bank has at least six
wordings and every label bank at least two, none equal to a dev, test or blind entry
(tests/bench/test_bench_releases.py checks).

Placeholders follow phrases.py: sign-bearing words come as placeholders ({op_noun}, {up},
{widened}...) and amounts are printed unsigned, so each wording reads right for losses and
declines; every intro names {co}, the {pw} period and its {end} date; a point guidance style
carries {mid} and no {low}/{high}, a range style the reverse, and every guidance wording
reads with every range style after {metric}.
"""

from __future__ import annotations

BLIND2_BANK: dict[str, list[str]] = {
    "intro": [
        "{co} {exch} has today set out its trading and financial performance for the {pw}, which finished on {end}.",
        "On behalf of {co} {exch}, management is pleased to present results for the {pw} (period end: {end}).",
        "{co} {exch}, in a statement issued today, disclosed its quarterly results covering the {pw} through {end}.",
        "This release sets out the unaudited interim results of {co} {exch} for the {pw}, which ran to {end}.",
        "Covering the {pw}, which closed {end}, {co} {exch} today reports the following figures.",
        "{co} {exch} today provided its quarterly update for the {pw}, ending {end}.",
        "Below are the results of {co} {exch} for its {pw}, closed {end}, as released this morning.",
    ],
    "revenue": [
        "The quarter brought in {rev} of revenue, against {prior_rev} twelve months earlier.",
        "Top-line sales for the three months were {rev}, {a_growth} of {yoy}.",
        "At {rev}, quarterly revenue was {up} {yoy} from {prior_rev}.",
        "Revenue, at {rev}, {rose} by {yoy} relative to the year-ago period.",
        "Net turnover for the period: {rev} (same quarter last year: {prior_rev}).",
        "{short}\u2019s revenue in the quarter was {rev}, set against {prior_rev} a year before.",
        "Revenue of {rev} was generated during the three months, {incr_noun} of {yoy} over the prior year.",
        "Consolidated revenue landed at {rev}.",
    ],
    "growth": [
        "On a year-over-year comparison, the top line was {up} {yoy}.",
        "Revenue {growth} for the quarter stood at {yoy}, measured against the prior year.",
        "Turnover {rose} by {yoy} relative to the comparable quarter.",
        "Against last year\u2019s quarter, sales {incr} {yoy}.",
        "The year-on-year change in revenue was {incr_noun} of {yoy}.",
        "Consolidated revenue moved {up} {yoy} compared to a year earlier.",
        "Revenue showed {a_growth} of {yoy} over the same three months of last year.",
    ],
    "operating_income": [
        "{Op_noun} in the three months was {op}, against {prior_op} last year.",
        "The quarter closed with {op_noun} of {op}.",
        "At {op}, {op_noun} compared with {prior_op} for the same period of the prior year.",
        "{short}\u2019s {op_noun} for the quarter was {op}.",
        "{Op_noun} of {op} was posted in the period.",
        "Turning to profitability, {op_noun} equalled {op}.",
        "Statutory {op_noun} was {op}.",
    ],
    "net_income": [
        "{Ni_noun} for the three months reached {ni}, against {prior_ni} a year before.",
        "Bottom-line {ni_noun} was {ni}.",
        "Statutory {ni_noun} for the period was {ni}, equal to {eps_phrase}.",
        "In the three months, {short} generated {ni_noun} of {ni}.",
        "{Ni_noun} landed at {ni}, compared to {prior_ni} in the year-ago period.",
        "The quarter\u2019s result was {ni_noun} of {ni}, corresponding to {eps_phrase}.",
        "Attributable {ni_noun} for the quarter equalled {ni}.",
    ],
    "eps": [
        "{Eps_noun} in the quarter equalled {eps}, against {prior_eps} last year.",
        "Per diluted share, {eps_word} amounted to {eps}.",
        "{short}\u2019s {eps_noun} was {eps} for the three months.",
        "The result translates into {eps_phrase}.",
        "Diluted {eps_word} per common share reached {eps}.",
        "{Eps_noun} (prior-year quarter: {prior_eps}) was {eps}.",
        "Earnings per share, fully diluted: {eps_value}.",
    ],
    "eps_non_gaap": [
        "Adjusted EPS on a diluted basis reached {ng_eps}, compared with {prior_ng_eps} a year earlier.",
        "Before exceptional items, diluted earnings per share were {ng_eps}.",
        "Diluted EPS on a non-GAAP basis for the three months stood at {ng_eps}.",
        "Headline diluted earnings per share were {ng_eps} ({prior_ng_eps} in the prior year).",
        "{short} delivered adjusted diluted earnings per share of {ng_eps}.",
        "Normalized EPS, diluted, was {ng_eps}.",
        "On an underlying basis, each diluted share earned {ng_eps}.",
    ],
    "gross_margin": [
        "The gross margin {widened} by comparison with last year, reaching {gm}.",
        "Gross margin for the three months equalled {gm} of revenue.",
        "Gross margin ended the quarter at {gm}, from {prior_gm} a year before.",
        "{short} earned a gross margin of {gm} on its sales.",
        "Gross profit as a share of sales reached {gm}.",
        "Margin at the gross level was {gm}.",
        "The gross profit margin for the period was {gm} ({prior_gm} in the comparative period).",
    ],
    "operating_cash_flow": [
        "Operations generated {ocf} of cash during the quarter.",
        "Operating cash inflow for the three months was {ocf}.",
        "The business converted profit into {ocf} of operating cash flow.",
        "{short} produced {ocf} in cash from its operating activities.",
        "Operating cash generation equalled {ocf}.",
        "Net cash provided by operations amounted to {ocf} in the three months.",
        "During the quarter, operating activities delivered {ocf} of cash.",
    ],
    "free_cash_flow": [
        "Free cash flow, after deducting {capex} of capital spending, was {fcf}.",
        "The quarter yielded {fcf} of free cash flow.",
        "{short} produced free cash flow of {fcf} in the three months.",
        "Free cash flow, a non-GAAP figure, equalled {fcf}.",
        "Net of capital spending of {capex}, free cash flow reached {fcf}.",
        "Free cash flow in the three months amounted to {fcf}.",
        "Capital expenditure of {capex} left free cash flow at {fcf}.",
    ],
    "ttm_free_cash_flow": [
        "Free cash flow for the twelve months to the quarter end was {ttm}.",
        "Measured over four quarters, free cash flow amounted to {ttm}.",
        "In the twelve months to date, free cash flow equalled {ttm}.",
        "TTM free cash flow was {ttm}.",
        "Free cash flow, summed over the latest four quarters, was {ttm}.",
        "{ttm} of free cash flow was produced across the last four quarters.",
    ],
    "segment": [
        "{seg} brought in {seg_rev} in revenue.",
        "Revenue at {seg} was {seg_rev}, {seg_up} {seg_yoy} year on year.",
        "{seg} posted sales of {seg_rev} ({seg_up} {seg_yoy} against last year).",
        "Within {seg}, turnover reached {seg_rev}.",
        "The {seg} unit recorded revenue of {seg_rev}, having {seg_incr} by {seg_yoy}.",
        "Sales attributable to {seg} were {seg_rev}.",
        "{seg_rev} was contributed by {seg}.",
    ],
    "guidance": [
        "{short} sees {metric} for the {gperiod} {range}.",
        "Management\u2019s outlook for the {gperiod} is for {metric} {range}.",
        "Looking to the {gperiod}, {short} guides {metric} {range}.",
        "We are guiding {metric} {range} for the {gperiod}.",
        "Over the {gperiod}, {short} projects {metric} {range}.",
        "With respect to the {gperiod}, the company is planning for {metric} {range}.",
        "The Group\u2019s guidance for the {gperiod} assumes {metric} {range}.",
    ],
    "range": [
        "from {low} to {high}",
        "ranging between {low} and {high}",
        "of {low} through {high}",
        "of roughly {mid}",
        "close to {mid}",
        "in the vicinity of {mid}",
    ],
    "title": [
        "{short} Issues {Ordinal}-Quarter Results for {fy_words}",
        "Quarterly Report: {short}, Q{q} {fy_words}",
        "{co} Interim Results \u2013 Q{q} {fy_words}",
        "{short} Unveils Q{q} {fy_words} Performance",
        "Results of {short} for Q{q} of {fy_words}",
        "{short} Q{q} {fy_words}: Financial Update",
    ],
    # read after "the": "the third quarter (fiscal 2025)", "the third quarter in 2025"
    "period_words": [
        "{ordinal} three-month period of {fy_words_lc}",
        "{ordinal} quarter ({fy_words_lc})",
        "{ordinal} quarter in {fy_words_lc}",
        "{ordinal} reporting quarter of {fy_words_lc}",
    ],
    "quote": [
        "\u201cThe whole organisation pulled together this quarter, and it shows,\u201d said {ceo}, Chief Executive Officer.",
        "{ceo}, our Chief Executive, remarked: \u201cWe kept our promises to customers and to investors.\u201d",
        "\u201cThese results reward the choices we made a year ago,\u201d observed {ceo}, CEO of {short}.",
        "\u201cOur order book gives us a firm footing for what comes next,\u201d said {ceo}, Managing Director.",
        "Reflecting on the period, {ceo}, Group Chief Executive Officer, said: \u201cWe stayed close to our customers and to our costs.\u201d",
        "\u201cI want to thank every colleague for an excellent effort,\u201d added {ceo}, President and Chief Executive.",
    ],
}

BLIND2_LABELS: dict[str, list[str]] = {
    "revenue": ["Revenue, net", "Sales revenue", "Total sales"],
    "cost": ["Direct costs", "Cost of products sold"],
    "gross_profit": ["Gross earnings", "Gross contribution"],
    "rnd": ["R&D", "Engineering and development"],
    "sga": ["Distribution and administrative expenses", "Sales and marketing, general and administrative"],
    "restructuring": ["Reorganization costs", "Restructuring, net"],
    "opex": ["Total expenses", "Total costs"],
    "operating_income": ["Earnings from operations", "Results from operating activities"],
    "other": ["Net finance costs", "Other non-operating items, net"],
    "pretax": ["Pre-tax income", "Earnings before income taxes"],
    "tax": ["Income tax provision", "Tax charge"],
    "net_income": ["Profit (loss) for the quarter", "Net earnings attributable to the Company",
                   "Profit after tax"],
    "eps_basic": ["Net income (loss) per share \u2013 basic", "Basic earnings per ordinary share"],
    "eps_diluted": ["Net income (loss) per share \u2013 diluted", "Diluted earnings per ordinary share"],
    "shares": ["Number of shares for diluted EPS", "Average diluted share count"],
    "ocf": ["Net operating cash flow", "Operating cash inflow"],
    "capex": ["Capital spending", "Acquisition of property, plant and equipment",
              "Purchase of tangible fixed assets"],
    "fcf": ["Free cash flow generated", "Resulting free cash flow"],
    "income_statement": ["Consolidated Profit and Loss Account", "Results of Operations (Unaudited)",
                         "Statement of Earnings Data"],
    "segment_table": ["Sales by Business Unit", "Revenue Breakdown by Segment", "Segment Turnover"],
    "non_gaap_table": ["Adjusted Earnings Reconciliation", "Bridge from Statutory to Adjusted Results",
                       "Non-GAAP Reconciliations (Unaudited)"],
    "cash_table": ["Cash Flow Data", "Selected Cash Flow Information", "Free Cash Flow Bridge"],
    "highlights": ["Headline Results", "Quarterly Performance Summary", "Main Figures"],
    "segments_heading": ["Business Unit Review", "Segment Commentary", "Operating Review"],
    "outlook": ["Prospects", "Forecast", "What We Expect"],
    "cash_heading": ["Cash Position", "Cash and Capital Allocation", "Funding and Cash Flow"],
}  # fmt: skip
