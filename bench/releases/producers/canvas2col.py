"""reportlab canvas: prose in two text columns, tables across the full width on later pages.

This is also the producer for hidden plants, since a canvas can draw text every way a person
cannot see it: white on white, 1 pt, outside the page box, under an opaque rectangle, or in
text render mode 3. Plants are drawn on page 1; visible ones ("footnote", "visible") flow
with the prose or sit at the foot of the page.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bench.releases.blocks import Heading, Para, Plant, Table, Title

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from bench.releases.build import Release

NAME = "canvas2col"
SUPPORTS = {
    "white",
    "tiny",
    "offpage",
    "covered",
    "invisible",
    "footnote",
    "visible",
    "hidden_table",
}
WIDTH, HEIGHT = 612.0, 792.0
MARGIN, GUTTER = 54.0, 20.0
COLUMN = (WIDTH - 2 * MARGIN - GUTTER) / 2
FONTS = {
    "lead": ("Helvetica", 9.5, 12.5), "body": ("Helvetica", 9.5, 12.5),
    "bullet": ("Helvetica", 9.5, 12.5), "quote": ("Helvetica-Oblique", 9.5, 12.5),
    "small": ("Helvetica", 7, 8.8), "heading": ("Helvetica-Bold", 10.5, 15),
}  # fmt: skip


def missing() -> str | None:
    return None


def _lines(block: Heading | Para) -> list[tuple[str, str, float, float, float]]:
    """(text, font, size, leading, indent) lines of one prose block at column width."""
    from reportlab.lib.utils import simpleSplit

    style = "heading" if isinstance(block, Heading) else block.style
    font, size, leading = FONTS[style]
    indent = 10.0 if style in ("bullet", "quote") else 0.0
    text = ("\u2022 " if style == "bullet" else "") + block.text
    out = [
        (line, font, size, leading, indent)
        for line in simpleSplit(text, font, size, COLUMN - indent)
    ]
    out.append(("", font, size, leading * 0.45, 0.0))  # paragraph space
    return out


def _table(
    c: Canvas, table: Table, y: float, color: tuple[float, float, float] = (0, 0, 0)
) -> float:
    """Draw a table across the width from y downward; returns the y below it."""
    from reportlab.lib.utils import simpleSplit

    c.setFillColorRGB(*color)
    c.setFont("Helvetica-Bold", 10.5)
    c.drawString(MARGIN, y, table.caption)
    y -= 12
    c.setFont("Helvetica-Oblique", 7.5)
    c.drawString(MARGIN, y, table.unit_note)
    y -= 14
    ncols = max(len(r) for r in table.header) - 1 if table.header else len(table.rows[0].cells)
    label_w = 230.0
    col_w = (WIDTH - 2 * MARGIN - label_w) / max(1, ncols)
    right = [MARGIN + label_w + col_w * (i + 1) - 4 for i in range(ncols)]
    spanned = {(r, f): last for r, f, last in table.spans}
    for r, header in enumerate(table.header):
        c.setFont("Helvetica-Bold", 7.5)
        lines = 1
        for i, text in enumerate(header[1:], 1):
            if not text:
                continue
            last = spanned.get((r, i), i)
            if last > i:
                mid = (right[i - 1] - col_w + 4 + right[last - 1]) / 2
                c.drawCentredString(mid, y, text)
                continue
            parts = simpleSplit(text, "Helvetica-Bold", 7.5, col_w - 8)  # a narrow column wraps
            for k, part in enumerate(parts):
                c.drawRightString(right[i - 1], y - 9 * k, part)
            lines = max(lines, len(parts))
        y -= 10 + 9 * (lines - 1)
    c.setLineWidth(0.5)
    c.setStrokeColorRGB(*color)
    c.line(MARGIN, y + 7, WIDTH - MARGIN, y + 7)
    y -= 3
    for row in table.rows:
        font = "Helvetica-Bold" if row.bold else "Helvetica"
        c.setFont(font, 8.5)
        c.drawString(MARGIN + 10 * row.indent, y, row.label)
        for i, text in enumerate(row.cells):
            c.drawRightString(right[i], y, text)
        y -= 11.5
    return y - 14


def _plant(c: Canvas, plant: Plant, slot: int) -> None:
    """Draw one hidden plant on the current page (visible ones are laid out with the prose)."""
    x, y = MARGIN, 14.0 + 9 * (slot % 3)
    c.saveState()
    if plant.kind == "white":
        c.setFillColorRGB(1, 1, 1)
        c.setFont("Helvetica", 8)
        c.drawString(x, y, plant.text)
    elif plant.kind == "tiny":
        c.setFont("Helvetica", 1)
        c.drawString(x, HEIGHT - 30 - slot, plant.text)
    elif plant.kind == "offpage":
        c.setFont("Helvetica", 9)
        c.drawString(-1500.0, HEIGHT - 200 - 12 * slot, plant.text)
        c.drawString(x, HEIGHT + 60 + 12 * slot, plant.text)
    elif plant.kind == "covered":
        c.setFont("Helvetica", 8)
        c.drawString(x, y, plant.text)
        shade = (1, 1, 1) if slot % 2 == 0 else (0.13, 0.22, 0.4)
        c.setFillColorRGB(*shade)
        c.rect(x - 4, y - 4, WIDTH - 2 * MARGIN + 8, 14, stroke=0, fill=1)
    elif plant.kind == "invisible":
        text = c.beginText(x, y)
        text.setFont("Helvetica", 8)
        text.setTextRenderMode(3)
        text.textLine(plant.text)
        c.drawText(text)
    elif plant.kind == "hidden_table" and plant.table is not None:
        _table(c, plant.table, 300.0, color=(1, 1, 1))
    c.restoreState()


def render(releases: list[Release], out_dir: Path) -> None:
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    for release in releases:
        c = Canvas(str(out_dir / f"{release.name}.pdf"), pagesize=(WIDTH, HEIGHT), invariant=1)
        c.setTitle(release.blocks[0].text if release.blocks else "")
        prose: list = []
        tables: list[Table] = []
        hidden: list[Plant] = []
        footnotes: list[str] = []
        for block in release.blocks:
            if isinstance(block, Title):
                continue
            if isinstance(block, Table):
                tables.append(block)
            elif isinstance(block, Plant):
                if block.kind == "visible":
                    prose += _lines(Para(block.text))
                elif block.kind == "footnote":
                    footnotes.append(block.text)
                else:
                    hidden.append(block)
            else:
                prose += _lines(block)
        # page 1: title across the width, then two columns
        title = (
            release.blocks[0].text
            if release.blocks and isinstance(release.blocks[0], Title)
            else ""
        )
        y = HEIGHT - MARGIN - 6
        c.setFont("Helvetica-Bold", 16)
        for line in simpleSplit(title, "Helvetica-Bold", 16, WIDTH - 2 * MARGIN):
            c.drawString(MARGIN, y, line)
            y -= 20
        notes = [line for i, note in enumerate(footnotes)
                 for line in simpleSplit(f"{i + 1}. {note}", "Helvetica", 6.5, WIDTH - 2 * MARGIN)]  # fmt: skip
        for slot, plant in enumerate(hidden):  # under the prose, so white glyphs never cut it
            _plant(c, plant, slot)
        top, bottom = y - 8, MARGIN + 10 + 8 * len(notes)
        first_page = True
        while prose:
            total = sum(line[3] for line in prose)
            balance = total / 2 + 13 if total < 2 * (top - bottom) else top - bottom
            for column in (0, 1):
                x, y = MARGIN + column * (COLUMN + GUTTER), top
                floor = max(bottom, top - balance) if column == 0 else bottom
                while prose and y - prose[0][3] > floor:
                    text, font, size, leading, indent = prose.pop(0)
                    c.setFont(font, size)
                    c.drawString(x + indent, y, text)
                    y -= leading
            if first_page:
                c.setFont("Helvetica", 6.5)
                for i, line in enumerate(notes):
                    c.drawString(MARGIN, MARGIN + 8 * (len(notes) - 1 - i), line)
                first_page = False
            c.showPage()
            top, bottom = HEIGHT - MARGIN, MARGIN
        y = HEIGHT - MARGIN
        for table in tables:
            need = 40 + 10 * len(table.header) + 11.5 * len(table.rows)
            if y - need < MARGIN:
                c.showPage()
                y = HEIGHT - MARGIN
            y = _table(c, table, y)
        c.showPage()
        c.save()
