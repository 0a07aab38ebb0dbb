"""One release from one seed: its figures, the blocks that state them, and its truth.

Truth is recorded as the blocks are written: a field is set only when a sentence or a table
actually prints it for the current period, and to the most precise value printed (the table's
figure when a table shows it, else the figure as the sentence rounds it). Everything else is
null. That is the whole contract with the scorer: a correct extraction is never WRONG, and an
extraction of something the document does not state always is.

    make_release(seed, set_name, producer, half) -> Release   (plants.add_plants adds plants)
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from bench.releases import money
from bench.releases.blocks import Block, Heading, Para, Plant, Title
from bench.releases.company import REGIONS, Company, Period, long_date, make_company, make_period
from bench.releases.guidance import make_guidance
from bench.releases.numbers import Figures, make_figures
from bench.releases.phrases import Half, label, pick
from bench.releases.tables import cash_table, income_table, non_gaap_table, segment_table

CEOS = ["Maria Lindgren", "David Okafor", "Priya Raman", "Thomas Weber", "Elena Rossi",
        "James Whitfield", "Sofia Haugen", "Kenji Mori", "Claire Dubois", "Ahmed Nasser"]  # fmt: skip


@dataclass
class Release:
    name: str
    producer: str
    blocks: list[Block]
    truth: dict[str, Any]
    plants: list[Plant] = field(default_factory=list)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class Writer:
    """Fills wordings from the bank and remembers which truth fields they state, and how
    each was printed (truth["printed"], which tests check against the PDF's text)."""

    def __init__(self, rng: random.Random, half: Half, ctx: dict[str, str]) -> None:
        self.rng, self.half, self.ctx = rng, half, ctx
        self.printed: dict[str, list[str]] = {}

    @property
    def stated(self) -> set[str]:
        return set(self.printed)

    def state(self, field: str, text: str) -> None:
        self.printed.setdefault(field, []).append(text)

    def say(self, fact: str) -> str:
        template = pick(self.rng, fact, self.half)
        for placeholder, (truth_field, key) in PLACEHOLDER_FIELDS.items():
            if placeholder in template:
                self.state(truth_field, self.ctx[key])
        return template.format(**self.ctx)


# placeholder (as it starts in a template) -> (truth field, the context entry that prints it)
PLACEHOLDER_FIELDS = {
    "{rev}": ("revenue", "rev"), "{yoy}": ("revenue_yoy_pct", "yoy"),
    "{op}": ("operating_income", "op"), "{ni}": ("net_income", "ni"),
    "{eps}": ("eps_diluted", "eps"), "{eps_phrase}": ("eps_diluted", "eps"),
    "{eps_value}": ("eps_diluted", "eps"), "{ng_eps}": ("eps_diluted_non_gaap", "ng_eps"),
    "{gm}": ("gross_margin_pct", "gm"), "{ocf}": ("operating_cash_flow", "ocf"),
    "{fcf}": ("free_cash_flow", "fcf"),
}  # fmt: skip


def period_context(rng: random.Random, period: Period, half: Half) -> dict[str, str]:
    fy_words = f"Fiscal {period.fiscal_year}" if period.fiscal else str(period.fiscal_year)
    ctx = {
        "ordinal": period.ordinal, "Ordinal": _cap(period.ordinal), "q": str(period.quarter),
        "fy_words": fy_words, "fy_words_lc": fy_words.replace("Fiscal", "fiscal"),
        "end": long_date(period.end),
    }  # fmt: skip
    words = pick(rng, "period_words", half).format(**ctx)
    if not period.fiscal:  # "third quarter of the 2025 year" reads oddly without "fiscal"
        words = words.replace(f"of the {period.fiscal_year} year", f"of {period.fiscal_year}")
    ctx["pw"] = words
    return ctx


def money_context(rng: random.Random, figures: Figures, currency: str) -> dict[str, Any]:
    """Prose strings for every figure, and the value each prints (for prose-only truth)."""
    unit, cur, prior = figures.unit, figures.current, figures.prior
    symbol = money.SYMBOLS[currency]
    shown: dict[str, float] = {}

    def amount(key: str, count: int) -> str:
        text, value = money.prose(unit.value(count), currency, rng)
        shown[key] = value if count >= 0 else -value
        return text

    def other_sign(value: int, prior_value: int, pos: str, neg: str) -> str:
        text, _ = money.prose(unit.value(prior_value), currency, rng)
        if (value < 0) == (prior_value < 0):
            return text
        return f"{neg if prior_value < 0 else pos} of {text}"

    yoy = figures.yoy_pct
    op_noun = rng.choice(["operating loss", "loss from operations"] if cur.operating_income < 0
                         else ["operating income", "income from operations", "operating profit"])  # fmt: skip
    ni_noun = (
        "net loss"
        if cur.net_income < 0
        else rng.choice(["net income", "net earnings", "net profit"])
    )
    eps_word = "loss" if cur.eps_diluted < 0 else "earnings"
    eps = money.per_share(cur.eps_diluted, symbol, parens=False)
    prior_eps = money.per_share(prior.eps_diluted, symbol, parens=False)
    if (prior.eps_diluted < 0) != (cur.eps_diluted < 0):
        prior_eps = f"{'a loss' if prior.eps_diluted < 0 else 'earnings'} of {prior_eps}"
    gm, prior_gm = figures.gross_margin_pct, figures.prior_gross_margin_pct
    ctx = {
        "rev": amount("revenue", cur.revenue),
        "prior_rev": money.prose(unit.value(prior.revenue), currency, rng)[0],
        "yoy": money.pct(yoy), "up": "up" if yoy >= 0 else "down",
        "rose": "rose" if yoy >= 0 else "fell", "incr": "increased" if yoy >= 0 else "decreased",
        "incr_noun": "an increase" if yoy >= 0 else "a decrease",
        "growth": "growth" if yoy >= 0 else "decline",
        "a_growth": "growth" if yoy >= 0 else "a decline",
        "op": amount("operating_income", cur.operating_income), "op_noun": op_noun,
        "Op_noun": _cap(op_noun),
        "prior_op": other_sign(cur.operating_income, prior.operating_income, "operating income", "an operating loss"),
        "ni": amount("net_income", cur.net_income), "ni_noun": ni_noun, "Ni_noun": _cap(ni_noun),
        "prior_ni": other_sign(cur.net_income, prior.net_income, "net income", "a net loss"),
        "eps": eps, "eps_word": eps_word,
        "eps_noun": f"diluted {eps_word} per share", "Eps_noun": f"Diluted {eps_word} per share",
        "eps_phrase": f"{'a loss' if cur.eps_diluted < 0 else 'earnings'} of {eps} per diluted share",
        "eps_value": eps if cur.eps_diluted >= 0 else f"a loss of {eps}",
        "prior_eps": prior_eps,
        "ng_eps": money.per_share(cur.eps_non_gaap, symbol, parens=False),
        "prior_ng_eps": money.per_share(prior.eps_non_gaap, symbol, parens=False),
        "gm": money.pct(gm), "prior_gm": money.pct(prior_gm),
        "widened": "expanded" if gm >= prior_gm else "contracted",
        "ocf": amount("operating_cash_flow", figures.cash.operating),
        "fcf": amount("free_cash_flow", figures.cash.free),
        "capex": money.prose(unit.value(figures.cash.capex), currency, rng)[0],
        "ttm": money.prose(unit.value(figures.cash_ttm.free), currency, rng)[0],
    }  # fmt: skip
    return {"ctx": ctx, "shown": shown}


def make_release(
    seed: int, set_name: str, producer: str, half: Half, *, plant_kinds: tuple[str, ...] = ()
) -> Release:
    rng = random.Random(seed)
    # 1. the issuer, its calendar and its figures
    currency = rng.choice(["USD", "USD", "EUR", "GBP"])
    company: Company = make_company(rng, currency)
    period = make_period(rng)
    unit = money.UNITS[rng.choice(["thousands", "millions", "millions", "millions", "billions"])]
    segment_names = company.segment_names if rng.random() < 0.6 else REGIONS
    for _ in range(50):  # an EPS that rounds to zero says nothing; draw again
        figures = make_figures(rng, unit, period.quarter, segment_names)
        if abs(figures.current.eps_diluted) >= 0.05 and figures.current.eps_non_gaap > 0:
            break
    symbol = money.SYMBOLS[currency]

    # 2. what this release states, and where
    has_income = rng.random() < 0.85
    has_segment_table = rng.random() < 0.65
    prose_segments = rng.random() < (0.4 if has_segment_table else 0.5)
    has_non_gaap = rng.random() < 0.55
    ng_table = has_non_gaap and rng.random() < 0.7
    has_cash = rng.random() < 0.75
    has_cash_table = has_cash and rng.random() < 0.6
    ttm = has_cash and rng.random() < 0.4
    gm_stated = rng.random() < 0.7
    layout = {"unit": unit.name, "income_statement": has_income, "segment_table": has_segment_table,
              "prose_segments": prose_segments, "non_gaap_table": ng_table,
              "cash_table": has_cash_table, "ttm": ttm, "gross_margin": gm_stated,
              "prior_first": rng.random() < 0.35, "restated": rng.random() < 0.25,
              "ytd": period.quarter > 1 and rng.random() < 0.6}  # fmt: skip

    # 3. prose
    exch = f"({company.exchange}: {company.ticker})"
    ctx = {"co": company.name, "short": company.short, "exch": exch, "ceo": rng.choice(CEOS)}
    ctx.update(period_context(rng, period, half))
    made = money_context(rng, figures, currency)
    ctx.update(made["ctx"])
    w = Writer(rng, half, ctx)
    blocks: list[Block] = [Title(pick(rng, "title", half).format(**ctx))]
    release_day = period.end.toordinal() + rng.randint(18, 45)
    dateline = f"{company.place}, {long_date(dt.date.fromordinal(release_day))} \u2014 "
    blocks.append(Para(dateline + w.say("intro"), "lead"))

    highlights: list[str] = []
    if not has_income or rng.random() < 0.85:
        highlights.append(w.say("revenue"))
    if "revenue_yoy_pct" not in w.stated and rng.random() < 0.55:
        highlights.append(w.say("growth"))
    if gm_stated:
        highlights.append(w.say("gross_margin"))
    if rng.random() < (0.6 if has_income else 0.75):
        highlights.append(w.say("operating_income"))
    if rng.random() < (0.65 if has_income else 0.8):
        highlights.append(w.say("net_income"))
    if "eps_diluted" not in w.stated and rng.random() < (0.6 if has_income else 0.8):
        highlights.append(w.say("eps"))
    if has_non_gaap and (not ng_table or rng.random() < 0.7):
        highlights.append(w.say("eps_non_gaap"))
    blocks.append(Heading(label(rng, "highlights", half)))
    if rng.random() < 0.5:
        blocks += [Para(s, "bullet") for s in highlights]
    else:
        cut = max(1, len(highlights) // 2)
        blocks += [Para(" ".join(highlights[:cut])), Para(" ".join(highlights[cut:]))]
    blocks.append(Para(pick(rng, "quote", half).format(**ctx), "quote"))

    segments_truth: dict[str, float] | None = None
    if has_segment_table:
        segments_truth = {n: unit.value(c) for n, (c, _) in figures.segments.items()}
    if prose_segments:
        lines, shown = [], {}
        for name, (count, prior_count) in figures.segments.items():
            seg_yoy = (count / prior_count - 1) * 100
            text, value = money.prose(unit.value(count), currency, rng)
            shown[name] = value
            lines.append(_cap(pick(rng, "segment", half).format(
                seg=name, seg_rev=text, seg_yoy=money.pct(seg_yoy),
                seg_up="up" if seg_yoy >= 0 else "down",
                seg_incr="increased" if seg_yoy >= 0 else "decreased")))  # fmt: skip
        blocks += [Heading(label(rng, "segments_heading", half)), Para(" ".join(lines))]
        segments_truth = segments_truth or shown

    ttm_where: str | bool = False
    if has_cash:
        sentences = []
        if not has_cash_table or rng.random() < 0.6:
            sentences.append(w.say("operating_cash_flow"))
        if not has_cash_table or rng.random() < 0.7 or not sentences:
            sentences.append(w.say("free_cash_flow"))
        if ttm and rng.random() < 0.5:
            sentences.append(pick(rng, "ttm_free_cash_flow", half).format(**ctx))
            ttm_where = "sentence"
        elif ttm and has_cash_table:
            ttm_where = "column"
        blocks += [Heading(label(rng, "cash_heading", half)), Para(" ".join(sentences))]

    guidance, outlook = make_guidance(rng, figures, period, currency, half, ctx)
    if outlook:
        blocks += [Heading(label(rng, "outlook", half)), Para(" ".join(outlook))]
    blocks.append(Para(FORWARD_LOOKING.format(short=company.short), "small"))

    # 4. tables (each table records the fields it prints, and how)
    tables = []
    if has_income:
        tables.append(income_table(rng, half, figures, period, symbol, currency, layout, gm_stated))
    if has_segment_table:
        with_change = rng.random() < 0.4
        tables.append(
            segment_table(rng, half, figures, period, symbol, currency, layout, with_change)
        )
    if ng_table:
        tables.append(non_gaap_table(rng, half, figures, period, symbol, currency, layout))
    if has_cash_table:
        tables.append(
            cash_table(rng, half, figures, period, symbol, currency, layout, ttm_where == "column")
        )
    layout["ttm"] = ttm_where
    in_table = set()
    for table in tables:
        for key, text in table.states.items():
            w.state(key, text)
            in_table.add(key)
    rng.shuffle(tables)
    blocks += tables
    industry = company.industry.lower()
    article = "an" if industry[0] in "aeiou" else "a"
    city = company.place.split(",")[0].title()
    about = f"About {company.short}: {company.short} is {article} {industry} company headquartered in {city}."
    blocks.append(Para(about, "small"))

    # 5. truth: exact when a table prints it, else as the sentence rounds it
    cur = figures.current
    exact = {
        "revenue": unit.value(cur.revenue), "revenue_yoy_pct": figures.yoy_pct,
        "operating_income": unit.value(cur.operating_income),
        "net_income": unit.value(cur.net_income), "eps_diluted": cur.eps_diluted,
        "eps_diluted_non_gaap": cur.eps_non_gaap, "gross_margin_pct": figures.gross_margin_pct,
        "operating_cash_flow": unit.value(figures.cash.operating),
        "free_cash_flow": unit.value(figures.cash.free),
    }  # fmt: skip
    truth: dict[str, Any] = {"company": company.name, "period": period.label,
                             "period_end": period.end.isoformat(), "currency": currency}  # fmt: skip
    for key, value in exact.items():
        if key not in w.stated:
            truth[key] = None
        elif key in in_table or key not in made["shown"]:
            truth[key] = value
        else:
            truth[key] = made["shown"][key]
    truth["segments"] = segments_truth
    truth["guidance"] = guidance
    truth["ttm_free_cash_flow"] = unit.value(figures.cash_ttm.free) if ttm_where else None
    truth["printed"] = w.printed
    truth.update(producer=producer, set=set_name, seed=seed, half=half, layout=layout)
    return Release(
        name=f"{set_name}_{seed}_{producer}", producer=producer, blocks=blocks, truth=truth
    )


FORWARD_LOOKING = (
    "Forward-looking statements: this release contains forward-looking statements about "
    "{short}'s expected performance, which are subject to risks and uncertainties that could "
    "cause actual results to differ materially. {short} undertakes no obligation to update them."
)
