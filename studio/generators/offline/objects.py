"""Objects a product draft can stand on a surface: generic shapes that read at a glance (a
mug, a bottle, a can, a jar, a box, a bag, a sneaker, a phone, a laptop, headphones, a watch,
a camera, a chair, a sofa, a lamp, a table); food.py draws dishes seen from above.

Every shape is drawn from its foot: (cx, base) is the middle of where it touches the surface
and s its height, so the stage can place it anywhere and put a shadow under it. A Pen draws the
flat shapes with a light and a dark side (photo) or with an ink outline (illustration).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from studio.generators.offline.common import RGB, Draw, _mix
from studio.generators.offline.stage import shade


@dataclass
class Pen:
    """Fills with an optional ink outline: the one switch between the photo and flat looks."""

    d: Draw
    ink: RGB | None
    lw: int

    def rect(self, box: tuple, fill: RGB, r: float = 0) -> None:
        x0, y0, x1, y1 = box
        if x1 <= x0 or y1 <= y0:
            return
        r = min(r, (x1 - x0) / 2, (y1 - y0) / 2)
        w = self.lw if self.ink else 0
        self.d.rounded_rectangle(box, radius=max(0, r), fill=fill, outline=self.ink, width=w)

    def oval(self, box: tuple, fill: RGB | None) -> None:
        self.d.ellipse(box, fill=fill, outline=self.ink, width=self.lw if self.ink else 0)

    def poly(self, pts: list, fill: RGB) -> None:
        self.d.polygon(pts, fill=fill, outline=self.ink, width=self.lw if self.ink else 0)

    def line(self, pts: list, fill: RGB, width: float) -> None:
        self.d.line(pts, fill=fill, width=max(1, round(width)), joint="curve")


def _cylinder(p: Pen, cx: float, half: float, top: float, base: float, c: RGB) -> None:
    """A standing cylinder seen a little from above: body, a lit and a shaded band, the rim."""
    e = half * 0.22  # the ellipses' half height
    p.oval((cx - half, base - e, cx + half, base + e), shade(c, -0.2))
    p.d.rectangle((cx - half, top, cx + half, base), fill=c)
    p.d.rectangle((cx - half * 0.62, top, cx - half * 0.38, base), fill=shade(c, 0.25))
    p.d.rectangle((cx + half * 0.55, top, cx + half, base), fill=shade(c, -0.18))
    if p.ink:
        p.line([(cx - half, top), (cx - half, base)], p.ink, p.lw)
        p.line([(cx + half, top), (cx + half, base)], p.ink, p.lw)
        p.d.arc((cx - half, base - e, cx + half, base + e), 0, 180, fill=p.ink, width=p.lw)
    p.oval((cx - half, top - e, cx + half, top + e), shade(c, 0.1))


def _mug(p: Pen, cx: float, base: float, s: float, c: RGB) -> None:
    half = 0.36 * s
    p.d.ellipse(
        (cx + 0.18 * s, base - 0.82 * s, cx + 0.66 * s, base - 0.24 * s),
        outline=shade(c, -0.1),
        width=round(0.1 * s),
    )
    _cylinder(p, cx, half, base - 0.9 * s, base, c)
    e = half * 0.22
    p.d.ellipse(
        (cx - half * 0.86, base - 0.9 * s - e * 0.8, cx + half * 0.86, base - 0.9 * s + e * 0.8),
        fill=(92, 58, 36),
    )


def _bottle(p: Pen, cx: float, base: float, s: float, c: RGB) -> None:
    b, n = 0.26 * s, 0.085 * s
    p.poly(
        [
            (cx - b, base - 0.6 * s),
            (cx - n, base - 0.78 * s),
            (cx + n, base - 0.78 * s),
            (cx + b, base - 0.6 * s),
        ],
        shade(c, 0.05),
    )
    p.rect((cx - n, base - 0.92 * s, cx + n, base - 0.76 * s), shade(c, 0.1))
    p.rect((cx - n * 1.2, base - s, cx + n * 1.2, base - 0.9 * s), (36, 34, 38), r=0.02 * s)
    p.rect((cx - b, base - 0.62 * s, cx + b, base), c, r=0.06 * s)
    p.d.rectangle(
        (cx - b * 0.6, base - 0.56 * s, cx - b * 0.4, base - 0.06 * s), fill=shade(c, 0.3)
    )
    p.rect((cx - b, base - 0.44 * s, cx + b, base - 0.18 * s), (244, 240, 230))


def _can(p: Pen, cx: float, base: float, s: float, c: RGB) -> None:
    _cylinder(p, cx, 0.27 * s, base - 0.85 * s, base, c)
    p.d.rectangle(
        (cx - 0.27 * s, base - 0.6 * s, cx + 0.27 * s, base - 0.35 * s), fill=shade(c, 0.55)
    )
    e = 0.27 * s * 0.22
    p.oval(
        (cx - 0.22 * s, base - 0.85 * s - e * 0.8, cx + 0.22 * s, base - 0.85 * s + e * 0.8),
        (200, 204, 210),
    )


def _jar(p: Pen, cx: float, base: float, s: float, c: RGB) -> None:
    _cylinder(p, cx, 0.4 * s, base - 0.55 * s, base, c)
    p.rect(
        (cx - 0.42 * s, base - 0.7 * s, cx + 0.42 * s, base - 0.52 * s), shade(c, -0.35), r=0.03 * s
    )
    p.rect((cx - 0.4 * s, base - 0.42 * s, cx + 0.4 * s, base - 0.2 * s), (246, 242, 234))


def _box(p: Pen, cx: float, base: float, s: float, c: RGB) -> None:
    x0, x1, top, dx, dy = cx - 0.5 * s, cx + 0.22 * s, base - 0.72 * s, 0.26 * s, 0.2 * s
    p.poly([(x0, top), (x0 + dx, top - dy), (x1 + dx, top - dy), (x1, top)], shade(c, 0.25))
    p.poly([(x1, top), (x1 + dx, top - dy), (x1 + dx, base - dy), (x1, base)], shade(c, -0.25))
    p.rect((x0, top, x1, base), c)
    p.d.rectangle((x0 + 0.3 * s, top, x0 + 0.4 * s, base), fill=shade(c, 0.45))  # a band


def _bag(p: Pen, cx: float, base: float, s: float, c: RGB) -> None:
    p.d.arc(
        (cx - 0.24 * s, base - s, cx + 0.24 * s, base - 0.4 * s),
        180,
        360,
        fill=shade(c, -0.3),
        width=round(0.06 * s),
    )
    p.poly(
        [
            (cx - 0.46 * s, base),
            (cx + 0.46 * s, base),
            (cx + 0.38 * s, base - 0.68 * s),
            (cx - 0.38 * s, base - 0.68 * s),
        ],
        c,
    )
    p.rect((cx - 0.38 * s, base - 0.68 * s, cx + 0.38 * s, base - 0.52 * s), shade(c, -0.15))
    p.rect((cx - 0.05 * s, base - 0.56 * s, cx + 0.05 * s, base - 0.46 * s), (212, 180, 90))


def _shoe(p: Pen, cx: float, base: float, s: float, c: RGB) -> None:
    L = 0.62 * s  # half the length
    upper = [
        (cx - L, base - 0.1 * s),
        (cx - L * 0.97, base - 0.5 * s),
        (cx - L * 0.55, base - 0.52 * s),
        (cx - L * 0.3, base - 0.44 * s),
        (cx - L * 0.12, base - 0.6 * s),
        (cx + L * 0.05, base - 0.56 * s),
        (cx + L * 0.55, base - 0.3 * s),
        (cx + L, base - 0.2 * s),
        (cx + L, base - 0.1 * s),
    ]
    p.poly(upper, c)
    p.line(
        [(cx - L * 0.8, base - 0.18 * s), (cx + L * 0.3, base - 0.3 * s)], shade(c, 0.6), 0.05 * s
    )  # the stripe
    for k in range(4):  # laces
        x = cx - L * 0.05 + k * L * 0.14
        p.line(
            [(x, base - 0.5 * s + k * 0.05 * s), (x + L * 0.1, base - 0.45 * s + k * 0.05 * s)],
            (245, 245, 240),
            0.025 * s,
        )
    p.rect((cx - L * 1.02, base - 0.12 * s, cx + L * 1.04, base), (244, 242, 236), r=0.05 * s)


def _phone(p: Pen, cx: float, base: float, s: float, c: RGB) -> None:
    p.rect((cx - 0.26 * s, base - s, cx + 0.26 * s, base), (28, 28, 32), r=0.07 * s)
    p.rect((cx - 0.23 * s, base - 0.96 * s, cx + 0.23 * s, base - 0.04 * s), c, r=0.05 * s)
    p.d.rectangle(
        (cx - 0.23 * s, base - 0.55 * s, cx + 0.23 * s, base - 0.04 * s), fill=shade(c, -0.2)
    )
    p.rect(
        (cx - 0.07 * s, base - 0.94 * s, cx + 0.07 * s, base - 0.91 * s), (20, 20, 22), r=0.015 * s
    )


def _laptop(p: Pen, cx: float, base: float, s: float, c: RGB) -> None:
    p.rect(
        (cx - 0.62 * s, base - 0.84 * s, cx + 0.62 * s, base - 0.07 * s), (46, 48, 54), r=0.03 * s
    )
    p.rect((cx - 0.57 * s, base - 0.79 * s, cx + 0.57 * s, base - 0.11 * s), c)
    p.d.rectangle(
        (cx - 0.57 * s, base - 0.45 * s, cx + 0.57 * s, base - 0.11 * s), fill=shade(c, -0.2)
    )
    p.poly(
        [
            (cx - 0.62 * s, base - 0.07 * s),
            (cx + 0.62 * s, base - 0.07 * s),
            (cx + 0.75 * s, base),
            (cx - 0.75 * s, base),
        ],
        (196, 198, 204),
    )


def _headphones(p: Pen, cx: float, base: float, s: float, c: RGB) -> None:
    p.d.arc(
        (cx - 0.42 * s, base - s, cx + 0.42 * s, base - 0.16 * s),
        180,
        360,
        fill=shade(c, -0.3),
        width=round(0.08 * s),
    )
    for side in (-1, 1):
        x = cx + side * 0.42 * s
        p.rect((x - 0.13 * s, base - 0.56 * s, x + 0.13 * s, base), c, r=0.1 * s)
        p.rect(
            (x - 0.06 * s, base - 0.46 * s, x + 0.06 * s, base - 0.1 * s), shade(c, 0.3), r=0.05 * s
        )


def _watch(p: Pen, cx: float, base: float, s: float, c: RGB) -> None:
    p.rect((cx - 0.15 * s, base - s, cx + 0.15 * s, base), shade(c, -0.25), r=0.05 * s)
    r, y = 0.3 * s, base - 0.5 * s
    p.oval((cx - r, y - r, cx + r, y + r), (196, 198, 204))
    p.oval((cx - r * 0.82, y - r * 0.82, cx + r * 0.82, y + r * 0.82), shade(c, 0.7))
    p.line([(cx, y), (cx, y - r * 0.6)], (30, 30, 34), 0.03 * s)
    p.line([(cx, y), (cx + r * 0.45, y + r * 0.1)], (30, 30, 34), 0.03 * s)


def _camera(p: Pen, cx: float, base: float, s: float, c: RGB) -> None:
    p.rect(
        (cx - 0.2 * s, base - 0.74 * s, cx + 0.16 * s, base - 0.58 * s), (40, 40, 44), r=0.03 * s
    )
    p.rect((cx - 0.58 * s, base - 0.62 * s, cx + 0.58 * s, base), (40, 40, 44), r=0.06 * s)
    p.d.rectangle(
        (cx - 0.58 * s, base - 0.46 * s, cx + 0.58 * s, base - 0.16 * s), fill=shade(c, -0.3)
    )
    y = base - 0.31 * s
    for r, fill in ((0.26, (24, 24, 26)), (0.18, (60, 74, 96)), (0.06, (200, 214, 230))):
        p.oval((cx - r * s, y - r * s, cx + r * s, y + r * s), fill)


def _legs(p: Pen, xs: list[float], top: float, base: float, s: float, c: RGB) -> None:
    for x in xs:
        p.rect((x - 0.025 * s, top, x + 0.025 * s, base), c)


def _chair(p: Pen, cx: float, base: float, s: float, c: RGB) -> None:
    wood = shade(c, -0.45)
    _legs(p, [cx - 0.26 * s, cx + 0.26 * s], base - 0.5 * s, base - 0.04 * s, s, shade(wood, 0.2))
    p.rect((cx - 0.3 * s, base - s, cx + 0.3 * s, base - 0.5 * s), c, r=0.06 * s)
    p.rect(
        (cx - 0.36 * s, base - 0.54 * s, cx + 0.36 * s, base - 0.44 * s), shade(c, 0.15), r=0.03 * s
    )
    _legs(p, [cx - 0.32 * s, cx + 0.32 * s], base - 0.44 * s, base, s, wood)


def _sofa(p: Pen, cx: float, base: float, s: float, c: RGB) -> None:
    W = 0.85 * s
    p.rect((cx - W * 0.9, base - 0.7 * s, cx + W * 0.9, base - 0.3 * s), shade(c, -0.1), r=0.08 * s)
    p.rect((cx - W, base - 0.38 * s, cx + W, base - 0.08 * s), c, r=0.05 * s)
    p.line([(cx, base - 0.36 * s), (cx, base - 0.12 * s)], shade(c, -0.25), 0.015 * s)
    for side in (-1, 1):
        x = cx + side * W
        p.rect(
            (x - 0.11 * s, base - 0.52 * s, x + 0.11 * s, base - 0.08 * s),
            shade(c, 0.08),
            r=0.05 * s,
        )
    _legs(p, [cx - W * 0.9, cx + W * 0.9], base - 0.09 * s, base, s, (52, 40, 32))


def _lamp(p: Pen, cx: float, base: float, s: float, c: RGB) -> None:
    p.oval((cx - 0.22 * s, base - 0.07 * s, cx + 0.22 * s, base + 0.02 * s), (60, 58, 62))
    p.line([(cx, base - 0.03 * s), (cx, base - 0.66 * s)], (70, 68, 72), 0.035 * s)
    p.poly(
        [
            (cx - 0.3 * s, base - 0.62 * s),
            (cx + 0.3 * s, base - 0.62 * s),
            (cx + 0.18 * s, base - s),
            (cx - 0.18 * s, base - s),
        ],
        shade(c, 0.45),
    )


def _table(p: Pen, cx: float, base: float, s: float, c: RGB) -> None:
    wood = _mix(c, (120, 84, 56), 0.6)
    _legs(
        p,
        [cx - 0.6 * s, cx + 0.6 * s, cx - 0.45 * s, cx + 0.45 * s],
        base - 0.6 * s,
        base,
        s,
        shade(wood, -0.3),
    )
    p.rect((cx - 0.72 * s, base - 0.66 * s, cx + 0.72 * s, base - 0.58 * s), wood, r=0.01 * s)


ObjectPainter = Callable[[Pen, float, float, float, RGB], None]
# shape -> (painter, its width / height: for the shadow and for fitting it in the free area)
SHAPES: dict[str, tuple[ObjectPainter, float]] = {
    "mug": (_mug, 1.1),
    "bottle": (_bottle, 0.55),
    "can": (_can, 0.56),
    "jar": (_jar, 0.85),
    "box": (_box, 1.0),
    "bag": (_bag, 0.95),
    "shoe": (_shoe, 1.3),
    "phone": (_phone, 0.55),
    "laptop": (_laptop, 1.5),
    "headphones": (_headphones, 1.1),
    "watch": (_watch, 0.62),
    "camera": (_camera, 1.18),
    "chair": (_chair, 0.75),
    "sofa": (_sofa, 1.9),
    "lamp": (_lamp, 0.62),
    "table": (_table, 1.5),
}
