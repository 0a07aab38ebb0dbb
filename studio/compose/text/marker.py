"""Dry-erase marker strokes for the whiteboard layout: slightly wobbly lines, rounded boxes
whose last stroke overshoots the first corner, circles, curved arrows with two-stroke heads,
and the soft wash that clears the board under lettering.

Strokes are drawn on one RGBA layer at twice the size and shrunk once (smooth edges); the
wobble comes from a numpy Generator the caller seeds, so a render is reproducible."""

from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

RGB = tuple[int, int, int]
Point = tuple[float, float]
Box = tuple[float, float, float, float]
SCALE = 2  # strokes are drawn at twice the size, then shrunk


class Marker:
    """A transparent layer the size of the picture that collects marker strokes."""

    def __init__(self, size: tuple[int, int], rng: np.random.Generator, unit: float) -> None:
        self.size, self.rng, self.unit = size, rng, unit
        self.layer = Image.new("RGBA", (size[0] * SCALE, size[1] * SCALE), (0, 0, 0, 0))
        self.draw = ImageDraw.Draw(self.layer)

    # -- primitives -----------------------------------------------------------------------
    def _wobble(self, points: list[Point], amount: float) -> list[Point]:
        """Points nudged sideways by a smooth random offset (a hand, not a ruler)."""
        if len(points) < 2 or amount <= 0:
            return points
        arr = np.asarray(points, dtype=float)
        n = len(arr)
        knots = self.rng.normal(0, amount, max(2, n // 12 + 2))
        offsets = np.interp(np.linspace(0, len(knots) - 1, n), np.arange(len(knots)), knots)
        tangent = np.gradient(arr, axis=0)
        norm = np.hypot(tangent[:, 0], tangent[:, 1])[:, None]
        normal = np.stack([-tangent[:, 1], tangent[:, 0]], 1) / np.maximum(norm, 1e-6)
        return [tuple(p) for p in arr + normal * offsets[:, None]]

    def line(self, points: list[Point], color: RGB, width: float, wobble: float = 0.35) -> None:
        """A stroke through `points` (picture pixels) with round ends."""
        pts = [
            (x * SCALE, y * SCALE)
            for x, y in self._wobble(_dense(points, self.unit), wobble * self.unit)
        ]
        wpx = max(2, round(width * SCALE))
        ink = (*color, 238)
        self.draw.line(pts, fill=ink, width=wpx, joint="curve")
        r = wpx / 2
        for x, y in (pts[0], pts[-1]):
            self.draw.ellipse((x - r, y - r, x + r, y + r), fill=ink)

    # -- shapes ---------------------------------------------------------------------------
    def box(self, box: Box, radius: float, color: RGB, width: float) -> None:
        """A rounded box drawn in one stroke from near the top-left corner, overshooting it."""
        x0, y0, x1, y1 = box
        r = max(1.0, min(radius, (x1 - x0) / 2, (y1 - y0) / 2))
        pts: list[Point] = []
        corners = (
            (x1 - r, y0 + r, -90),
            (x1 - r, y1 - r, 0),
            (x0 + r, y1 - r, 90),
            (x0 + r, y0 + r, 180),
        )
        for cx, cy, start in corners:
            for k in range(7):
                a = math.radians(start + 15 * k)
                pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
        pts.insert(0, (x0 + r, y0))
        pts.append(
            (x0 + r + 0.8 * r + self.unit * self.rng.uniform(0.5, 1.5), y0 - self.unit * 0.3)
        )
        self.line(pts, color, width, wobble=0.3)

    def circle(self, center: Point, radius: float, color: RGB, width: float) -> None:
        """A hand-drawn circle, closed with a small overlap."""
        start = self.rng.uniform(0, 2 * math.pi)
        turns = np.linspace(start, start + 2 * math.pi * 1.06, 48)
        pts = [(center[0] + radius * math.cos(t), center[1] + radius * math.sin(t)) for t in turns]
        self.line(pts, color, width, wobble=0.12)

    def arrow(self, start: Point, end: Point, color: RGB, width: float, bend: float = 0.0) -> None:
        """A curved arrow (bend: sideways bulge as a fraction of its length) with a head of
        two short strokes."""
        (sx, sy), (ex, ey) = start, end
        length = math.hypot(ex - sx, ey - sy)
        if length < 1:
            return
        nx, ny = -(ey - sy) / length, (ex - sx) / length
        cx, cy = (sx + ex) / 2 + nx * bend * length, (sy + ey) / 2 + ny * bend * length
        ts = np.linspace(0, 1, 24)
        pts = [
            (
                (1 - t) ** 2 * sx + 2 * (1 - t) * t * cx + t**2 * ex,
                (1 - t) ** 2 * sy + 2 * (1 - t) * t * cy + t**2 * ey,
            )
            for t in ts
        ]
        self.line(pts, color, width, wobble=0.15)
        angle = math.atan2(ey - cy, ex - cx)
        head = min(length * 0.45, 2.6 * self.unit + 2 * width)
        for side in (-1, 1):
            a = angle + math.pi - side * math.radians(28)
            self.line(
                [(ex, ey), (ex + head * math.cos(a), ey + head * math.sin(a))], color, width, 0
            )

    def underline(self, x0: float, x1: float, y: float, color: RGB, width: float) -> None:
        """A quick double stroke under a title."""
        gap = max(3.0, width * 1.6)
        self.line([(x0, y), (x1, y + self.unit * 0.2)], color, width, wobble=0.25)
        self.line(
            [(x0 + (x1 - x0) * 0.08, y + gap), (x1 - (x1 - x0) * 0.05, y + gap - self.unit * 0.2)],
            color,
            width * 0.8,
            0.25,
        )

    def tick(self, at: Point, size: float, color: RGB, width: float) -> None:
        x, y = at
        self.line(
            [(x, y), (x + size * 0.35, y + size * 0.4), (x + size, y - size * 0.5)],
            color,
            width,
            0.1,
        )

    def onto(self, canvas: Image.Image) -> None:
        """Composite the strokes onto an RGBA canvas of the picture's size."""
        canvas.alpha_composite(self.layer.resize(self.size, Image.LANCZOS))


def _dense(points: list[Point], unit: float) -> list[Point]:
    """Points at most about one unit apart along the path, so the wobble has room."""
    out: list[Point] = [points[0]]
    for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
        n = max(1, int(math.hypot(bx - ax, by - ay) / max(unit, 1.0)))
        out.extend((ax + (bx - ax) * k / n, ay + (by - ay) * k / n) for k in range(1, n + 1))
    return out


def wash(
    canvas: Image.Image,
    boxes: list[Box],
    color: RGB,
    radius: float,
    soften: float,
    strength: int = 250,
) -> None:
    """Clear the board under lettering: board colour, nearly opaque (`strength` of 255),
    feathered at the edges, so no doodle of the picture ever crosses a letter."""
    if not boxes:
        return
    mask = Image.new("L", canvas.size, 0)
    draw = ImageDraw.Draw(mask)
    for box in boxes:
        draw.rounded_rectangle(box, radius=radius, fill=strength)
    if soften > 0:
        mask = mask.filter(ImageFilter.GaussianBlur(soften))
    canvas.paste(Image.new("RGBA", canvas.size, (*color, 255)), (0, 0), mask)
