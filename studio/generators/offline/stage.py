"""The stage a subject stands on: the light's colours, the free area left by the text zone,
the ground line, soft shadows and the weather.

A draft previews the plan, so the subject is staged where the final picture will have it: out
of the region the composer will set text in (params["text_zone"]), standing on a surface lit
the way the setting's words say (dawn, night, fog, snow, beach, studio...).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from studio.errors import GeneratorError
from studio.generators.offline.canvas import _backdrop, _Scene
from studio.generators.offline.common import RGB, _mix

ZONES = ("bottom", "top", "left", "right")
ZONE_SHARE = {"bottom": 0.26, "top": 0.26, "left": 0.38, "right": 0.38}  # of height / width

Box = tuple[float, float, float, float]


def text_zone(value: object) -> str | None:
    """params["text_zone"] checked: one of ZONES, or None when the plan sets none."""
    if value in (None, "", "none"):
        return None
    zone = str(value).strip().lower()
    if zone not in ZONES:
        raise GeneratorError(
            f"params['text_zone'] must be one of {', '.join(ZONES)}, got {value!r}",
            hint="the planner names the side the composer will set the headline on",
        )
    return zone


def safe_margins(value: object) -> tuple[float, float, float, float]:
    """params["safe"]: the channel's [top, right, bottom, left] margins (fractions) that the
    composer keeps its text inside; (0, 0, 0, 0) when the plan gives none."""
    try:
        t, r, b, left = (min(max(float(v), 0.0), 0.4) for v in value)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        return (0.0, 0.0, 0.0, 0.0)
    return (t, r, b, left)


def zone_box(w: float, h: float, zone: str | None, safe: object = None) -> Box | None:
    """The region kept for the composer's text, in pixels of a w x h picture: a band along
    the zone's side, inside the channel's safe margins (an Instagram story's text sits above
    its bottom fifth, so its zone does too)."""
    if zone is None:
        return None
    share = ZONE_SHARE[zone]
    t, r, b, left = safe_margins(safe)
    return {
        "bottom": (0.0, h * (1 - b - share), w, h * (1 - b)),
        "top": (0.0, h * t, w, h * (t + share)),
        "left": (w * left, 0.0, w * (left + share), h),
        "right": (w * (1 - r - share), 0.0, w * (1 - r), h),
    }[zone]


def free_box(w: float, h: float, zone: str | None, safe: object = None) -> Box:
    """Where the subject may stand: the whole frame less the text zone."""
    z = zone_box(w, h, zone, safe)
    if z is None:
        return (0.0, 0.0, w, h)
    return {
        "bottom": (0.0, 0.0, w, z[1]),
        "top": (0.0, z[3], w, h),
        "left": (z[2], 0.0, w, h),
        "right": (0.0, 0.0, z[0], h),
    }[str(zone)]


@dataclass(frozen=True)
class Light:
    """The colours of a setting: sky or wall, the horizon, the ground far and near, a glow."""

    name: str
    top: RGB
    horizon: RGB
    ground: RGB
    near: RGB
    glow: RGB
    haze: float  # fog: how far everything fades toward the horizon colour
    dark: bool  # night: lamps glow, stars show


# name -> (top, horizon, ground, near, glow, haze)
_PRESETS: dict[str, tuple[RGB, RGB, RGB, RGB, RGB, float]] = {
    "studio": ((188, 186, 182), (234, 232, 228), (226, 224, 220), (204, 202, 198), (255,) * 3, 0),
    "dawn": ((126, 140, 190), (255, 198, 172), (168, 146, 150), (104, 90, 104), (255, 220, 190), 0),
    "sunset": ((62, 52, 112), (255, 156, 84), (118, 76, 72), (62, 42, 52), (255, 204, 124), 0),
    "night": ((10, 14, 34), (36, 48, 88), (28, 32, 46), (14, 16, 26), (255, 214, 150), 0),
    "fog": ((178, 184, 190), (216, 218, 220), (168, 172, 176), (138, 142, 146), (240,) * 3, 0.4),
    "snow": ((168, 190, 216), (232, 238, 244), (240, 244, 250), (222, 228, 238), (255,) * 3, 0),
    "rain": ((92, 100, 112), (152, 160, 168), (86, 92, 100), (60, 64, 72), (220, 226, 232), 0.15),
    "beach": (
        (70, 150, 214),
        (198, 228, 244),
        (236, 214, 168),
        (224, 198, 148),
        (255, 250, 230),
        0,
    ),
}


def light_for(sc: _Scene, name: str) -> Light:
    """The light a setting names, nudged 15% toward the job's palette (the seed, a brand or a
    reference still show); "day" is the palette itself."""
    pal = sc.pal
    if name not in _PRESETS:
        return Light(
            "day", pal.sky_top, pal.horizon, pal.layers[1], pal.layers[2], pal.glow, 0, False
        )
    top, horizon, ground, near, glow, haze = _PRESETS[name]
    return Light(
        name,
        _mix(top, pal.sky_top, 0.15),
        _mix(horizon, pal.horizon, 0.15),
        _mix(ground, pal.layers[1], 0.15),
        _mix(near, pal.layers[2], 0.15),
        glow,
        haze,
        name == "night",
    )


def sky_and_ground(
    sc: _Scene, lt: Light, ground_y: float, glow_at: tuple[float, float]
) -> Image.Image:
    """A soft backdrop: sky (or studio wall) to the horizon at ground_y, then the ground
    darkening toward the viewer; a glow where the light comes from."""
    g = min(max(ground_y / sc.h, 0.05), 0.98)
    x, y = glow_at
    r = min(sc.w, sc.h) * 0.45
    blobs = []
    if lt.name not in ("studio", "beach"):  # far, out-of-focus shapes: depth without detail
        for i in range(4):
            bx = sc.w * sc.rng.uniform(0, 1)
            blobs.append(
                (
                    bx,
                    ground_y,
                    sc.w * 0.12,
                    sc.h * 0.05,
                    _mix(lt.horizon, lt.ground, 0.5 + 0.1 * i),
                    0.5,
                )
            )
    return _backdrop(
        sc,
        [(0, lt.top), (g - 0.001, lt.horizon), (g, lt.ground), (1, lt.near)],
        glows=[(x, y, r, lt.glow, 0.55 if lt.name != "night" else 0.35)],
        blobs=blobs,
    )


def soft_shadow(img: Image.Image, box: Box, strength: float = 0.55) -> None:
    """A blurred contact shadow (an ellipse under `box`), computed small and stretched: the
    look of a soft light without blurring the full canvas."""
    w, h = img.size
    s = 8
    small = Image.new("L", (max(1, w // s), max(1, h // s)), 0)
    x0, y0, x1, y1 = (v / s for v in box)
    ImageDraw.Draw(small).ellipse((x0, y0, x1, y1), fill=round(255 * strength))
    radius = max(1.0, (y1 - y0) * 0.6)
    mask = small.filter(ImageFilter.GaussianBlur(radius)).resize((w, h), Image.Resampling.BILINEAR)
    img.paste(Image.new("RGB", (w, h), (18, 16, 20)), (0, 0), mask)


def weather(img: Image.Image, sc: _Scene, lt: Light, sky_bottom: float) -> Image.Image:
    """Stars at night, flakes in snow, streaks in rain, and fog's haze over everything."""
    d, rng, u = ImageDraw.Draw(img), sc.rng, sc.u
    if lt.dark:
        for _ in range(int(sc.w * sky_bottom / (60 * u * u))):
            x, y, s = (
                rng.uniform(0, sc.w),
                rng.uniform(0, sky_bottom * 0.8),
                u * rng.uniform(0.08, 0.2),
            )
            d.ellipse((x - s, y - s, x + s, y + s), fill=_mix(lt.glow, lt.top, rng.uniform(0, 0.5)))
    if lt.name == "snow":
        for _ in range(int(sc.w * sc.h / (90 * u * u))):
            x, y, s = rng.uniform(0, sc.w), rng.uniform(0, sc.h), u * rng.uniform(0.15, 0.45)
            d.ellipse((x - s, y - s, x + s, y + s), fill=(250, 252, 255))
    if lt.name == "rain":
        for _ in range(int(sc.w * sc.h / (60 * u * u))):
            x, y, ln = rng.uniform(0, sc.w), rng.uniform(0, sc.h), u * rng.uniform(1.5, 3.5)
            d.line(
                (x, y, x - ln * 0.2, y + ln),
                fill=_mix(lt.horizon, (255,) * 3, 0.3),
                width=max(1, round(0.12 * u)),
            )
    if lt.haze:
        img = Image.blend(img, Image.new("RGB", img.size, lt.horizon), lt.haze)
    return img


def hero_colour(sc: _Scene, colour: RGB | None) -> RGB:
    """The subject's main colour: the one its words name, else the palette's first accent."""
    return colour if colour is not None else sc.pal.accents[int(sc.rng.integers(3))]


def shade(c: RGB, t: float) -> RGB:
    """Darker (t < 0) or lighter (t > 0) by |t| of the way to black or white."""
    return _mix(c, (0, 0, 0), -t) if t < 0 else _mix(c, (255, 255, 255), t)


def jitter(rng: np.random.Generator, a: float, b: float) -> float:
    return float(rng.uniform(a, b))
