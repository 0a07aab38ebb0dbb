"""The `whiteboard` layout (issue 14): the generated picture is the board (a photo of a clean
whiteboard, or the offline draft); the composer draws the words on it in marker colours.

    Composition(layout="whiteboard", inputs=[board job], data={"words": Whiteboard(...).model_dump(),
                                                                "text_by": "composer" | "model"})

A large hand-lettered title at the top (underlined in the key colour), then the steps in
hand-drawn rounded boxes, each numbered in a circle, joined by arrows in the flow colour; the
last box (the result) in green with a tick. Steps sit on a grid chosen from their count and the
shape of the page (3 in a row on 16:9, 2x2 for 4, 4+3 for 7...), later rows running right to
left (a zig-zag) so every arrow is short. All captions share one size, the largest at which
every caption (and its smaller note) fits its box; nothing is ever cut. The board under each
box and under the title is washed clean first, so doodles of the picture never cross letters.
No steps: the title alone, centred and large. Colours are black/blue/red/green markers, or the
brand's ink/accent/negative/positive (darkened until they read on a white board).

`text_by == "model"`: the generator painted the words (and OCR read them); the picture is
returned fitted to the size, with no boxes."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from studio.compose.common import Box, brand_color, cover, luminance, mix
from studio.compose.lettering import Fitted, draw_fitted, fit
from studio.compose.text.marker import Marker, wash
from studio.domain import Composition
from studio.prompts import BrandKit
from studio.words.model import Whiteboard, words_of

RGB = tuple[int, int, int]
MARKERS: dict[str, RGB] = {
    "ink": (24, 26, 30),  # lettering and outlines
    "flow": (28, 82, 190),  # arrows, numbers, notes
    "key": (204, 36, 36),  # the key idea: the title's underline
    "result": (24, 128, 68),  # the last step and its tick
}
_BRAND_KEYS = {"ink": "ink", "flow": "accent", "key": "negative", "result": "positive"}
BOARD: RGB = (246, 246, 242)


def compose(composition: Composition, images: list[Image.Image], brand: BrandKit) -> Image.Image:
    return compose_with_boxes(composition, images, brand)[0]


def markers(brand: BrandKit) -> dict[str, RGB]:
    """The four marker colours: the classic set for the default brand, else the brand's,
    darkened until each reads on a white board (lettering 7:1, flow 4.5:1, others 3:1)."""
    if brand.id == "default":
        return dict(MARKERS)
    out: dict[str, RGB] = {}
    for role, key in _BRAND_KEYS.items():
        color = brand_color(brand, key, "#{:02x}{:02x}{:02x}".format(*MARKERS[role]))
        need = {"ink": 7.0, "flow": 4.5}.get(role, 3.0)
        while 1.05 / (luminance(color) + 0.05) < need:
            color = mix(color, (0, 0, 0), 0.15)
        out[role] = color
    return out


def _words(composition: Composition) -> Whiteboard:
    return words_of(composition.data, Whiteboard, layout="whiteboard", where=composition.id)


def _board_colour(picture: Image.Image) -> RGB:
    """The board's own colour (median of a thumbnail), lifted towards white."""
    small = np.asarray(picture.convert("RGB").resize((64, 64)), dtype=float).reshape(-1, 3)
    median = tuple(int(v) for v in np.median(small, axis=0))
    return mix(median, (255, 255, 255), 0.35) if luminance(median) > 0.45 else BOARD


@dataclass
class _Step:
    box: Box  # the hand-drawn box
    circle: tuple[float, float, float]  # number circle: cx, cy, r
    caption: Fitted
    note: Fitted | None
    caption_box: Box  # where the caption's lines are drawn


def grid(n: int, width: float, height: float, gap_x: float, gap_y: float) -> tuple[int, int]:
    """(columns, rows) for n boxes: cells close to a box's shape (0.9-2.2 wide per tall),
    few empty cells, never an empty row."""
    best, best_score = (n, 1), math.inf
    for cols in range(1, min(n, 4) + 1):
        rows = math.ceil(n / cols)
        if rows > 4 or rows * cols - n >= cols:
            continue
        cw = (width - (cols - 1) * gap_x) / cols
        ch = (height - (rows - 1) * gap_y) / rows
        if cw <= 0 or ch <= 0:
            continue
        shape = cw / ch
        score = max(0.0, math.log(0.9 / shape), math.log(shape / 2.2)) + 0.3 * (rows * cols - n)
        if score < best_score - 1e-9:
            best, best_score = (cols, rows), score
    return best


def _fixed(text: str, width: float, size: int, *, bold: bool = False) -> Fitted:
    """`text` wrapped to `width` at exactly `size` (overflow: a word wider than the box)."""
    return fit(text, width, 1e9, role="hand", bold=bold, max_size=size, min_size=size)


def _steps(words: Whiteboard, area: Box, u: float) -> list[_Step]:
    """Boxes on the grid, captions at the largest common size that fits every box."""
    left, top, right, bottom = area
    n = len(words.steps)
    gap_x, gap_y = 7.5 * u, 7.0 * u
    cols, rows = grid(n, right - left, bottom - top, gap_x, gap_y)
    cw = (right - left - (cols - 1) * gap_x) / cols
    ch = (bottom - top - (rows - 1) * gap_y) / rows
    pad, r = 2.2 * u, max(3.0 * u, 16.0)
    inner_w, inner_h = cw - 2 * pad, ch - r - 1.6 * pad
    size = round(min(5.6 * u, ch / 4))
    hard_floor = 11  # the smallest lettering, reached only by captions near the 240 limit
    while True:
        caps = [_fixed(s.caption, inner_w, size) for s in words.steps]
        notes = [
            _fixed(s.note, inner_w, max(11, round(size * 0.72))) if s.note else None
            for s in words.steps
        ]
        need = max(
            c.height + (0.4 * size + nt.height if nt else 0)
            for c, nt in zip(caps, notes, strict=True)
        )
        wide = any(
            c.overflow or (nt is not None and nt.overflow)
            for c, nt in zip(caps, notes, strict=True)
        )
        if (need <= inner_h and not wide) or size <= hard_floor:
            break
        size = max(hard_floor, int(size * 0.92) if size > 14 else size - 1)
    box_h = min(ch, max(need + r + 1.6 * pad, 0.55 * ch))
    out: list[_Step] = []
    for k, (cap, note) in enumerate(zip(caps, notes, strict=True)):
        row, pos = divmod(k, cols)
        col = cols - 1 - pos if (row % 2 and rows > 1) else pos
        x0 = left + col * (cw + gap_x)
        y0 = top + row * (ch + gap_y) + (ch - box_h) / 2
        box = (x0, y0, x0 + cw, y0 + box_h)
        block = cap.height + (0.4 * size + note.height if note else 0)
        ty = y0 + r + 0.6 * pad + (box_h - r - 1.6 * pad - block) / 2
        cx = x0 + cw / 2
        caption_box = (cx - cap.width / 2, ty, cx + cap.width / 2, ty + cap.height)
        out.append(_Step(box, (x0 + pad + r, y0, r), cap, note, caption_box))
    return out


def compose_with_boxes(
    composition: Composition, images: list[Image.Image], brand: BrandKit
) -> tuple[Image.Image, dict[str, Box]]:
    """The board with the words drawn, and {"text:<i>": box} for required_strings(words)."""
    words = _words(composition)
    w, h = composition.width, composition.height
    picture = cover(images[0].convert("RGB"), (w, h)) if images else Image.new("RGB", (w, h), BOARD)
    if composition.data.get("text_by") == "model":
        return picture, {}
    ink = markers(brand)
    board = _board_colour(picture)
    u = min(w, h) / 100
    m = 4.5 * u
    stroke = max(2.0, 0.42 * u)
    pen = Marker((w, h), np.random.default_rng(composition.seed), u)

    # 1. the title: alone and large, or across the top
    if words.steps:
        title = fit(
            words.title,
            w - 2 * m - 4 * u,
            h * 0.2,
            role="hand",
            bold=True,
            max_size=round(9 * u),
            min_size=round(3.2 * u),
        )
        ty = m
    else:
        title = fit(
            words.title,
            w * 0.8,
            h * 0.6,
            role="hand",
            bold=True,
            max_size=round(15 * u),
            min_size=round(3.5 * u),
        )
        ty = (h - title.height) / 2
    title_box = ((w - title.width) / 2, ty, (w + title.width) / 2, ty + title.height)
    line_y = title_box[3] + 1.4 * u

    # 2. the steps on a grid below it
    steps = _steps(words, (m, line_y + 6 * u, w - m, h - m), u) if words.steps else []

    # 3. wash the board under every text, then the marker strokes, then the lettering
    tx0, _, tx1, _ = title_box
    clear = [(tx0 - 2.5 * u, ty - 1.5 * u, tx1 + 2.5 * u, line_y + 2.5 * u)]
    for s in steps:
        x0, y0, x1, y1 = s.box
        cx, cy, r = s.circle
        clear += [
            (x0 - u, y0 - u, x1 + u, y1 + u),
            (cx - r - u, cy - r - u, cx + r + u, cy + r + u),
        ]
    canvas = picture.convert("RGBA")
    drawn = [clear[0], *(s.box for s in steps)]
    whole = (
        min(b[0] for b in drawn) - 3 * u,
        min(b[1] for b in drawn) - 3 * u,
        max(b[2] for b in drawn) + 3 * u,
        max(b[3] for b in drawn) + 3 * u,
    )
    wash(canvas, [whole], board, radius=4 * u, soften=3 * u, strength=170)  # old marks fade
    wash(canvas, clear, board, radius=2 * u, soften=0.8 * u)
    pen.underline(tx0, tx1, line_y, ink["key"], stroke * 1.15)
    for k, s in enumerate(steps):
        last = k == len(steps) - 1 and len(steps) > 1
        pen.box(s.box, 2.2 * u, ink["result"] if last else ink["ink"], stroke)
        pen.circle(s.circle[:2], s.circle[2], ink["flow"], stroke * 0.9)
        if last:
            pen.tick((s.box[2] - 5.5 * u, s.box[1] + 0.2 * u), 4 * u, ink["result"], stroke * 1.1)
    if words.arrows:
        for k, (a, b) in enumerate(zip(steps, steps[1:], strict=False)):
            pen.arrow(*_ends(a.box, b.box, u), ink["flow"], stroke, bend=0.12 if k % 2 else -0.12)
    pen.onto(canvas)

    draw = ImageDraw.Draw(canvas)
    boxes: dict[str, Box] = {"text:0": _int(title_box)}
    draw_fitted(draw, title, _int(title_box), ink["ink"], align="center")
    for k, s in enumerate(steps, start=1):
        cx, cy, r = s.circle
        number = fit(
            str(k), 1.5 * r, 1.7 * r, role="hand", bold=True, max_size=round(1.7 * r), min_size=8
        )
        draw_fitted(
            draw,
            number,
            _int((cx - r, cy - number.height / 2, cx + r, cy + number.height / 2)),
            ink["flow"],
            align="center",
        )
        draw_fitted(draw, s.caption, _int(s.caption_box), ink["ink"], align="center")
        if s.note is not None:
            ny = s.caption_box[3] + 0.4 * s.caption.size
            mid = (s.box[0] + s.box[2]) / 2
            draw_fitted(
                draw,
                s.note,
                _int((mid - s.note.width / 2, ny, mid + s.note.width / 2, ny + s.note.height)),
                ink["flow"],
                align="center",
            )
        boxes[f"text:{k}"] = _int(s.caption_box)
    return canvas.convert("RGB"), boxes


def _ends(a: Box, b: Box, u: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """Where the arrow from box a to box b starts and ends: side to side on one row, bottom
    to top between rows."""
    if abs(a[1] - b[1]) < 1:
        y = (a[1] + a[3]) / 2
        if b[0] > a[0]:
            return (a[2] + 1.2 * u, y), (b[0] - 1.2 * u, y)
        return (a[0] - 1.2 * u, y), (b[2] + 1.2 * u, y)
    ax, bx = (a[0] + a[2]) / 2, (b[0] + b[2]) / 2
    return (ax, a[3] + 1.2 * u), (bx, b[1] - 1.2 * u)


def _int(box: tuple[float, float, float, float]) -> Box:
    return (math.floor(box[0]), math.floor(box[1]), math.ceil(box[2]), math.ceil(box[3]))
