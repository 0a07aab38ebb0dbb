"""How `studio facts FILE.pdf` shows a fact sheet in a terminal."""

from __future__ import annotations

from collections.abc import Callable

from rich.table import Table
from rich.text import Text

from studio.documents.models import FactSheet


def format_facts_table(
    sheet: FactSheet, *, quote_width: int = 70, words: Callable[[str], str] = str
) -> Table:
    """A Rich table: one row per fact with its value, change, page and quote; highlights
    and warnings follow as rows of their own kind. Every word that comes from the document
    is a plain `Text` (never Rich markup), passed through `words` first (a front end's
    clean-up, e.g. dropping terminal control sequences)."""

    def doc(value: str | None) -> Text:
        return Text(words(value or ""))

    title = " · ".join(part for part in (sheet.company, sheet.period) if part) or "Facts"
    table = Table(
        title=doc(title),
        caption=f"{sheet.document.pages} page(s) · sha256 {sheet.document.sha256[:12]}…",
        show_lines=False,
        expand=False,
    )
    table.add_column("Fact", style="bold")
    table.add_column("Value", justify="right")
    table.add_column("Change", justify="right")
    table.add_column("Period")
    table.add_column("Page", justify="right")
    table.add_column("Quote", overflow="fold", max_width=quote_width, style="dim")

    for fact in sheet.facts:
        changes = []
        if fact.change.yoy_pct is not None:
            changes.append(f"{fact.change.yoy_pct:+g}% YoY")
        if fact.change.qoq_pct is not None:
            changes.append(f"{fact.change.qoq_pct:+g}% QoQ")
        value = Text(words(fact.display), style="red" if (fact.value or 0) < 0 else "")
        table.add_row(
            doc(fact.label),
            value,
            ", ".join(changes),
            doc(fact.period),
            str(fact.page),
            doc(fact.quote),
        )

    for highlight in sheet.highlights:
        table.add_row(
            Text(highlight.kind, style="italic"),
            "",
            "",
            "",
            str(highlight.page),
            doc(highlight.text),
        )
    if not sheet.facts:
        table.add_row(Text("no facts found", style="yellow"), "", "", "", "", "")
    for warning in sheet.warnings:
        table.add_row(Text("warning", style="yellow"), "", "", "", "", doc(warning))
    return table
