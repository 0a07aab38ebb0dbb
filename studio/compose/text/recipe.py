"""The `recipe_card` layout (issue 14): the dish photo, large, plus a recipe card in the brand's
colours: the dish as a serif title, pill badges for the times and servings ("Prep 5 min",
"Cook 3 min", "Serves 2"), the ingredients (quantity in bold, item after) and the numbered
method.

    Composition(layout="recipe_card", inputs=[photo job], data={"words": Recipe(...).model_dump(),
                                                                 "text_by": "composer" | "model"})

The photo takes the top of a portrait page and the left of a landscape or square one, as
large as the card allows: the layout tries photo shares from 58% down to 22% and, at each,
the largest body size at which the card fits (ingredients in one column or two, beside the
method when the card is wide). A comfortable size is preferred to a large photo, a large
photo to a larger size. Text is never cut: when nothing fits even at the smallest size, the
smallest photo and size are used and the card runs as long as it must (a long recipe at a
tiny format is the only case).

`text_by == "model"`: the generator painted the words (and OCR read them); the picture is
returned fitted to the size, with no boxes."""

from __future__ import annotations

import math

from PIL import Image, ImageDraw

from studio.compose.common import Box, brand_color, cover, readable_ink, rounded_box
from studio.compose.lettering import draw_fitted
from studio.compose.text.recipe_parts import Card, Colours, arrange
from studio.domain import Composition
from studio.prompts import BrandKit
from studio.words.model import Recipe, words_of

SHARES = (0.58, 0.52, 0.46, 0.4, 0.34, 0.28, 0.22)  # of the page's height (portrait) or width
FLOOR = 11  # the smallest body size, for recipes near the model's limits only


def compose(composition: Composition, images: list[Image.Image], brand: BrandKit) -> Image.Image:
    return compose_with_boxes(composition, images, brand)[0]


def _words(composition: Composition) -> Recipe:
    return words_of(composition.data, Recipe, layout="recipe_card", where=composition.id)


def colours(brand: BrandKit) -> Colours:
    surface = brand_color(brand, "surface", "#FFFFFF")
    accent = brand_color(brand, "accent", "#3B5BDB")
    accent_2 = brand_color(brand, "accent_2", "#12B886")
    ink = brand_color(brand, "ink", "#1B2333")
    return Colours(
        ink=ink
        if readable_ink(surface, dark=ink, light=readable_ink(surface)) == ink
        else readable_ink(surface),
        muted=brand_color(brand, "muted", "#5B6577"),
        accent=accent,
        on_accent=readable_ink(accent),
        accent_2=accent_2,
        on_accent_2=readable_ink(accent_2),
    )


def _best(
    words: Recipe, width: float, height: float, u: float, c: Colours
) -> tuple[int, Card] | None:
    """The largest body size (FLOOR up to 3.3 u) at which the card fits, and its arrangement:
    for each arrangement a binary search on the size (a card that fits at a size fits at
    every smaller one)."""
    wide = width > height * 0.85
    options = (
        [(True, 1), (True, 2), (False, 1), (False, 2)]
        if wide
        else [(False, 1), (False, 2), (True, 1)]
    )
    best: tuple[int, Card] | None = None
    for side, cols in options:
        if cols == 2 and len(words.ingredients) < 6:
            continue

        def arranged(size: int, side: bool = side, cols: int = cols) -> Card | None:
            ing_w = (width - 2 * size) * 0.42 if side else width
            if (ing_w - (cols - 1) * 1.6 * size) / cols < 11 * size:
                return None  # ingredient columns too narrow: most would wrap
            if side and width - ing_w - 2 * size < 16 * size:
                return None
            card = arrange(words, width, height, size, side, cols, c)
            return card if card.fits else None

        lo, hi = (best[0] + 1 if best else FLOOR), max(FLOOR, round(3.3 * u))
        found: tuple[int, Card] | None = None
        while lo <= hi:
            mid = (lo + hi) // 2
            card = arranged(mid)
            if card is not None:
                found, lo = (mid, card), mid + 1
            else:
                hi = mid - 1
        if found is not None:
            best = found
    return best


def _plan(words: Recipe, w: int, h: int, u: float, c: Colours) -> tuple[Box, Box, Card]:
    """(photo box, card box, arranged card): the largest photo at which the card fits at a
    comfortable size (2 u), else the photo at which it fits at the largest size, else the
    smallest photo at FLOOR (the card then runs as long as it must)."""
    portrait = h >= w * 0.95  # square pages too: the photo on top, a wide card below
    m, pad = 3.5 * u, 4.0 * u

    def boxes(share: float) -> tuple[Box, Box]:
        if portrait:
            cut = round(h * share)
            return (0, 0, w, cut), (round(m), round(cut - 2 * u), round(w - m), round(h - m))
        cut = round(w * share)
        return (0, 0, cut, h), (round(cut - 2 * u), round(m), round(w - m), round(h - m))

    choices = []
    for share in SHARES:
        photo, card = boxes(share)
        found = _best(words, card[2] - card[0] - 2 * pad, card[3] - card[1] - 2 * pad, u, c)
        if found is not None:
            if found[0] >= max(FLOOR, round(2.0 * u)):
                return photo, card, found[1]
            choices.append((found[0], share, photo, card, found[1]))
    if choices:
        _, _, photo, card, arranged = max(choices, key=lambda x: (x[0], x[1]))
        return photo, card, arranged
    photo, card = boxes(SHARES[-1])
    side = card[2] - card[0] > (card[3] - card[1]) * 0.85
    arranged = arrange(
        words, card[2] - card[0] - 2 * pad, card[3] - card[1] - 2 * pad, FLOOR, side, 2, c
    )
    return photo, card, arranged


def compose_with_boxes(
    composition: Composition, images: list[Image.Image], brand: BrandKit
) -> tuple[Image.Image, dict[str, Box]]:
    """The photo and the card, and {"text:<i>": box} for required_strings(words)."""
    words = _words(composition)
    w, h = composition.width, composition.height
    page = brand_color(brand, "background", "#F5F7FB")
    picture = images[0].convert("RGB") if images else Image.new("RGB", (w, h), page)
    if composition.data.get("text_by") == "model":
        return cover(picture, (w, h)), {}
    u = min(w, h) / 100
    c = colours(brand)
    photo_box, card_box, card = _plan(words, w, h, u, c)

    canvas = Image.new("RGBA", (w, h), (*page, 255))
    px0, py0, px1, py1 = photo_box
    canvas.paste(cover(picture, (px1 - px0, py1 - py0)), (px0, py0))
    x0, y0, x1, y1 = card_box
    pad = 4.0 * u
    y1 = max(y1, math.ceil(y0 + card.height + 2 * pad)) if not card.fits else y1
    rounded_box(
        canvas,
        (x0, y0, x1, min(y1, h + 40)),
        2.4 * u,
        (*brand_color(brand, "surface", "#FFFFFF"), 255),
        shadow_offset=(0, 0.6 * u),
        shadow_blur=1.8 * u,
        shadow_opacity=0.22,
    )
    # the content, centred in the card's height (top-aligned when it fills the card)
    dx = x0 + pad
    dy = y0 + pad + max(0.0, (y1 - y0 - 2 * pad - card.height) / 2)
    draw = ImageDraw.Draw(canvas)
    for op in card.ops:
        bx0, by0, bx1, by1 = op.box[0] + dx, op.box[1] + dy, op.box[2] + dx, op.box[3] + dy
        if op.kind == "pill":
            draw.rounded_rectangle((bx0, by0, bx1, by1), radius=(by1 - by0) / 2, fill=op.color)
        elif op.kind == "dot":
            draw.ellipse((bx0, by0, bx1, by1), fill=op.color)
        elif op.fitted is not None:
            draw_fitted(draw, op.fitted, _int((bx0, by0, bx1, by1)), op.color, align=op.align)
    boxes = {
        f"text:{i}": _int((b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy))
        for i, b in enumerate(card.boxes)
    }
    return canvas.convert("RGB"), boxes


def _int(box: tuple[float, float, float, float]) -> Box:
    return (math.floor(box[0]), math.floor(box[1]), math.ceil(box[2]), math.ceil(box[3]))
