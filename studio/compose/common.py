"""Drawing helpers shared by the layouts: colours, brand lookups, resizing, text that fits a
box, rounded cards with soft shadows, and compositing with clipping (deterministic noise and
textures are in noise.py).

Conventions: colours are RGB(A) tuples of ints; boxes are (left, top, right, bottom) in pixels;
canvases that receive shadows or translucent layers are RGBA. Nothing here reads the clock or
uses hash(); randomness comes from a numpy Generator the caller seeds (composition.seed)."""

from __future__ import annotations

import re
from functools import lru_cache

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from studio.compose.fonts import font
from studio.prompts import BrandKit

RGB = tuple[int, int, int]
RGBA = tuple[int, int, int, int]
Box = tuple[int, int, int, int]

_HEX_RE = re.compile(r"#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")

# What a brand kit may leave out; the default brand spells all of these.
DEFAULT_FONTS = {
    "heading": "DejaVu Sans:bold",
    "body": "DejaVu Sans",
    "caption": "DejaVu Serif:italic",
    "mono": "DejaVu Sans Mono",
}


# -- colours ------------------------------------------------------------------------------
def hex_rgba(value: str, alpha: int = 255) -> RGBA:
    """'#3B5BDB', '3b5bdb', '#35d' or '#3B5BDB80' -> (r, g, b, a). Raises ValueError."""
    match = _HEX_RE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"colour must be a hex string like '#3B5BDB', got {value!r}")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    r, g, b = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    a = int(digits[6:8], 16) if len(digits) == 8 else alpha
    return r, g, b, a


def hex_rgb(value: str) -> RGB:
    """'#3B5BDB' -> (59, 91, 219); any alpha digits are dropped."""
    return hex_rgba(value)[:3]


def mix(a: tuple[int, ...], b: tuple[int, ...], t: float) -> RGB:
    """Linear blend of two colours: t=0 gives a, t=1 gives b."""
    return tuple(round(x + (y - x) * t) for x, y in zip(a[:3], b[:3], strict=True))  # type: ignore[return-value]


def luminance(color: tuple[int, ...]) -> float:
    """Relative luminance in 0..1 (sRGB, WCAG formula)."""

    def lin(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(c) for c in color[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def readable_ink(
    background: tuple[int, ...], dark: RGB = (20, 24, 32), light: RGB = (250, 250, 250)
) -> RGB:
    """The one of `dark`/`light` with the higher contrast against `background`."""
    lb = luminance(background)
    contrast = lambda c: (max(lb, luminance(c)) + 0.05) / (min(lb, luminance(c)) + 0.05)  # noqa: E731
    return dark if contrast(dark) >= contrast(light) else light


def brand_color(brand: BrandKit, key: str, default: str) -> RGB:
    """A palette colour of the brand kit, or `default` (hex) when the kit does not name it."""
    return hex_rgb(brand.palette.get(key, default))


def brand_font(brand: BrandKit, role: str, size: int) -> ImageFont.FreeTypeFont:
    """The brand's font for a role (heading, body, caption, mono) at a pixel size."""
    return font(font_spec(brand, role), size)


def font_spec(brand: BrandKit, role: str) -> str:
    """The brand's font spec ("Family[:style]") for a role, for fit_text and friends."""
    return brand.fonts.get(role, DEFAULT_FONTS.get(role, DEFAULT_FONTS["body"]))


# -- resizing ----------------------------------------------------------------------------
def cover(
    image: Image.Image, size: tuple[int, int], focus: tuple[float, float] = (0.5, 0.5)
) -> Image.Image:
    """Scale to fill `size` exactly, cropping the overflow around `focus` (fractions)."""
    w, h = max(1, size[0]), max(1, size[1])
    iw, ih = image.size
    scale = max(w / iw, h / ih)
    sw, sh = max(w, round(iw * scale)), max(h, round(ih * scale))
    left = round((sw - w) * focus[0])
    top = round((sh - h) * focus[1])
    return image.resize((sw, sh), Image.LANCZOS).crop((left, top, left + w, top + h))


def contain(
    image: Image.Image, size: tuple[int, int], background: tuple[int, ...] | None = None
) -> Image.Image:
    """Scale to fit inside `size` keeping the aspect. With `background`, return exactly `size`
    with the image centred on that colour; without, return just the scaled image."""
    w, h = max(1, size[0]), max(1, size[1])
    iw, ih = image.size
    scale = min(w / iw, h / ih)
    scaled = image.resize((max(1, round(iw * scale)), max(1, round(ih * scale))), Image.LANCZOS)
    if background is None:
        return scaled
    mode = "RGBA" if len(background) == 4 else "RGB"
    out = Image.new(mode, (w, h), tuple(background))
    out.paste(scaled, ((w - scaled.width) // 2, (h - scaled.height) // 2))
    return out


# -- text --------------------------------------------------------------------------------
def line_height(fnt: ImageFont.FreeTypeFont, spacing: float = 1.15) -> int:
    """Baseline-to-baseline distance for `fnt` at a line spacing factor."""
    ascent, descent = fnt.getmetrics()
    return max(1, round((ascent + descent) * spacing))


def wrap_text(text: str, fnt: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    """Greedy word wrap to `max_width` pixels. Explicit newlines are kept; a word wider than
    the box is split across lines rather than overflowing."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if fnt.getlength(candidate) <= max_width:
                current = candidate
                continue
            if current:
                lines.append(current)
            while fnt.getlength(word) > max_width and len(word) > 1:
                cut = 1
                while cut < len(word) - 1 and fnt.getlength(word[: cut + 1]) <= max_width:
                    cut += 1
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        lines.append(current)
    return lines if any(lines) else []


def wrap_balanced(text: str, fnt: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    """Like wrap_text, but with line lengths evened out: the same number of lines as the
    greedy wrap, at the narrowest width that still gives that many (captions, titles)."""
    lines = wrap_text(text, fnt, max_width)
    if len(lines) < 2 or "\n" in text:
        return lines
    lo, hi = max(fnt.getlength(word) for word in text.split()), float(max_width)
    if lo > hi:
        return lines
    while hi - lo > 1:
        mid = (lo + hi) / 2
        if len(wrap_text(text, fnt, mid)) <= len(lines):
            hi = mid
        else:
            lo = mid
    return wrap_text(text, fnt, hi)


def ellipsize(line: str, fnt: ImageFont.FreeTypeFont, max_width: float) -> str:
    """Shorten `line` with a trailing '…' until it fits `max_width`."""
    if fnt.getlength(line) <= max_width:
        return line
    while line and fnt.getlength(line.rstrip() + "…") > max_width:
        line = line[:-1]
    return line.rstrip() + "…"


def fit_text(
    text: str,
    spec: str,
    box_size: tuple[float, float],
    *,
    max_size: int,
    min_size: int = 8,
    max_lines: int | None = None,
    spacing: float = 1.15,
    balance: bool = False,
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest font of `spec` (<= max_size) at which `text` wraps into `box_size`
    (with `balance`, into lines of even length). If even `min_size` overflows, the text is
    cut to the lines that fit and the last one ends in '…' — callers that need every word
    should give the box room."""
    w, h = box_size
    size = max(min_size, int(max_size))
    while True:
        fnt = font(spec, size)
        lines = (wrap_balanced if balance else wrap_text)(text, fnt, w)
        fits_lines = max_lines is None or len(lines) <= max_lines
        fits_height = len(lines) * line_height(fnt, spacing) <= h + 1
        if (fits_lines and fits_height) or size <= min_size:
            break
        size = max(min_size, int(size * 0.92) if size > 14 else size - 1)
    room = max(1, int((h + 1) // line_height(fnt, spacing)))
    if max_lines is not None:
        room = min(room, max_lines)
    if len(lines) > room:
        lines = lines[:room]
        lines[-1] = ellipsize(lines[-1] + "…", fnt, w)
    return fnt, lines


def draw_lines(
    draw: ImageDraw.ImageDraw,
    lines: list[str],
    box: Box,
    fnt: ImageFont.FreeTypeFont,
    fill: tuple[int, ...],
    *,
    align: str = "center",
    valign: str = "middle",
    spacing: float = 1.15,
) -> None:
    """Draw pre-wrapped lines inside `box`, aligned left/center/right and top/middle/bottom."""
    left, top, right, bottom = box
    lh = line_height(fnt, spacing)
    ascent, descent = fnt.getmetrics()
    block = lh * (len(lines) - 1) + ascent + descent
    y = {"top": top, "bottom": bottom - block}.get(valign, top + (bottom - top - block) / 2)
    for line in lines:
        if align == "left":
            x, anchor = left, "la"
        elif align == "right":
            x, anchor = right, "ra"
        else:
            x, anchor = (left + right) / 2, "ma"
        draw.text((x, y), line, font=fnt, fill=fill, anchor=anchor)
        y += lh


# -- compositing -------------------------------------------------------------------------
def composite_at(canvas: Image.Image, layer: Image.Image, xy: tuple[int, int]) -> None:
    """Alpha-composite an RGBA `layer` onto RGBA `canvas` at `xy`, clipped to the canvas
    (negative or overflowing positions are fine)."""
    x, y = int(xy[0]), int(xy[1])
    sx, sy = max(0, -x), max(0, -y)
    dx, dy = max(0, x), max(0, y)
    w = min(layer.width - sx, canvas.width - dx)
    h = min(layer.height - sy, canvas.height - dy)
    if w <= 0 or h <= 0:
        return
    canvas.alpha_composite(layer, dest=(dx, dy), source=(sx, sy, sx + w, sy + h))


def shadow_of(
    layer: Image.Image, blur: float, color: RGB = (0, 0, 0), opacity: float = 0.45
) -> tuple[Image.Image, int]:
    """A soft shadow for an RGBA layer: returns (shadow, pad) where the shadow is the layer's
    alpha, blurred, padded by `pad` pixels on every side so the blur is not cut off."""
    pad = int(blur * 3) + 2
    alpha = Image.new("L", (layer.width + 2 * pad, layer.height + 2 * pad), 0)
    alpha.paste(layer.getchannel("A"), (pad, pad))
    if blur > 0:
        alpha = alpha.filter(ImageFilter.GaussianBlur(blur))
    alpha = alpha.point(lambda v: round(v * opacity))
    shadow = Image.new("RGBA", alpha.size, (*color[:3], 255))
    shadow.putalpha(alpha)
    return shadow, pad


def paste_with_shadow(
    canvas: Image.Image,
    layer: Image.Image,
    xy: tuple[int, int],
    *,
    offset: tuple[float, float] = (4, 6),
    blur: float = 6,
    opacity: float = 0.45,
    color: RGB = (0, 0, 0),
) -> None:
    """Composite `layer` at `xy` over a soft drop shadow cast towards `offset`."""
    if opacity > 0:
        shadow, pad = shadow_of(layer, blur, color, opacity)
        composite_at(
            canvas, shadow, (round(xy[0] + offset[0]) - pad, round(xy[1] + offset[1]) - pad)
        )
    composite_at(canvas, layer, xy)


def rotate_rgba(layer: Image.Image, degrees: float) -> Image.Image:
    """Rotate an RGBA layer counter-clockwise with smooth, un-darkened edges (premultiplied)."""
    if abs(degrees) < 1e-3:
        return layer
    padded = Image.new("RGBA", (layer.width + 4, layer.height + 4), (0, 0, 0, 0))
    padded.paste(layer, (2, 2))
    return padded.convert("RGBa").rotate(degrees, Image.BICUBIC, expand=True).convert("RGBA")


@lru_cache(maxsize=256)
def _corner(radius: int, supersample: int, resample: int) -> Image.Image:
    """One anti-aliased quarter circle (top-left corner) of `radius` whole pixels."""
    s = supersample
    big = Image.new("L", (radius * s, radius * s), 0)
    ImageDraw.Draw(big).ellipse((0, 0, 2 * radius * s - 1, 2 * radius * s - 1), fill=255)
    return big.resize((radius, radius), resample)


def rounded_mask(
    size: tuple[int, int],
    radius: float,
    supersample: int = 4,
    *,
    resample: int = Image.BOX,
) -> Image.Image:
    """An anti-aliased rounded-rectangle mask ("L") of exactly `size`. Only the corners are
    supersampled (and cached), so it costs no more than a plain fill at any size. `resample`
    is the filter that shrinks the supersampled corner (the infographic uses LANCZOS)."""
    w, h = max(1, size[0]), max(1, size[1])
    rc = int(round(max(0.0, min(radius, w // 2, h // 2))))  # whole pixels: corners tile exactly
    mask = Image.new("L", (w, h), 255)
    if rc == 0:
        return mask
    corner = _corner(rc, supersample, resample)
    mask.paste(corner, (0, 0))
    mask.paste(corner.transpose(Image.FLIP_LEFT_RIGHT), (w - rc, 0))
    mask.paste(corner.transpose(Image.FLIP_TOP_BOTTOM), (0, h - rc))
    mask.paste(corner.transpose(Image.ROTATE_180), (w - rc, h - rc))
    return mask


def rounded_card(
    size: tuple[int, int],
    radius: float,
    fill: tuple[int, ...],
    *,
    outline: tuple[int, ...] | None = None,
    outline_width: int = 0,
) -> Image.Image:
    """An anti-aliased rounded rectangle as its own RGBA layer of exactly `size`."""
    w, h = max(1, size[0]), max(1, size[1])
    alpha = fill[3] if len(fill) == 4 else 255
    card = Image.new("RGBA", (w, h), (*fill[:3], 255))
    mask = rounded_mask((w, h), radius)
    if outline is not None and outline_width > 0:  # the ring between two masks, in outline colour
        inner = Image.new("L", (w, h), 0)
        ow = outline_width
        inner.paste(rounded_mask((w - 2 * ow, h - 2 * ow), max(0.0, radius - ow)), (ow, ow))
        ring = ImageChops.subtract(mask, inner)
        card.paste(Image.new("RGBA", (w, h), (*outline[:3], 255)), (0, 0), ring)
    card.putalpha(mask if alpha == 255 else mask.point(lambda v: v * alpha // 255))
    return card


def rounded_box(
    canvas: Image.Image,
    box: Box,
    radius: float,
    fill: tuple[int, ...],
    *,
    outline: tuple[int, ...] | None = None,
    outline_width: int = 0,
    shadow_offset: tuple[float, float] = (0, 4),
    shadow_blur: float = 8,
    shadow_opacity: float = 0.18,
    shadow_color: RGB = (0, 0, 0),
) -> None:
    """Draw a rounded card with a soft shadow onto an RGBA canvas (opacity 0: no shadow)."""
    left, top, right, bottom = (int(round(v)) for v in box)
    card = rounded_card(
        (right - left, bottom - top), radius, fill, outline=outline, outline_width=outline_width
    )
    paste_with_shadow(
        canvas,
        card,
        (left, top),
        offset=shadow_offset,
        blur=shadow_blur,
        opacity=shadow_opacity,
        color=shadow_color,
    )
