"""One image, cover-fitted to the deliverable size. With composition.title it gets a title
band along the bottom (a dark scrim feathered into the picture, an accent rule, the title in
the brand heading font); with composition.data["caption"] a caption line (inside the band, or
on a lighter scrim of its own when there is no title). Nothing else is drawn."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from studio.compose.common import brand_color, cover, fit_text, font_spec, line_height
from studio.domain import Composition
from studio.prompts import BrandKit

_SPACING = 1.12


def compose(composition: Composition, images: list[Image.Image], brand: BrandKit) -> Image.Image:
    if not images:
        raise ValueError("the single layout needs one image, got none")
    w, h = composition.width, composition.height
    # 1. the picture, filling the frame
    canvas = cover(images[0].convert("RGB"), (w, h))
    title = (composition.title or "").strip()
    caption = str(composition.data.get("caption") or "").strip()
    if not title and not caption:
        return canvas

    # 2. measure the text: title up to two lines, caption up to three
    unit = min(w, h)
    margin = max(8, round(unit * 0.05))
    text_w = w - 2 * margin
    title_font = title_lines = cap_font = cap_lines = None
    block = 0
    if title:
        title_font, title_lines = fit_text(
            title,
            font_spec(brand, "heading"),
            (text_w, unit * 0.22),
            max_size=max(12, round(unit * 0.07)),
            min_size=max(10, round(unit * 0.03)),
            max_lines=2,
            spacing=_SPACING,
            balance=True,
        )
        block += len(title_lines) * line_height(title_font, _SPACING)
    if caption:
        cap_size = max(10, round(unit * (0.028 if title else 0.032)))
        cap_font, cap_lines = fit_text(
            caption,
            font_spec(brand, "caption" if not title else "body"),
            (text_w, unit * 0.14),
            max_size=cap_size,
            min_size=max(9, round(cap_size * 0.7)),
            max_lines=3,
            spacing=1.25,
        )
        block += len(cap_lines) * line_height(cap_font, 1.25) + (
            round(margin * 0.35) if title else 0
        )
    rule = max(2, round(unit * 0.005)) if title else 0
    rule_gap = round(margin * 0.45) if title else 0
    band_h = min(h, block + rule + rule_gap + round(margin * (1.8 if title else 1.4)))
    top = h - band_h

    # 3. the band: a dark scrim over the picture, feathered into the image above it
    feather = round(band_h * 0.6)
    region_top = max(0, top - feather)
    ramp = np.empty(h - region_top, dtype=np.float32)
    n = top - region_top
    ramp[:n] = 0.62 * np.linspace(0.0, 1.0, n, dtype=np.float32) ** 1.8
    ramp[n:] = np.linspace(0.62, 0.74, h - top, dtype=np.float32)
    shade = np.asarray(canvas.crop((0, region_top, w, h)), dtype=np.float32)
    shade *= 1 - ramp[:, None, None]
    shade += np.array([8, 10, 16], np.float32) * ramp[:, None, None]  # a cool, inky black
    canvas.paste(Image.fromarray(np.clip(shade, 0, 255).astype(np.uint8), "RGB"), (0, region_top))

    # 4. the text, white on the dark band, with a short accent rule over the title
    draw = ImageDraw.Draw(canvas)
    y = top + round(margin * 0.8)
    if title and title_font and title_lines:
        accent = brand_color(brand, "accent", "#3B5BDB")
        draw.rectangle((margin, y, margin + max(12, round(unit * 0.08)), y + rule - 1), fill=accent)
        y += rule + rule_gap
        lh = line_height(title_font, _SPACING)
        for line in title_lines:
            draw.text((margin, y), line, font=title_font, fill=(255, 255, 255), anchor="la")
            y += lh
        y += round(margin * 0.35)
    if caption and cap_font and cap_lines:
        lh = line_height(cap_font, 1.25)
        for line in cap_lines:
            draw.text((margin, y), line, font=cap_font, fill=(232, 234, 238), anchor="la")
            y += lh
    return canvas
