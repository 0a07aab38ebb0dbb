"""Dishes seen from above, the way food is photographed: a plate with cutlery, a bowl, a
pizza, the food itself as seeded blobs in the hero's colours."""

from __future__ import annotations

import numpy as np

from studio.generators.offline.common import RGB, _mix
from studio.generators.offline.objects import Pen
from studio.generators.offline.stage import shade


def dish(
    p: Pen, rng: np.random.Generator, shape: str, cx: float, cy: float, r: float, c: RGB
) -> None:
    """A plate, bowl or pizza seen from above, radius r, with cutlery beside plates."""
    if shape == "plate":
        for side, x in ((-1, cx - r * 1.25), (1, cx + r * 1.25)):  # fork left, knife right
            p.rect(
                (x - r * 0.04, cy - r * 0.7, x + r * 0.04, cy + r * 0.75),
                (196, 198, 204),
                r=r * 0.03,
            )
            if side < 0:
                p.rect(
                    (x - r * 0.09, cy - r * 0.85, x + r * 0.09, cy - r * 0.55),
                    (196, 198, 204),
                    r=r * 0.03,
                )
    rim = (248, 246, 240) if shape != "pizza" else (196, 128, 62)
    p.oval((cx - r, cy - r, cx + r, cy + r), rim)
    inner = {"plate": 0.72, "bowl": 0.8, "pizza": 0.88}[shape]
    fill = {"plate": (236, 232, 224), "bowl": _mix(c, (200, 120, 60), 0.4), "pizza": (200, 64, 40)}[
        shape
    ]
    ri = r * inner
    p.oval((cx - ri, cy - ri, cx + ri, cy + ri), fill)
    if shape == "bowl":
        p.d.arc(
            (cx - ri, cy - ri, cx + ri, cy + ri),
            200,
            340,
            fill=shade(fill, -0.3),
            width=max(1, round(r * 0.05)),
        )
    blobs = {"plate": 7, "bowl": 9, "pizza": 12}[shape]
    for k in range(blobs):  # the food: seeded blobs in the hero's colours
        a, t = rng.uniform(0, 2 * np.pi), rng.uniform(0.0, 0.62) * ri
        x, y, br = cx + t * np.cos(a), cy + t * np.sin(a), ri * rng.uniform(0.12, 0.26)
        colour = (
            [c, shade(c, -0.3), (84, 140, 60), (236, 200, 90)][k % 4]
            if shape != "pizza"
            else [(140, 30, 30), (250, 214, 120)][k % 2]
        )
        p.d.ellipse((x - br, y - br * 0.8, x + br, y + br * 0.8), fill=colour)
