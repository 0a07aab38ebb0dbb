"""The sixth phrasing half, "blind4": wordings and labels nobody has tuned on or diagnosed.

The extractor has been tuned on the dev half and on class-level diagnoses of the blind,
blind2 and blind3 halves, so none of them measures generalisation any more. This half does,
for as long as its wordings stay unread: if you work on `studio/documents/`, do not read on.
`bench/eval_facts.py --sets blind4` withholds the value and quote of every WRONG fact and
the value of every unscored guidance fact; only its aggregate numbers are ever reported,
and it is scored once, at the end.

It varies what the five older halves do not (verbs, voice, where the figure sits, lead-ins,
prepositions, UK/IFRS and US terms, parentheticals, how the issuer and its period are
introduced). Every sentence bank has at least six wordings and every label bank at least
two, none equal to a dev, test, blind, blind2 or blind3 entry (tests/bench/test_bench_releases.py
checks).

Placeholders follow phrases.py: sign-bearing words come as placeholders ({op_noun}, {up},
{widened}...) and amounts are printed unsigned, so each wording reads right for losses and
declines; every intro names {co}, the {pw} period and its {end} date; a point guidance style
carries {mid} and no {low}/{high}, a range style the reverse, and every guidance wording
reads with every range style after {metric}.
"""

from __future__ import annotations

BLIND4_BANK: dict[str, list[str]] = {
    "intro": [
        "{co} {exch} has published its unaudited figures for the {pw}, a period that concluded on {end}.",
        "Results for the {pw}, to {end}, were released today by {co} {exch}.",
        "{co} {exch} (\u201cthe Company\u201d) today posted its earnings for the {pw}, closing {end}.",
        "Today {co} {exch} made public its financial statements for the {pw}, with the period concluding {end}.",
        "Financial results of {co} {exch} for the {pw}, which came to an end on {end}, are set out below.",
        "{co} {exch} this morning issued its earnings statement for the {pw}, the three months to {end}.",
        "Following the close of the {pw} on {end}, {co} {exch} today shared its financial performance.",
    ],
    "revenue": [
        "Revenue totalled {rev} in the quarter, as against {prior_rev} in the corresponding quarter a year ago.",
        "The Group recorded revenue of {rev} ({prior_rev} in the prior-year quarter), {up} {yoy}.",
        "{rev} in revenue was booked over the three months, {incr_noun} of {yoy} on the year-earlier figure.",
        "Sales {rose} {yoy} year over year to {rev}.",
        "Compared with {prior_rev} a year earlier, revenue for the quarter came to {rev}.",
        "Group revenue for the period amounted to {rev}.",
        "Sales for the three-month period came in at {rev}, versus {prior_rev} previously.",
        "{short} generated {rev} in revenues during the quarter, {a_growth} of {yoy} over the comparative period.",
    ],
    "growth": [
        "Year on year, revenue {incr} by {yoy}.",
        "Revenue {growth} of {yoy} was recorded against the year-earlier quarter.",
        "Sales were {up} {yoy} on the corresponding period last year.",
        "The quarter saw {incr_noun} in revenue of {yoy} year over year.",
        "Year-over-year revenue {growth} came to {yoy} in the quarter.",
        "Relative to the same quarter of the previous year, the top line {rose} {yoy}.",
        "{short} saw its revenue {incr} {yoy} from the year-earlier level.",
    ],
    "operating_income": [
        "{short} reported {op_noun} of {op} for the quarter, compared with {prior_op} in the same quarter last year.",
        "The Group\u2019s {op_noun} came in at {op}.",
        "{op} of {op_noun} was recorded in the three months.",
        "{Op_noun} amounted to {op} ({prior_op} in the comparative quarter).",
        "For the quarter, {op_noun} totalled {op}.",
        "On a reported basis, {op_noun} stood at {op} against {prior_op} a year earlier.",
        "Trading for the quarter produced {op_noun} of {op}.",
    ],
    "net_income": [
        "{short} recorded {ni_noun} of {ni} for the period, or {eps_phrase}.",
        "{Ni_noun} totalled {ni}, versus {prior_ni} in the year-ago quarter.",
        "The quarter closed with {ni_noun} attributable to shareholders of {ni}.",
        "Reported {ni_noun} amounted to {ni} for the three months.",
        "{ni} in {ni_noun} was recorded, compared with {prior_ni} in the prior-year period.",
        "At the bottom line, {short} posted {ni_noun} of {ni} ({prior_ni} a year earlier).",
        "{Ni_noun} for the quarter came to {ni}, which equates to {eps_phrase}.",
    ],
    "eps": [
        "{Eps_noun} came to {eps}, versus {prior_eps} in the prior-year quarter.",
        "On a per-share basis, this represented {eps_phrase}.",
        "{short} reported {eps_noun} of {eps} for the quarter.",
        "Diluted {eps_word} per ordinary share amounted to {eps}.",
        "{eps} of {eps_noun} was reported, against {prior_eps} a year ago.",
        "Diluted EPS: {eps_value} (prior year: {prior_eps}).",
        "{Eps_noun}, on a reported basis, totalled {eps}.",
    ],
    "eps_non_gaap": [
        "Excluding special items, diluted EPS came to {ng_eps}, versus {prior_ng_eps} a year earlier.",
        "Adjusted diluted earnings per share totalled {ng_eps} for the quarter.",
        "{ng_eps} of non-GAAP earnings per diluted share was delivered in the quarter.",
        "Non-IFRS diluted EPS, which excludes amortisation and restructuring, was {ng_eps}.",
        "On an adjusted basis, {short} earned {ng_eps} per diluted share ({prior_ng_eps} last year).",
        "Core diluted earnings per share amounted to {ng_eps}.",
        "Diluted EPS before specific items came in at {ng_eps}.",
    ],
    "gross_margin": [
        "Gross margin {widened} to {gm}, from {prior_gm} in the year-ago quarter.",
        "The gross profit margin came in at {gm}.",
        "{gm} of revenue was retained as gross profit.",
        "Gross margin, as a percentage of revenue, was {gm} against {prior_gm} a year earlier.",
        "{short} achieved a gross margin of {gm} in the quarter.",
        "Gross margin percentage for the three months: {gm}.",
        "At the gross profit line, margin amounted to {gm} ({prior_gm} prior year).",
    ],
    "operating_cash_flow": [
        "Cash generated by operating activities totalled {ocf}.",
        "{ocf} of net cash was provided by operating activities in the quarter.",
        "Operating cash flow came in at {ocf} for the three months.",
        "{short} generated operating cash of {ocf} during the period.",
        "Cash inflow from operations amounted to {ocf}.",
        "In the quarter, net cash flows from operating activities were {ocf}.",
        "Operating activities provided cash of {ocf}.",
    ],
    "free_cash_flow": [
        "After capital expenditure of {capex}, free cash flow came to {fcf}.",
        "Free cash flow totalled {fcf} for the quarter.",
        "{fcf} of free cash flow was generated in the period.",
        "{short} delivered free cash flow of {fcf}, with capital investment of {capex}.",
        "Free cash flow (operating cash flow less capital expenditures of {capex}) amounted to {fcf}.",
        "The Group\u2019s free cash flow in the quarter stood at {fcf}.",
        "Free cash flow for the three-month period was {fcf}.",
    ],
    "ttm_free_cash_flow": [
        "On a rolling twelve-month basis, free cash flow totalled {ttm}.",
        "Free cash flow over the last twelve months came to {ttm}.",
        "LTM free cash flow amounted to {ttm}.",
        "{ttm} of free cash flow was generated over the trailing twelve months.",
        "For the four quarters ended with this one, free cash flow was {ttm}.",
        "Trailing-twelve-month free cash flow stood at {ttm}.",
    ],
    "segment": [
        "{seg} revenue totalled {seg_rev}.",
        "{seg} generated {seg_rev}, {seg_up} {seg_yoy} on the prior year.",
        "Revenue of {seg_rev} came from {seg}.",
        "In {seg}, sales {seg_incr} {seg_yoy} to {seg_rev}.",
        "{seg} accounted for {seg_rev} of revenue.",
        "The {seg} segment reported revenue of {seg_rev} ({seg_up} {seg_yoy}).",
        "Turning to {seg}, revenue came in at {seg_rev}.",
    ],
    "guidance": [
        "For the {gperiod}, {short} anticipates {metric} {range}.",
        "{short} expects to deliver {metric} {range} in the {gperiod}.",
        "The Board\u2019s expectation for the {gperiod} is {metric} {range}.",
        "Guidance issued today for the {gperiod} points to {metric} {range}.",
        "In the {gperiod}, the company forecasts {metric} {range}.",
        "{short} is targeting {metric} {range} for the {gperiod}.",
        "Management currently anticipates {metric} {range} over the {gperiod}.",
    ],
    "range": [
        "stretching from {low} to {high}",
        "of between {low} and {high}",
        "in the {low}\u2013{high} range",
        "at about {mid}",
        "at or around {mid}",
        "of circa {mid}",
    ],
    "title": [
        "{short} Posts Results for the {Ordinal} Quarter of {fy_words}",
        "{co}: Q{q} {fy_words} Earnings Release",
        "{short} Delivers {Ordinal} Quarter {fy_words} Results",
        "{fy_words} Q{q} Trading Results \u2013 {short}",
        "{short} Announces Q{q} Results ({fy_words})",
        "Earnings Statement of {co} for Q{q}, {fy_words}",
    ],
    # read after "the": "the fiscal 2025 third quarter", "the third-quarter period of 2025"
    "period_words": [
        "{ordinal} quarter of its {fy_words_lc} year",
        "{ordinal} quarter of the {fy_words_lc} reporting year",
        "{ordinal} trading quarter of {fy_words_lc}",
        "{ordinal} quarter within {fy_words_lc}",
        "Q{q} ({ordinal} quarter) of {fy_words_lc}",
    ],
    "quote": [
        "\u201cOur people turned a challenging market into a quarter we can be proud of,\u201d commented {ceo}, Chief Executive.",
        "Commenting on the results, {ceo}, CEO, stated: \u201cWe have momentum, and we intend to keep it.\u201d",
        "\u201cDiscipline on pricing and cost served us well,\u201d according to {ceo}, the company\u2019s Chief Executive Officer.",
        "{ceo}, President and CEO of {short}, noted: \u201cCustomers continue to choose us, and we thank them for it.\u201d",
        "\u201cWe enter the next period with a healthy pipeline and a strong balance sheet,\u201d said {ceo}, Group Managing Director.",
        "In a statement, {ceo}, Chief Executive Officer, said the quarter \u201cconfirmed that our strategy is working.\u201d",
    ],
}

BLIND4_LABELS: dict[str, list[str]] = {
    "revenue": ["Group revenue", "Operating revenue", "Total turnover"],
    "cost": ["Cost of sales and services", "Cost of turnover"],
    "gross_profit": ["Gross profit (loss)", "Gross result"],
    "rnd": ["Research & development costs", "R&D expenditure"],
    "sga": ["Selling, general and administrative expenses", "Administrative and selling expenses"],
    "restructuring": ["Restructuring and integration costs", "Exceptional restructuring costs"],
    "opex": ["Total operating charges", "Total operating costs"],
    "operating_income": ["Operating profit/(loss)", "Trading profit (loss)"],
    "other": ["Finance income and costs, net", "Non-operating income (expense)"],
    "pretax": ["Result before income tax", "Income (loss) before provision for taxes"],
    "tax": ["Income tax charge (credit)", "Taxes on income"],
    "net_income": ["Profit for the period attributable to owners", "Net profit (loss)",
                   "Profit/(loss) after taxation"],
    "eps_basic": ["EPS \u2013 basic", "Earnings (loss) per share, basic"],
    "eps_diluted": ["EPS \u2013 diluted", "Earnings (loss) per share, diluted"],
    "shares": ["Diluted weighted average number of shares", "Shares used in diluted per-share calculation"],
    "ocf": ["Cash inflow from operating activities, net", "Net cash inflow from operating activities"],
    "capex": ["Capital investments", "Purchase of fixed assets"],
    "fcf": ["FCF", "Free cash flow, non-IFRS"],
    "income_statement": ["Consolidated Statement of Comprehensive Income (Extract)",
                         "Condensed Income Statement (Unaudited)", "Interim Consolidated Income Statement"],
    "segment_table": ["Revenue by Operating Segment", "Segmental Analysis", "Turnover Split by Division"],
    "non_gaap_table": ["Reconciliation of Reported to Core Results", "Reconciliation to Adjusted Earnings per Share",
                       "Non-IFRS Reconciliation"],
    "cash_table": ["Summary Cash Flow Statement", "Free Cash Flow Calculation", "Cash Flow Overview"],
    "highlights": ["Headline Numbers for the Quarter", "Quarter in Brief", "This Quarter in Numbers"],
    "segments_heading": ["Segment Trading Review", "Performance of the Divisions", "Segmental Performance"],
    "outlook": ["The Year Ahead", "Outlook and Guidance", "Current Trading and Outlook"],
    "cash_heading": ["Cash Flow and Net Debt", "Cash Performance", "Liquidity and Cash Generation"],
}  # fmt: skip
