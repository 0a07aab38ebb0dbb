"""The document's currency: facts in euros or pounds are read as money and said in their own
currency, never relabelled as dollars.

The patterns that read amounts ("$4.62 billion", "($ in millions)", "$(0.66)") are written
with "$". A release in one other currency ("€812.4 million", "(£ in millions)") is read
through a copy of its text with that symbol swapped for "$", character for character, so
every position, quote and page stays the same; the facts then take the currency back:
unit "EUR", "GBP/share", display "€812.4 million", quote as printed. The swap is a bijection
only when the text has no "$" of its own, so it is made only then; a document that mixes
currencies keeps its text, and amounts in the other currency are not read as money.
"""

from __future__ import annotations

import re
from collections import Counter

from studio.domain import Fact

SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_WORDS = {"EUR": ("euro",), "GBP": ("sterling", "pound"), "JPY": ("yen",)}


_CODE = re.compile(r"\b(EUR|GBP|USD|SEK|NOK|DKK|CHF|JPY|CAD|AUD)( ?)(?=\(?\d)")


def currency(texts: list[str]) -> tuple[str, str]:
    """(ISO code, mark) of the money in the document: the most used symbol; else the most
    used ISO code printed before figures ("EUR 1,204.5 million": the mark is "EUR "); else
    a currency word in a table heading ("in millions of euros"); else dollars."""
    counts = Counter(ch for text in texts for ch in text if ch in SYMBOLS)
    if counts:
        symbol = counts.most_common(1)[0][0]
        return SYMBOLS[symbol], symbol
    codes = Counter(m.group(1) + m.group(2) for text in texts for m in _CODE.finditer(text))
    if codes:
        mark = codes.most_common(1)[0][0]
        return mark.strip(), mark
    lowered = " ".join(texts).lower()
    for code, words in _WORDS.items():
        if any(f"millions of {w}" in lowered or f"thousands of {w}" in lowered for w in words):
            return code, next(s for s, c in SYMBOLS.items() if c == code)
    return "USD", "$"


def as_dollars(texts: list[str], symbol: str) -> list[str]:
    """The texts with `symbol` (or an ISO code mark such as "EUR ", where it stands before a
    figure) read as "$", when that is a one-to-one swap."""
    if symbol == "$" or any("$" in text for text in texts):
        return texts
    if len(symbol) == 1:
        return [text.replace(symbol, "$") for text in texts]
    before_figure = re.compile(rf"\b{re.escape(symbol)}(?=\(?\d)")
    return [before_figure.sub("$", text) for text in texts]


def in_currency(fact: Fact, code: str, symbol: str, swapped: bool) -> Fact:
    """The fact in the document's own currency: unit, display and (when the text was read
    through the swap) the quote as printed."""
    if code == "USD":
        return fact
    update: dict[str, str] = {}
    if "USD" in fact.unit:
        update["unit"] = fact.unit.replace("USD", code)
        update["display"] = fact.display.replace("$", symbol)
    if swapped:
        update["quote"] = fact.quote.replace("$", symbol)
    return fact.model_copy(update=update) if update else fact
