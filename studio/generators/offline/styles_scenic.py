"""Styles that paint a place: photo (a cinematic landscape), poster (double exposure), crowd,
illustration and scene (flat shapes)."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from studio.generators.offline.canvas import (
    _backdrop,
    _fill_ridge,
    _person,
    _random_blobs,
    _ridge,
    _Scene,
    _skyline,
)
from studio.generators.offline.common import RGB, WHITE, Draw, _hsv, _mix

# --- styles: each paints a whole canvas of size (sc.w, sc.h) ---------------------------------


def _landscape(sc: _Scene, *, figures: bool) -> Image.Image:
    """Cinematic scene: gradient sky, sun or moon, hazy hills or a city, the sea, dark land."""
    rng, pal, w, h, u = sc.rng, sc.pal, sc.w, sc.h, sc.u
    hy = h * rng.uniform(0.52, 0.68)  # the horizon
    sx, sy = w * rng.uniform(0.15, 0.85), hy - h * rng.uniform(0.06, 0.3)  # the sun or moon
    r = u * rng.uniform(3.5, 7)
    banks = [
        (x, y * hy / h, rx, ry * 0.35, _mix(pal.horizon, pal.glow, 0.5), a)  # flat clouds
        for x, y, rx, ry, _, a in _random_blobs(sc, [pal.glow], 3, 0.35)
    ]
    img = _backdrop(
        sc,
        [(0, pal.sky_top), (hy / h, pal.horizon), (1, pal.layers[1])],
        glows=[(sx, sy, r * 6, pal.glow, 0.9), (sx, sy, r * 2, pal.glow, 0.6)],
        blobs=banks,
    )
    d = ImageDraw.Draw(img)
    for _ in range(int(w * hy / (40 * u * u)) if sc.mood.night else 0):  # stars
        x, y, s = rng.uniform(0, w), rng.uniform(0, hy * 0.8), u * rng.uniform(0.08, 0.22)
        twinkle = _mix(pal.glow, pal.sky_top, rng.uniform(0, 0.6))
        d.ellipse((x - s, y - s, x + s, y + s), fill=twinkle)
    d.ellipse((sx - r, sy - r, sx + r, sy + r), fill=_mix(pal.glow, WHITE, 0.5))
    if sc.mood.city:  # two rows of buildings, the nearer one with windows
        _skyline(d, sc, hy + (h - hy) * 0.1, pal.layers[0], None)
        lit = (255, 212, 140) if sc.mood.night else _mix(pal.layers[1], pal.horizon, 0.3)
        _skyline(d, sc, hy + (h - hy) * 0.3, pal.layers[1], lit)
    else:  # hills fading into the haze
        _fill_ridge(d, *_ridge(sc, hy - h * rng.uniform(0.05, 0.14), h * 0.05), h, pal.layers[0])
        if not sc.mood.water:
            _fill_ridge(d, *_ridge(sc, hy + (h - hy) * 0.1, h * 0.035), h, pal.layers[1])
    if sc.mood.water:  # the sea, with the sun's path on it
        sea = _mix(pal.sky_top, pal.layers[2], 0.55)
        d.rectangle((0, hy, w, h), fill=sea)
        for _ in range(24):
            t = rng.uniform(0, 1) ** 1.5  # 0 at the horizon, 1 at the bottom
            half = r * (0.4 + 3 * t) * rng.uniform(0.2, 1)
            x, y = sx + r * rng.uniform(-0.5, 0.5) * (1 + 3 * t), hy + (h - hy) * t
            d.line(
                (x - half, y, x + half, y),
                fill=_mix(pal.glow, sea, 0.2 + 0.6 * t),
                width=round(u * (0.2 + 0.4 * t)),
            )
        xs, ys = _ridge(sc, h - (h - hy) * 0.25, h * 0.04, 2)
    else:
        _fill_ridge(d, *_ridge(sc, hy + (h - hy) * 0.3, h * 0.035), h, pal.layers[2])
        xs, ys = _ridge(sc, hy + (h - hy) * 0.62, h * 0.05, 2)
    _fill_ridge(d, xs, ys, h, pal.layers[3])
    for _ in range(int(rng.integers(1, 4)) if figures else 0):  # silhouettes on the near ground
        x = w * rng.uniform(0.15, 0.85)
        _person(
            d,
            x,
            float(np.interp(x, xs, ys)) + 2 * u,
            u * rng.uniform(14, 22),
            _mix(pal.layers[3], pal.ink, 0.6),
        )
    return img


# A head in profile facing right, in a unit box (x 0..1, y 0..1, the box's bottom at y=1).
_PROFILE = [
    (0.30, 1.0),
    (0.22, 0.88),
    (0.30, 0.80),
    (0.30, 0.70),
    (0.24, 0.60),
    (0.22, 0.45),
    (0.26, 0.30),
    (0.35, 0.18),
    (0.48, 0.12),
    (0.60, 0.14),
    (0.69, 0.22),
    (0.73, 0.32),
    (0.73, 0.38),
    (0.71, 0.41),
    (0.74, 0.47),
    (0.79, 0.53),
    (0.75, 0.56),
    (0.75, 0.58),
    (0.77, 0.60),
    (0.74, 0.62),
    (0.76, 0.64),
    (0.73, 0.67),
    (0.73, 0.71),
    (0.68, 0.74),
    (0.60, 0.75),
    (0.60, 0.82),
    (0.72, 0.90),
    (0.85, 1.0),
]


def _chaikin(pts: list[tuple[float, float]], rounds: int = 2) -> list[tuple[float, float]]:
    """Round the corners of a polyline (corner cutting), keeping its ends."""
    for _ in range(rounds):
        cut = [pts[0]]
        for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
            cut += [
                (0.75 * x0 + 0.25 * x1, 0.75 * y0 + 0.25 * y1),
                (0.25 * x0 + 0.75 * x1, 0.25 * y0 + 0.75 * y1),
            ]
        pts = [*cut, pts[-1]]
    return pts


def _paint_poster(sc: _Scene, shape: Image.Image | None = None) -> Image.Image:
    """Double exposure: a head in profile (or the subject's silhouette, `shape`, an "L" mask)
    filled with a landscape, a forest along the bottom."""
    rng, pal, w, h = sc.rng, sc.pal, sc.w, sc.h
    land = _landscape(sc, figures=False)
    img = _backdrop(sc, [(0, pal.paper), (1, _mix(pal.paper, pal.horizon, 0.6))])
    if shape is not None:
        img.paste(land, (0, 0), shape)
        rim = shape.filter(ImageFilter.MaxFilter(3)).point(lambda v: 255 if v > 127 else 0)
        rim = ImageChops.subtract(rim, shape.point(lambda v: 255 if v > 127 else 0))
        img.paste(_mix(pal.paper, pal.ink, 0.3), (0, 0), rim)
        return _pines(img, sc)
    size = min(h * rng.uniform(0.85, 0.98), w * 1.2)  # the head fits the width too
    flip = rng.random() < 0.5
    x0 = w * rng.uniform(0.42, 0.58) - size * (0.465 if flip else 0.535)  # profile's centre
    pts = [
        (x0 + size * (1 - px if flip else px), h - size + size * py)
        for px, py in _chaikin(_PROFILE)
    ]
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).polygon(pts, fill=255)
    img.paste(land, (0, 0), mask)
    ImageDraw.Draw(img).line(
        [*pts, pts[0]],
        fill=_mix(pal.paper, pal.ink, 0.3),
        width=max(1, round(0.2 * sc.u)),
        joint="curve",
    )
    return _pines(img, sc)


def _pines(img: Image.Image, sc: _Scene) -> Image.Image:
    """Pines along the bottom, crossing the silhouette, as double exposures love."""
    d, rng, w, h, x = ImageDraw.Draw(img), sc.rng, sc.w, sc.h, 0.0
    while x < w:
        th = h * rng.uniform(0.05, 0.15)
        tw = th * rng.uniform(0.3, 0.45)
        d.polygon([(x, h), (x + tw / 2, h - th), (x + tw, h)], fill=sc.pal.ink)
        x += tw * rng.uniform(0.3, 0.7)
    return img


_SKIN = (
    (241, 194, 160),
    (224, 172, 128),
    (198, 134, 94),
    (141, 85, 54),
    (94, 58, 38),
    (255, 219, 182),
)


def _paint_crowd(sc: _Scene) -> Image.Image:
    """Many small colourful figures on a plaza, rows shrinking toward a hazy skyline."""
    rng, pal, w, h, u = sc.rng, sc.pal, sc.w, sc.h, sc.u
    hy = h * rng.uniform(0.2, 0.3)
    img = _backdrop(
        sc,
        [
            (0, pal.sky_top),
            (hy / h, pal.horizon),
            (hy / h + 0.01, _mix(pal.layers[0], pal.horizon, 0.5)),
            (1, _mix(pal.paper, pal.layers[1], 0.4)),
        ],
    )
    d = ImageDraw.Draw(img)
    _skyline(d, sc, hy, _mix(pal.layers[0], pal.horizon, 0.3), None)
    shirts = [
        *pal.accents * 3,
        *(_hsv(rng.random(), rng.uniform(0.25, 0.6), rng.uniform(0.4, 0.85)) for _ in range(21)),
    ]
    shirts, skins = np.array(shirts, dtype=np.float32), np.array(_SKIN, dtype=np.float32)
    haze, y = np.array(pal.horizon, dtype=np.float32), hy + u
    while y < h + 8 * u:  # rows, back to front: far rows are small and melt into the haze
        t = (y - hy) / (h - hy)
        size, fade = u * (4.5 + 20 * t), 0.6 * (1 - t) ** 2  # figure height, haze
        n = int(w / (0.22 * size)) + 2
        xs = np.cumsum(size * rng.uniform(0.22, 0.4, n)) - size * 0.4
        tops = y - size * rng.uniform(0.95, 1.05, n)
        body = [tuple(c) for c in (shirts + (haze - shirts) * fade).round().astype(int).tolist()]
        face = [tuple(c) for c in (skins + (haze - skins) * fade).round().astype(int).tolist()]
        picks = zip(
            xs.tolist(),
            tops.tolist(),
            rng.integers(len(body), size=n).tolist(),
            rng.integers(len(face), size=n).tolist(),
            strict=True,
        )
        hu = size / 7.5
        for x, top, i, j in picks:
            if x > w + size * 0.3:
                break
            d.ellipse((x - hu, top + 1.1 * hu, x + hu, top + 2.6 * hu), fill=body[i])  # shoulders
            d.rectangle((x - hu, top + 1.85 * hu, x + hu, top + 5 * hu), fill=body[i])
            d.ellipse((x - 0.55 * hu, top, x + 0.55 * hu, top + 1.2 * hu), fill=face[j])
        y += size * rng.uniform(0.13, 0.2)
    return img


def _tree(d: Draw, x: float, foot: float, size: float, crown: RGB, trunk: RGB, pine: bool) -> None:
    if pine:
        for k in range(3):  # three stacked triangles
            y, half = foot - size * (0.25 + 0.22 * k), size * (0.3 - 0.07 * k)
            d.polygon([(x - half, y), (x, y - size * 0.4), (x + half, y)], fill=crown)
    else:
        d.rectangle((x - size * 0.04, foot - size * 0.5, x + size * 0.04, foot), fill=trunk)
        d.ellipse((x - size * 0.25, foot - size, x + size * 0.25, foot - size * 0.42), fill=crown)


def _flat_sky(sc: _Scene, hy: float) -> tuple[Image.Image, Draw]:
    """Flat-colour sky in two bands, a sun with a halo, rounded clouds."""
    rng, pal, w, h, u = sc.rng, sc.pal, sc.w, sc.h, sc.u
    sky = _mix(pal.sky_top, pal.horizon, 0.35)
    img = Image.new("RGB", (w, h), sky)
    d = ImageDraw.Draw(img)
    d.rectangle((0, hy - h * 0.14, w, hy), fill=_mix(sky, pal.horizon, 0.6))
    sx, sy, r = w * rng.uniform(0.15, 0.85), hy - h * rng.uniform(0.15, 0.35), u * rng.uniform(5, 9)
    d.ellipse(
        (sx - 1.6 * r, sy - 1.6 * r, sx + 1.6 * r, sy + 1.6 * r), fill=_mix(sky, pal.glow, 0.35)
    )  # halo
    d.ellipse((sx - r, sy - r, sx + r, sy + r), fill=_mix(pal.glow, (255, 206, 92), 0.6))
    for _ in range(int(rng.integers(2, 5))):
        cx, cy, cw = w * rng.uniform(0, 1), hy * rng.uniform(0.15, 0.6), u * rng.uniform(10, 22)
        cloud = _mix(pal.paper, sky, 0.15)
        d.rounded_rectangle(
            (cx - cw / 2, cy - cw * 0.1, cx + cw / 2, cy + cw * 0.1), radius=cw * 0.1, fill=cloud
        )
        d.ellipse((cx - cw * 0.3, cy - cw * 0.28, cx + cw * 0.05, cy + cw * 0.05), fill=cloud)
        d.ellipse((cx - cw * 0.05, cy - cw * 0.2, cx + cw * 0.25, cy + cw * 0.08), fill=cloud)
    return img, d


def _paint_illustration(sc: _Scene) -> Image.Image:
    """Flat shapes: a sunny sky, rolling hills with trees, a few birds."""
    rng, pal, w, h, u = sc.rng, sc.pal, sc.w, sc.h, sc.u
    hy = h * rng.uniform(0.5, 0.62)
    img, d = _flat_sky(sc, hy)
    hills = (
        (hy - 0.05 * h, 0.06 * h),
        (hy + 0.12 * (h - hy), 0.05 * h),
        (hy + 0.5 * (h - hy), 0.04 * h),
    )
    for i, (y, amp) in enumerate(hills):
        xs, ys = _ridge(sc, y, amp, octaves=2)
        _fill_ridge(d, xs, ys, h, pal.layers[i])
        for _ in range(int(rng.integers(2, 7)) if i else 0):  # trees on the nearer hills
            x = w * rng.uniform(0.03, 0.97)
            crown = pal.layers[3]
            if i == 2:
                crown = _mix(pal.layers[i], pal.accents[int(rng.integers(3))], 0.3)
            size = h * (0.1 + 0.08 * i) * rng.uniform(0.7, 1.2)
            _tree(d, x, float(np.interp(x, xs, ys)) + u, size, crown, pal.ink, rng.random() < 0.5)
    for _ in range(int(rng.integers(2, 6))):  # birds
        bx, by, s = w * rng.uniform(0.1, 0.9), hy * rng.uniform(0.1, 0.5), u * rng.uniform(1, 2)
        d.line(
            [(bx - s, by - 0.5 * s), (bx, by), (bx + s, by - 0.5 * s)],
            fill=pal.ink,
            width=max(1, round(0.3 * u)),
            joint="curve",
        )
    return img


def _paint_scene(sc: _Scene) -> Image.Image:
    """Flat shapes: a street of houses, a road to the vanishing point, lamps and people."""
    rng, pal, w, h, u = sc.rng, sc.pal, sc.w, sc.h, sc.u
    hy = h * rng.uniform(0.45, 0.55)
    img, d = _flat_sky(sc, hy)
    _skyline(d, sc, hy, _mix(pal.layers[0], pal.horizon, 0.3), None)
    d.rectangle((0, hy, w, h), fill=pal.layers[1])
    x = -u * rng.uniform(0, 6)
    while x < w:  # houses on the horizon
        hw, hh = u * rng.uniform(8, 16), u * rng.uniform(6, 12)
        wall = _mix(pal.accents[int(rng.integers(3))], pal.paper, rng.uniform(0.2, 0.5))
        d.rectangle((x, hy - hh, x + hw, hy), fill=wall)
        d.polygon(
            [(x - u, hy - hh), (x + hw / 2, hy - hh - hw * 0.4), (x + hw + u, hy - hh)],
            fill=_mix(pal.layers[3], wall, 0.2),
        )
        d.rectangle((x + hw * 0.4, hy - hh * 0.45, x + hw * 0.6, hy), fill=pal.layers[3])  # door
        for wx in (x + hw * 0.12, x + hw * 0.7):
            d.rectangle((wx, hy - hh * 0.8, wx + hw * 0.18, hy - hh * 0.55), fill=pal.paper)
        x += hw + u * rng.uniform(1, 4)
    vx, road = w * rng.uniform(0.35, 0.65), _mix(pal.ink, pal.layers[2], 0.35)
    d.polygon([(vx - u, hy), (vx + u, hy), (w * 0.82, h), (w * 0.18, h)], fill=road)
    for k in range(8):  # centre dashes, longer as they come closer
        t0, t1 = (k / 8) ** 1.6, ((k + 0.5) / 8) ** 1.6
        xa, xb = vx + (w * 0.5 - vx) * t0, vx + (w * 0.5 - vx) * t1
        ya, yb, half = hy + (h - hy) * t0, hy + (h - hy) * t1, 0.6 * u * (0.3 + t1)
        d.polygon(
            [(xa - half * 0.6, ya), (xa + half * 0.6, ya), (xb + half, yb), (xb - half, yb)],
            fill=pal.paper,
        )
    for side in (-1, 1):  # street lamps and people on both pavements
        for t in (0.25, 0.55, 0.95):
            foot = hy + (h - hy) * t
            edge = vx + ((w * 0.5 + side * w * 0.32) - vx) * t + side * u * 3 * t
            tall = (h - hy) * 0.5 * (0.2 + t)
            d.line(
                (edge, foot, edge, foot - tall),
                fill=pal.ink,
                width=max(1, round(u * 0.5 * (0.3 + t))),
            )
            lamp, top = tall * 0.06, foot - tall
            d.ellipse((edge - lamp, top - lamp, edge + lamp, top + lamp), fill=pal.glow)
            if rng.random() < 0.6:
                _person(
                    d,
                    edge + side * tall * rng.uniform(0.2, 0.5),
                    foot,
                    tall * 0.55,
                    pal.ink,
                    pal.accents[int(rng.integers(3))],
                )
    return img
