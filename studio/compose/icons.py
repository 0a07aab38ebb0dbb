"""Simple vector icons drawn with PIL primitives, for cards and tiles.

`icon_mask(name, size)` returns an anti-aliased 'L' mask (255 = ink) of size x size pixels:
each icon is drawn on a 4x canvas in unit coordinates (0..1 across the square) and scaled
down, so the caller can paint it in any colour. Icons carry no text and no digits."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from PIL import Image, ImageDraw

_SS = 4  # supersampling factor

Pen = Callable[..., None]


class _Canvas:
    """Unit-square drawing helpers on a supersampled 'L' image."""

    def __init__(self, size: int) -> None:
        self.n = size * _SS
        self.img = Image.new("L", (self.n, self.n), 0)
        self.d = ImageDraw.Draw(self.img)
        self.lw = max(2, round(0.085 * self.n))

    def p(self, x: float, y: float) -> tuple[float, float]:
        return x * self.n, y * self.n

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        return x0 * self.n, y0 * self.n, x1 * self.n, y1 * self.n

    def rect(
        self, x0: float, y0: float, x1: float, y1: float, r: float = 0.04, ink: int = 255
    ) -> None:
        self.d.rounded_rectangle(self.box(x0, y0, x1, y1), radius=r * self.n, fill=ink)

    def ring(
        self, cx: float, cy: float, r: float, ink: int = 255, width: float | None = None
    ) -> None:
        self.d.ellipse(
            self.box(cx - r, cy - r, cx + r, cy + r),
            outline=ink,
            width=round(width * self.n) if width else self.lw,
        )

    def disc(self, cx: float, cy: float, r: float, ink: int = 255) -> None:
        self.d.ellipse(self.box(cx - r, cy - r, cx + r, cy + r), fill=ink)

    def line(
        self, pts: list[tuple[float, float]], ink: int = 255, width: float | None = None
    ) -> None:
        w = round(width * self.n) if width else self.lw
        self.d.line([self.p(*q) for q in pts], fill=ink, width=w, joint="curve")
        for q in (pts[0], pts[-1]):  # round caps
            self.disc(q[0], q[1], w / self.n / 2, ink)

    def poly(self, pts: list[tuple[float, float]], ink: int = 255) -> None:
        self.d.polygon([self.p(*q) for q in pts], fill=ink)

    def arc(self, cx: float, cy: float, r: float, start: float, end: float, ink: int = 255) -> None:
        self.d.arc(self.box(cx - r, cy - r, cx + r, cy + r), start, end, fill=ink, width=self.lw)


def _revenue(c: _Canvas) -> None:  # ascending bars
    for x, top in ((0.14, 0.56), (0.40, 0.38), (0.66, 0.16)):
        c.rect(x, top, x + 0.2, 0.86, r=0.05)


def _operating_income(c: _Canvas) -> None:  # stacked columns
    for x, split, top in ((0.16, 0.56, 0.30), (0.56, 0.46, 0.14)):
        c.rect(x, split + 0.05, x + 0.28, 0.86, r=0.04)
        c.rect(x, top, x + 0.28, split - 0.02, r=0.04)


def _net_income(c: _Canvas) -> None:  # coin over a stack of coins
    for y in (0.74, 0.60):
        c.rect(0.10, y, 0.56, y + 0.11, r=0.05)
    c.ring(0.66, 0.36, 0.22)
    c.rect(0.63, 0.25, 0.69, 0.47, r=0.03)


def _eps(c: _Canvas) -> None:  # a shareholder
    c.disc(0.5, 0.32, 0.16)
    c.d.ellipse(c.box(0.18, 0.56, 0.82, 1.20), fill=255)
    c.d.rectangle(c.box(0.0, 0.88, 1.0, 1.0), fill=0)


def _margin(c: _Canvas) -> None:  # pie with a slice pulled out
    c.d.pieslice(c.box(0.10, 0.14, 0.82, 0.86), 0, 270, fill=255)
    c.d.pieslice(c.box(0.18, 0.08, 0.90, 0.80), 270, 360, fill=255)


def _segments(c: _Canvas) -> None:  # 2x2 tiles
    for x in (0.14, 0.54):
        for y in (0.14, 0.54):
            c.rect(x, y, x + 0.32, y + 0.32, r=0.07)


def _drivers(c: _Canvas) -> None:  # trend arrow
    c.line([(0.12, 0.76), (0.38, 0.50), (0.54, 0.62), (0.80, 0.34)])
    c.poly([(0.88, 0.22), (0.88, 0.50), (0.62, 0.24)])


def _cash(c: _Canvas) -> None:  # wallet
    c.d.rounded_rectangle(c.box(0.10, 0.26, 0.88, 0.84), radius=0.1 * c.n, outline=255, width=c.lw)
    c.line([(0.18, 0.26), (0.62, 0.12), (0.70, 0.26)])
    c.rect(0.56, 0.44, 0.92, 0.66, r=0.06)
    c.disc(0.68, 0.55, 0.045, ink=0)


def _fcf(c: _Canvas) -> None:  # money in, money out
    c.line([(0.14, 0.34), (0.78, 0.34)])
    c.poly([(0.90, 0.34), (0.70, 0.18), (0.70, 0.50)])
    c.line([(0.86, 0.68), (0.22, 0.68)])
    c.poly([(0.10, 0.68), (0.30, 0.52), (0.30, 0.84)])


def _capex(c: _Canvas) -> None:  # factory
    c.poly(
        [
            (0.10, 0.86),
            (0.10, 0.46),
            (0.34, 0.60),
            (0.34, 0.46),
            (0.58, 0.60),
            (0.58, 0.16),
            (0.76, 0.16),
            (0.76, 0.86),
        ]
    )
    c.rect(0.80, 0.40, 0.90, 0.86, r=0.02)


def _buyback(c: _Canvas) -> None:  # circular arrow
    c.arc(0.5, 0.52, 0.32, 200, 500)
    c.poly([(0.10, 0.30), (0.36, 0.36), (0.16, 0.56)])


def _dividend(c: _Canvas) -> None:  # coin dropping into a hand-like tray
    c.ring(0.5, 0.34, 0.2)
    c.rect(0.47, 0.24, 0.53, 0.44, r=0.03)
    c.line([(0.12, 0.68), (0.30, 0.82), (0.70, 0.82), (0.88, 0.68)])


def _guidance(c: _Canvas) -> None:  # target with an arrow
    c.ring(0.46, 0.54, 0.34)
    c.ring(0.46, 0.54, 0.18)
    c.disc(0.46, 0.54, 0.06)
    c.line([(0.50, 0.50), (0.86, 0.14)], width=0.07)
    c.poly([(0.92, 0.08), (0.92, 0.28), (0.72, 0.08)])


def _risk(c: _Canvas) -> None:  # warning triangle
    c.poly([(0.5, 0.08), (0.94, 0.88), (0.06, 0.88)])
    c.rect(0.45, 0.34, 0.55, 0.64, r=0.03, ink=0)
    c.disc(0.5, 0.75, 0.055, ink=0)


def _outlook(c: _Canvas) -> None:  # compass
    c.ring(0.5, 0.5, 0.4)
    c.poly([(0.70, 0.30), (0.56, 0.56), (0.44, 0.44)])
    c.poly([(0.30, 0.70), (0.44, 0.44), (0.56, 0.56)])
    c.disc(0.5, 0.5, 0.05, ink=0)


def _document(c: _Canvas) -> None:  # page with folded corner
    c.poly([(0.18, 0.06), (0.62, 0.06), (0.84, 0.28), (0.84, 0.94), (0.18, 0.94)])
    c.poly([(0.60, 0.06), (0.60, 0.30), (0.84, 0.30)], ink=0)
    for y in (0.48, 0.62, 0.76):
        c.rect(0.30, y, 0.72, y + 0.06, r=0.02, ink=0)


def _other(c: _Canvas) -> None:  # list
    for y in (0.18, 0.44, 0.70):
        c.disc(0.18, y + 0.06, 0.07)
        c.rect(0.34, y, 0.88, y + 0.12, r=0.05)


ICONS: dict[str, Callable[[_Canvas], None]] = {
    "revenue": _revenue,
    "operating_income": _operating_income,
    "net_income": _net_income,
    "eps": _eps,
    "margin": _margin,
    "segments": _segments,
    "drivers": _drivers,
    "cash": _cash,
    "fcf": _fcf,
    "capex": _capex,
    "buyback": _buyback,
    "dividend": _dividend,
    "guidance": _guidance,
    "risk": _risk,
    "outlook": _outlook,
    "document": _document,
    "other": _other,
}


@lru_cache(maxsize=256)
def icon_mask(name: str, size: int) -> Image.Image:
    """Anti-aliased 'L' mask of icon `name` at size x size pixels (unknown names: 'other')."""
    size = max(4, int(size))
    canvas = _Canvas(size)
    ICONS.get(name, _other)(canvas)
    return canvas.img.resize((size, size), Image.LANCZOS)
