"""The Polaroid storyboard: photos pinned to a cork board in story order, joined by coloured
strings, with a pinned title card and a few desk-drawer details (sticky note, ticket stub,
paper clip) in the band above the photos, where they never cover a picture.

Layout, top to bottom: wooden frame; a band for the title card and the details; a loose grid
of Polaroids (cols x rows chosen to make them as large as the board allows). Every random
choice (tilt, jitter, pin colour, texture) comes from composition.seed."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from studio.compose.common import (
    brand_color,
    composite_at,
    cover,
    draw_lines,
    fit_text,
    font_spec,
    fractal_noise,
    mix,
    paper_texture,
    paste_with_shadow,
    rotate_rgba,
    to_image,
    value_noise,
    vignette,
)
from studio.compose.fonts import font
from studio.domain import Composition
from studio.prompts import BrandKit

MAX_PHOTOS = 16
INK = (24, 34, 88)  # blue-black ballpoint
PAPER = (248, 246, 239)
STRINGS = [(190, 28, 36), (232, 178, 18), (30, 80, 200)]  # red, yellow, blue, in turn
PINS = [(206, 36, 40), (240, 188, 24), (36, 92, 214), (40, 150, 74)]  # red, yellow, blue, green
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


def compose(composition: Composition, images: list[Image.Image], brand: BrandKit) -> Image.Image:
    n = len(images)
    if not 1 <= n <= MAX_PHOTOS:
        raise ValueError(f"polaroid_board takes 1 to {MAX_PHOTOS} images, got {n}")
    w, h = composition.width, composition.height
    rng = np.random.default_rng(composition.seed)
    unit = min(w, h)

    # 1. the board: cork, vignette and (unless data.frame is false) a wooden frame
    frame = max(6, round(unit * 0.026)) if composition.data.get("frame", True) else 0
    canvas = _cork_board(w, h, rng, frame=frame).convert("RGBA")

    # 2. where things go: a band at the top for the title card, then the photo grid
    pad = max(6, round(unit * 0.03))
    band = round(unit * (0.17 if composition.title else 0.11))
    area = (frame + pad, frame + pad + band, w - frame - pad, h - frame - pad)
    slots, size = _grid(n, area, rng)

    # 3. the Polaroids, each with its caption and number, tilted up to 4 degrees
    captions = [
        composition.captions[i].strip() if i < len(composition.captions) else "" for i in range(n)
    ]
    spec, (box_w, box_h) = font_spec(brand, "caption"), _chin(size)[2:]
    fitted = [
        fit_text(
            c,
            spec,
            (box_w, box_h),
            max_size=round(size * 0.085),
            min_size=8,
            spacing=1.08,
            balance=True,
        )[0].size
        for c in captions
        if c
    ]
    cap_size = max(min(fitted, default=0), round(size * 0.06))  # one size for all, unless too long
    photos: list[Placed] = []
    for i, (image, (cx, cy)) in enumerate(zip(images, slots, strict=True)):
        sprite, pin = _polaroid(image, size, captions[i], i + 1, cap_size, brand, rng)
        photos.append(_place(sprite, pin, (cx, cy), float(rng.uniform(-4, 4))))
    for p in photos:
        paste_with_shadow(
            canvas,
            p.sprite,
            (p.x, p.y),
            offset=(size * 0.012, size * 0.022),
            blur=size * 0.018,
            opacity=0.5,
            color=(40, 22, 8),
        )

    # 4. strings from pin to pin in story order: over their own two photos, under the rest,
    #    and tucked under an end photo too where lying over it would cross its caption
    thread = max(1.5, unit * 0.0028)
    for i in range(n - 1):
        path = _string_path(photos[i].pin, photos[i + 1].pin, thread)
        under = [p for j, p in enumerate(photos) if j not in (i, i + 1) or p.crosses_chin(path)]
        _draw_string(canvas, path, STRINGS[i % len(STRINGS)], width=thread, under=under)

    # 5. the band: title card in the middle, sticky note to its left, ticket stub to its right
    pins = [(p.pin, PINS[int(rng.integers(len(PINS)))]) for p in photos]
    band_box = (frame + pad, frame + pad * 0.6, w - frame - pad, frame + pad + band - pad * 0.4)
    pins += _band(canvas, composition, brand, band_box, rng)

    # 6. push pins last, over everything they hold down
    for (x, y), colour in pins:
        _push_pin(canvas, (x, y), max(3.0, size * 0.05), colour)
    return canvas.convert("RGB")


def _grid(
    n: int, area: tuple[int, int, int, int], rng: np.random.Generator
) -> tuple[list[tuple[float, float]], int]:
    """Centres of n Polaroids in a loose grid filling `area`, and the frame width P. Picks
    the column count that makes the photos largest; a short last row is centred."""
    left, top, right, bottom = area
    aw, ah = right - left, bottom - top
    pitch_w, pitch_h = 1.14, HEIGHT + 0.16  # a cell, in units of P (room for tilt and pins)
    best = max(
        range(1, n + 1),
        key=lambda c: (min(aw / (c * pitch_w), ah / (math.ceil(n / c) * pitch_h)), -c),
    )
    cols, rows = best, math.ceil(n / best)
    size = int(min(aw / (cols * pitch_w), ah / (rows * pitch_h)))
    cell_w, cell_h = aw / cols, ah / rows
    # jitter: loose, but bounded so a roomy board does not scatter its photos
    jitter_x = min(max(0.0, cell_w - size * 1.1) / 2 * 0.5, size * 0.06) + size * 0.01
    jitter_y = min(max(0.0, cell_h - size * (HEIGHT + 0.12)) / 2 * 0.5, size * 0.04) + size * 0.01
    slots = []
    for i in range(n):
        r, c = divmod(i, cols)
        in_row = min(cols, n - r * cols)
        x0 = left + (aw - in_row * cell_w) / 2
        cx = x0 + (c + 0.5) * cell_w + rng.uniform(-1, 1) * jitter_x
        cy = top + (r + 0.5) * cell_h + size * 0.04 + rng.uniform(-1, 1) * jitter_y
        slots.append((cx, cy))
    return slots, max(24, size)


def _place(
    sprite: Image.Image, pin: tuple[float, float], centre: tuple[float, float], degrees: float
) -> Placed:
    """Rotate a sprite about its centre and centre it at `centre`; carry the pin point along."""
    rotated = rotate_rgba(sprite, degrees)
    dx, dy = pin[0] - sprite.width / 2, pin[1] - sprite.height / 2
    t = math.radians(degrees)
    rx, ry = dx * math.cos(t) + dy * math.sin(t), -dx * math.sin(t) + dy * math.cos(t)
    x, y = round(centre[0] - rotated.width / 2), round(centre[1] - rotated.height / 2)
    pin_xy = (x + rotated.width / 2 + rx, y + rotated.height / 2 + ry)
    return Placed(rotated, x, y, pin_xy, degrees, sprite.size)


def _chin(size: int) -> tuple[float, float, float, float]:
    """Where the caption goes on a Polaroid `size` wide: (left, top, width, height)."""
    border, pic = round(size * BORDER), round(size * PICTURE)
    top = border + pic + size * 0.03
    return border + size * 0.02, top, pic - size * 0.04, round(size * HEIGHT) - size * 0.07 - top


def _polaroid(
    image: Image.Image,
    size: int,
    caption: str,
    number: int,
    cap_size: int,
    brand: BrandKit,
    rng: np.random.Generator,
) -> tuple[Image.Image, tuple[float, float]]:
    """One Polaroid (P = size wide): off-white paper, square picture, caption in the chin."""
    border, pic = round(size * BORDER), round(size * PICTURE)
    height = round(size * HEIGHT)
    grain = fractal_noise(size, height, rng, cell=max(2.0, size * 0.02), octaves=2)
    paper = np.array(PAPER, np.float32) * (0.975 + 0.035 * grain[..., None])
    paper *= np.linspace(1.0, 0.965, height, dtype=np.float32)[:, None, None]  # light from above
    card = to_image(paper).convert("RGBA")
    card.paste(cover(image.convert("RGB"), (pic, pic)), (border, border))
    draw = ImageDraw.Draw(card)
    edge = max(1, round(size * 0.004))
    draw.rectangle(
        (border, border, border + pic - 1, border + pic - 1), outline=(0, 0, 0, 60), width=edge
    )
    draw.rectangle((0, 0, size - 1, height - 1), outline=(205, 200, 188, 255), width=1)

    # caption: handwriting feel (brand caption font), ballpoint ink, shrunk to fit the chin
    left, top, box_w, box_h = _chin(size)
    if caption:
        fnt, lines = fit_text(
            caption,
            font_spec(brand, "caption"),
            (box_w, box_h),
            max_size=cap_size,
            min_size=max(9, round(size * 0.045)),
            spacing=1.08,
            balance=True,
        )
        box = (round(left), round(top), round(left + box_w), round(top + box_h))
        draw_lines(draw, lines, box, fnt, (*INK, 255), spacing=1.08)
    # the frame number, small, bottom right
    num_font = font(font_spec(brand, "mono"), max(8, round(size * 0.042)))
    draw.text(
        (size - border, height - size * 0.018),
        f"{number:02d}",
        font=num_font,
        fill=(*INK, 170),
        anchor="rs",
    )
    return card, (size / 2 + rng.uniform(-0.06, 0.06) * size, border * 0.9)


def _band(
    canvas: Image.Image,
    composition: Composition,
    brand: BrandKit,
    box: tuple[float, float, float, float],
    rng: np.random.Generator,
) -> list[tuple[tuple[float, float], tuple[int, int, int]]]:
    """Title card with its pin, plus the sticky note, ticket stub and paper clip. Returns
    the pins still to draw (position, colour)."""
    left, top, right, bottom = box
    bw, bh = right - left, bottom - top
    unit = min(canvas.size)
    pins: list[tuple[tuple[float, float], tuple[int, int, int]]] = []
    shadow = {
        "offset": (unit * 0.003, unit * 0.006),
        "blur": unit * 0.006,
        "opacity": 0.45,
        "color": (40, 22, 8),
    }
    cx = (left + right) / 2
    card_box = (cx, cx)
    if composition.title:
        ink = brand_color(brand, "ink", "#1B2333")
        card = _index_card(
            composition.title,
            composition.subtitle,
            brand,
            (bw * 0.56, bh * 0.94),
            min_width=bw * 0.3,
            ink=ink,
            rng=rng,
        )
        placed = _place(
            card,
            (card.width / 2, card.height * 0.1),
            (cx, top + bh / 2),
            float(rng.uniform(-1.2, 1.2)),
        )
        paste_with_shadow(canvas, placed.sprite, (placed.x, placed.y), **shadow)
        pins.append((placed.pin, PINS[0]))
        card_box = (placed.x, placed.x + placed.sprite.width)
    # the details go in the free space either side of the card, or are left out
    free_left, free_right = card_box[0] - left - bw * 0.02, right - card_box[1] - bw * 0.02
    note_side = min(bh * 0.86, free_left * 0.8)
    if note_side >= bh * 0.45:
        note = _sticky_note(round(note_side), composition.data.get("note"), brand, rng)
        centre = (left + free_left * rng.uniform(0.42, 0.58), top + bh / 2)
        placed = _place(note, (0, 0), centre, float(rng.uniform(-6, 6)))
        paste_with_shadow(canvas, placed.sprite, (placed.x, placed.y), **shadow)
    ticket_w = min(bh * 1.25, free_right * 0.8)
    if ticket_w >= bh * 0.6:
        ticket = _ticket_stub((round(ticket_w), round(ticket_w * 0.46)), rng)
        centre = (right - free_right * rng.uniform(0.42, 0.58), top + bh * 0.52)
        placed = _place(ticket, (0, 0), centre, float(rng.uniform(-9, 9)))
        paste_with_shadow(canvas, placed.sprite, (placed.x, placed.y), **shadow)
        clip = _paper_clip(round(ticket_w * 0.13), round(ticket_w * 0.4))
        clip = rotate_rgba(clip, float(rng.uniform(-12, 12)))
        stub = (placed.x + placed.sprite.width * 0.86, placed.y + placed.sprite.height * 0.12)
        paste_with_shadow(
            canvas,
            clip,
            (round(stub[0] - clip.width / 2), round(stub[1] - clip.height * 0.45)),
            offset=(unit * 0.002, unit * 0.003),
            blur=unit * 0.002,
            opacity=0.5,
        )
    return pins


# -- the board and the things on it -------------------------------------------------------
def _cork_board(w: int, h: int, rng: np.random.Generator, *, frame: int) -> Image.Image:
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


def _push_pin(
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


def _string_path(a: tuple[float, float], b: tuple[float, float], width: float) -> np.ndarray:
    """Points along a string hung from pin `a` to pin `b`, sagging under its own weight."""
    length = math.dist(a, b)
    ctrl = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2 + 2 * (length * 0.05 + width * 3))
    t = np.linspace(0, 1, max(12, int(length / 6)))[:, None]
    return (1 - t) ** 2 * np.array(a) + 2 * (1 - t) * t * np.array(ctrl) + t**2 * np.array(b)


def _draw_string(
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


def _index_card(
    title: str,
    subtitle: str | None,
    brand: BrandKit,
    room: tuple[float, float],
    *,
    min_width: float,
    ink: tuple[int, int, int],
    rng: np.random.Generator,
) -> Image.Image:
    """A ruled index card holding the title (brand heading font) and an optional subtitle."""
    max_w, hgt = room
    pad, header = hgt * 0.13, hgt * 0.2
    sub_h = hgt * 0.17 if subtitle else 0
    title_h = hgt - header - pad * 0.7 - sub_h - pad * 0.5
    fnt, lines = fit_text(
        title,
        font_spec(brand, "heading"),
        (max_w - 2.6 * pad, title_h),
        max_size=round(hgt * 0.4),
        min_size=max(10, round(hgt * 0.12)),
        max_lines=2,
        spacing=1.05,
    )
    width = round(min(max_w, max(min_width, max(fnt.getlength(x) for x in lines) + 2.6 * pad)))
    card = paper_texture((width, round(hgt)), (252, 249, 238), rng)
    draw = ImageDraw.Draw(card)
    step = hgt * 0.14
    y = header + step
    while y < hgt - step * 0.3:  # faint blue rules, light enough that OCR ignores them
        draw.line((0, y, width, y), fill=(196, 214, 236, 255), width=max(1, round(hgt * 0.008)))
        y += step
    draw.line(
        (0, header, width, header), fill=(222, 120, 120, 255), width=max(1, round(hgt * 0.012))
    )
    top = header + pad * 0.5
    draw_lines(
        draw,
        lines,
        (round(pad), round(top), round(width - pad), round(top + title_h)),
        fnt,
        (*ink, 255),
        spacing=1.05,
    )
    if subtitle:
        sfnt, slines = fit_text(
            subtitle,
            font_spec(brand, "caption"),
            (width - 2 * pad, sub_h),
            max_size=round(sub_h * 0.8),
            min_size=max(8, round(sub_h * 0.45)),
            max_lines=1,
        )
        draw_lines(
            draw,
            slines,
            (round(pad), round(top + title_h), round(width - pad), round(top + title_h + sub_h)),
            sfnt,
            (*mix(ink, (252, 249, 238), 0.3), 255),
        )
    return card


def _sticky_note(
    side: int, text: str | None, brand: BrandKit, rng: np.random.Generator
) -> Image.Image:
    """A yellow sticky note with a curled corner, carrying `text` (data["note"]) in the
    caption font, or else a few lines of scribbled handwriting."""
    note = paper_texture((side, side), (255, 221, 96), rng)
    arr = np.asarray(note, np.float32).copy()
    yy, xx = np.mgrid[0:side, 0:side] / side
    arr[..., :3] *= (1.04 - 0.1 * np.clip(xx + yy - 1.2, 0, 1) - 0.05 * (yy < 0.16))[..., None]
    note = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGBA")
    draw = ImageDraw.Draw(note)
    if text:
        box = (round(side * 0.1), round(side * 0.2), round(side * 0.9), round(side * 0.9))
        fnt, lines = fit_text(
            str(text),
            font_spec(brand, "caption"),
            (box[2] - box[0], box[3] - box[1]),
            max_size=round(side * 0.16),
            min_size=max(8, round(side * 0.07)),
            balance=True,
        )
        draw_lines(draw, lines, box, fnt, (*INK, 255))
        return note
    for row in range(int(rng.integers(3, 5))):  # cursive: words of arches, cups and loops
        x, base = side * 0.12, side * (0.32 + 0.16 * row)
        end = side * rng.uniform(0.55, 0.88)
        while x < end:
            pts = []
            for _ in range(int(rng.integers(2, 6))):
                if x > side * 0.84:  # keep clear of the right edge
                    break
                kind = rng.choice(["n", "u", "l", "e"], p=[0.35, 0.3, 0.2, 0.15])
                amp = (
                    side
                    * {"n": 0.03, "u": 0.03, "l": 0.075, "e": 0.022}[kind]
                    * rng.uniform(0.85, 1.15)
                )
                step = side * rng.uniform(0.028, 0.04)
                back = amp * {"n": 0.05, "u": 0.05, "l": 0.2, "e": 0.35}[kind]
                for k in range(10):
                    u = k / 9
                    lift = (1 - math.cos(2 * math.pi * u)) / 2
                    y = base - amp * (1 - lift) if kind == "u" else base - amp * lift
                    pts.append(
                        (x + step * u - back * math.sin(2 * math.pi * u) + 0.3 * (base - y), y)
                    )
                x += step
            if len(pts) > 1:
                draw.line(pts, fill=(*INK, 235), width=max(1, round(side * 0.013)), joint="curve")
            x += side * rng.uniform(0.04, 0.06)
    return note


def _ticket_stub(size: tuple[int, int], rng: np.random.Generator) -> Image.Image:
    """A red 'ADMIT ONE' cinema ticket stub with notched ends and a perforation."""
    w, h = size
    ticket = paper_texture((w, h), (178, 52, 48), rng)
    mask = Image.new("L", (w, h), 255)
    mdraw = ImageDraw.Draw(mask)
    r = h * 0.12
    for cx in (0, w):
        mdraw.ellipse((cx - r, h / 2 - r, cx + r, h / 2 + r), fill=0)
    for y in np.arange(h * 0.08, h, h * 0.11):  # perforation holes near the right end
        mdraw.ellipse(
            (w * 0.8 - h * 0.025, y - h * 0.025, w * 0.8 + h * 0.025, y + h * 0.025), fill=0
        )
    ticket.putalpha(mask)
    draw = ImageDraw.Draw(ticket)
    cream = (246, 226, 196, 255)
    inset = h * 0.1
    draw.rectangle(
        (inset, inset, w * 0.8 - inset * 0.8, h - inset),
        outline=cream,
        width=max(1, round(h * 0.02)),
    )
    fnt, lines = fit_text(
        "ADMIT ONE", "DejaVu Sans:bold", (w * 0.8 - 3 * inset, h * 0.36), max_size=round(h * 0.3)
    )
    draw_lines(
        draw,
        lines,
        (round(inset), round(h * 0.2), round(w * 0.8 - inset), round(h * 0.58)),
        fnt,
        cream,
    )
    serial = f"No {int(rng.integers(1000, 99999)):05d}"
    draw.text(
        (w * 0.4, h * 0.77),
        serial,
        font=font("DejaVu Sans Mono", max(6, round(h * 0.12))),
        fill=cream,
        anchor="mm",
    )
    return ticket


def _paper_clip(width: int, length: int) -> Image.Image:
    """A steel Gem paper clip, vertical, `width` x `length` pixels."""
    ss, w, ln = 4, width * 4, length * 4
    path: list[tuple[float, float]] = []

    def leg(x: float, y_from: float, y_to: float) -> None:
        path.extend([(x, y_from), (x, y_to)])

    def turn(cx: float, cy: float, r: float, down: bool, rightward: bool) -> None:
        angles = np.linspace(math.pi, 0, 24) if rightward else np.linspace(0, math.pi, 24)
        path.extend((cx + r * math.cos(a), cy + (r if down else -r) * math.sin(a)) for a in angles)

    pad = w * 0.12
    leg(pad + w * 0.62, ln * 0.32, ln - w * 0.55)
    turn(pad + w * 0.39, ln - w * 0.55, w * 0.23, True, False)
    leg(pad + w * 0.16, ln - w * 0.55, w * 0.55)
    turn(pad + w * 0.46, w * 0.55, w * 0.3, False, True)
    leg(pad + w * 0.76, w * 0.55, ln - w * 0.5 - pad)
    turn(pad + w * 0.38, ln - w * 0.5 - pad, w * 0.38, True, False)
    leg(pad + 0.0, ln - w * 0.5 - pad, ln * 0.2)
    img = Image.new("RGBA", (round(w * 1.0 + 2 * pad), round(ln)), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    thick = max(ss, round(w * 0.085))
    draw.line(path, fill=(120, 124, 132, 255), width=thick, joint="curve")
    draw.line(
        [(x - thick * 0.15, y - thick * 0.1) for x, y in path],
        fill=(214, 218, 224, 255),
        width=max(1, thick // 3),
        joint="curve",
    )
    return img.resize((max(1, img.width // ss), max(1, img.height // ss)), Image.LANCZOS)
