"""Facts stated in sentences: "Revenue was $32.0 billion, an increase of 11% year-over-year."

    1. split pages into sentences, remembering the heading context (quarter results,
       year-to-date results, guidance) the sentence sits under
    2. find metric mentions ("revenue", "non-GAAP diluted EPS", "free cash flow", ...)
    3. for each mention, read the first amount of the right kind after it, skipping
       prior-period amounts ("compared to $2.3 billion", "from $514B") and effects
       ("impacted EPS by $(0.05)", "a charge of $298 million")
    4. guidance sentences give ranges ("$43.8 billion to $45.2 billion") instead: guidance.py

Metric mentions and the keys they name live in metrics.py; asides, qualifiers and modals that
change what a figure is in clauses.py; sentence shapes with another order in shapes.py.

Text is data: nothing in a sentence is ever obeyed, only matched against these patterns.
"""

from __future__ import annotations

import re

from studio.documents.candidates import SEGMENT_WORDS, Candidate
from studio.documents.clauses import ADJUSTED_AFTER, EFFECT_BEFORE, MODAL, blank_asides, unqualified
from studio.documents.guidance import GUIDANCE_WORDS, from_mention, growth
from studio.documents.metrics import (
    MENTION,
    MONEY,
    PCT,
    PRIOR_BEFORE,
    is_prior,
    metric_key,
    negated,
)
from studio.documents.numbers import Amount, parse_amounts
from studio.documents.sentences import OTHER_PERIOD, Sentence, guidance_period, sentences
from studio.documents.shapes import (
    cash_from_operations,
    margin_of_revenue,
    postfix_eps,
    respectively,
)

INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget)\b[^.]{0,40}\b(?:instructions?|prompts?|rules|above|previous)\b|"
    r"\bsystem\s+prompt\b|\byou\s+are\s+(?:an?\s+)?(?:ai|assistant|language\s+model|chatgpt)\b|"
    r"\b(?:assistant|ai|model|llm)\b[^.]{0,30}\b(?:must|should)\s+(?:say|state|report|write|output)",
    re.I,
)
_PRIOR_SENTENCE = re.compile(
    r"^(?:last\s+year|in\s+the\s+prior\s+year|a\s+year\s+ago|prior[- ]year)", re.I
)
_UP = re.compile(
    r"\b(?:up|increased?|increases|increasing|grew|growth|grow|rose|higher|gains?|gained|advanced?|"
    r"advancing|climbed?|climbing|jumped?|expanded|improved|improvement|rise|rising)\b[^$%\d]{0,40}$",
    re.I,
)
_DOWN = re.compile(
    r"\b(?:down|decreased?|decreases|decreasing|declined?|declines|declining|fell|lower|drop(?:ped)?|"
    r"contracted|contraction|shrank|slipped|slid|retreated?|fall|falling)\b[^$%\d]{0,40}$",
    re.I,
)
_NOT_REPORTED = re.compile(
    r"^[^.;]{0,30}?(?:constant\s+currency|fx[- ]neutral|organic|operational|excluding|\bcc\b|underlying)",
    re.I,
)
_SEQUENTIAL = re.compile(
    r"sequential|quarter[- ]over[- ]quarter|\bq/q\b|\bqoq\b|prior\s+quarter|previous\s+quarter",
    re.I,
)


def _clean(text: str) -> str:
    """Drop footnote markers glued to words ("EPS2", "Revenue1,2", "rate**") so patterns
    match; digits of amounts are untouched."""
    text = re.sub(r"(?<=[A-Za-z)])(?:\d(?:,\d)*|\*+|[¹²³])(?=[\s:,;)]|$)", "", text)
    return text.replace("’", "'")


def extract(
    page_texts: list[str], *, quarterly: bool, period: str | None = None
) -> list[Candidate]:
    """Candidates from every sentence of the document."""
    out: list[Candidate] = []
    for sentence in sentences(page_texts):
        out.extend(_from_sentence(sentence, quarterly=quarterly, period=period))
    return out


def _from_sentence(
    sentence: Sentence, *, quarterly: bool, period: str | None = None
) -> list[Candidate]:
    text = _clean(sentence.text)
    if _PRIOR_SENTENCE.match(text) or not re.search(r"\d", text) or INSTRUCTION.search(text):
        return []  # an instruction to an AI is not a statement of fact
    guidance = sentence.context == "guidance" or bool(GUIDANCE_WORDS.search(text))
    if not guidance and MODAL.search(text):
        return []  # "should reach about $5.1 billion", "would have grown 2.6%": not a result
    if not guidance and quarterly and (sentence.context == "other" or OTHER_PERIOD.search(text)):
        return []
    if not guidance and not quarterly and period and re.fullmatch(r"\d{4}", period):
        years = set(re.findall(r"\b(?:19|20)\d{2}\b", text))
        if years and period not in years:
            return []  # an annual letter looking back at another year
    if not guidance and _table_like(text):
        return []  # a table row read as a line of text: tables.py reads it with its header
    out = respectively(text, sentence) + (growth(text, sentence) if guidance else [])
    done = {c.key for c in out}
    text = blank_asides(text)  # asides and glosses hold no figure of the metric's (clauses.py)
    mentions = unqualified([m for m in MENTION.finditer(text) if not _denominator(text, m)], text)
    claimed = _claimed(text, mentions)
    for index, mention in enumerate(mentions):
        family = mention.lastgroup
        end = mentions[index + 1].start() if index + 1 < len(mentions) else len(text)
        window_end = min(end, _clause_end(text, mention.end()))
        qualifier = text[(mentions[index - 1].end() if index else 0) : mention.start()][
            -40:
        ] + mention.group(0)
        after = ADJUSTED_AFTER.match(text[mention.end() :])
        if re.match(r"\W*excluding\b", text, re.I) or after:
            # "Excluding these items, diluted EPS was ...", "Operating margin, excluding
            # special items, is expected ...", "EPS on an adjusted basis was ..."; a bare
            # "(non-GAAP)" label says only that the measure is non-GAAP (free cash flow is)
            plain = after and (
                re.fullmatch(r"[\s,(–—-]*\(?non-gaap\)?", after.group(0), re.I)
                or re.search(r"non-gaap|non-ifrs", after.group(0), re.I)
                and not re.search(r"adjusted|underlying|alternative", after.group(0), re.I)
            )
            qualifier = ("non-gaap " if plain else "adjusted ") + qualifier
        if guidance:
            found = from_mention(family, text, mention, window_end, qualifier, sentence)
        else:
            found = _actual(family, text, mention, window_end, qualifier, sentence, claimed, period)
        for candidate in found:
            if candidate.key not in done or guidance:
                out.append(candidate)
                done.add(candidate.key)
    if not guidance:
        out.extend(c for c in postfix_eps(text, sentence) if c.key not in done)
        out.extend(c for c in margin_of_revenue(text, sentence) if c.key not in done)
        out.extend(c for c in cash_from_operations(text, sentence) if c.key not in done)
    return out


def _table_like(text: str) -> bool:
    """'Net income $ 7,788 $ 6,687 16%', 'Reported diluted EPS, GAAP measure $ 6.42': a label
    and cells, no sentence around them."""
    from studio.documents.tables import split_row

    label, cells = split_row(text)
    if len(cells) >= 2:
        return True
    verbs = (
        r"(?<![\w-])(?:of|was|were|is|are|to|at|totaled|totalled|increased|decreased|grew|rose|fell|"
        r"declined|reached|by|generated|delivered|returned|repurchased)(?![\w-])|:"
    )
    return len(cells) == 1 and not re.search(verbs, label, re.I) and not text.rstrip().endswith(".")


def _claimed(text: str, mentions: list[re.Match[str]]) -> dict[int, Amount]:
    """Amounts written just before their metric: '$492 million of free cash flow',
    '$133 million paid in cash dividends', '17.2% GAAP operating margin'. Keyed by the
    mention's start; such an amount never counts for the mention before it."""
    out: dict[int, Amount] = {}
    for mention in mentions:
        before = text[: mention.start()]
        match = re.search(
            r"(\$?\(?\d[\d,.]*\)?\s?(?:billion|million|thousand|[BMK]\b|%)?)\s+(?:of|paid\s+in|in)?\s*(?:the\s+)?(?:gaap\s+|non-gaap\s+)?$",
            before,
            re.I,
        )
        if match:
            amounts = parse_amounts(match.group(1))
            context = before[max(0, match.start(1) - 60) : match.start(1)]
            if EFFECT_BEFORE.search(context[-45:]) or PRIOR_BEFORE.search(context):
                continue
            connected = bool(re.search(r"\s(?:of|in)\s", match.group(0)))
            if (
                len(amounts) == 1
                and amounts[0].unit != "count"
                and (connected or amounts[0].unit == "pct")
            ):
                amount = amounts[
                    0
                ]  # money needs "of"/"in": "$100B revenue run rate" is not revenue
                out[mention.start()] = Amount(amount.value, amount.printed, amount.unit, amount.negative,
                                              amount.scale, amount.scale_from, match.start(1), match.end(1))  # fmt: skip
    return out


def _denominator(text: str, mention: re.Match[str]) -> bool:
    """'15.5% of net sales', 'as a percentage of revenue': not the metric itself."""
    return bool(
        re.search(
            r"(?:%|percent(?:age)?|share|portion)\s+of\s+(?:total\s+)?$",
            text[: mention.start()],
            re.I,
        )
    )


def _clause_end(text: str, start: int) -> int:
    match = re.search(r";", text[start:])
    return start + match.start() if match else len(text)


def _amounts(
    text: str, start: int, end: int, family: str, claimed: dict[int, Amount] | None = None
) -> list[Amount]:
    """Amounts of the right kind in text[start:end] that are not prior-period figures,
    effects ('impacted EPS by $(0.05)') or claimed by the next metric."""
    taken = {a.start for a in (claimed or {}).values()}
    wanted = []
    for amount in parse_amounts(text[start:end]):
        at = start + amount.start
        before = text[max(0, at - 60) : at]
        after = text[start + amount.end : start + amount.end + 80]
        # an effect's "by" or "including" is between the metric and its amount, never
        # inside the metric's own name ("cash provided by operations was $33.01 billion")
        effect = EFFECT_BEFORE.search(text[max(start, at - 45) : at])
        if at in taken or is_prior(before, after) or effect:
            continue
        if _in_range(amount, before, after):
            continue  # one end of a range: a forecast, not a result
        if amount.unit == "pct" and amount.scale != 1.0:
            continue  # basis points are changes, not levels
        if family in MONEY and amount.unit == "USD" and amount.scale_from:
            if not re.match(r"\s*(?:per|a)\s+(?:diluted\s+)?share", after, re.I):
                wanted.append(amount)
        elif (
            family == "eps"
            and amount.unit == "USD"
            and not amount.scale_from
            and amount.decimals == 2
        ) or (family in PCT and amount.unit == "pct"):
            wanted.append(amount)
    return wanted


def _in_range(amount: Amount, before: str, after: str) -> bool:
    """'$3.4 – $3.6 billion', '1.0% – 2.0%' (but not 'increased 5.0% to $2.10 billion')."""
    pct = amount.unit == "pct"
    left = re.search(r"(\S*\d\S*)\s*(?:to|-|–|—)\s*\$?$", before)
    if re.search(r"\bfrom\s+\S*\d\S*\s*to\s*\$?$", before, re.I):
        return False  # "from $514B to $575B": a change, the second figure is the result
    if left and left.group(1).rstrip(",").endswith("%") == pct:
        return True
    right = re.match(r"\s*(?:to|-|–|—)\s*(\$?\(?\d[\d,.]*\)?%?)", after)
    return bool(
        right
        and right.group(1).endswith("%") == pct
        and (pct or right.group(1).startswith("$") or amount.unit != "USD")
    )


_REVENUE_PREFIX = re.compile(
    r"^(?:a|an|this|that|these|their|total|net|consolidated|group|reported|quarterly|company|quarter|"
    r"worldwide|global|overall|aggregate|combined|company-wide|companywide|group-wide|enterprise-wide|"
    r"year-over-year|year-on-year|y/y|yoy|normali[sz]ed|underlying|headline|non-ifrs|statutory|first|second|third|fourth|"
    r"first-quarter|second-quarter|third-quarter|fourth-quarter|q[1-4]|fiscal|\d{4}|revenue|the|our|its|"
    r"gaap|non-gaap|adjusted|core|diluted|basic|operating|free|cash|capital|share|we|it|company['’]s)$",
    re.I,
)


_SUMMARY = re.compile(
    r"highlights?|results?|summary|overview|quarter|fiscal|financials?|key\s+figures|performance|"
    r"consolidated|group|company|total|reported|gaap|headline|note",
    re.I,
)
SEGMENT_HEADING = re.compile(SEGMENT_WORDS, re.I)


def _named_part(before: str) -> bool:
    """True when the word before a metric names a part of the business ("Domestic",
    "North America", "AWS"), not a qualifier of the whole ("Total", "GAAP", "Net")."""
    stripped = before.rstrip()
    colon = re.search(
        r"(?:^|[.;]\s)\s*(?:the\s+)?([A-Z][\w&'’.-]*(?:\s+(?:and|&|of|[A-Z][\w&'’.-]*)){0,4}):$",
        stripped,
    )
    if colon:  # "Middle East and Africa: revenue of ..." (not "Highlights: revenue of ...")
        return not _REVENUE_PREFIX.match(colon.group(1).split(" ")[0]) and not _SUMMARY.search(
            colon.group(1)
        )
    if not stripped or stripped[-1] in ':–—-•("“':
        return False
    word = re.search(r"([\w'’&.-]+)$", stripped)
    if not word:
        return False
    word = word.group(1)
    return word[:1].isupper() and not _REVENUE_PREFIX.match(word) and not re.search(r"['’]s$", word)


_TIME_WORDS = re.compile(
    r"(?:Q[1-4]|FY\S*|First|Second|Third|Fourth|Fiscal|Quarter|Year|Period|Three|Six|Nine|Twelve|"
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Company|Group|GAAP|Non-GAAP|Consolidated|Total|The|Our|Its)\b"
)


def _named_after(after: str) -> bool:
    """'revenue at AWS', 'sales in the Americas segment', 'revenue from Cloud': a part
    named right after the metric (but not 'revenue for the Third Quarter')."""
    match = re.match(
        r"\s+(?:in|at|from|for|of|within)\s+(?:the\s+|our\s+|its\s+)?([A-Z][\w&'’.-]*)", after
    )
    return bool(match) and not _TIME_WORDS.match(match.group(1))


def _other_quarter(before: str, period: str) -> bool:
    found = guidance_period(before)
    return bool(
        found and found.startswith("Q") and period.startswith("Q") and found[:2] != period[:2]
    )


def _actual(
    family, text, mention, end, qualifier, sentence, claimed, period=None
) -> list[Candidate]:  # noqa: ANN001
    key = metric_key(family, qualifier, guidance=False)
    if key is None or family in ("tax_rate", "comparable_sales"):
        return []
    if _named_part(text[: mention.start()]) or _named_after(text[mention.end() :]):
        return []  # "Domestic revenue", "revenue at AWS": a segment, not the total
    if SEGMENT_HEADING.search(sentence.heading) and key in ("revenue", "operating_income"):
        return []  # under "Segment Results" a figure is a segment's, not the company's
    if period and _other_quarter(text[: mention.start()], period):
        return []  # "Q2'23 reported revenue includes ..." in a Q4 release
    if family == "net_income" and re.match(
        r"\s+(?:from\s+continuing|attributable\s+to\s+non)", text[mention.end() :], re.I
    ):
        return []
    found = claimed.get(mention.start())
    if (
        found is None
        or family in PCT
        and found.unit != "pct"
        or family in MONEY
        and not found.scale_from
    ):
        amounts = _amounts(text, mention.end(), end, family, claimed)
        found = amounts[0] if amounts else None
    if found is None and key == "revenue":
        # growth stated only as a percentage: "Revenue was down 7.4% on a reported basis"
        growth = _growth_amount(text, mention.end(), end)
        if growth is None:
            return []
        return [Candidate("revenue_growth_pct", growth, sentence.page, sentence.text, "prose")]
    if found is None:
        return []
    amount = found
    if re.search(r"\bloss\b", mention.group(0), re.I) and not re.search(
        r"\(loss\)|income|profit|earnings", mention.group(0), re.I
    ):
        amount = negated(amount)  # "operating loss of $479 million"
    candidate = Candidate(key, amount, sentence.page, sentence.text, "prose")
    if key == "revenue":
        candidate.yoy_pct = _growth(text, mention.end(), end, amount)
    return [candidate]


def _growth(text: str, start: int, end: int, value: Amount | None) -> float | None:
    """The year-over-year change stated next to a revenue figure, signed by its verb."""
    found = _growth_amount(text, start, end)
    return found.value if found else None


def _growth_amount(text: str, start: int, end: int) -> Amount | None:
    """The first reported year-over-year percentage in text[start:end], signed by its verb
    ('down 7.4%', 'decline was 13.5%'); None for sequential, organic or constant-currency
    changes and for percentages of something ('12% of sales')."""
    if _SEQUENTIAL.search(text):
        return None
    for amount in parse_amounts(text[start:end]):
        if amount.unit != "pct":
            continue
        before = text[max(0, start + amount.start - 40) : start + amount.start]
        after = text[start + amount.end : start + amount.end + 40]
        if PRIOR_BEFORE.search(before) or _NOT_REPORTED.match(after) or re.match(r"\s*of\s", after):
            continue
        if amount.negative or _UP.search(before):
            return amount
        if _DOWN.search(before):
            return negated(amount)
        # the direction after the figure: "was 4.2% lower year over year"
        if re.match(r"\s*(?:higher|up|above|more|better)\b", after, re.I):
            return amount
        if re.match(r"\s*(?:lower|down|below|less|weaker)\b", after, re.I):
            return negated(amount)
    return None
