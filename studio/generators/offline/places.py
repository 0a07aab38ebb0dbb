"""Places a draft can show: a building's face (house or hotel, castle, church, tower, bridge)
standing on the ground, and a room seen from its door (one-point perspective)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from studio.generators.offline.common import RGB, _mix
from studio.generators.offline.landmarks import _bridge
from studio.generators.offline.landmarks import _tower as _lattice
from studio.generators.offline.objects import SHAPES, Pen
from studio.generators.offline.stage import shade

_GLASS = (150, 176, 196)


def _windows(p: Pen, box: tuple, rows: int, cols: int, lit: RGB) -> None:
    x0, y0, x1, y1 = box
    cw, rh = (x1 - x0) / cols, (y1 - y0) / rows
    for i in range(rows):
        for j in range(cols):
            wx, wy = x0 + j * cw, y0 + i * rh
            p.d.rectangle((wx + cw * 0.25, wy + rh * 0.2, wx + cw * 0.75, wy + rh * 0.8), fill=lit)


def _facade(p: Pen, cx: float, base: float, s: float, c: RGB, lit: RGB) -> None:
    W = 0.8 * s
    p.poly(
        [(cx - W * 1.08, base - 0.7 * s), (cx, base - s), (cx + W * 1.08, base - 0.7 * s)],
        shade(c, -0.4),
    )
    p.rect((cx - W, base - 0.72 * s, cx + W, base), c)
    p.d.rectangle(
        (cx - W * 1.04, base - 0.74 * s, cx + W * 1.04, base - 0.7 * s), fill=shade(c, 0.3)
    )
    _windows(p, (cx - W * 0.92, base - 0.66 * s, cx + W * 0.92, base - 0.24 * s), 2, 6, lit)
    p.rect((cx - 0.1 * s, base - 0.28 * s, cx + 0.1 * s, base), shade(c, -0.5), r=0.04 * s)
    for side in (-1, 1):  # ground-floor windows beside the door
        x = cx + side * W * 0.55
        p.d.rectangle((x - 0.08 * s, base - 0.2 * s, x + 0.08 * s, base - 0.06 * s), fill=lit)


def _castle(p: Pen, cx: float, base: float, s: float, c: RGB, lit: RGB) -> None:
    W, roof = 0.75 * s, shade(c, -0.45)
    for side in (-1, 1):
        x = cx + side * W
        p.poly(
            [(x - 0.2 * s, base - 0.78 * s), (x, base - 1.05 * s), (x + 0.2 * s, base - 0.78 * s)],
            roof,
        )
        p.rect((x - 0.16 * s, base - 0.8 * s, x + 0.16 * s, base), shade(c, -0.08))
        p.d.rectangle((x - 0.03 * s, base - 0.6 * s, x + 0.03 * s, base - 0.48 * s), fill=lit)
    p.rect((cx - W, base - 0.55 * s, cx + W, base), c)
    for k in np.linspace(cx - W, cx + W - 0.08 * s, 9):  # battlements
        p.d.rectangle((k, base - 0.62 * s, k + 0.08 * s, base - 0.55 * s), fill=c)
    p.d.chord(
        (cx - 0.13 * s, base - 0.32 * s, cx + 0.13 * s, base - 0.06 * s),
        180,
        360,
        fill=shade(c, -0.55),
    )
    p.d.rectangle((cx - 0.13 * s, base - 0.19 * s, cx + 0.13 * s, base), fill=shade(c, -0.55))


def _church(p: Pen, cx: float, base: float, s: float, c: RGB, lit: RGB) -> None:
    tx = cx - 0.45 * s
    p.poly(
        [(tx - 0.16 * s, base - 0.72 * s), (tx, base - 1.1 * s), (tx + 0.16 * s, base - 0.72 * s)],
        shade(c, -0.45),
    )
    p.rect((tx - 0.16 * s, base - 0.74 * s, tx + 0.16 * s, base), shade(c, -0.06))
    p.poly(
        [
            (tx + 0.16 * s, base - 0.45 * s),
            (cx + 0.3 * s, base - 0.72 * s),
            (cx + 0.75 * s, base - 0.45 * s),
        ],
        shade(c, -0.4),
    )
    p.rect((tx + 0.16 * s, base - 0.46 * s, cx + 0.75 * s, base), c)
    r, y = 0.09 * s, base - 0.56 * s
    p.oval((cx + 0.3 * s - r, y - r, cx + 0.3 * s + r, y + r), lit)
    for x in np.linspace(tx + 0.3 * s, cx + 0.65 * s, 4):
        p.d.rounded_rectangle(
            (x - 0.04 * s, base - 0.35 * s, x + 0.04 * s, base - 0.12 * s),
            radius=0.04 * s,
            fill=lit,
        )


def _tower(p: Pen, cx: float, base: float, s: float, c: RGB, lit: RGB) -> None:
    y = base
    for wf, hf in ((0.34, 0.45), (0.26, 0.22), (0.18, 0.14), (0.1, 0.08)):  # setbacks
        hw, top = wf * s / 2, y - hf * s
        p.rect((cx - hw, top, cx + hw, y), shade(c, -0.05))
        p.d.rectangle((cx + hw * 0.4, top, cx + hw, y), fill=shade(c, -0.2))
        _windows(
            p,
            (cx - hw * 0.9, top + 0.01 * s, cx + hw * 0.9, y - 0.01 * s),
            max(2, int(hf * 30)),
            max(2, int(wf * 14)),
            lit,
        )
        y = top
    p.line([(cx, y), (cx, base - s)], shade(c, -0.3), 0.012 * s)


def _bridge_shape(p: Pen, cx: float, base: float, s: float, c: RGB, lit: RGB) -> None:
    _bridge(
        p.d, cx - 1.4 * s, base - s, 2.8 * s, s * 1.05, shade(c, -0.5), max(2, round(0.025 * s))
    )


def _lattice_shape(p: Pen, cx: float, base: float, s: float, c: RGB, lit: RGB) -> None:
    _lattice(p.d, cx - 0.38 * s, base - s, 0.76 * s, s, shade(c, -0.5), max(2, round(0.018 * s)))


Painter = Callable[[Pen, float, float, float, RGB, RGB], None]
# shape -> (painter, width / height)
BUILDINGS: dict[str, tuple[Painter, float]] = {
    "facade": (_facade, 1.75),
    "castle": (_castle, 1.9),
    "church": (_church, 1.4),
    "tower": (_tower, 0.4),
    "bridge": (_bridge_shape, 2.8),
    "lattice": (_lattice_shape, 0.76),
}


def room(p: Pen, rng: np.random.Generator, box: tuple, wall: RGB, light: RGB, hero: RGB) -> tuple:
    """A room in one-point perspective filling `box`: back wall with a window letting in the
    light, side walls, ceiling and a planked floor, a sofa and a lamp. Returns the back wall's
    box (where a reference would stand)."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    bx0, bx1 = x0 + w * rng.uniform(0.22, 0.3), x1 - w * rng.uniform(0.22, 0.3)
    by0, by1 = y0 + h * 0.2, y0 + h * 0.68
    floor, ceiling = _mix(wall, (120, 86, 60), 0.6), shade(wall, 0.2)
    p.d.rectangle(box, fill=wall)
    p.d.polygon([(x0, y0), (x1, y0), (bx1, by0), (bx0, by0)], fill=ceiling)
    p.d.polygon([(x0, y0), (bx0, by0), (bx0, by1), (x0, y1)], fill=shade(wall, -0.12))
    p.d.polygon([(x1, y0), (bx1, by0), (bx1, by1), (x1, y1)], fill=shade(wall, -0.2))
    p.d.polygon([(x0, y1), (bx0, by1), (bx1, by1), (x1, y1)], fill=floor)
    for t in np.linspace(0, 1, 9)[1:-1]:  # floor planks toward the vanishing point
        p.d.line(
            (x0 + w * t, y1, bx0 + (bx1 - bx0) * t, by1),
            fill=shade(floor, -0.15),
            width=max(1, round(w * 0.002)),
        )
    p.d.rectangle((bx0, by0, bx1, by1), fill=wall)
    ww = (bx1 - bx0) * 0.28
    wx = bx0 + (bx1 - bx0) * rng.uniform(0.15, 0.57)
    win = (wx, by0 + (by1 - by0) * 0.12, wx + ww, by0 + (by1 - by0) * 0.62)
    p.d.rectangle(win, fill=light, outline=shade(wall, 0.4), width=max(1, round(w * 0.006)))
    p.d.line(
        ((win[0] + win[2]) / 2, win[1], (win[0] + win[2]) / 2, win[3]),
        fill=shade(wall, 0.4),
        width=max(1, round(w * 0.004)),
    )
    p.d.ellipse(
        (bx0 - w * 0.02, by1 - h * 0.03, bx1 + w * 0.02, by1 + h * 0.18), fill=shade(hero, 0.35)
    )  # a rug
    sofa, _ = SHAPES["sofa"]
    s = (by1 - by0) * 0.42
    sofa(p, (bx0 + bx1) / 2, by1 + h * 0.04, s, hero)
    lamp, _ = SHAPES["lamp"]
    lamp(p, bx1 - (bx1 - bx0) * 0.06, by1 + h * 0.03, s * 1.6, light)
    return (bx0, by0, bx1, by1)
