"""reportlab platypus: paragraphs and Table flowables (pypdf extracts their cells one per line)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from bench.releases.blocks import Heading, Para, Plant, Table, Title

if TYPE_CHECKING:
    from bench.releases.build import Release

NAME = "platypus"
SUPPORTS: set[str] = set()


def missing() -> str | None:
    return None  # reportlab is a base dependency


def _table(block: Table, styles: dict) -> list:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Spacer
    from reportlab.platypus import Table as RLTable

    data = [list(row) for row in block.header]
    data += [[("   " * row.indent) + row.label, *row.cells] for row in block.rows]
    width = len(data[0])
    data = [r + [""] * (width - len(r)) for r in data]
    label_width = 230
    other = (504 - label_width) / max(1, width - 1)
    commands = [
        ("FONT", (0, 0), (-1, len(block.header) - 1), "Helvetica-Bold", 8),
        ("FONT", (0, len(block.header)), (-1, -1), "Helvetica", 8.5),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, len(block.header) - 1), (-1, len(block.header) - 1), 0.6, colors.black),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
    ]
    for row, first, last in block.spans:
        if last > first:
            commands.append(("SPAN", (first, row), (last, row)))
            commands.append(("ALIGN", (first, row), (last, row), "CENTER"))
    for i, row in enumerate(block.rows, len(block.header)):
        if row.bold:
            commands.append(("FONT", (0, i), (-1, i), "Helvetica-Bold", 8.5))
            commands.append(("LINEABOVE", (1, i), (-1, i), 0.4, colors.grey))
    table = RLTable(
        data, colWidths=[label_width] + [other] * (width - 1), style=commands, hAlign="LEFT"
    )
    return [
        Spacer(1, 10),
        Paragraph(escape(block.caption), styles["caption"]),
        Paragraph(escape(block.unit_note), styles["note"]),
        table,
    ]


def render(releases: list[Release], out_dir: Path) -> None:
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    base = getSampleStyleSheet()
    styles = {
        "title": ParagraphStyle("t", parent=base["Title"], fontSize=17, leading=21),
        "lead": ParagraphStyle("l", parent=base["BodyText"], fontSize=10, leading=13.5),
        "body": ParagraphStyle("b", parent=base["BodyText"], fontSize=10, leading=13.5),
        "bullet": ParagraphStyle("u", parent=base["BodyText"], fontSize=10, leading=13.5, leftIndent=14, bulletIndent=4),
        "quote": ParagraphStyle("q", parent=base["BodyText"], fontSize=10, leading=13.5, leftIndent=18, fontName="Helvetica-Oblique"),
        "small": ParagraphStyle("s", parent=base["BodyText"], fontSize=7.5, leading=9.5),
        "heading": ParagraphStyle("h", parent=base["Heading2"], fontSize=12, spaceBefore=8),
        "caption": ParagraphStyle("c", parent=base["Heading3"], fontSize=10.5, spaceAfter=0),
        "note": ParagraphStyle("n", parent=base["BodyText"], fontSize=7.5, fontName="Helvetica-Oblique"),
    }  # fmt: skip
    for release in releases:
        story: list = []
        for block in release.blocks:
            if isinstance(block, Title):
                story.append(Paragraph(escape(block.text), styles["title"]))
            elif isinstance(block, Heading):
                story.append(Paragraph(escape(block.text), styles["heading"]))
            elif isinstance(block, Para):
                bullet = "\u2022" if block.style == "bullet" else None
                story.append(Paragraph(escape(block.text), styles[block.style], bulletText=bullet))
            elif isinstance(block, Table):
                story += _table(block, styles)
            elif isinstance(block, Plant):
                raise NotImplementedError(f"{NAME} draws no plants ({block.kind})")
        story.append(Spacer(1, 6))
        doc = SimpleDocTemplate(
            str(out_dir / f"{release.name}.pdf"), pagesize=letter, invariant=1,
            title=release.blocks[0].text if release.blocks else "", author="", creator="bench",
            leftMargin=54, rightMargin=54, topMargin=54, bottomMargin=54,
        )  # fmt: skip
        doc.build(story)
