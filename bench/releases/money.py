"""How numbers are printed: table cells in a unit, prose amounts, per-share figures, percents.

Every amount in a release is an integer count of the table's smallest printed step (one
thousand, one million, or ten million for tables "in billions" printed with two decimals), so
a table total is the exact sum of its printed lines and truth is exactly what is printed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


@dataclass(frozen=True)
class Unit:
    """A table unit: 'millions' prints 4,618 for 4,618,000,000."""

    name: str  # thousands | millions | billions
    step: float  # full-currency value of one integer count
    decimals: int  # decimals printed in the table

    def value(self, count: int) -> float:
        return round(count * self.step, 2)


UNITS = {
    "thousands": Unit("thousands", 1e3, 0),
    "millions": Unit("millions", 1e6, 0),
    "billions": Unit("billions", 1e7, 2),
}


def cell(count: int | None, unit: Unit, symbol: str = "", *, dash_zero: bool = True) -> str:
    """A table cell: '4,618', '$ 4,618', '(312)' for negatives, '—' for zero."""
    if count is None:
        return ""
    if count == 0 and dash_zero:
        return "—"
    number = (
        abs(count) * unit.step / {"thousands": 1e3, "millions": 1e6, "billions": 1e9}[unit.name]
    )
    text = f"{number:,.{unit.decimals}f}"
    text = f"({text})" if count < 0 else text
    return f"{symbol}{text}" if symbol else text


def per_share(value: float, symbol: str = "", *, parens: bool = True) -> str:
    """'$1.23', '$(0.45)' in tables; prose passes parens=False and words the sign itself."""
    text = f"{abs(value):.2f}"
    if value < 0 and parens:
        return f"{symbol}({text})"
    return f"{symbol}{text}"


def prose(value: float, currency: str, rng: random.Random) -> tuple[str, float]:
    """'$4.62 billion', '€812.4 million', '£96.3 million' or '$4,618 million', and the value
    as printed (what a reader of this sentence alone would take), for an absolute value."""
    symbol = SYMBOLS[currency]
    value = abs(value)
    style = rng.random()
    if value >= 1e9 and style < 0.8:
        decimals = 2 if style < 0.6 else 1
        shown = round(value / 1e9, decimals)
        return f"{symbol}{shown:,.{decimals}f} billion", shown * 1e9
    if value >= 1e6 and style < 0.9:
        millions = value / 1e6
        decimals = 1 if millions < 1000 else 0
        shown = round(millions, decimals)
        return f"{symbol}{shown:,.{decimals}f} million", shown * 1e6
    if value >= 1e6:
        shown = round(value / 1e6)
        return f"{symbol}{shown:,} million", shown * 1e6
    return f"{symbol}{round(value):,}", float(round(value))


def pct(value: float) -> str:
    return f"{abs(value):.1f}%"
