"""The plan's marks on a draft: the region the composer will set text in, kept calm and
outlined, so the draft shows where the headline goes rather than painting over it."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from studio.compose.fonts import font
from studio.generators.offline.stage import zone_box

# how far the zone is flattened toward its own mean colour: a staged scene already keeps its
# subject out of the zone, a style that knows no zone (poster, crowd...) needs more calm
WASH_STAGED, WASH_OTHER = 0.72, 0.88
ZONE_TAG = "TEXT"


def reserve_zone(
    img: Image.Image, zone: str | None, wash: float = WASH_OTHER, safe: object = None
) -> None:
    """Flatten the text zone toward its mean colour, dash its outline and tag it, in place."""
    box = zone_box(img.width, img.height, zone, safe)
    if box is None:
        return
    x0, y0, x1, y1 = (round(v) for v in box)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return
    region = np.asarray(img.crop((x0, y0, x1, y1)), dtype=np.float32)
    mean = region.reshape(-1, 3).mean(0)
    lum = float(mean @ np.array([0.299, 0.587, 0.114], dtype=np.float32))
    flat = mean + (255 - mean) * 0.25 if lum < 150 else mean * 0.92  # a touch off the scene
    calm = region * (1 - wash) + flat * wash
    img.paste(Image.fromarray(np.clip(calm + 0.5, 0, 255).astype(np.uint8), "RGB"), (x0, y0))
    ink = (255, 255, 255) if lum < 150 else (40, 40, 44)
    ink = tuple(round(c * 0.55 + f * 0.45) for c, f in zip(ink, flat.tolist(), strict=True))
    m = max(2, round(min(img.size) * 0.02))
    lw = max(1, round(min(img.size) * 0.003))
    dash = max(3, round(min(img.size) * 0.014))
    d = ImageDraw.Draw(img)
    bx0, by0, bx1, by1 = x0 + m, y0 + m, x1 - m - 1, y1 - m - 1
    if bx1 - bx0 < 2 * dash or by1 - by0 < 2 * dash:
        return
    for a, b, horizontal in (
        ((bx0, by0), (bx1, by0), True),
        ((bx0, by1), (bx1, by1), True),
        ((bx0, by0), (bx0, by1), False),
        ((bx1, by0), (bx1, by1), False),
    ):
        start, end = (a[0], b[0]) if horizontal else (a[1], b[1])
        for p in range(start, end, 2 * dash):
            q = min(p + dash, end)
            d.line((p, a[1], q, a[1]) if horizontal else (a[0], p, a[0], q), fill=ink, width=lw)
    size = max(8, round(min(img.size) * 0.022))
    f = font("DejaVu Sans:bold", size)
    if f.getlength(ZONE_TAG) + 2 * m < bx1 - bx0 and size * 2 < by1 - by0:
        d.text((bx0 + m, by0 + m), ZONE_TAG, font=f, fill=ink)
