"""A photographer's contact sheet: every image, in order, on rows of film strip with sprocket
holes and amber frame numbers, a caption under each frame, the title at the top.

The sheet is dark or light after the brand's background (data["theme"] = "dark" | "light"
overrides). Frames share one aspect (the median of the images, clamped to 1:2..2:1); an
image of another shape is fitted inside its frame on the black of the film."""

from __future__ import annotations

import math

from PIL import Image, ImageDraw

from studio.compose.common import (
    brand_color,
    contain,
    draw_lines,
    fit_text,
    font_spec,
    line_height,
    luminance,
    mix,
    rounded_card,
)
from studio.compose.fonts import font
from studio.domain import Composition
from studio.prompts import BrandKit

FILM = (16, 16, 18)
AMBER = (244, 168, 48)


def compose(composition: Composition, images: list[Image.Image], brand: BrandKit) -> Image.Image:
    n = len(images)
    if n == 0:
        raise ValueError("the contact_sheet layout needs at least one image, got none")
    w, h = composition.width, composition.height
    unit = min(w, h)

    # 1. the page: dark or light, after the brand (or data["theme"])
    background = brand_color(brand, "background", "#F5F7FB")
    theme = composition.data.get("theme") or ("dark" if luminance(background) < 0.3 else "light")
    if theme not in ("dark", "light"):
        raise ValueError(f"contact_sheet theme must be 'dark' or 'light', got {theme!r}")
    page = (26, 26, 28) if theme == "dark" else background
    ink = (236, 236, 238) if theme == "dark" else brand_color(brand, "ink", "#1B2333")
    muted = mix(ink, page, 0.35)
    canvas = Image.new("RGBA", (w, h), (*page, 255))
    draw = ImageDraw.Draw(canvas)
    margin = max(8, round(unit * 0.045))

    # 2. the header: title, subtitle, frame count; the footer: the source line
    y = margin
    if composition.title:
        title, spec, room = (
            composition.title,
            font_spec(brand, "heading"),
            (w * 0.72 - margin, unit * 0.13),
        )
        size = max(12, round(unit * 0.05))
        # one line if it fits at 60% of the full size or more, else up to two lines
        fnt, lines = fit_text(
            title, spec, room, max_size=size, min_size=round(size * 0.6), max_lines=1
        )
        if lines and lines[-1].endswith("…") and not title.endswith("…"):
            fnt, lines = fit_text(
                title, spec, room, max_size=size, min_size=max(10, round(unit * 0.022)), max_lines=2
            )
        draw_lines(
            draw, lines, (margin, y, round(w * 0.72), h), fnt, ink, align="left", valign="top"
        )
        y += len(lines) * line_height(fnt)
    if composition.subtitle:
        fnt, lines = fit_text(
            composition.subtitle,
            font_spec(brand, "body"),
            (w - 2 * margin, unit * 0.05),
            max_size=max(10, round(unit * 0.022)),
            min_size=9,
            max_lines=1,
        )
        draw_lines(draw, lines, (margin, y, w - margin, h), fnt, muted, align="left", valign="top")
        y += line_height(fnt, 1.3)
    count_font = font(font_spec(brand, "mono"), max(9, round(unit * 0.016)))
    draw.text(
        (w - margin, margin),
        f"{n} FRAME{'S' if n != 1 else ''}",
        font=count_font,
        fill=muted,
        anchor="ra",
    )
    if y > margin:
        y += round(margin * 0.35)
        draw.line(
            (margin, y, w - margin, y),
            fill=mix(ink, page, 0.75),
            width=max(1, round(unit * 0.0015)),
        )
        y += round(margin * 0.6)
    bottom = h - margin
    if composition.source_line:
        src_font = font(font_spec(brand, "body"), max(9, round(unit * 0.014)))
        draw.text(
            (margin, h - margin * 0.6),
            composition.source_line,
            font=src_font,
            fill=muted,
            anchor="ls",
        )
        bottom -= line_height(src_font)

    # 3. the grid: the column count that gives the largest frames
    aspects = sorted(im.width / im.height for im in images)
    aspect = min(2.0, max(0.5, aspects[len(aspects) // 2]))
    cols, fw = _grid(n, w - 2 * margin, bottom - y, aspect)
    rows = math.ceil(n / cols)
    fh = fw / aspect
    edge, gap, cap_size = _metrics(fw, fh)
    cap_font = font(font_spec(brand, "body"), cap_size)
    cap_h = 2 * line_height(cap_font, 1.2)
    strip_w = cols * fw + (cols + 1) * gap
    row_h = fh + 2 * edge + cap_h + gap * 2.2
    x0 = round((w - strip_w) / 2)
    y += max(0, (bottom - y - rows * row_h) / 2)

    # 4. one film strip per row, frames on it, captions under it
    num_font = font(font_spec(brand, "mono"), max(7, round(edge * 0.32)))
    for r in range(rows):
        in_row = min(cols, n - r * cols)
        sy = round(y + r * row_h)
        sw = round(in_row * fw + (in_row + 1) * gap)
        holes = (
            mix(page, (255, 255, 255), 0.22) if theme == "dark" else page
        )  # light through the holes
        strip = _strip((sw, round(fh + 2 * edge)), edge, holes)
        canvas.alpha_composite(strip, (x0, sy))
        for c in range(in_row):
            i = r * cols + c
            fx, fy = round(x0 + gap + c * (fw + gap)), sy + round(edge)
            frame = contain(images[i].convert("RGB"), (round(fw), round(fh)), background=FILM)
            canvas.paste(frame, (fx, fy))
            draw.rectangle(
                (fx - 1, fy - 1, fx + round(fw), fy + round(fh)),
                outline=(120, 120, 124),
                width=max(1, round(unit * 0.0012)),
            )
            ny = fy + round(fh) + edge * 0.3
            draw.text(
                (fx + fw * 0.04, ny), f"\u25b8 {i + 1}", font=num_font, fill=AMBER, anchor="lm"
            )
            draw.text((fx + fw * 0.96, ny), f"{i + 1}A", font=num_font, fill=AMBER, anchor="rm")
            caption = composition.captions[i] if i < len(composition.captions) else ""
            if caption.strip():
                cf, lines = fit_text(
                    caption,
                    font_spec(brand, "body"),
                    (fw, cap_h),
                    max_size=cap_size,
                    min_size=max(8, round(cap_size * 0.75)),
                    spacing=1.2,
                    balance=True,
                )
                box = (
                    fx,
                    sy + round(fh + 2 * edge + gap * 0.6),
                    fx + round(fw),
                    sy + round(fh + 2 * edge + gap * 0.6 + cap_h),
                )
                draw_lines(draw, lines, box, cf, ink, align="left", valign="top", spacing=1.2)
    return canvas.convert("RGB")


def _metrics(fw: float, fh: float) -> tuple[float, float, int]:
    """Film edge height (room for sprocket holes and numbers), gap between frames, caption size."""
    return max(10.0, fh * 0.16), max(3.0, fw * 0.035), max(9, round(fw * 0.06))


def _grid(n: int, width: float, height: float, aspect: float) -> tuple[int, float]:
    """(cols, frame width) that fits n frames and their captions into width x height with
    the largest frames."""
    best = (1, 0.0)
    for cols in range(1, n + 1):
        rows = math.ceil(n / cols)
        fw = width / (cols + (cols + 1) * 0.035)
        for _ in range(3):  # edge/caption sizes depend on fw: settle by shrinking
            fh = fw / aspect
            edge, gap, cap = _metrics(fw, fh)
            row_h = fh + 2 * edge + 2 * cap * 1.2 * 1.17 + gap * 2.2
            if rows * row_h <= height:
                break
            fw *= height / (rows * row_h)
        if fw > best[1] + 0.5:
            best = (cols, fw)
    return best[0], max(8.0, best[1])


def _strip(size: tuple[int, int], edge: float, holes: tuple[int, int, int]) -> Image.Image:
    """A strip of black film with rows of sprocket holes along both edges."""
    w, h = size
    strip = rounded_card((w, h), radius=max(1, edge * 0.12), fill=FILM)
    draw = ImageDraw.Draw(strip)
    hole_w, hole_h = edge * 0.3, edge * 0.24
    pitch = hole_w * 2.1
    for k in range(int((w - hole_w) // pitch) + 1):
        x = (w - (int((w - hole_w) // pitch) * pitch + hole_w)) / 2 + k * pitch
        for y in (edge * 0.2, h - edge * 0.2 - hole_h):
            draw.rounded_rectangle(
                (x, y, x + hole_w, y + hole_h), radius=hole_h * 0.25, fill=(*holes, 255)
            )
    return strip
