"""The palette of a draft: from the job's params, a reference image, or the prompt and seed.

params["palette"] > first reference image > prompt (mood hue or digest, nudged by the seed)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageColor

from studio.errors import AttachmentError, GeneratorError
from studio.generators.offline.common import BLACK, RGB, WHITE, _hsv, _lum, _mix
from studio.generators.offline.mood import _Mood


@dataclass(frozen=True)
class Palette:
    """Colours by role, so every style can read the same palette."""

    sky_top: RGB
    horizon: RGB
    glow: RGB  # sun, moon, lamps
    layers: tuple[RGB, ...]  # four land colours, far -> near (near is darkest)
    accents: tuple[RGB, ...]  # three lively colours: clothes, houses, blobs
    paper: RGB  # light ground
    ink: RGB  # darkest

    @classmethod
    def from_colours(cls, colours: list[RGB]) -> Palette:
        """Roles from any list (brand kit, reference image): light colours become sky and
        paper, dark ones the near land, the most saturated ones the accents."""
        light = sorted(colours, key=_lum, reverse=True)

        def pick(t: float) -> RGB:  # 0 = lightest .. 1 = darkest
            return light[round(t * (len(light) - 1))]

        lively = sorted(colours, key=lambda c: max(c) - min(c), reverse=True)
        horizon = light[0]
        return cls(
            sky_top=_mix(pick(0.34), pick(0.67), 0.3),
            horizon=horizon,
            glow=_mix(horizon, WHITE, 0.6),
            layers=tuple(
                _mix(horizon, pick(t), a)
                for t, a in ((0.5, 0.45), (0.67, 0.65), (0.84, 0.85), (1.0, 1.0))
            ),
            accents=tuple(lively[i % len(lively)] for i in range(3)),
            paper=_mix(horizon, WHITE, 0.7),
            ink=_mix(light[-1], BLACK, 0.35),
        )

    def hex(self) -> list[str]:
        colours = [
            self.sky_top,
            self.horizon,
            self.glow,
            *self.layers,
            *self.accents,
            self.paper,
            self.ink,
        ]
        return ["#" + bytes(c).hex() for c in colours]


def _prompt_palette(rng: np.random.Generator, mood: _Mood, digest: bytes) -> Palette:
    """A palette that evokes the prompt: its hue hint (or its digest) nudged by the seed."""
    h = (mood.hue if mood.hue is not None else digest[0] / 256) + rng.uniform(-0.05, 0.05)
    land = h + float(rng.choice([0.5, 0.58, 0.0, 0.08, -0.08]))  # complementary or analogous
    if mood.night:
        sky_top, horizon = _hsv(0.64, 0.7, 0.16), _hsv(h, 0.45, rng.uniform(0.38, 0.5))
        glow, values = (238, 234, 214), (0.3, 0.21, 0.13, 0.06)
    else:
        sky_top = _hsv(h + rng.uniform(-0.08, 0.08), rng.uniform(0.35, 0.6), rng.uniform(0.6, 0.8))
        horizon = _hsv(h + rng.choice([-0.1, 0.08, 0.5]), rng.uniform(0.18, 0.35), 0.97)
        glow, values = _mix(horizon, (255, 246, 224), 0.7), (0.62, 0.46, 0.3, 0.13)
    # land darkens toward the viewer; the far layers take on the horizon's haze
    land_colours = [_hsv(land, 0.3 + 0.08 * i, v) for i, v in enumerate(values)]
    return Palette(
        sky_top=sky_top,
        horizon=horizon,
        glow=glow,
        layers=tuple(_mix(c, horizon, 0.5 * (1 - i / 3)) for i, c in enumerate(land_colours)),
        accents=(_hsv(h + 0.5, 0.6, 0.88), _hsv(h + 0.62, 0.5, 0.8), _hsv(h + 0.04, 0.65, 0.92)),
        paper=_hsv(h, 0.05, 0.97),
        ink=_hsv(land, 0.5, 0.1),
    )


def _parse_palette(value: object) -> Palette:
    if not isinstance(value, list | tuple) or not value:
        raise GeneratorError(
            f"params['palette'] must be a list of colours, got {value!r}",
            hint='use hex colours, e.g. ["#0b3954", "#ff6b35"]',
        )
    try:
        return Palette.from_colours([ImageColor.getrgb(str(c))[:3] for c in value])
    except ValueError as exc:
        raise GeneratorError(
            f"params['palette'] has a colour Pillow cannot read: {exc}",
            hint='use hex colours such as "#ff6b35"',
        ) from exc


def _reference_palette(path: Path) -> Palette:
    """The dominant colours of a reference image (median cut on a thumbnail: deterministic)."""
    try:
        with Image.open(path) as im:
            small = im.convert("RGB").resize((64, 64), Image.Resampling.BILINEAR)
    except (OSError, ValueError) as exc:
        raise AttachmentError(
            f"cannot read reference image {path}: {exc}",
            hint="attach a PNG or JPEG file that exists",
        ) from exc
    q = small.quantize(colors=6, method=Image.Quantize.MEDIANCUT)
    flat, used = q.getpalette() or [], sorted(q.getcolors() or [], reverse=True)
    return Palette.from_colours([(flat[3 * i], flat[3 * i + 1], flat[3 * i + 2]) for _, i in used])
