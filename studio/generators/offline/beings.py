"""Things with a silhouette of their own: a person framed as a portrait, an animal, a bird and
vehicles (car, bike, train, boat, plane), each drawn from its foot like the objects."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from studio.generators.offline.common import RGB
from studio.generators.offline.objects import Pen
from studio.generators.offline.stage import shade

SKIN = ((241, 194, 160), (224, 172, 128), (198, 134, 94), (141, 85, 54), (94, 58, 38))
HAIR = ((36, 26, 20), (84, 52, 30), (150, 104, 56), (210, 170, 100), (60, 60, 64))


def portrait(
    p: Pen,
    rng: np.random.Generator,
    cx: float,
    head_y: float,
    r: float,
    bottom: float,
    clothes: RGB,
    long_hair: bool,
) -> None:
    """Head and shoulders, the head of radius r at (cx, head_y), the body to `bottom`: the
    framing of a portrait, not a figure lost in a landscape."""
    skin, hair = SKIN[int(rng.integers(len(SKIN)))], HAIR[int(rng.integers(len(HAIR)))]
    if long_hair:
        p.rect((cx - 1.2 * r, head_y - 1.05 * r, cx + 1.2 * r, head_y + 2.3 * r), hair, r=0.9 * r)
    p.rect((cx - 2.0 * r, head_y + 1.55 * r, cx + 2.0 * r, bottom + r), clothes, r=1.0 * r)
    p.d.rectangle(
        (cx + 1.0 * r, head_y + 2.6 * r, cx + 1.95 * r, bottom), fill=shade(clothes, -0.15)
    )
    p.rect((cx - 0.4 * r, head_y + 0.5 * r, cx + 0.4 * r, head_y + 1.75 * r), shade(skin, -0.12))
    p.poly(
        [
            (cx - 0.55 * r, head_y + 1.55 * r),
            (cx, head_y + 2.3 * r),
            (cx + 0.55 * r, head_y + 1.55 * r),
        ],
        shade(skin, -0.12),
    )  # the open collar
    p.oval((cx - 0.84 * r, head_y - r, cx + 0.84 * r, head_y + 1.02 * r), skin)
    p.d.chord(
        (cx - 0.95 * r, head_y - 1.12 * r, cx + 0.95 * r, head_y + 0.5 * r), 180, 360, fill=hair
    )
    for side in (-1, 1):  # eyes, calm: it is a placeholder, not a face
        ex, ey = cx + side * 0.33 * r, head_y + 0.12 * r
        p.d.ellipse(
            (ex - 0.09 * r, ey - 0.06 * r, ex + 0.09 * r, ey + 0.06 * r), fill=shade(skin, -0.6)
        )
    p.d.line(
        (cx - 0.2 * r, head_y + 0.6 * r, cx + 0.2 * r, head_y + 0.6 * r),
        fill=shade(skin, -0.35),
        width=max(1, round(0.05 * r)),
    )


def _beast(p: Pen, cx: float, base: float, s: float, c: RGB) -> None:
    dark = shade(c, -0.3)
    for x in (cx - 0.4 * s, cx - 0.28 * s, cx + 0.2 * s, cx + 0.32 * s):
        p.rect(
            (x - 0.05 * s, base - 0.45 * s, x + 0.05 * s, base),
            dark if x in (cx - 0.28 * s, cx + 0.32 * s) else c,
            r=0.03 * s,
        )
    p.line(
        [
            (cx - 0.5 * s, base - 0.6 * s),
            (cx - 0.75 * s, base - 0.45 * s),
            (cx - 0.85 * s, base - 0.62 * s),
        ],
        c,
        0.08 * s,
    )
    p.oval((cx - 0.55 * s, base - 0.78 * s, cx + 0.45 * s, base - 0.36 * s), c)
    p.poly(
        [
            (cx + 0.25 * s, base - 0.7 * s),
            (cx + 0.42 * s, base - 0.98 * s),
            (cx + 0.6 * s, base - 0.9 * s),
            (cx + 0.42 * s, base - 0.55 * s),
        ],
        c,
    )
    hx, hy, hr = cx + 0.56 * s, base - 0.95 * s, 0.16 * s
    for ex in (hx - 0.1 * s, hx + 0.04 * s):
        p.poly(
            [(ex - 0.05 * s, hy - 0.08 * s), (ex, hy - 0.26 * s), (ex + 0.06 * s, hy - 0.08 * s)],
            dark,
        )
    p.oval((hx - hr, hy - hr, hx + hr, hy + hr), c)
    p.poly(
        [
            (hx + 0.05 * s, hy - 0.06 * s),
            (hx + 0.32 * s, hy + 0.05 * s),
            (hx + 0.05 * s, hy + 0.14 * s),
        ],
        c,
    )
    p.d.ellipse((hx + 0.27 * s, hy, hx + 0.34 * s, hy + 0.07 * s), fill=(24, 20, 20))
    p.d.ellipse((hx + 0.02 * s, hy - 0.05 * s, hx + 0.07 * s, hy), fill=(24, 20, 20))


def _bird(p: Pen, cx: float, base: float, s: float, c: RGB) -> None:
    p.line(
        [(cx - 0.7 * s, base), (cx + 0.7 * s, base - 0.06 * s)], (86, 62, 44), 0.06 * s
    )  # a branch
    for x in (cx - 0.06 * s, cx + 0.08 * s):
        p.line([(x, base - 0.25 * s), (x, base)], (200, 140, 60), 0.025 * s)
    p.poly(
        [
            (cx - 0.2 * s, base - 0.5 * s),
            (cx - 0.62 * s, base - 0.2 * s),
            (cx - 0.5 * s, base - 0.14 * s),
        ],
        shade(c, -0.3),
    )
    p.oval((cx - 0.32 * s, base - 0.78 * s, cx + 0.3 * s, base - 0.2 * s), c)
    p.oval((cx - 0.24 * s, base - 0.62 * s, cx + 0.12 * s, base - 0.32 * s), shade(c, -0.25))
    hx, hy, hr = cx + 0.16 * s, base - 0.8 * s, 0.2 * s
    p.oval((hx - hr, hy - hr, hx + hr, hy + hr), c)
    p.poly(
        [
            (hx + 0.17 * s, hy - 0.05 * s),
            (hx + 0.36 * s, hy + 0.02 * s),
            (hx + 0.17 * s, hy + 0.08 * s),
        ],
        (236, 170, 40),
    )
    p.d.ellipse((hx + 0.04 * s, hy - 0.07 * s, hx + 0.11 * s, hy), fill=(20, 20, 20))


def _wheel(p: Pen, x: float, y: float, r: float) -> None:
    p.oval((x - r, y - r, x + r, y + r), (26, 26, 30))
    p.oval((x - r * 0.5, y - r * 0.5, x + r * 0.5, y + r * 0.5), (170, 172, 178))


def _car(p: Pen, cx: float, base: float, s: float, c: RGB) -> None:
    p.poly(
        [
            (cx - 0.75 * s, base - 0.52 * s),
            (cx - 0.42 * s, base - 0.95 * s),
            (cx + 0.42 * s, base - 0.95 * s),
            (cx + 0.8 * s, base - 0.52 * s),
        ],
        shade(c, -0.1),
    )
    p.poly(
        [
            (cx - 0.62 * s, base - 0.55 * s),
            (cx - 0.38 * s, base - 0.87 * s),
            (cx + 0.38 * s, base - 0.87 * s),
            (cx + 0.66 * s, base - 0.55 * s),
        ],
        (150, 180, 200),
    )
    p.d.rectangle(
        (cx - 0.02 * s, base - 0.9 * s, cx + 0.04 * s, base - 0.52 * s), fill=shade(c, -0.1)
    )
    p.rect((cx - 1.2 * s, base - 0.6 * s, cx + 1.2 * s, base - 0.14 * s), c, r=0.14 * s)
    p.d.rectangle(
        (cx - 1.1 * s, base - 0.42 * s, cx + 1.1 * s, base - 0.38 * s), fill=shade(c, 0.3)
    )
    p.oval((cx + 1.02 * s, base - 0.5 * s, cx + 1.16 * s, base - 0.4 * s), (255, 236, 170))
    for x in (cx - 0.72 * s, cx + 0.72 * s):
        _wheel(p, x, base - 0.2 * s, 0.22 * s)


def _bike(p: Pen, cx: float, base: float, s: float, c: RGB) -> None:
    wr, wy = 0.36 * s, base - 0.36 * s
    for x in (cx - 0.58 * s, cx + 0.58 * s):
        p.d.ellipse(
            (x - wr, wy - wr, x + wr, wy + wr), outline=(30, 30, 34), width=max(1, round(0.05 * s))
        )
    rear, front, crank = (cx - 0.58 * s, wy), (cx + 0.58 * s, wy), (cx - 0.05 * s, wy)
    seat, head = (cx - 0.2 * s, base - 0.9 * s), (cx + 0.42 * s, base - 0.92 * s)
    for a, b in (
        (rear, crank),
        (rear, seat),
        (seat, crank),
        (seat, head),
        (head, crank),
        (head, front),
    ):
        p.line([a, b], c, 0.05 * s)
    p.rect(
        (seat[0] - 0.12 * s, seat[1] - 0.05 * s, seat[0] + 0.1 * s, seat[1] + 0.02 * s),
        (30, 30, 34),
        r=0.03 * s,
    )
    p.line(
        [head, (head[0] + 0.1 * s, head[1] - 0.1 * s), (head[0] - 0.05 * s, head[1] - 0.12 * s)],
        (30, 30, 34),
        0.04 * s,
    )


def _train(p: Pen, cx: float, base: float, s: float, c: RGB) -> None:
    p.line([(cx - 3 * s, base - 0.02 * s), (cx + 3 * s, base - 0.02 * s)], (70, 66, 64), 0.04 * s)
    p.rect((cx - 1.7 * s, base - s, cx + 1.5 * s, base - 0.14 * s), c, r=0.1 * s)
    p.poly(
        [
            (cx + 1.4 * s, base - s),
            (cx + 1.75 * s, base - 0.55 * s),
            (cx + 1.75 * s, base - 0.14 * s),
            (cx + 1.4 * s, base - 0.14 * s),
        ],
        c,
    )
    p.d.rectangle(
        (cx - 1.7 * s, base - 0.4 * s, cx + 1.75 * s, base - 0.32 * s), fill=shade(c, 0.5)
    )
    for k in range(7):
        x = cx - 1.55 * s + k * 0.42 * s
        p.rect((x, base - 0.85 * s, x + 0.28 * s, base - 0.55 * s), (170, 196, 214), r=0.03 * s)
    for x in (-1.3, -0.9, 0.9, 1.3):
        _wheel(p, cx + x * s, base - 0.12 * s, 0.12 * s)


def _boat(p: Pen, cx: float, base: float, s: float, c: RGB) -> None:
    p.line([(cx - 0.1 * s, base - 0.3 * s), (cx - 0.1 * s, base - 1.6 * s)], (70, 60, 50), 0.04 * s)
    p.poly(
        [
            (cx - 0.05 * s, base - 1.55 * s),
            (cx + 0.85 * s, base - 0.42 * s),
            (cx - 0.05 * s, base - 0.42 * s),
        ],
        (246, 244, 236),
    )
    p.poly(
        [
            (cx - 0.15 * s, base - 1.3 * s),
            (cx - 0.75 * s, base - 0.42 * s),
            (cx - 0.15 * s, base - 0.42 * s),
        ],
        (232, 228, 218),
    )
    p.poly(
        [
            (cx - 1.2 * s, base - 0.38 * s),
            (cx + 1.25 * s, base - 0.38 * s),
            (cx + 0.95 * s, base),
            (cx - 0.95 * s, base),
        ],
        c,
    )
    p.d.rectangle(
        (cx - 1.1 * s, base - 0.3 * s, cx + 1.15 * s, base - 0.25 * s), fill=shade(c, 0.5)
    )


def _plane(p: Pen, cx: float, base: float, s: float, c: RGB) -> None:
    y = base - 0.6 * s  # it flies: the "foot" is only where its shadow would fall
    p.poly(
        [
            (cx - 0.1 * s, y),
            (cx + 0.35 * s, y),
            (cx - 0.35 * s, y + 0.55 * s),
            (cx - 0.55 * s, y + 0.55 * s),
        ],
        shade(c, -0.2),
    )
    p.poly(
        [
            (cx - 1.05 * s, y),
            (cx - 1.3 * s, y - 0.45 * s),
            (cx - 1.1 * s, y - 0.45 * s),
            (cx - 0.8 * s, y),
        ],
        c,
    )
    p.rect((cx - 1.3 * s, y - 0.13 * s, cx + 1.3 * s, y + 0.13 * s), c, r=0.13 * s)
    for k in range(10):
        x = cx - 0.8 * s + k * 0.18 * s
        p.d.ellipse((x, y - 0.06 * s, x + 0.06 * s, y), fill=(60, 80, 110))
    p.poly(
        [
            (cx + 0.1 * s, y + 0.02 * s),
            (cx + 0.45 * s, y + 0.02 * s),
            (cx - 0.2 * s, y - 0.5 * s),
            (cx - 0.35 * s, y - 0.5 * s),
        ],
        c,
    )


Painter = Callable[[Pen, float, float, float, RGB], None]
# shape -> (painter, width / height)
BEINGS: dict[str, tuple[Painter, float]] = {
    "beast": (_beast, 1.6),
    "bird": (_bird, 1.4),
    "car": (_car, 2.4),
    "bike": (_bike, 1.9),
    "train": (_train, 3.5),
    "boat": (_boat, 2.5),
    "plane": (_plane, 2.6),
}
