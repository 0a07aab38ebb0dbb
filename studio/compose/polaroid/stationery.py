"""Desk-drawer stationery for the Polaroid storyboard: the ruled index card that carries the
title, a yellow sticky note (given text or scribbled handwriting), a red 'ADMIT ONE' ticket
stub and a steel paper clip. Each is drawn as an upright sprite; the layout turns and places it."""

from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageDraw

from studio.compose.common import draw_lines, fit_text, font_spec, mix
from studio.compose.fonts import font
from studio.compose.noise import paper_texture
from studio.prompts import BrandKit

INK = (24, 34, 88)  # blue-black ballpoint


def index_card(
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


def sticky_note(
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


def ticket_stub(size: tuple[int, int], rng: np.random.Generator) -> Image.Image:
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


def paper_clip(width: int, length: int) -> Image.Image:
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
