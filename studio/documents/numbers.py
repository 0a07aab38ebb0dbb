"""Numbers as printed in financial documents, and back to print.

    printed                    value            unit        note
    "$32.0 billion"            32_000_000_000   USD
    "$(0.66)"                  -0.66            USD/share   parentheses are a negative
    "($479) million"           -479_000_000     USD
    "$1,076M"                  1_076_000_000    USD         suffix scale
    "(12.5)%" / "-36%"         -12.5 / -36      pct
    "31,999" in "(in millions)" table          31_999_000_000

`Amount.printed` keeps the digits exactly as they appear, so a quote can be checked to
contain the number it gave.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SCALES = {
    "thousand": 1e3, "thousands": 1e3, "k": 1e3,
    "million": 1e6, "millions": 1e6, "mn": 1e6, "mm": 1e6, "m": 1e6,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "b": 1e9,
    "trillion": 1e12, "t": 1e12,
}  # fmt: skip
SCALE_WORD = {1e3: "thousand", 1e6: "million", 1e9: "billion", 1e12: "trillion"}

# One amount in running text: optional sign/parens, optional $, digits, optional scale
# word or suffix, optional percent. Groups: neg, dollar, digits, scale, pct.
AMOUNT_RE = re.compile(
    r"""(?<![\w.])
    (?P<neg>(?<![\d%)])-(?=\$?\d)|\((?=\s?\$?\s?\d))?\s?
    (?P<dollar>\$)?\s?
    (?P<neg2>(?<![\d%)])-(?=\d)|\((?=\d))?
    (?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)
    \)?
    (?:\s?(?P<scale>trillion|billion|million|thousand|bn|mn|[BMK](?![a-z]))\b)?
    (?P<pct>\s?(?:%|per\s?cent\b|pts?\b|ppts?\b|percentage\spoints?\b|basis\spoints?\b))?
    \)?
    """,
    re.VERBOSE | re.IGNORECASE,
)


@dataclass(frozen=True)
class Amount:
    value: float  # in full units (dollars, percent points, dollars per share)
    printed: str  # the digits as printed, e.g. "31,999" or "0.66"
    unit: str  # USD, USD/share, pct, count
    negative: bool
    scale: float = 1.0  # 1e6 for "million", ...
    scale_from: str = ""  # "word", "suffix", "table" or ""
    start: int = 0  # position in the text it was found in
    end: int = 0

    @property
    def decimals(self) -> int:
        return len(self.printed.split(".")[1]) if "." in self.printed else 0

    @property
    def half_unit(self) -> float:
        """Half of the last printed digit, in full units: how far the true value can be."""
        return 0.5 * 10 ** (-self.decimals) * self.scale


def parse_amounts(text: str) -> list[Amount]:
    """Every amount in `text`, left to right. Bare integers (years, counts) come back with
    unit "count" so callers can skip them."""
    out = []
    for match in AMOUNT_RE.finditer(text):
        digits = match.group("digits")
        raw = match.group(0)
        opened = (match.group("neg") == "(") or (match.group("neg2") == "(")
        closed = ")" in raw[raw.index(digits) :]
        negative = match.group("neg") == "-" or match.group("neg2") == "-" or (opened and closed)
        if opened and not closed:  # "(see note 3" is not a negative
            negative = negative and match.group("neg") == "-"
        scale_word = (match.group("scale") or "").lower()
        scale = SCALES.get(scale_word, 1.0)
        pct = match.group("pct")
        if pct:
            unit = "pct"
            if "basis" in pct.lower():
                scale = 0.01  # 50 basis points = 0.5 percentage points
        elif match.group("dollar"):
            unit = "USD"
        else:
            unit = "count"
        number = float(digits.replace(",", ""))
        start = (
            match.start("neg")
            if match.group("neg")
            else match.start("dollar")
            if match.group("dollar")
            else match.start("digits")
        )
        out.append(
            Amount(
                value=(-number if negative else number) * scale,
                printed=digits,
                unit=unit,
                negative=negative,
                scale=scale,
                scale_from="word" if len(scale_word) > 1 else "suffix" if scale_word else "",
                start=start,
                end=match.end(),
            )
        )
    return out


def with_scale(amount: Amount, scale: float, source: str) -> Amount:
    """The amount read under a table's "(in millions)" (a scale already printed wins)."""
    if amount.scale_from or amount.unit not in ("USD", "count"):
        return amount
    number = float(amount.printed.replace(",", ""))
    return Amount(
        value=(-number if amount.negative else number) * scale,
        printed=amount.printed,
        unit="USD",
        negative=amount.negative,
        scale=scale,
        scale_from=source,
        start=amount.start,
        end=amount.end,
    )


def display(amount: Amount, unit: str) -> str:
    """How a person prints the amount: "$32.0 billion", "-$0.66", "$31,999 million", "29%"."""
    sign = "-" if amount.value < 0 else ""
    if unit == "pct":
        return f"{sign}{amount.printed}%"
    if unit == "USD/share":
        return f"{sign}${amount.printed}"
    word = SCALE_WORD.get(amount.scale)
    return f"{sign}${amount.printed} {word}" if word else f"{sign}${amount.printed}"


def display_range(low: Amount, high: Amount, unit: str) -> str:
    """ "$43.8 billion to $45.2 billion", "$5.70 to $6.50", "3.7% to 4.1%"."""
    if low.printed == high.printed and low.value == high.value:
        return display(high, unit)
    return f"{display(low, unit)} to {display(high, unit)}"


def close(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance + 1e-9 * max(abs(a), abs(b), 1.0)
