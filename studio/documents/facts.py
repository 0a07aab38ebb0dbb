"""Earnings facts from a document's text, each pinned to a page and a verbatim quote.

    extract_facts(doc) -> FactSheet
      1. who and when: company name and reporting period (first pages)
      2. candidates from sentences (prose.py) and table rows (tables.py)
      3. one fact per key: candidates that agree (within the rounding of what was printed)
         support each other; a better label breaks ties; an unresolved disagreement
         drops the key rather than guessing
      4. segments: rows of a segment table, kept only when they add up to the total
      5. guidance ranges (guidance.py, outlook.py), deduplicated
      6. every fact checked: its quote is on its page and contains its number as printed
      7. highlights: growth drivers, risks and outlook sentences, quoted verbatim

Precision over recall: a figure that cannot be pinned to a quote, or whose period or sign
is in doubt, is left out. Text in the document is data: it is matched against patterns,
never followed.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict

from studio.documents import checks, guidance, money, outlook, prose, sentences, tables
from studio.documents import segments as segments_mod
from studio.documents.candidates import VOCABULARY, Candidate
from studio.documents.highlights import find_highlights
from studio.documents.issuer import find_company, find_period
from studio.documents.models import DocumentInfo, DocumentText, FactSheet
from studio.documents.numbers import display, display_range
from studio.documents.quarantine import quarantine
from studio.domain import Change, Fact


def facts_for_path(path: str | os.PathLike[str], password: str | None = None) -> FactSheet:
    """Read the PDF at `path` under limits and extract its facts (what `studio facts` prints)."""
    from studio.documents.reader import read_pdf

    return extract_facts(read_pdf(path, password=password))


def extract_facts(doc: DocumentText) -> FactSheet:
    # text addressed to an AI is quarantined paragraph by paragraph before anything reads it
    texts, warnings = quarantine(doc.page_texts)
    # money in euros or pounds is read through a "$" copy of the text (money.py)
    code, symbol = money.currency(texts)
    read = money.as_dollars(texts, symbol)
    swapped = read is not texts
    texts = read

    # 1. who and when
    company = find_company(texts)
    period, quarterly = find_period(texts)

    # 2. candidates
    candidates = prose.extract(texts, quarterly=quarterly, period=period)
    table_candidates, blocks = tables.extract(texts, quarterly=quarterly)
    candidates += table_candidates + outlook.from_tables(texts)

    # 3. one fact per key
    chosen: dict[str, Candidate] = {}
    by_key: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        if not candidate.key.startswith("guidance_"):
            by_key[candidate.key].append(candidate)
    for key, group in by_key.items():
        winner = _choose(group, warnings)
        if winner:
            chosen[key] = winner

    # 4. segments: a table's rows, else sentences, that add up to the total
    segments = segments_mod.find(blocks, chosen, texts, company)

    # 5. guidance
    guided = guidance.dedupe([c for c in candidates if c.key.startswith("guidance_")], warnings)

    # 6. facts, each checked against its page
    facts: list[Fact] = []
    for candidate in [*chosen.values(), *segments, *guided]:
        fact = _fact(candidate, period, doc.sha256)
        if _pinned(fact, candidate, texts):
            facts.append(money.in_currency(fact, code, symbol, swapped))
        else:
            warnings.append(
                f"dropped {candidate.key} {fact.display}: quote not found on page {fact.page}"
            )
    order = list(VOCABULARY)
    facts.sort(key=lambda f: (order.index(f.key) if f.key in order else len(order), f.page))
    facts = checks.consistent(facts, warnings, quarterly=quarterly)

    # 7. highlights
    highlights, ignored = find_highlights(sentences.sentences(texts))
    warnings += ignored
    if swapped:  # quoted as printed, in the document's own currency
        highlights = [
            h.model_copy(update={"text": h.text.replace("$", symbol)}) for h in highlights
        ]

    return FactSheet(
        document=DocumentInfo(sha256=doc.sha256, pages=doc.pages, title=doc.title),
        company=company,
        period=period,
        facts=facts,
        highlights=highlights,
        warnings=warnings,
    )


def _agree(a: Candidate, b: Candidate) -> bool:
    tolerance = a.amount.half_unit + b.amount.half_unit
    if a.amount.unit == "pct" or a.key.startswith("eps"):
        tolerance = max(a.amount.half_unit, b.amount.half_unit) * 1.01
    return abs(a.amount.value - b.amount.value) <= tolerance + 1e-6 * abs(a.amount.value)


def _without_parts(group: list[Candidate]) -> list[Candidate]:
    """Readings that add up to another reading are its parts (segments, regions), not rival
    readings of the total: 'Revenue was $1.0 billion' beside 'Revenue at Cloud was $600
    million' and 'Revenue at Devices was $400 million' resolves to the total."""
    values = sorted({round(c.amount.value, 6) for c in group})
    if len(values) < 3 or group[0].unit != "USD":
        return group
    for total in sorted(values, reverse=True):
        rest = [c for c in group if round(c.amount.value, 6) != total]
        parts = {round(c.amount.value, 6): c for c in rest}.values()
        slack = sum(c.amount.half_unit for c in parts) + max(
            c.amount.half_unit for c in group if round(c.amount.value, 6) == total
        )
        if len(parts) >= 2 and abs(sum(c.amount.value for c in parts) - total) <= slack:
            return [c for c in group if round(c.amount.value, 6) == total]
    return group


def _choose(group: list[Candidate], warnings: list[str]) -> Candidate | None:
    """The best-supported candidate; None when the best ones disagree."""
    current = [c for c in group if c.period is None] or group
    current = _without_parts(current)
    support = {id(c): sum(1 for o in current if o is not c and _agree(c, o)) for c in current}
    ranked = sorted(current, key=lambda c: (c.rank, -support[id(c)], c.page))
    best = ranked[0]
    rivals = [
        c
        for c in ranked[1:]
        if support[id(c)] == support[id(best)] and c.rank == best.rank and not _agree(c, best)
    ]
    if rivals:
        shown = ", ".join(sorted({f"{c.amount.printed} (p{c.page})" for c in [best, *rivals]}))
        warnings.append(f"left out {best.key}: the document gives conflicting figures {shown}")
        return None
    agreeing = [best] + [c for c in ranked[1:] if _agree(c, best)]
    if best.key == "revenue":  # prefer the reading that also states the growth
        with_growth = [c for c in agreeing if c.yoy_pct is not None]
        if with_growth:
            return sorted(with_growth, key=lambda c: (c.source != "prose", c.page))[0]
    return sorted(agreeing, key=lambda c: (c.source != "prose", c.rank, c.page))[0]


def _fact(candidate: Candidate, period: str | None, sha256: str) -> Fact:
    label, unit = VOCABULARY[candidate.key]
    if candidate.segment:
        label = f"{label}: {candidate.segment}"
    if candidate.qualifier:  # 'Diluted EPS guidance (non-GAAP, operational)'
        label = (
            f"{label[:-1]}, {candidate.qualifier})"
            if label.endswith(")")
            else f"{label} ({candidate.qualifier})"
        )
    if candidate.low is not None and candidate.high is not None:
        low, high = candidate.low, candidate.high
        shown = display_range(low, high, unit)
        value = high.value if low.value == high.value else None
        return Fact(
            key=candidate.key, label=label, value=value, unit=unit, display=shown,
            period=candidate.period, low=low.value, high=high.value, page=candidate.page,
            quote=candidate.quote, document=sha256,
        )  # fmt: skip
    return Fact(
        key=candidate.key,
        label=label,
        value=candidate.amount.value,
        unit=unit,
        display=display(candidate.amount, unit),
        period=candidate.period or period,
        change=Change(yoy_pct=candidate.yoy_pct),
        segment=candidate.segment,
        page=candidate.page,
        quote=candidate.quote,
        document=sha256,
    )


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _pinned(fact: Fact, candidate: Candidate, texts: list[str]) -> bool:
    """The quote is on its page, and holds every number the fact shows, as printed."""
    if not 1 <= fact.page <= len(texts) or _squash(fact.quote) not in _squash(texts[fact.page - 1]):
        return False
    printed = [a.printed for a in (candidate.low, candidate.high) if a is not None] or [
        candidate.amount.printed
    ]
    return all(p in fact.quote for p in printed)
