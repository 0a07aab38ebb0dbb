"""Drawing helpers the styles share: the scene being painted, soft backdrops, ridges,
figures, hand-drawn strokes and skylines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image

from studio.generators.offline.common import RGB, Draw, _pts
from studio.generators.offline.mood import _Mood
from studio.generators.offline.palette import Palette

# --- drawing helpers (sizes in canvas pixels; sc.u is 1% of the canvas's short side) ----------


@dataclass
class _Scene:
    rng: np.random.Generator
    pal: Palette
    mood: _Mood
    w: int  # canvas size: k times the output size
    h: int
    k: int

    @property
    def u(self) -> float:
        return min(self.w, self.h) / 100


def _backdrop(
    sc: _Scene,
    stops: list[tuple[float, RGB]],
    glows: Sequence[tuple] = (),
    blobs: Sequence[tuple] = (),
) -> Image.Image:
    """The soft parts of a picture, computed small in numpy and stretched onto the canvas: a
    vertical gradient through (0..1, colour) stops, glows (x, y, radius, colour, strength)
    added like light ('screen'), and gaussian blobs (x, y, rx, ry, colour, alpha) blended in."""
    sw, sh = max(2, sc.w // 8), max(2, sc.h // 8)
    ys = (np.arange(sh, dtype=np.float32) + 0.5) * sc.h / sh
    xs = (np.arange(sw, dtype=np.float32) + 0.5) * sc.w / sw
    col = [np.interp(ys / sc.h, [s for s, _ in stops], [c[k] for _, c in stops]) for k in range(3)]
    a = np.repeat(np.stack(col, -1)[:, None, :], sw, axis=1)

    def bump(x: float, y: float, rx: float, ry: float) -> np.ndarray:  # (sh, sw, 1), peak 1
        gy, gx = np.exp(-0.5 * ((ys - y) / ry) ** 2), np.exp(-0.5 * ((xs - x) / rx) ** 2)
        return np.outer(gy, gx)[..., None]

    for x, y, r, colour, strength in glows:
        a = 255 - (255 - a) * (1 - strength * bump(x, y, r, r) * np.array(colour) / 255)
    for x, y, rx, ry, colour, alpha in blobs:
        a += (np.array(colour) - a) * alpha * bump(x, y, rx, ry)
    small = Image.fromarray(np.clip(a + 0.5, 0, 255).astype(np.uint8))
    out = small.resize((sc.w // sc.k, sc.h // sc.k), Image.Resampling.BILINEAR)  # output size,
    return out.resize((sc.w, sc.h), Image.Resampling.NEAREST) if sc.k > 1 else out  # doubled


def _random_blobs(
    sc: _Scene, colours: list[RGB], n: int, alpha: float, size: float = 0.3
) -> list[tuple]:
    """n soft blobs anywhere on the canvas, for _backdrop (mist, clouds, erased ink)."""
    out = []
    for i in range(n):
        r = min(sc.w, sc.h) * size * sc.rng.uniform(0.5, 1.3)
        x, y = sc.rng.uniform(0, sc.w), sc.rng.uniform(0, sc.h)
        out.append((x, y, r * 1.4, r, colours[i % len(colours)], alpha))
    return out


def _ridge(sc: _Scene, y: float, amp: float, octaves: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """A hill or mountain skyline: a few sine octaves with seeded frequencies and phases."""
    xs = np.linspace(0, sc.w, 97)
    ys = np.full_like(xs, y)
    for k in range(octaves):
        f = sc.rng.uniform(1.0, 2.5) * 2**k * 2 * np.pi / sc.w
        ys += amp / 1.9**k * np.sin(f * xs + sc.rng.uniform(0, 2 * np.pi))
    return xs, ys


def _fill_ridge(d: Draw, xs: np.ndarray, ys: np.ndarray, bottom: float, fill: RGB) -> None:
    d.polygon([(0, bottom), *_pts(xs, ys), (xs[-1], bottom)], fill=fill)


def _person(
    d: Draw, x: float, foot: float, height: float, fill: RGB, shirt: RGB | None = None
) -> None:
    """A standing figure, `height` tall from head to feet."""
    u = height / 7.5
    d.polygon(
        [
            (x - 0.85 * u, foot - 3.6 * u),
            (x + 0.85 * u, foot - 3.6 * u),
            (x + 0.65 * u, foot),
            (x + 0.15 * u, foot),
            (x, foot - 2.8 * u),
            (x - 0.15 * u, foot),
            (x - 0.65 * u, foot),
        ],
        fill=fill,
    )  # legs
    d.rounded_rectangle(
        (x - u, foot - 6.4 * u, x + u, foot - 3.3 * u), radius=0.6 * u, fill=shirt or fill
    )
    d.ellipse((x - 0.5 * u, foot - 7.5 * u, x + 0.5 * u, foot - 6.4 * u), fill=fill)  # head


def _wobble(sc: _Scene, pts: list[tuple[float, float]], jitter: float) -> list[tuple[float, float]]:
    """Resample a polyline and nudge it sideways smoothly: the look of a hand-drawn stroke."""
    out: list[tuple[float, float]] = []
    for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
        length = max(1.0, float(np.hypot(x1 - x0, y1 - y0)))
        t = np.linspace(0, 1, max(3, int(length / (6 * sc.u))))
        wave = np.sin(2 * np.pi * sc.rng.uniform(0.5, 1.5) * t + sc.rng.uniform(0, 6))
        off = jitter * np.sin(np.pi * t) * wave  # still at both ends
        nx, ny = -(y1 - y0) / length, (x1 - x0) / length
        out += _pts(x0 + (x1 - x0) * t + nx * off, y0 + (y1 - y0) * t + ny * off)
    return out


def _scribble(
    d: Draw, sc: _Scene, x0: float, x1: float, y: float, size: float, fill: RGB, width: int
) -> None:
    """A line of loopy 'handwriting' that reads as writing from afar and says nothing."""
    x = x0
    while x < x1 - size:
        letters = min(int(sc.rng.integers(2, 7)), int((x1 - x) / (0.44 * size)))  # a loop: 0.44
        if letters < 1:
            break
        t = np.linspace(0, 2 * np.pi * letters, letters * 10)
        xs = x + t * size * 0.07 - size * 0.12 * np.sin(t)  # a prolate cycloid: loops
        ys = y - size * 0.22 * (1 - np.cos(t)) * sc.rng.uniform(0.6, 1.0)
        d.line(_pts(xs, ys), fill=fill, width=width, joint="curve")
        x = float(xs[-1]) + size * 0.6


def _skyline(d: Draw, sc: _Scene, base: float, fill: RGB, windows: RGB | None) -> None:
    """A row of buildings standing on `base`, some with spires, some with lit windows."""
    rng, u, x = sc.rng, sc.u, -sc.rng.uniform(0, 5 * sc.u)
    while x < sc.w:
        bw, bh = u * rng.uniform(4, 11), sc.h * rng.uniform(0.06, 0.28)
        d.rectangle((x, base - bh, x + bw, base), fill=fill)
        if rng.random() < 0.2:
            d.line(
                (x + bw / 2, base - bh, x + bw / 2, base - bh * 1.25),
                fill=fill,
                width=round(u * 0.5),
            )
        for wy in np.arange(base - bh + 1.6 * u, base - 1.6 * u, 1.6 * u) if windows else ():
            for wx in np.arange(x + u, x + bw - u, 1.6 * u):
                if rng.random() < 0.35:
                    d.rectangle((wx, wy, wx + 0.6 * u, wy + 0.8 * u), fill=windows)
        x += bw + u * rng.uniform(0, 1.5)
