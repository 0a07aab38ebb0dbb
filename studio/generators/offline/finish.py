"""The finish every style gets on the output-size image: period tint, vignette and grain."""

from __future__ import annotations

import numpy as np
from PIL import Image

from studio.generators.offline.mood import _Mood

# style -> (film grain sigma, vignette strength, photographic: takes the prompt's period tint)
_FINISH = {
    "photo": (7.0, 0.5, True),
    "poster": (3.5, 0.12, True),
    "crowd": (4.0, 0.3, True),
    "blueprint": (5.0, 0.45, False),
    "whiteboard": (2.0, 0.1, False),
    "infographic": (1.5, 0.0, False),
    "illustration": (1.2, 0.0, False),
    "scene": (1.2, 0.08, False),
}


def _finish(img: Image.Image, style: str, mood: _Mood, rng: np.random.Generator) -> Image.Image:
    """Period tint, vignette and grain, in float32 on the output-size image."""
    grain, vignette, photographic = _FINISH[style]
    w, h = img.size
    mono = photographic and mood.mono  # black-and-white film: work on luminance, tint at the end
    a = np.asarray(img.convert("L") if mono else img, dtype=np.float32)
    if photographic and mood.faded and not mono:  # lifted blacks and a warm cast
        a = a * 0.86 + np.array([30, 22, 10], dtype=np.float32)
    ys, xs = np.linspace(-1, 1, h, dtype=np.float32), np.linspace(-1, 1, w, dtype=np.float32)
    q = np.add.outer(ys**2, xs**2) / 2  # 0 at the centre, 1 in the corners
    shade = 1 - vignette * q * np.sqrt(q)
    noise = rng.standard_normal((h, w), dtype=np.float32) * grain + 0.5  # + 0.5: round, not floor
    a = a * shade + noise if mono else a * shade[..., None] + noise[..., None]
    if mono:
        a = a[..., None] * np.array([1.04, 1.0, 0.92], dtype=np.float32)  # a faint warm silver
    return Image.fromarray(np.clip(a, 0, 255, out=a).astype(np.uint8), "RGB")
