"""Foundations of the earnings infographic: the theme, measured text, and rows that stack
(with the plainest rows: a one-line label, and a lead beside a body).

Everything here measures first and paints later. A `Row` knows its height and, given a
top-left corner, returns the ops that draw it: `Text` items (recorded, so the page knows
where every figure landed) and shape callables that paint onto the image. The shapes live
in infographic.shapes, the pieces cards are made of in infographic.parts."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw

from studio.compose.common import hex_rgb, mix
from studio.compose.fonts import font

RGB = tuple[int, int, int]
Box = tuple[int, int, int, int]

DEFAULT_PALETTE = {  # mirrors prompts/brands/default.yaml, for kits that leave keys out
    "background": "#F5F7FB",
    "background_2": "#E9EEF8",
    "surface": "#FFFFFF",
    "ink": "#1B2333",
    "muted": "#5B6577",
    "faint": "#9AA3B2",
    "accent": "#3B5BDB",
    "accent_2": "#12B886",
    "accent_3": "#F59F00",
    "positive": "#2B8A3E",
    "negative": "#C92A2A",
    "shadow": "#1B2333",
}

FIGURES_FONT = "DejaVu Sans:bold"  # numbers: plain, bold, OCR-friendly


@dataclass(frozen=True)
class Theme:
    colors: dict[str, RGB]
    heading: str
    body: str
    caption: str
    figures: str
    u: float  # pixels per design unit (1.0 at 1920x1080)

    def __getitem__(self, key: str) -> RGB:
        return self.colors[key]

    def px(self, v: float, s: float = 1.0) -> int:
        return max(1, round(v * self.u * s))

    @property
    def small(self) -> int:
        """Smallest size for small print (citations, badges): 11 px, less on tiny canvases."""
        return max(6, min(11, round(22 * self.u)))

    @property
    def tiny(self) -> int:
        """Smallest size any label may shrink to."""
        return max(5, min(8, round(16 * self.u)))

    def tint(self, key: str, t: float = 0.12) -> RGB:
        return mix(self["surface"], self[key], t)


def make_theme(palette: dict[str, str], fonts: dict[str, str], u: float) -> Theme:
    colors = {k: hex_rgb(palette.get(k, v)) for k, v in DEFAULT_PALETTE.items()}
    return Theme(
        colors=colors,
        heading=fonts.get("heading", "DejaVu Sans:bold"),
        body=fonts.get("body", "DejaVu Sans"),
        caption=fonts.get("caption", "DejaVu Serif:italic"),
        figures=fonts.get("figures", FIGURES_FONT),
        u=u,
    )


# -- text --------------------------------------------------------------------------------
@lru_cache(maxsize=8192)
def ink(spec: str, size: int, text: str) -> tuple[int, int, int, int]:
    """Ink box of `text` drawn with anchor 'la' at the origin."""
    return font(spec, size).getbbox(text, anchor="la")


@lru_cache(maxsize=8192)
def text_w(spec: str, size: int, text: str) -> float:
    return max(font(spec, size).getlength(text), ink(spec, size, text)[2])


def line_h(spec: str, size: int) -> int:
    a, d = font(spec, size).getmetrics()
    return a + d


def fit_size(text: str, spec: str, target: float, max_w: float, floor: int = 6) -> int:
    """Largest integer size <= target at which `text` is at most max_w wide (never below
    `floor`, so a hopeless box gives small text rather than a crash)."""
    size = max(floor, int(target))
    w = text_w(spec, size, text)
    if w > max_w > 0:
        size = max(floor, int(size * max_w / w))
    while size > floor and text_w(spec, size, text) > max_w:
        size -= 1
    return size


@dataclass
class Text:
    x: float
    y: float
    text: str
    spec: str
    size: int
    fill: RGB
    role: str = "label"  # fact, badge, cite, label, quote, title, ...
    fact_id: str | None = None

    def box(self) -> Box:
        x0, t, r, b = ink(self.spec, self.size, self.text)
        return (
            math.floor(self.x + x0),
            math.floor(self.y + t),
            math.ceil(self.x + r),
            math.ceil(self.y + b),
        )

    def paint(self, img: Image.Image) -> None:
        ImageDraw.Draw(img).text(
            (self.x, self.y),
            self.text,
            font=font(self.spec, self.size),
            fill=self.fill,
            anchor="la",
        )


Op = Text | Callable[[Image.Image], None]


@dataclass
class Row:
    height: float
    place: Callable[[float, float], list[Op]]  # top-left corner -> ops


def stack(rows: list[Row], gap: float) -> Row:
    """Rows on top of each other, as one row."""

    def place(x: float, y: float) -> list[Op]:
        ops: list[Op] = []
        for r in rows:
            ops += r.place(x, y)
            y += r.height + gap
        return ops

    return Row(sum(r.height for r in rows) + gap * max(0, len(rows) - 1), place)


def grid(items: list[Row], cols: int, col_w: float, gap_x: float) -> list[Row]:
    """Items placed left to right, `cols` per row."""
    out = []
    for i in range(0, len(items), cols):
        chunk = items[i : i + cols]

        def place(x: float, y: float, chunk: list[Row] = chunk) -> list[Op]:
            return [op for j, it in enumerate(chunk) for op in it.place(x + j * (col_w + gap_x), y)]

        out.append(Row(max(it.height for it in chunk), place))
    return out


def columns(w: float, min_w: float, n: int, gap: float) -> tuple[int, float]:
    """How many columns of at least min_w fit, balanced (4 items in 3 columns -> 2 x 2)."""
    cols = max(1, min(n, int((w + gap) // (min_w + gap))))
    cols = math.ceil(n / math.ceil(n / cols)) if n else 1
    return cols, (w - gap * (cols - 1)) / cols


def need(rows: list[Row], gap: float) -> float:
    return sum(r.height for r in rows) + gap * max(0, len(rows) - 1)


# -- rows -----------------------------------------------------------------------------
def label_row(
    theme: Theme,
    text: str,
    w: float,
    s: float,
    size: float = 15,
    spec: str | None = None,
    color: RGB | None = None,
    role: str = "label",
) -> Row:
    spec = spec or theme.body
    sz = fit_size(text, spec, theme.px(size, s), w, floor=theme.tiny)
    t = ink(spec, sz, "Ag")
    hgt = t[3] - t[1]
    return Row(hgt, lambda x, y: [Text(x, y - t[1], text, spec, sz, color or theme["muted"], role)])


def beside(
    theme: Theme,
    lead_w: float,
    lead: Callable[[float, float, float], list[Op]],
    lead_h: float,
    body: Row,
    gap: float,
) -> Row:
    """A fixed-width lead (icon, donut, quote mark) with a body row to its right."""
    hgt = max(lead_h, body.height)

    def place(x: float, y: float) -> list[Op]:
        return [
            *lead(x, y + (hgt - lead_h) / 2 if body.height > lead_h else y, lead_w),
            *body.place(x + lead_w + gap, y + max(0.0, (hgt - body.height) / 2)),
        ]

    return Row(hgt, place)
