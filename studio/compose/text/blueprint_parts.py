"""Drawing pieces of the blueprint layout: the annotation style, a fact's plate (label, value,
superscript source index), dimension lines with arrowheads, leader lines, and the ruled
title block. Every text goes through lettering.fit, so nothing is ever cut."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image, ImageDraw

from studio.compose import lettering
from studio.words import Blueprint, LandmarkFact

Box = tuple[int, int, int, int]
WHITE = (246, 250, 255)
CYAN = (150, 222, 255)


@dataclass(frozen=True)
class Style:
    size: int  # value text size in px
    margin: int
    line: int  # stroke width
    paper: tuple[int, int, int]  # the blueprint blue behind plates

    @classmethod
    def for_size(cls, size: int, paper: tuple[int, int, int]) -> Style:
        return cls(size, max(8, round(size * 1.1)), max(1, round(size / 12)), paper)

    @property
    def small(self) -> int:
        return max(9, round(self.size * 0.62))


def overlaps(box: Box, taken: list[Box], pad: int = 0) -> bool:
    return any(
        box[0] < t[2] + pad and t[0] - pad < box[2] and box[1] < t[3] + pad and t[1] - pad < box[3]
        for t in taken
    )


@dataclass
class Plate:
    """A fact's annotation: its label over its value, with the source's index as a superscript."""

    label: lettering.Fitted
    value: lettering.Fitted
    index: int | None
    w: int
    h: int
    pad: int

    def draw(self, canvas: Image.Image, at: tuple[int, int], style: Style) -> Box:
        """Draw at `at` (top left); returns the box of the value (what OCR reads)."""
        x, y = at
        _backing(canvas, (x, y, x + self.w, y + self.h), style)
        draw = ImageDraw.Draw(canvas)
        inner = x + self.pad
        lettering.draw_fitted(draw, self.label, (inner, y + self.pad, x + self.w, y + self.h), CYAN)
        vy = y + self.pad + self.label.height + round(style.size * 0.2)
        lettering.draw_fitted(draw, self.value, (inner, vy, x + self.w, y + self.h), WHITE)
        box = (inner - 3, vy - 3, inner + self.value.width + 3, vy + self.value.height + 3)
        if self.index is not None:  # superscript beside the value's last line, clear of its box
            fnt = lettering.load(lettering.font_file("0", bold=True), style.small)
            last = self.value.lines[-1]
            sx = inner + lettering._length(self.value.font, last, self.value.rtl) + 6
            sy = vy + self.value.line_height * (len(self.value.lines) - 1) - style.small * 0.25
            draw.text((max(sx, box[2] + 3), sy), str(self.index), font=fnt, fill=CYAN)
        return box


def plate(fact: LandmarkFact, style: Style, index: int | None, max_w: float) -> Plate:
    """The plate of `fact`: label in small cyan capitals, value in white, wrapped to max_w."""
    pad = round(style.size * 0.45)
    sup = round(style.small * 1.4) if index is not None else 0
    room = max_w - 2 * pad - sup
    label = lettering.fit(
        fact.label.upper(), room, 10**6, max_size=style.small, min_size=style.small
    )
    value = lettering.fit(
        fact.value, room, 10**6, max_size=style.size, min_size=max(9, round(style.size * 0.8))
    )
    w = max(label.width, value.width + sup) + 2 * pad
    h = label.height + round(style.size * 0.2) + value.height + 2 * pad
    return Plate(label, value, index, int(w), int(h), pad)


def _backing(canvas: Image.Image, box: Box, style: Style) -> None:
    layer = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    ImageDraw.Draw(layer).rectangle(box, fill=(*style.paper, 255), outline=WHITE, width=style.line)
    canvas.alpha_composite(layer)


def _arrow(
    draw: ImageDraw.ImageDraw, tip: tuple[float, float], tail: tuple[float, float], style: Style
) -> None:
    angle = math.atan2(tip[1] - tail[1], tip[0] - tail[0])
    length, spread = style.size * 0.6, 0.4
    points = [tip] + [
        (tip[0] - length * math.cos(angle + s), tip[1] - length * math.sin(angle + s))
        for s in (spread, -spread)
    ]
    draw.polygon(points, fill=WHITE)


def dimension(
    draw: ImageDraw.ImageDraw,
    ends: tuple[tuple[int, int], tuple[int, int]],
    ticks: tuple[tuple[int, int], tuple[int, int]],
    style: Style,
) -> None:
    """A dimension line between `ends` with arrowheads, and extension lines from the
    subject's edge points `ticks` a little past the line."""
    (ax, ay), (bx, by) = ends
    over = style.size * 0.4
    for (tx, ty), (ex, ey) in zip(ticks, ends, strict=True):
        dx, dy = ex - tx, ey - ty
        norm = math.hypot(dx, dy) or 1
        draw.line(
            (tx, ty, ex + dx / norm * over, ey + dy / norm * over),
            fill=CYAN,
            width=max(1, style.line - 1),
        )
    draw.line((ax, ay, bx, by), fill=WHITE, width=style.line)
    _arrow(draw, (ax, ay), (bx, by), style)
    _arrow(draw, (bx, by), (ax, ay), style)


def leader(
    draw: ImageDraw.ImageDraw, start: tuple[float, float], target: tuple[float, float], style: Style
) -> None:
    """A leader line from a callout to the subject, ending in a small dot."""
    draw.line((*start, *target), fill=WHITE, width=style.line)
    r = max(2, style.line * 2)
    draw.ellipse((target[0] - r, target[1] - r, target[0] + r, target[1] + r), fill=WHITE)


def title_block(
    canvas: Image.Image,
    words: Blueprint,
    sources: list[str],
    x0: int,
    bottom: int,
    width: int,
    style: Style,
) -> tuple[Box, Box]:
    """The ruled title block with its bottom-left at (x0, bottom): the landmark, the location
    and the sheet, Studio and the scale, then the numbered sources. Returns (block, landmark)."""
    pad = round(style.size * 0.45)
    room = width - 2 * pad
    half = (width - 2 * pad) // 2 - pad
    big = lettering.fit(
        words.landmark,
        room,
        10**6,
        bold=True,
        max_size=round(style.size * 1.3),
        min_size=style.size,
    )
    small = style.small

    def cell(text: str, w: float, bold: bool = False) -> lettering.Fitted:
        return lettering.fit(text, w, 10**6, bold=bold, max_size=small, min_size=small)

    rows: list[list[tuple[lettering.Fitted, tuple[int, ...]]]] = [[(big, WHITE)]]
    rows.append(
        [
            (cell((words.location or "LOCATION NOT GIVEN").upper(), half), CYAN),
            (cell("SHEET 1 OF 1", half), CYAN),
        ]
    )
    rows.append(
        [(cell("DRAWN BY STUDIO", half, True), WHITE), (cell("SCALE: NOT TO SCALE", half), CYAN)]
    )
    if sources:
        rows.append([(cell("SOURCES", room, True), WHITE)])
        rows.extend([[(cell(f"{k}. {s}", room), CYAN)] for k, s in enumerate(sources, start=1)])
    heights = [
        max(f.height for f, _ in row) + (2 * pad if k < 4 else pad) for k, row in enumerate(rows)
    ]
    top = bottom - sum(heights) - 2 * pad
    block = (x0, top, x0 + width, bottom)
    _backing(canvas, block, style)
    draw = ImageDraw.Draw(canvas)
    inset = max(3, style.line * 3)
    draw.rectangle(
        (x0 + inset, top + inset, x0 + width - inset, bottom - inset),
        outline=WHITE,
        width=style.line,
    )
    y = top + pad
    landmark: Box = block
    for k, (row, h) in enumerate(zip(rows, heights, strict=True)):
        if 0 < k <= 3 and (k < 3 or not sources or k == 3):
            draw.line((x0 + inset, y, x0 + width - inset, y), fill=WHITE, width=style.line)
        cells = len(row)
        for c, (fitted, ink) in enumerate(row):
            cx = x0 + pad + c * (width - 2 * pad) // cells
            lettering.draw_fitted(draw, fitted, (cx + pad, y + pad, x0 + width - pad, y + h), ink)
            if c:
                draw.line((cx, y, cx, y + h), fill=WHITE, width=style.line)
            if k == 0:
                landmark = (
                    cx + pad - 3,
                    y + pad - 3,
                    cx + pad + fitted.width + 3,
                    y + pad + fitted.height + 3,
                )
        y += h
    return block, landmark
