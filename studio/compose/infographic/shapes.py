"""Anti-aliased shapes for the earnings infographic (rounded rectangles, icon tiles,
triangles, donuts) and the microcharts drawn with them: proportional bars, the year-ago
comparison, hairline rules and a margin's share of its donut. A shape is an op, a callable
that paints onto the image once the page is laid out; nothing here draws a figure."""

from __future__ import annotations

import math
import re

from PIL import Image, ImageDraw

from studio.compose.common import mix, rounded_mask
from studio.compose.icons import icon_mask
from studio.compose.infographic.text import RGB, Op, Row, Text, Theme, ink, text_w
from studio.domain import Fact

# -- shapes ------------------------------------------------------------------------------
CORNER_FILTER = Image.LANCZOS  # how the infographic shrinks rounded_mask's corners


def fill_rrect(
    img: Image.Image, box: tuple[float, ...], r: float, color: RGB, alpha: float = 1.0
) -> None:
    x0, y0, x1, y1 = (round(v) for v in box)
    if x1 <= x0 or y1 <= y0:
        return
    m = rounded_mask((x1 - x0, y1 - y0), round(r), resample=CORNER_FILTER)
    if alpha < 1:
        m = m.point(lambda v: round(v * alpha))
    img.paste(color, (x0, y0, x1, y1), m)


def paint_mask(img: Image.Image, mask: Image.Image, xy: tuple[float, float], color: RGB) -> None:
    x, y = round(xy[0]), round(xy[1])
    img.paste(color, (x, y, x + mask.width, y + mask.height), mask)


def rrect(box: tuple[float, ...], r: float, color: RGB, alpha: float = 1.0) -> Op:
    return lambda img: fill_rrect(img, box, r, color, alpha)


def icon_tile(theme: Theme, x: float, y: float, size: int, icon: str, color: RGB) -> Op:
    def paint(img: Image.Image) -> None:
        fill_rrect(img, (x, y, x + size, y + size), size * 0.28, mix(theme["surface"], color, 0.13))
        isz = max(4, round(size * 0.56))
        paint_mask(img, icon_mask(icon, isz), (x + (size - isz) / 2, y + (size - isz) / 2), color)

    return paint


def triangle(cx: float, cy: float, w: float, up: bool, color: RGB) -> Op:
    def paint(img: Image.Image) -> None:
        n = max(2, math.ceil(w))
        big = Image.new("L", (4 * n, 4 * n), 0)
        pts = [(0, 4 * n * 0.85), (4 * n, 4 * n * 0.85), (2 * n, 4 * n * 0.1)]
        if not up:
            pts = [(px, 4 * n - py) for px, py in pts]
        ImageDraw.Draw(big).polygon(pts, fill=255)
        paint_mask(img, big.resize((n, n), Image.LANCZOS), (cx - n / 2, cy - n / 2), color)

    return paint


def donut(
    box: tuple[float, float, float, float], frac: float, fg: RGB, track: RGB, width: float
) -> Op:
    def paint(img: Image.Image) -> None:
        d = max(4, round(box[2] - box[0]))
        n, lw = 4 * d, max(4, round(4 * width))
        for color, end in ((track, 360.0), (fg, 360.0 * frac)):
            if end <= 0:
                continue
            big = Image.new("L", (n, n), 0)
            dr = ImageDraw.Draw(big)
            dr.arc((0, 0, n - 1, n - 1), -90, -90 + end, fill=255, width=lw)
            if color == fg and end < 360:  # round caps
                for a in (-90.0, -90.0 + end):
                    cx = n / 2 + (n / 2 - lw / 2) * math.cos(math.radians(a))
                    cy = n / 2 + (n / 2 - lw / 2) * math.sin(math.radians(a))
                    dr.ellipse((cx - lw / 2, cy - lw / 2, cx + lw / 2, cy + lw / 2), fill=255)
            paint_mask(img, big.resize((d, d), Image.LANCZOS), (box[0], box[1]), color)

    return paint


# -- microcharts ----------------------------------------------------------------------
def bar_row(theme: Theme, frac: float, w: float, s: float, color: RGB, height: float = 10) -> Row:
    h = theme.px(height, s)

    def place(x: float, y: float) -> list[Op]:
        ops: list[Op] = [rrect((x, y, x + w, y + h), h / 2, theme["background_2"])]
        if frac > 0:
            ops.append(rrect((x, y, x + max(h, w * min(1.0, frac)), y + h), h / 2, color))
        return ops

    return Row(h, place)


def yoy_chart_row(theme: Theme, fact: Fact, w: float, s: float, color: RGB) -> Row | None:
    """Two bars, year-ago vs this period, sized from the value and its YoY change. Draws no
    derived number, only lengths."""
    pct, labels = fact.change.yoy_pct, ("Year ago", "This period")
    if pct is None:
        pct, labels = fact.change.qoq_pct, ("Last quarter", "This quarter")
    if pct is None or fact.value is None or fact.value <= 0 or pct <= -100:
        return None
    prior = fact.value / (1 + pct / 100)
    top = max(prior, fact.value)
    size = max(theme.small - 1, theme.px(13, s))
    lw = max(text_w(theme.body, size, lab) for lab in labels) + theme.px(12, s)
    bar_w = w - lw
    if bar_w < w * 0.3:
        return None
    bh = theme.px(9, s)
    t = ink(theme.body, size, "Ag")
    line = max(bh, t[3] - t[1])
    gap = theme.px(8, s)

    def place(x: float, y: float) -> list[Op]:
        ops: list[Op] = []
        for i, (lab, v, c) in enumerate(
            ((labels[0], prior, theme["faint"]), (labels[1], fact.value, color))
        ):
            yy = y + i * (line + gap)
            ops.append(
                Text(
                    x,
                    yy + (line - (t[3] - t[1])) / 2 - t[1],
                    lab,
                    theme.body,
                    size,
                    theme["muted"],
                    "label",
                )
            )
            by = yy + (line - bh) / 2
            ops.append(rrect((x + lw, by, x + w, by + bh), bh / 2, theme["background_2"]))
            ops.append(rrect((x + lw, by, x + lw + max(bh, bar_w * v / top), by + bh), bh / 2, c))
        return ops

    return Row(2 * line + gap, place)


def rule_row(theme: Theme, w: float, s: float) -> Row:
    return Row(
        1,
        lambda x, y: [
            lambda img: img.paste(
                theme["background_2"], (round(x), round(y), round(x + w), round(y) + 1)
            )
        ],
    )


def pct_fraction(fact: Fact) -> float:
    """Share of the donut for a margin fact (value in percent, e.g. 44.5)."""
    v = fact.value
    if v is None:
        m = re.search(r"-?\d+(?:\.\d+)?", fact.display.replace(",", ""))
        v = float(m.group()) if m else 0.0
    return max(0.0, min(1.0, v / 100))
