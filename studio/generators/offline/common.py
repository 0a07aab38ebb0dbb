"""Types and small helpers every part of the offline renderer shares: colours as RGB
tuples, colour arithmetic, and numpy coordinates as Pillow point lists."""

from __future__ import annotations

import colorsys

import numpy as np
from PIL import ImageDraw

RGB = tuple[int, int, int]
Draw = ImageDraw.ImageDraw
WHITE, BLACK = (255, 255, 255), (0, 0, 0)


# --- colour ----------------------------------------------------------------------------------


def _hsv(h: float, s: float, v: float) -> RGB:
    r, g, b = colorsys.hsv_to_rgb(h % 1.0, min(max(s, 0.0), 1.0), min(max(v, 0.0), 1.0))
    return round(r * 255), round(g * 255), round(b * 255)


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    """The colour t of the way from a to b."""
    r, g, b_ = (round(x + (y - x) * t) for x, y in zip(a, b, strict=True))
    return r, g, b_


def _lum(c: RGB) -> float:
    return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]


def _pts(xs: np.ndarray, ys: np.ndarray) -> list[tuple[float, float]]:
    return list(zip(xs.tolist(), ys.tolist(), strict=True))
