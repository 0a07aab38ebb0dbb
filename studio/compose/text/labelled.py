"""The labelled scene: the picture plus a multilingual legend beside it (right on landscape,
below on portrait). Each object is one numbered entry holding its label in every requested
language, one line per language in the order asked, each with a small code tag (EN, ES, JA).
Labels in other scripts get a font that covers them (lettering.fit), right to left where
needed. An object with a `region` (in the picture's pixel space, given when the generator
reports where objects are) also gets a numbered callout on the picture with a short leader
line; without regions the picture carries no callouts (we never guess where things are).

Nothing is cut: the legend tries sizes from large to small and one to four columns, then
takes more of the canvas from the picture, until every label wraps into its entry.

    compose_with_boxes -> (image, {"text:<i>": box}) with i indexing required_strings(words)
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageDraw

from studio.compose import lettering
from studio.compose.common import brand_color, contain, cover, rounded_box
from studio.domain import Composition
from studio.prompts import BrandKit
from studio.words import LabelledScene
from studio.words.model import words_of

Box = tuple[int, int, int, int]
FRACTIONS = (0.34, 0.42, 0.5, 0.6, 0.7)  # of the canvas the legend may take, tried in order


@dataclass
class Line:
    index: int | None  # position in required_strings, None for a fallback key
    code: str
    fitted: lettering.Fitted


@dataclass
class Entry:
    number: int
    lines: list[Line]
    height: int
    x: int = 0
    y: int = 0


@dataclass
class Packing:
    size: int  # body text size in px
    columns: int
    col_w: int
    badge: int  # number badge diameter
    tag_w: int
    entries: list[Entry]


def compose(comp: Composition, images: list[Image.Image], brand: BrandKit) -> Image.Image:
    return compose_with_boxes(comp, images, brand)[0]


def scene_words(comp: Composition) -> LabelledScene:
    return words_of(comp.data, LabelledScene, layout="labelled_scene", where=comp.id)


def compose_with_boxes(
    comp: Composition, images: list[Image.Image], brand: BrandKit
) -> tuple[Image.Image, dict[str, Box]]:
    W, H = comp.width, comp.height
    background = brand_color(brand, "background", "#F5F7FB")
    picture = images[0].convert("RGB") if images else Image.new("RGB", (W, H), background)
    if comp.data.get("text_by") == "model":  # the generator painted the words; OCR passed
        return cover(picture, (W, H)), {}
    words = scene_words(comp)

    # 1. split the canvas: the first legend share at which every entry fits wins
    margin = max(8, round(min(W, H) * 0.03))
    landscape = W >= H
    floor = max(11, round(min(W, H) * 0.011))
    comfortable = round(min(W, H) * 0.02)  # below this, a larger legend share is worth it
    packing, legend, area = None, (0, 0, 0, 0), (0, 0, 0, 0)
    for attempt, fraction in enumerate((*FRACTIONS, FRACTIONS[-1])):
        last = attempt == len(FRACTIONS)  # last resort: a smaller floor rather than a cut
        if last and packing is not None:
            break
        split = _split(W, H, margin, landscape, fraction)
        heading = round(min(W, H) * 0.034)
        inner = _inset(split[0], margin)
        body = (inner[0], inner[1] + round(heading * 1.6), inner[2], inner[3])
        found = _pack(words, body, min(W, H), floor=8 if last else floor)
        if found is not None and (packing is None or found.size > packing.size):
            packing, (legend, area) = found, split
        if packing is not None and packing.size >= comfortable:
            break
    if packing is None:
        raise ValueError(f"{len(words.objects)} objects do not fit a {W}x{H} legend")

    # 2. the picture, and a numbered callout wherever the generator said an object is
    canvas = Image.new("RGBA", (W, H), (*background, 255))
    shown = contain(picture, (area[2] - area[0], area[3] - area[1]))
    px = area[0] + (area[2] - area[0] - shown.width) // 2
    py = area[1] + (area[3] - area[1] - shown.height) // 2
    canvas.paste(shown, (px, py))
    accent = brand_color(brand, "accent", "#3B5BDB")
    draw = ImageDraw.Draw(canvas)
    scale = shown.width / picture.width
    pic_box = (px, py, px + shown.width, py + shown.height)
    for number, obj in enumerate(words.objects, start=1):
        if obj.region is not None:
            region = tuple(
                round(v * scale) + o for v, o in zip(obj.region, (px, py, px, py), strict=True)
            )
            _callout(draw, number, region, pic_box, packing.badge, accent)  # type: ignore[arg-type]

    # 3. the legend card: the scene as its heading, then the numbered entries
    surface = brand_color(brand, "surface", "#FFFFFF")
    rounded_box(canvas, legend, margin * 0.6, (*surface, 255), shadow_opacity=0.12)
    draw = ImageDraw.Draw(canvas)
    inner = _inset(legend, margin)
    ink = brand_color(brand, "ink", "#1B2333")
    title = lettering.fit(
        words.scene[:1].upper() + words.scene[1:],
        inner[2] - inner[0],
        round(min(W, H) * 0.034) * 1.4,
        bold=True,
        max_size=round(min(W, H) * 0.034),
        min_size=floor,
    )
    lettering.draw_fitted(draw, title, inner, ink)
    boxes = _draw_entries(draw, packing, brand, accent, ink)
    return canvas.convert("RGB"), boxes


def _split(W: int, H: int, margin: int, landscape: bool, fraction: float) -> tuple[Box, Box]:
    """(legend box, picture area) for a legend taking `fraction` of the long side."""
    if landscape:
        lw = round(W * fraction)
        return (W - margin - lw, margin, W - margin, H - margin), (
            margin,
            margin,
            W - 2 * margin - lw,
            H - margin,
        )
    lh = round(H * fraction)
    return (margin, H - margin - lh, W - margin, H - margin), (
        margin,
        margin,
        W - margin,
        H - 2 * margin - lh,
    )


def _inset(box: Box, by: int) -> Box:
    return (box[0] + by, box[1] + by, box[2] - by, box[3] - by)


def _pack(words: LabelledScene, body: Box, short: int, *, floor: int) -> Packing | None:
    """The largest text size (then the fewest columns) at which every entry fits `body`."""
    size = max(floor, round(short * 0.026))
    while True:
        for columns in range(1, 5):
            packing = _try(words, body, size, columns)
            if packing is not None:
                return packing
        if size <= floor:
            return None
        size = max(floor, int(size * 0.92))


def _try(words: LabelledScene, body: Box, size: int, columns: int) -> Packing | None:
    gutter = round(size * 1.2)
    col_w = (body[2] - body[0] - gutter * (columns - 1)) // columns
    badge = round(size * 1.6)
    tag_font = lettering.load(lettering.font_file("EN", bold=True), max(8, round(size * 0.62)))
    tag_w = round(max(tag_font.getlength(c.upper()[:3]) for c in words.languages) + size * 0.7)
    label_w = col_w - badge - tag_w - round(size * 0.45) - _gap(size)
    if label_w < size * 4:
        return None
    entries: list[Entry] = []
    index = 0
    for number, obj in enumerate(words.objects, start=1):
        lines: list[Line] = []
        for k, lang in enumerate(words.languages):
            if lang not in obj.labels:
                continue
            fitted = lettering.fit(
                obj.labels[lang], label_w, 10**6, bold=k == 0, max_size=size, min_size=size
            )
            if fitted.overflow:
                return None
            lines.append(Line(index, lang.upper()[:3], fitted))
            index += 1
        if not lines:  # no label at all: the key, so the number still names something
            lines.append(
                Line(None, "", lettering.fit(obj.key, label_w, 10**6, max_size=size, min_size=size))
            )
        gap = round(size * 0.25)
        tall = sum(max(ln.fitted.height, round(size * 1.15)) for ln in lines)
        entries.append(Entry(number, lines, max(badge, tall + gap * (len(lines) - 1))))
    spacing = round(size * 0.75)
    total = sum(e.height + spacing for e in entries)
    # balanced columns where they fit, else each column filled to the bottom
    for bottom in (min(body[3], body[1] + -(-total // columns)), body[3]):
        if _flow(entries, body, bottom, columns, col_w + gutter, spacing):
            return Packing(size, columns, col_w, badge, tag_w, entries)
    return None


def _gap(size: int) -> int:
    """Between a language tag and its label: room enough that reading the label inside its
    box (verification pads it) does not catch the tag's edge."""
    return max(round(size * 0.6), 16)


def _flow(
    entries: list[Entry], body: Box, bottom: int, columns: int, step: int, spacing: int
) -> bool:
    """Place entries down the columns in order, starting a new column past `bottom` (a soft
    limit; body's bottom is the hard one); False when they need more columns."""
    column, y = 0, body[1]
    for entry in entries:
        if y > body[1] and y + entry.height > bottom:
            column, y = column + 1, body[1]
        if column >= columns or y + entry.height > body[3]:
            return False
        entry.x, entry.y = body[0] + column * step, y
        y += entry.height + spacing
    return True


def _draw_entries(
    draw: ImageDraw.ImageDraw,
    p: Packing,
    brand: BrandKit,
    accent: tuple[int, int, int],
    ink: tuple[int, int, int],
) -> dict[str, Box]:
    boxes: dict[str, Box] = {}
    muted = brand_color(brand, "muted", "#5B6577")
    tag_fill = brand_color(brand, "background_2", "#E9EEF8")
    tag_font = lettering.load(lettering.font_file("EN", bold=True), max(8, round(p.size * 0.62)))
    number_font = lettering.load(lettering.font_file("0", bold=True), max(8, round(p.size * 0.8)))
    for entry in p.entries:
        _badge(
            draw,
            (entry.x + p.badge // 2, entry.y + p.badge // 2),
            p.badge,
            entry.number,
            accent,
            number_font,
        )
        x_tag = entry.x + p.badge + round(p.size * 0.45)
        x_text = x_tag + p.tag_w + _gap(p.size)
        right = entry.x + p.col_w
        y = entry.y
        for line in entry.lines:
            row = max(line.fitted.height, round(p.size * 1.15))
            if line.code:
                th = round(p.size * 0.95)
                ty = y + (min(row, round(p.size * 1.2)) - th) // 2
                draw.rounded_rectangle(
                    (x_tag, ty, x_tag + p.tag_w, ty + th), radius=th // 4, fill=tag_fill
                )
                draw.text(
                    (x_tag + p.tag_w / 2, ty + th / 2),
                    line.code,
                    font=tag_font,
                    fill=muted,
                    anchor="mm",
                )
            lettering.draw_fitted(draw, line.fitted, (x_text, y, right, y + row), ink)
            if line.index is not None:
                x0 = right - line.fitted.width if line.fitted.rtl else x_text
                pad = max(1, round(p.size * 0.1))
                boxes[f"text:{line.index}"] = (
                    x0 - pad,
                    y - pad,
                    x0 + line.fitted.width + pad,
                    y + line.fitted.height + pad,
                )
            y += row + round(p.size * 0.25)
    return boxes


def _badge(
    draw: ImageDraw.ImageDraw,
    centre: tuple[int, int],
    diameter: int,
    number: int,
    fill: tuple[int, int, int],
    fnt,
) -> None:  # noqa: ANN001
    cx, cy = centre
    r = diameter / 2
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fill)
    draw.text((cx, cy), str(number), font=fnt, fill=(255, 255, 255), anchor="mm")


def _callout(
    draw: ImageDraw.ImageDraw,
    number: int,
    region: Box,
    picture: Box,
    badge: int,
    accent: tuple[int, int, int],
) -> None:
    """A numbered circle beside the region's centre, a short leader line and a dot on it."""
    ax, ay = (region[0] + region[2]) // 2, (region[1] + region[3]) // 2
    r = max(10, round(badge * 0.6))
    reach = round(r * 2.2)
    # up-left of the anchor, flipped where the picture's edge is too close
    cx = ax - reach if ax - reach - r >= picture[0] else ax + reach
    cy = ay - reach if ay - reach - r >= picture[1] else ay + reach
    cx = min(max(cx, picture[0] + r), picture[2] - r)
    cy = min(max(cy, picture[1] + r), picture[3] - r)
    width = max(2, r // 5)
    draw.line((ax, ay, cx, cy), fill=(255, 255, 255), width=width + 2)
    draw.line((ax, ay, cx, cy), fill=accent, width=width)
    dot = max(3, r // 3)
    draw.ellipse(
        (ax - dot, ay - dot, ax + dot, ay + dot),
        fill=accent,
        outline=(255, 255, 255),
        width=max(1, dot // 3),
    )
    draw.ellipse((cx - r - 2, cy - r - 2, cx + r + 2, cy + r + 2), fill=(255, 255, 255))
    fnt = lettering.load(lettering.font_file("0", bold=True), round(r * 1.1))
    _badge(draw, (cx, cy), 2 * r, number, accent, fnt)
