"""The board of the Polaroid storyboard and what hangs on it: cork (patches, granules, pits,
flecks and fibres) in a mitred wooden frame, glossy push pins, and the coloured strings that
join the photos, sagging from pin to pin and passing under the photos they are tucked
beneath. Every random choice comes from the generator the layout passes in."""

from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from studio.compose.common import (
    composite_at,
    mix,
)
from studio.compose.noise import fractal_noise, to_image, value_noise, vignette
from studio.compose.polaroid.placed import Placed


# -- the board and the things on it -------------------------------------------------------
def cork_board(w: int, h: int, rng: np.random.Generator, *, frame: int) -> Image.Image:
    """Warm cork: tonal patches, granules, dark pits and light flecks, short fibres, a
    vignette, an inner shadow under the frame, and a wooden frame `frame` pixels wide. The
    texture is computed at most 2048 px on a side and scaled up (large boards stay fast)."""
    k = min(1.0, 2048 / max(w, h))
    cw, ch = max(2, round(w * k)), max(2, round(h * k))
    unit, s = min(cw, ch), min(cw, ch) / 1500
    patches = fractal_noise(cw, ch, rng, cell=unit * 0.15, octaves=3)
    granules = value_noise(cw, ch, max(1.3, 2.4 * s), rng)
    lumps = value_noise(cw, ch, max(1.6, 5.5 * s), rng)
    flecks = value_noise(cw, ch, max(1.3, 3.0 * s), rng)
    # one tone per pixel (0 dark pit, 0.5 plain cork, 1 light fleck), then a colour ramp
    tone = 0.5 + 0.2 * (patches - 0.5) + 0.28 * (granules - 0.5) + 0.18 * (lumps - 0.5)
    tone -= 0.3 * np.clip((flecks - 0.8) / 0.12, 0, 1)
    tone += 0.3 * np.clip((0.16 - flecks) / 0.12, 0, 1)
    ramp = np.array(
        [[64, 38, 20], [120, 80, 46], [176, 124, 76], [206, 158, 104], [236, 200, 148]], np.float32
    )
    lut = np.stack(
        [np.interp(np.linspace(0, 1, 256), np.linspace(0, 1, 5), ramp[:, i]) for i in range(3)], 1
    )
    board = Image.fromarray((np.clip(tone, 0, 1) * 255).astype(np.uint8), "L").convert("P")
    board.putpalette(lut.round().astype(np.uint8).tobytes())
    light = vignette(cw, ch, strength=0.32)
    if frame:  # the frame's shadow on the cork, darkest right at its inner edge
        f = frame * k
        xs, ys = np.arange(cw, dtype=np.float32), np.arange(ch, dtype=np.float32)
        d = np.minimum(
            np.minimum(xs - f, cw - 1 - f - xs)[None, :],
            np.minimum(ys - f, ch - 1 - f - ys)[:, None],
        )
        light *= 1 - 0.45 * np.clip(1 - d / (f * 1.1), 0, 1) ** 2
    light_img = Image.fromarray((light * 255).astype(np.uint8), "L").convert("RGB")
    board = ImageChops.multiply(board.convert("RGB"), light_img)
    if (cw, ch) != (w, h):
        board = board.resize((w, h), Image.BICUBIC)
    board = board.convert("RGBA")
    # fibres, at full resolution: short strands, a little darker or lighter than the cork
    fibres = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(fibres)
    count, s = w * h // 2200, min(w, h) / 1500
    xs, ys = rng.uniform(0, w, count), rng.uniform(0, h, count)
    angles, lengths = rng.uniform(0, math.pi, count), rng.uniform(2.5, 9, count) * max(s, 0.5)
    tones = rng.random(count)
    for x, y, a, ln, t in zip(xs, ys, angles, lengths, tones, strict=True):
        colour = (72, 44, 22, 90) if t < 0.6 else (236, 200, 150, 80)
        draw.line(
            (x, y, x + ln * math.cos(a), y + ln * math.sin(a)), fill=colour, width=max(1, round(s))
        )
    board.alpha_composite(fibres)
    if frame:
        wood, mask = _wood_frame(w, h, frame, rng)
        board.paste(wood, (0, 0), mask)
    return board.convert("RGB")


def _wood_frame(
    w: int, h: int, frame: int, rng: np.random.Generator
) -> tuple[Image.Image, Image.Image]:
    """Wood whose grain runs along each side, and the mask of the four mitred bars."""
    length = max(w, h)
    streaks = value_noise(max(2, length // 24), frame, max(1.0, frame / 7), rng)
    streaks = np.asarray(Image.fromarray(streaks, "F").resize((length, frame), Image.BICUBIC))
    fine = value_noise(length, frame, max(1.0, frame / 14), rng)
    across = np.linspace(0, 1, frame, dtype=np.float32)[:, None]  # 0 outer edge, 1 inner edge
    bevel = 0.82 + 0.32 * np.sin(np.pi * (0.15 + 0.7 * across)) - 0.25 * (across > 0.9)
    tone = (0.72 + 0.42 * streaks + 0.08 * fine) * bevel
    bar = to_image(
        np.array([112, 70, 38], np.float32) * tone[..., None]
    )  # inner edge at the bottom
    wood, mask = Image.new("RGB", (w, h)), Image.new("L", (w, h), 0)
    side = bar.crop((0, 0, h, frame)).rotate(90, expand=True)  # inner edge on the right
    f = frame
    for img, xy, poly in (
        (bar.crop((0, 0, w, f)), (0, 0), [(0, 0), (w, 0), (w - f, f), (f, f)]),
        (
            bar.crop((0, 0, w, f)).rotate(180),
            (0, h - f),
            [(0, h), (w, h), (w - f, h - f), (f, h - f)],
        ),
        (side, (0, 0), [(0, 0), (f, f), (f, h - f), (0, h)]),
        (side.rotate(180), (w - f, 0), [(w, 0), (w - f, f), (w - f, h - f), (w, h)]),
    ):
        bar_mask = Image.new("L", img.size, 0)
        ImageDraw.Draw(bar_mask).polygon([(x - xy[0], y - xy[1]) for x, y in poly], fill=255)
        wood.paste(img, xy, bar_mask)
        mask.paste(255, (*xy, xy[0] + img.width, xy[1] + img.height), bar_mask)
    return wood, mask


def push_pin(
    canvas: Image.Image, at: tuple[float, float], radius: float, colour: tuple[int, int, int]
) -> None:
    """A glossy round push-pin head centred on `at`, lit from the top left, with its shadow."""
    ss = 4
    side = math.ceil(radius * 3.0)
    c = radius * 1.2
    yy, xx = (np.mgrid[0 : side * ss, 0 : side * ss].astype(np.float32) + 0.5) / ss
    dx, dy = (xx - c) / radius, (yy - c) / radius
    d2 = dx**2 + dy**2
    nz = np.sqrt(np.clip(1 - d2, 0, 1))
    lx, ly, lz = -0.48, -0.58, 0.66
    diffuse = np.clip(dx * lx + dy * ly + nz * lz, 0, 1)
    hx, hy, hz = lx, ly, lz + 1.0
    norm = math.sqrt(hx * hx + hy * hy + hz * hz)
    spec = np.clip((dx * hx + dy * hy + nz * hz) / norm, 0, 1) ** 36
    rim = np.clip((d2 - 0.78) / 0.22, 0, 1)  # the darker edge of the head
    rgb = (
        np.array(colour, np.float32)
        * (0.32 + 0.78 * diffuse)[..., None]
        * (1 - 0.35 * rim)[..., None]
    )
    rgb = rgb + 255 * 0.9 * spec[..., None]
    head = (d2 <= 1).astype(np.float32)
    sd = np.sqrt(
        ((xx - c - radius * 0.35) / radius) ** 2 + ((yy - c - radius * 0.55) / radius) ** 2
    )
    shadow = np.clip(1.15 - sd, 0, 1) ** 1.4 * 0.55 * (1 - head)
    out = rgb * head[..., None] + np.array([30, 16, 6], np.float32) * shadow[..., None]
    alpha = np.maximum(head, shadow)
    rgba = np.dstack(
        [np.where(alpha[..., None] > 0, out / np.maximum(alpha, 1e-6)[..., None], 0), alpha * 255]
    )
    sprite = Image.fromarray(np.clip(rgba, 0, 255).astype(np.uint8), "RGBA").resize(
        (side, side), Image.LANCZOS
    )
    composite_at(canvas, sprite, (round(at[0] - c), round(at[1] - c)))


def string_path(a: tuple[float, float], b: tuple[float, float], width: float) -> np.ndarray:
    """Points along a string hung from pin `a` to pin `b`, sagging under its own weight."""
    length = math.dist(a, b)
    ctrl = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2 + 2 * (length * 0.05 + width * 3))
    t = np.linspace(0, 1, max(12, int(length / 6)))[:, None]
    return (1 - t) ** 2 * np.array(a) + 2 * (1 - t) * t * np.array(ctrl) + t**2 * np.array(b)


def draw_string(
    canvas: Image.Image,
    pts: np.ndarray,
    colour: tuple[int, int, int],
    *,
    width: float,
    under: list[Placed],
) -> None:
    """A string along `pts` with a soft shadow. It passes beneath the photos in `under`
    (pinned after the string was strung)."""
    pad = int(width * 8) + 4
    x0, y0 = int(pts[:, 0].min()) - pad, int(pts[:, 1].min()) - pad
    bw, bh = int(pts[:, 0].max()) + pad - x0, int(pts[:, 1].max()) + pad - y0
    ss = 3 if bw * bh < 4_000_000 else 2

    def stroke(offset: tuple[float, float], thickness: float) -> Image.Image:
        mask = Image.new("L", (bw * ss, bh * ss), 0)
        local = [((x - x0 + offset[0]) * ss, (y - y0 + offset[1]) * ss) for x, y in pts]
        ImageDraw.Draw(mask).line(
            local, fill=255, width=max(1, round(thickness * ss)), joint="curve"
        )
        return mask.resize((bw, bh), Image.BOX)

    visible = Image.new("L", (bw, bh), 255)  # 0 where a photo lies over the string
    for placed in under:
        sprite, sx, sy = placed.sprite, placed.x, placed.y
        box = (
            max(x0, sx),
            max(y0, sy),
            min(x0 + bw, sx + sprite.width),
            min(y0 + bh, sy + sprite.height),
        )
        if box[0] < box[2] and box[1] < box[3]:
            local = (box[0] - x0, box[1] - y0, box[2] - x0, box[3] - y0)
            cover_a = sprite.getchannel("A").crop(
                (box[0] - sx, box[1] - sy, box[2] - sx, box[3] - sy)
            )
            visible.paste(
                ImageChops.multiply(visible.crop(local), ImageChops.invert(cover_a)), local[:2]
            )
    shade = stroke((width * 1.2, width * 2.2), width).filter(ImageFilter.GaussianBlur(width * 1.1))
    layer = Image.new("RGBA", (bw, bh), (*colour, 0))
    for tone, mask, strength in (
        ((20, 10, 4), shade, 0.5),
        (colour, stroke((0, 0), width), 1.0),
        (
            mix(colour, (255, 255, 255), 0.45),
            stroke((-width * 0.15, -width * 0.2), width * 0.35),
            0.8,
        ),
    ):
        paint = Image.new("RGBA", (bw, bh), (*tone, 255))
        paint.putalpha(ImageChops.multiply(mask.point(lambda v, k=strength: round(v * k)), visible))
        layer.alpha_composite(paint)
    composite_at(canvas, layer, (x0, y0))
