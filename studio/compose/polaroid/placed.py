"""What both the Polaroid layout and its board need: the Polaroid's proportions and `Placed`,
something pinned on the board (a photo or a card), which the strings pass over or under."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image

# Polaroid proportions, as fractions of the frame width P
BORDER, PICTURE, CHIN = 0.055, 0.89, 0.30
HEIGHT = BORDER + PICTURE + CHIN


@dataclass
class Placed:
    """Something pinned on the board: its rotated sprite, where it sits, where its pin is,
    and the turn and size it had before rotation (to map board points back onto it)."""

    sprite: Image.Image
    x: int
    y: int
    pin: tuple[float, float]
    degrees: float = 0.0
    size: tuple[int, int] = (0, 0)

    def local(self, point: tuple[float, float]) -> tuple[float, float]:
        """A board point in the unrotated sprite's own pixel coordinates."""
        t = math.radians(self.degrees)
        rx = point[0] - self.x - self.sprite.width / 2
        ry = point[1] - self.y - self.sprite.height / 2
        dx, dy = rx * math.cos(t) - ry * math.sin(t), rx * math.sin(t) + ry * math.cos(t)
        return dx + self.size[0] / 2, dy + self.size[1] / 2

    def crosses_chin(self, points: np.ndarray) -> bool:
        """Would a string through `points` cross this Polaroid's caption strip?"""
        w, h = self.size
        chin_top = h - w * (CHIN + 0.01)
        return any(
            -2 <= lx <= w + 2 and chin_top <= ly <= h + 2
            for lx, ly in (self.local(p) for p in points)
        )
