"""The buildings a blueprint can draw, and the prompt words that ask for each one."""

from __future__ import annotations

import numpy as np

from studio.generators.offline.common import RGB, Draw, _pts

# Landmarks for blueprints, each drawn in chalk lines inside the box (x0, y0, bw, bh).


def _tower(d: Draw, x0: float, y0: float, bw: float, bh: float, ink: RGB, lw: int) -> None:
    """An iron lattice tower: curved legs, platforms, bracing, an arch and a mast."""
    cx, gy, t, thin = x0 + bw / 2, y0 + bh, np.linspace(0, 1, 30), max(1, lw // 2)
    half, ys = bw / 2 * (1 - t) ** 2.4 + bw * 0.025, gy - t * bh * 0.9
    for side in (-1, 1):
        d.line(_pts(cx + side * half, ys), fill=ink, width=lw, joint="curve")
        d.line(_pts(cx + side * half * 0.7, ys), fill=ink, width=thin)
    d.line([(cx + (-1) ** i * half[i] * 0.85, ys[i]) for i in range(27)], fill=ink, width=thin)
    for k in (5, 13):  # platforms
        hw = half[k] * 1.15
        d.rectangle((cx - hw, ys[k] - bh * 0.025, cx + hw, ys[k]), outline=ink, width=lw)
    aw = half[0] * 0.6
    d.arc((cx - aw, gy - bh * 0.16, cx + aw, gy + bh * 0.16), 180, 360, fill=ink, width=lw)
    d.line((cx, ys[-1], cx, y0), fill=ink, width=lw)


def _dome(d: Draw, x0: float, y0: float, bw: float, bh: float, ink: RGB, lw: int) -> None:
    """A domed hall: colonnade, pediment, drum, ribbed dome, lantern."""
    cx, gy, thin = x0 + bw / 2, y0 + bh, max(1, lw // 2)
    top, drum = gy - bh * 0.3, gy - bh * 0.44
    d.rectangle((x0, top, x0 + bw, gy), outline=ink, width=lw)
    d.line((x0 - bw * 0.04, gy, x0 + bw * 1.04, gy), fill=ink, width=lw)
    for x in np.linspace(x0 + bw * 0.08, x0 + bw * 0.92, 11):
        d.line((x, top + bh * 0.05, x, gy), fill=ink, width=thin)
    d.line((x0, top + bh * 0.05, x0 + bw, top + bh * 0.05), fill=ink, width=thin)
    d.rectangle((cx - bw * 0.24, drum, cx + bw * 0.24, top), outline=ink, width=lw)
    d.polygon(
        [(cx - bw * 0.3, top), (cx, top - bh * 0.08), (cx + bw * 0.3, top)], outline=ink, width=lw
    )
    for frac in (0.24, 0.14, 0.05):  # the dome and its ribs
        d.arc(
            (cx - bw * frac, drum - bh * 0.28, cx + bw * frac, drum + bh * 0.28),
            180,
            360,
            fill=ink,
            width=lw if frac == 0.24 else thin,
        )
    d.rectangle(
        (cx - bw * 0.03, drum - bh * 0.36, cx + bw * 0.03, drum - bh * 0.28), outline=ink, width=lw
    )
    d.line((cx, drum - bh * 0.36, cx, y0), fill=ink, width=lw)


def _bridge(d: Draw, x0: float, y0: float, bw: float, bh: float, ink: RGB, lw: int) -> None:
    """A suspension bridge: two towers, sagging cables, hangers, the deck and the water."""
    gy, deck, top, thin = y0 + bh, y0 + bh * 0.62, y0 + bh * 0.05, max(1, lw // 3)
    t1, t2, tw = x0 + bw * 0.22, x0 + bw * 0.78, bw * 0.035
    for tx in (t1, t2):
        d.rectangle((tx - tw / 2, top, tx + tw / 2, gy), outline=ink, width=lw)
        for f in (0.1, 0.35, 0.85):
            y = top + (deck - top) * f
            d.line((tx - tw / 2, y, tx + tw / 2, y), fill=ink, width=lw)
    low = deck - bh * 0.04  # where the cable comes closest to the deck
    for a, b, at in ((t1, t2, 0.5), (x0, t1, 0.0), (t2, x0 + bw, 1.0)):  # main span, side spans
        xs, lowest = np.linspace(a, b, 40), a + (b - a) * at
        ys = low + (top - low) * ((xs - lowest) / max(abs(b - lowest), abs(a - lowest))) ** 2
        d.line(_pts(xs, ys), fill=ink, width=lw, joint="curve")
        for x, y in _pts(xs, ys)[1:-1:2]:  # hangers
            d.line((x, y, x, deck), fill=ink, width=thin)
    d.rectangle((x0, deck, x0 + bw, deck + bh * 0.03), outline=ink, width=lw)
    xs = np.linspace(x0, x0 + bw, 60)
    for k in range(3):  # water
        y = deck + (gy - deck) * (0.45 + 0.2 * k)
        d.line(_pts(xs, y + bh * 0.01 * np.sin(xs / bw * 40 + k)), fill=ink, width=thin)


def _skyscraper(d: Draw, x0: float, y0: float, bw: float, bh: float, ink: RGB, lw: int) -> None:
    """An art-deco tower in setbacks, mullions on every stage, a spire."""
    cx, y = x0 + bw / 2, y0 + bh
    for wf, hf in ((1.0, 0.42), (0.78, 0.2), (0.55, 0.14), (0.32, 0.1)):
        hw, top = bw * wf / 2, y - bh * hf
        d.rectangle((cx - hw, top, cx + hw, y), outline=ink, width=lw)
        for x in np.linspace(cx - hw, cx + hw, max(3, int(wf * 12)))[1:-1]:
            d.line((x, top + 2 * lw, x, y - 2 * lw), fill=ink, width=max(1, lw // 3))
        y = top
    d.line((cx, y, cx, y0), fill=ink, width=lw)


# landmark -> (its drawing, prompt words that ask for it, width / height of its box)
_LANDMARKS = {
    "bridge": (_bridge, "bridge bridges", 2.2),
    "dome": (_dome, "dome capitol cathedral church temple mosque palace basilica museum hall", 1.1),
    "skyscraper": (_skyscraper, "skyscraper skyscrapers building empire chrysler office", 0.55),
    "tower": (_tower, "tower eiffel mast lighthouse", 0.75),
}
