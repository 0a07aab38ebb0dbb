"""The producer-neutral shape of one generated release: a list of blocks.

A release is built once from its truth (build.py) as blocks, and each producer lays the
same blocks out its own way (platypus tables, two canvas columns, HTML for Chromium, a
word-processor document for LibreOffice). Keeping the content in one place is what lets
the truth be checked once and hold for every producer.

    Title       the headline, e.g. "Contoso Devices Reports Third Quarter Fiscal 2025 Results"
    Para        body text; style "body", "lead" (first paragraph), "bullet", "quote", "small"
    Heading     a section heading ("Financial Highlights", "Outlook")
    Table       a financial table: caption, unit note, header rows, body rows
    Plant       adversarial content: text or a table the reader must never use (kind says how
                it is hidden; producers that cannot hide it that way raise NotImplementedError)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

PlantKind = Literal[
    "white",  # white text on the white page
    "tiny",  # 1 pt text
    "offpage",  # drawn outside the page box
    "covered",  # drawn, then covered by an opaque rectangle
    "invisible",  # text render mode 3
    "footnote",  # visible, small but legible, addressed to AI
    "visible",  # visible body text addressed to AI
    "hidden_table",  # a fake "As restated" table in white text
]


@dataclass
class Title:
    text: str


@dataclass
class Para:
    text: str
    style: Literal["body", "lead", "bullet", "quote", "small"] = "body"


@dataclass
class Heading:
    text: str


@dataclass
class Row:
    label: str
    cells: list[str]
    bold: bool = False
    indent: int = 0


@dataclass
class Table:
    caption: str
    unit_note: str
    header: list[list[str]]  # header rows; "" under a spanning group label continues it
    rows: list[Row]
    spans: list[tuple[int, int, int]] = field(default_factory=list)  # (header row, first, last)
    states: dict[str, str] = field(default_factory=dict)  # truth field -> its cell as printed


@dataclass
class Plant:
    kind: PlantKind
    text: str = ""
    table: Table | None = None


Block = Title | Para | Heading | Table | Plant
