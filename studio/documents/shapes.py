"""Sentence shapes that state a figure without the usual "metric ... amount" order.

postfix_eps            "net income of $300 million, or $2.93 per diluted share"
margin_of_revenue      "Gross profit was $2.2 billion, or 46.3% of revenue"
cash_from_operations   "$4.1 billion of cash came from operating activities"
respectively           "GAAP and non-GAAP EPS of $0.32 and $1.03, respectively"
"""

from __future__ import annotations

import re

from studio.documents.candidates import Candidate
from studio.documents.clauses import EFFECT_BEFORE
from studio.documents.metrics import NON_GAAP, PRIOR_BEFORE
from studio.documents.numbers import Amount, parse_amounts
from studio.documents.sentences import Sentence


def cash_from_operations(text: str, sentence: Sentence) -> list[Candidate]:
    """'$4.1 billion of cash came from operating activities': the figure before a passive."""
    match = re.search(
        r"(\$\s?\(?\d[\d,.]*\)?\s?(?:trillion|billion|million|thousand|bn|mn|[bmk])\b)\s+(?:of|in)\s+"
        r"(?:(?:net\s+)?cash(?:\s+flows?)?\s+)?(?:(?:was\s+|were\s+)?(?:came|generated|provided|flowed|derived)\s+)?"
        r"(?:from|by)\s+(?:its\s+|our\s+|the\s+)?(?:operations|operating\s+activities)\b",
        text,
        re.I,
    )
    if not match or PRIOR_BEFORE.search(text[max(0, match.start() - 40) : match.start()]):
        return []
    if not re.search(r"\bcash\b", text, re.I) or re.search(
        r"\b(?:income|profit|earnings)\b", text, re.I
    ):
        return []  # "$2.2 billion from operations" is cash only where the sentence says cash
    amount = parse_amounts(match.group(1))[0]
    return [Candidate("operating_cash_flow", amount, sentence.page, sentence.text, "prose")]


def margin_of_revenue(text: str, sentence: Sentence) -> list[Candidate]:
    """'Gross profit was $2.2 billion, or 46.3% of revenue': the margin, stated as a share."""
    out = []
    for match in re.finditer(
        r"\b(gross\s+profit|operating\s+income|operating\s+profit)\b(?:[^.;%]|\.\d){0,80}?,?\s+"
        r"(?:or|represented|representing|accounted\s+for|amounted\s+to|equal(?:led|ed)?\s+to|was|were|came\s+to|at)\s+"
        r"(\d{1,2}(?:\.\d+)?\s?(?:%|per\s?cent))\s+of\s+(?:net\s+|total\s+|group\s+)?"
        r"(?:revenues?|sales|turnover|billings)\b",
        text,
        re.I,
    ):
        if NON_GAAP.search(text[max(0, match.start() - 30) : match.start()]):
            continue
        key = "gross_margin_pct" if "gross" in match.group(1).lower() else "operating_margin_pct"
        amount = parse_amounts(match.group(2))[0]
        out.append(Candidate(key, amount, sentence.page, sentence.text, "prose"))
    return out


def postfix_eps(text: str, sentence: Sentence) -> list[Candidate]:
    """'$2.93 per diluted share' after a net income figure (Costco, Ulta headlines)."""
    out = []
    for match in re.finditer(r"(\$\(?\d+\.\d{2}\)?)\s+per\s+diluted\s+share", text, re.I):
        before = text[max(0, match.start() - 70) : match.start()]
        if (
            EFFECT_BEFORE.search(before[-45:])
            or PRIOR_BEFORE.search(before)
            or re.search(r"charge|benefit|impact", before, re.I)
        ):
            continue
        # after a net income figure, or as the figure of 'income of $1.12 per diluted share'
        if not re.search(
            r"net\s+(?:income|earnings)", text[: match.start()], re.I
        ) and not re.search(
            r"\b(?:income|earnings|profit)\s+(?:of|was|were|came\s+to|totall?ed|amounted\s+to)\s*$",
            before,
            re.I,
        ):
            continue
        key = "eps_diluted_non_gaap" if NON_GAAP.search(before) else "eps_diluted"
        amount = parse_amounts(match.group(1))[0]
        amount = Amount(
            amount.value,
            amount.printed,
            "USD",
            amount.negative,
            1.0,
            "",
            match.start(),
            match.end(),
        )
        out.append(Candidate(key, amount, sentence.page, sentence.text, "prose", rank=2))
        break
    return out


def respectively(text: str, sentence: Sentence) -> list[Candidate]:
    """'GAAP and Non-GAAP EPS per diluted share of $0.32 and $1.03, respectively'."""
    match = re.search(
        r"\bGAAP\s+and\s+non-GAAP\s+(?P<what>[\w\s()-]{2,60}?)\s+(?:of|was|were)\s+(?P<a>\$?\(?\d[\d.,]*\)?%?)\s+and\s+(?P<b>\$?\(?\d[\d.,]*\)?%?),?\s+respectively",
        text,
        re.I,
    )
    if not match:
        return []
    what = match.group("what").lower()
    if "eps" in what or "per" in what and "share" in what:
        keys = ("eps_diluted", "eps_diluted_non_gaap")
    elif "operating margin" in what:
        keys = ("operating_margin_pct", "operating_margin_pct_non_gaap")
    else:
        return []
    out = []
    for key, group in zip(keys, ("a", "b"), strict=True):
        amounts = parse_amounts(match.group(group))
        if len(amounts) == 1:
            out.append(Candidate(key, amounts[0], sentence.page, sentence.text, "prose"))
    return out
