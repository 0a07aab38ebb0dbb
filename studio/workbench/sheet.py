"""The matrix's contact sheet: a title line (template, version, content hash), one column
header per generator/seed/axis value, one row label per case, each cell's image at its size.
Labels are set in DejaVu Sans (studio/compose/fonts), large enough for OCR to read back.

    ┌──────────────────────────────────────────────┐
    │ title                                        │
    │            offline    offline    diffusers   │  header: generator
    │            seed 1     seed 2     seed 1      │          seed, axis=value
    │ case one   [cell]     [cell]     [cell]      │
    │ case two   [cell]     [cell]     [cell]      │
    └──────────────────────────────────────────────┘
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw

from studio.compose.common import ellipsize, wrap_text
from studio.compose.fonts import font

if TYPE_CHECKING:
    from studio.workbench.matrix import MatrixPlan

PAPER = (248, 247, 244)
INK = (28, 28, 30)
FAILED = (205, 205, 205)
FAILED_INK = (170, 20, 20)
PAD, GAP = 16, 10
LABEL_FONT = "DejaVu Sans"
TITLE_FONT = "DejaVu Sans:bold"


@dataclass(frozen=True)
class SheetGeometry:
    cell: tuple[int, int]
    rows: int
    cols: int
    label_px: int
    title_h: int
    header_h: int
    row_label_w: int

    @property
    def origin(self) -> tuple[int, int]:
        """Top-left corner of cell (0, 0)."""
        return PAD + self.row_label_w + GAP, PAD + self.title_h + self.header_h

    @property
    def size(self) -> tuple[int, int]:
        x0, y0 = self.origin
        w, h = self.cell
        return x0 + self.cols * (w + GAP) - GAP + PAD, y0 + self.rows * (h + GAP) - GAP + PAD

    def box(self, row: int, col: int) -> tuple[int, int, int, int]:
        x0, y0 = self.origin
        w, h = self.cell
        return x0 + col * (w + GAP), y0 + row * (h + GAP), w, h


def sheet_geometry(plan: MatrixPlan) -> SheetGeometry:
    w, h = plan.size
    label_px = max(16, min(28, w // 10))
    line = round(label_px * 1.25)
    header_lines = max(len(c.label) for c in plan.columns)
    return SheetGeometry(
        cell=(w, h), rows=len(plan.cases), cols=len(plan.columns), label_px=label_px,
        title_h=round(label_px * 1.3 * 1.4) + GAP, header_h=header_lines * line + GAP,
        row_label_w=max(180, min(320, w)),
    )  # fmt: skip


def compose_sheet(
    plan: MatrixPlan,
    geometry: SheetGeometry,
    images: dict[tuple[int, int], Image.Image | None],
    *,
    title: str,
) -> Image.Image:
    sheet = Image.new("RGB", geometry.size, PAPER)
    draw = ImageDraw.Draw(sheet)
    px = geometry.label_px
    label, heading = font(LABEL_FONT, px), font(TITLE_FONT, round(px * 1.3))
    line = round(px * 1.25)
    draw.text((PAD, PAD), title, font=heading, fill=INK)
    x0, y0 = geometry.origin
    w, h = geometry.cell
    for c, column in enumerate(plan.columns):  # header: one line per label part, centred
        cx = x0 + c * (w + GAP) + w / 2
        top = y0 - geometry.header_h
        for i, part in enumerate(column.label):
            text = ellipsize(part, label, w + GAP - 4)
            draw.text((cx, top + i * line), text, font=label, fill=INK, anchor="ma")
    for r, case in enumerate(plan.cases):  # row labels: the case name, wrapped, centred
        lines = wrap_text(case.name, label, geometry.row_label_w)[: max(1, h // line)]
        top = y0 + r * (h + GAP) + (h - len(lines) * line) / 2
        for i, text in enumerate(lines):
            draw.text((PAD, top + i * line), text, font=label, fill=INK)
    for (r, c), image in images.items():
        x, y, cw, ch = geometry.box(r, c)
        if image is None:
            draw.rectangle((x, y, x + cw - 1, y + ch - 1), fill=FAILED)
            draw.text((x + cw / 2, y + ch / 2), "failed", font=label, fill=FAILED_INK, anchor="mm")
        else:
            sheet.paste(image.resize((cw, ch)) if image.size != (cw, ch) else image, (x, y))
    return sheet
