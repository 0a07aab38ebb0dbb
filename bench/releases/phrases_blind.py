"""The third, blind phrasing half: wordings and labels no extractor author has seen.

The dev half is what the extractor was tuned on, and parts of the test half have been seen
while debugging, so neither still measures how the extractor does on a release written in
words it has never met. This half does. If you work on `studio/documents/`, do not read on:
the blind set is worth exactly as much as the wordings below stay unseen, and its results are
reported only as aggregate numbers (`bench/eval_facts.py --sets blind` withholds the quotes
of WRONG facts for the same reason).

The wordings follow what real releases vary beyond the two older halves: IFRS and UK phrasing
("turnover", "profit for the period", "totalled"), passive voice, the figure before the
metric, prior-year figures in parentheses, "compared to", "versus", "from X to Y". Every
sentence bank has at least six wordings and every table-label bank at least two, none equal
to a dev or test wording (tests/bench/test_bench_releases.py checks).

Placeholders are the ones build.py and guidance.py fill for the other halves, under the same
rules (phrases.py): sign-bearing words come as placeholders so a wording reads right for
losses and declines, and amounts are printed without a sign. A point guidance style carries
{mid} and no {low}/{high}; a range style carries {low} and {high}.
"""

from __future__ import annotations

BLIND_BANK: dict[str, list[str]] = {
    "intro": [
        "{co} {exch} announces its unaudited results for the {pw}, the three months ended {end}.",
        "{co} {exch} (\u201c{short}\u201d or \u201cthe Group\u201d) today issues its results for the {pw}, which closed on {end}.",
        "The Board of {co} {exch} presents the Group\u2019s results for the {pw}, ended {end}.",
        "Financial results for the {pw} (the three months to {end}) were published today by {co} {exch}.",
        "{co} {exch} posted its {pw} results today; the quarter closed on {end}.",
        "In its {pw}, which ended {end}, {co} {exch} delivered the results summarised below.",
    ],
    "revenue": [
        "Turnover {rose} {yoy} to {rev}.",
        "{rev} of revenue was recorded in the quarter, compared to {prior_rev} in the same period of the prior year.",
        "Revenue {incr} from {prior_rev} to {rev} ({up} {yoy}).",
        "Group revenue amounted to {rev} (prior year: {prior_rev}), {up} {yoy}.",
        "Revenue from contracts with customers totalled {rev} versus {prior_rev} for the comparable quarter.",
        "{short} booked net revenues of {rev}, {a_growth} of {yoy} compared to the prior-year quarter.",
        "Sales of {rev} were achieved in the quarter.",
        "Revenue of {rev} ({prior_rev}) was {up} {yoy} at actual exchange rates.",
    ],
    "growth": [
        "Turnover was {up} {yoy} on the prior-year quarter.",
        "Compared to the same quarter a year ago, revenue {incr} by {yoy}.",
        "Revenue {growth} of {yoy} was recorded versus the comparable period.",
        "Reported revenue {rose} {yoy} year-on-year.",
        "The Group\u2019s revenue {incr} {yoy} against the comparative period.",
        "Revenue ended the quarter {up} {yoy} compared to the prior year.",
    ],
    "operating_income": [
        "{Op_noun} for the period amounted to {op} (prior year: {prior_op}).",
        "{op} of {op_noun} was recorded in the quarter.",
        "{Op_noun} totalled {op}, compared to {prior_op} in the comparative period.",
        "{short} posted {op_noun} of {op} versus {prior_op} a year ago.",
        "At the operating level, the Group delivered {op_noun} of {op}.",
        "{Op_noun} (EBIT) was {op}.",
    ],
    "net_income": [
        "{Ni_noun} for the period was {ni} (comparative quarter: {prior_ni}).",
        "{ni} of {ni_noun} was reported for the quarter.",
        "{Ni_noun} attributable to owners of the parent came in at {ni}.",
        "The Group posted {ni_noun} of {ni}, or {eps_phrase}.",
        "{short}\u2019s bottom line showed {ni_noun} of {ni}, compared to {prior_ni} a year ago.",
        "{Ni_noun} totalled {ni} versus {prior_ni} in the same quarter last year.",
        "After tax, {ni_noun} was {ni}.",
    ],
    "eps": [
        "Diluted {eps_word} per share (EPS) came in at {eps} against {prior_eps} a year earlier.",
        "{eps} of diluted {eps_word} per share was reported.",
        "Earnings per share on a diluted basis: {eps_value}.",
        "{short} recorded {eps_phrase}.",
        "{Eps_noun} totalled {eps} (prior year: {prior_eps}).",
        "Diluted {eps_word} per ordinary share was {eps}.",
        "On a per-share basis, the quarter delivered {eps_phrase}.",
    ],
    "eps_non_gaap": [
        "Adjusted diluted EPS, a non-GAAP measure, was {ng_eps} compared to {prior_ng_eps} in the prior-year period.",
        "Underlying earnings per share (diluted) were {ng_eps}.",
        "{ng_eps} of non-GAAP diluted earnings per share was delivered in the quarter.",
        "Excluding stock-based compensation, amortization and restructuring, diluted EPS was {ng_eps}.",
        "Core diluted EPS (non-IFRS) amounted to {ng_eps} versus {prior_ng_eps} a year ago.",
        "Non-GAAP net income per diluted share totalled {ng_eps}.",
        "Adjusted earnings per diluted share: {ng_eps} ({prior_ng_eps}).",
    ],
    "gross_margin": [
        "Gross margin {widened} from {prior_gm} to {gm}.",
        "Gross profit margin stood at {gm} (prior year: {prior_gm}).",
        "A gross margin of {gm} was achieved, compared to {prior_gm} in the prior-year period.",
        "The quarter\u2019s {gm} gross margin compares with {prior_gm} a year earlier.",
        "Gross profit represented {gm} of turnover.",
        "Gross margin as a percentage of net sales was {gm}.",
        "Gross margin percentage: {gm}.",
    ],
    "operating_cash_flow": [
        "Net cash generated from operating activities totalled {ocf}.",
        "{ocf} of cash was generated by operating activities.",
        "Cash flows from operating activities amounted to {ocf}.",
        "Operating activities generated cash of {ocf} in the period.",
        "Net cash inflow from operating activities was {ocf}.",
        "Cash provided by operating activities for the period: {ocf}.",
        "The Group\u2019s operating cash flow came in at {ocf}.",
    ],
    "free_cash_flow": [
        "Free cash flow, i.e. operating cash flow less capital expenditure of {capex}, totalled {fcf}.",
        "{fcf} of free cash flow was generated in the quarter.",
        "Free cash flow after capital expenditures amounted to {fcf}.",
        "Free cash flow (a non-IFRS measure) was {fcf}.",
        "The Group generated free cash flow of {fcf}, after {capex} of capital expenditure.",
        "Free cash flow for the period: {fcf}.",
        "Cash generation remained solid, with free cash flow of {fcf}.",
    ],
    "ttm_free_cash_flow": [
        "Over the trailing twelve months, free cash flow totalled {ttm}.",
        "Free cash flow on a rolling twelve-month basis was {ttm}.",
        "LTM free cash flow reached {ttm}.",
        "Free cash flow for the last twelve months came to {ttm}.",
        "{ttm} of free cash flow was generated over the past twelve months.",
        "Rolling twelve-month free cash flow stood at {ttm}.",
    ],
    "segment": [
        "Turnover in {seg} {seg_incr} {seg_yoy} to {seg_rev}.",
        "{seg_rev} of revenue came from {seg}, {seg_up} {seg_yoy}.",
        "The {seg} division delivered revenue of {seg_rev} ({seg_up} {seg_yoy} on the prior year).",
        "{seg} \u2013 revenue {seg_rev}, {seg_up} {seg_yoy} versus last year.",
        "Revenue of {seg_rev} was reported by the {seg} segment.",
        "{seg} accounted for {seg_rev} of total revenue.",
        "For {seg}, net sales were {seg_rev}.",
    ],
    "guidance": [
        "For the {gperiod}, the Group expects {metric} {range}.",
        "{short} now anticipates {metric} {range} for the {gperiod}.",
        "We expect {metric} for the {gperiod} {range}.",
        "Guidance for the {gperiod} is reiterated: {short} expects {metric} {range}.",
        "{short} is targeting {metric} {range} in the {gperiod}.",
        "The Board now expects {metric} for the {gperiod} {range}.",
        "In respect of the {gperiod}, {short} forecasts {metric} {range}.",
    ],
    "range": [
        "to range from {low} to {high}",
        "of {low}-{high}",
        "within a range of {low} to {high}",
        "of around {mid}",
        "of about {mid}",
        "in the region of {mid}",
    ],
    "title": [
        "{short} Posts {Ordinal} Quarter {fy_words} Results",
        "{short} Releases Q{q} {fy_words} Results",
        "{co} \u2013 Results for the {Ordinal} Quarter {fy_words}",
        "Q{q} {fy_words} Trading Update: {short}",
        "{short} Q{q} {fy_words} Results Announcement",
        "{Ordinal} Quarter {fy_words}: {short} Publishes Quarterly Results",
    ],
    # read after "the": "the third-quarter period of fiscal 2025", "the Q3 2025 quarter"
    "period_words": [
        "{ordinal}-quarter period of {fy_words_lc}",
        "Q{q} {fy_words_lc} quarter",
        "{Ordinal} Quarter {fy_words}",
        "{fy_words_lc} Q{q} period",
    ],
    "quote": [
        "\u201cOur performance this quarter demonstrates the resilience of our business model,\u201d said {ceo}, Chief Executive.",
        "\u201cI am pleased with the progress our teams have made,\u201d commented {ceo}, Chief Executive Officer of {short}.",
        "{ceo}, Chief Executive Officer, said: \u201cWe continued to execute on our strategy and to strengthen our balance sheet.\u201d",
        "\u201cCustomer engagement remained strong and our pipeline continues to build,\u201d noted {ceo}, CEO.",
        "Commenting on the results, {ceo}, Group Chief Executive, said: \u201cWe have navigated a challenging market with discipline.\u201d",
        "\u201cWe enter the coming quarter with confidence in our strategy,\u201d stated {ceo}, President and CEO.",
    ],
}

BLIND_LABELS: dict[str, list[str]] = {
    "revenue": ["Turnover", "Revenue from contracts with customers", "Total net sales and revenue"],
    "cost": ["Cost of goods and services sold", "Cost of net revenues"],
    "gross_profit": ["Total gross profit", "Gross income"],
    "rnd": ["Research and development expenses", "Product development"],
    "sga": ["Selling and administrative expenses", "Marketing, general and administrative"],
    "restructuring": ["Restructuring costs", "Restructuring and impairment"],
    "opex": ["Total operating costs and expenses", "Operating expenses, total"],
    "operating_income": ["Operating earnings", "Profit (loss) from operations", "Operating result"],
    "other": ["Finance income (costs), net", "Non-operating income (expense), net"],
    "pretax": ["Income (loss) before income taxes", "Profit (loss) before taxation"],
    "tax": ["Income taxes", "Taxation"],
    "net_income": ["Profit attributable to owners of the parent", "Net profit (loss) for the period",
                   "Net income (loss) for the period"],
    "eps_basic": ["Basic earnings (loss) per share", "Basic EPS", "Earnings per share \u2013 basic"],
    "eps_diluted": ["Diluted earnings (loss) per share", "Diluted EPS", "Earnings per share \u2013 diluted"],
    "shares": ["Weighted average number of shares \u2013 diluted", "Shares used in diluted per-share computation"],
    "ocf": ["Cash flows from operating activities", "Net cash generated by operating activities"],
    "capex": ["Capital expenditure", "Payments for property, plant and equipment"],
    "fcf": ["Free cash flow (non-IFRS)", "Free cash flow (FCF)"],
    "income_statement": ["Consolidated Statements of Earnings", "Group Income Statement",
                         "Interim Condensed Consolidated Income Statement"],
    "segment_table": ["Segmental Analysis of Revenue", "Sales by Operating Segment", "Revenue by Division"],
    "non_gaap_table": ["Alternative Performance Measures", "Supplemental Non-GAAP Information",
                       "Reconciliation of Reported to Underlying Results"],
    "cash_table": ["Summary of Cash Flows", "Condensed Consolidated Cash Flow Statement",
                   "Free Cash Flow (Non-GAAP) Reconciliation"],
    "highlights": ["Highlights", "At a Glance", "Summary of Results"],
    "segments_heading": ["Divisional Performance", "Operating Segments", "Review by Segment"],
    "outlook": ["Looking Ahead", "Current Outlook", "Forward Guidance"],
    "cash_heading": ["Liquidity and Capital Resources", "Cash and Liquidity", "Cash Flow Review"],
}  # fmt: skip
