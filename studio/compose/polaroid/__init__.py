"""The Polaroid storyboard: photos pinned to a cork board in story order, joined by coloured
strings, with a pinned title card and a few desk-drawer details (sticky note, ticket stub,
paper clip) in the band above the photos, where they never cover a picture.

Layout, top to bottom: wooden frame; a band for the title card and the details; a loose grid
of Polaroids (cols x rows chosen to make them as large as the board allows). A string lies
over the two photos it joins and passes under every other one, and it is tucked under an end
photo as well wherever lying on top would cross that photo's caption, so captions stay clean
for OCR. composition.data: "frame" (False: no wooden frame), "note" (text for the sticky
note; without it the note is scribbled). Every random choice (tilt, jitter, pin colour,
texture) comes from composition.seed. The board itself (cork, frame, push pins, strings) is
drawn by polaroid.board, the desk-drawer details by polaroid.stationery."""

from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageDraw

from studio.compose.common import (
    brand_color,
    cover,
    draw_lines,
    fit_text,
    font_spec,
    paste_with_shadow,
    rotate_rgba,
)
from studio.compose.fonts import font
from studio.compose.noise import fractal_noise, to_image
from studio.compose.polaroid.board import cork_board, draw_string, push_pin, string_path
from studio.compose.polaroid.placed import BORDER, HEIGHT, PICTURE, Placed
from studio.compose.polaroid.stationery import INK, index_card, paper_clip, sticky_note, ticket_stub
from studio.domain import Composition
from studio.prompts import BrandKit

MAX_PHOTOS = 16
PAPER = (248, 246, 239)
STRINGS = [(190, 28, 36), (232, 178, 18), (30, 80, 200)]  # red, yellow, blue, in turn
PINS = [(206, 36, 40), (240, 188, 24), (36, 92, 214), (40, 150, 74)]  # red, yellow, blue, green


def compose(composition: Composition, images: list[Image.Image], brand: BrandKit) -> Image.Image:
    n = len(images)
    if not 1 <= n <= MAX_PHOTOS:
        raise ValueError(f"polaroid_board takes 1 to {MAX_PHOTOS} images, got {n}")
    w, h = composition.width, composition.height
    rng = np.random.default_rng(composition.seed)
    unit = min(w, h)

    # 1. the board: cork, vignette and (unless data.frame is false) a wooden frame
    frame = max(6, round(unit * 0.026)) if composition.data.get("frame", True) else 0
    canvas = cork_board(w, h, rng, frame=frame).convert("RGBA")

    # 2. where things go: a band at the top for the title card, then the photo grid
    pad = max(6, round(unit * 0.03))
    band = round(unit * (0.17 if composition.title else 0.14))
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
        path = string_path(photos[i].pin, photos[i + 1].pin, thread)
        under = [p for j, p in enumerate(photos) if j not in (i, i + 1) or p.crosses_chin(path)]
        draw_string(canvas, path, STRINGS[i % len(STRINGS)], width=thread, under=under)

    # 5. the band: title card in the middle, sticky note to its left, ticket stub to its right
    pins = [(p.pin, PINS[int(rng.integers(len(PINS)))]) for p in photos]
    band_box = (frame + pad, frame + pad * 0.6, w - frame - pad, frame + pad + band - pad * 0.4)
    pins += _band(canvas, composition, brand, band_box, rng)

    # 6. push pins last, over everything they hold down
    for (x, y), colour in pins:
        push_pin(canvas, (x, y), max(3.0, size * 0.05), colour)
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
        card = index_card(
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
        note = sticky_note(round(note_side), composition.data.get("note"), brand, rng)
        centre = (left + free_left * rng.uniform(0.42, 0.58), top + bh / 2)
        placed = _place(note, (0, 0), centre, float(rng.uniform(-6, 6)))
        paste_with_shadow(canvas, placed.sprite, (placed.x, placed.y), **shadow)
    ticket_w = min(bh * 1.25, free_right * 0.8)
    if ticket_w >= bh * 0.6:
        ticket = ticket_stub((round(ticket_w), round(ticket_w * 0.46)), rng)
        centre = (right - free_right * rng.uniform(0.42, 0.58), top + bh * 0.52)
        placed = _place(ticket, (0, 0), centre, float(rng.uniform(-9, 9)))
        paste_with_shadow(canvas, placed.sprite, (placed.x, placed.y), **shadow)
        clip = paper_clip(round(ticket_w * 0.13), round(ticket_w * 0.4))
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
