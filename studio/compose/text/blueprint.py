"""The blueprint: the landmark's technical drawing with engineering-drawing annotations in
white and cyan on blueprint blue. A ruled title block sits bottom right (landmark, location,
"Studio", a scale note, and the sources); the height is a vertical dimension line with
arrowheads beside the subject, the span or width a horizontal one under it, every other fact
a callout with a leader line to the subject's edge. The subject is found in the picture
(extent.find_subject: what differs from the background), never assumed to be in one place.

A fact with a `source` gets a superscript index pointing into the title block's Sources; a
number without a source is still drawn, and `words.model.unsourced_facts` names it for verification.
Nothing is cut: sizes shrink until every annotation fits without overlapping another.

    compose_with_boxes -> (image, {"text:<i>": box}) with i indexing required_strings(words)
"""

from __future__ import annotations

import re

import numpy as np
from PIL import Image, ImageDraw

from studio.compose.common import brand_color, contain, cover
from studio.compose.text.blueprint_parts import (
    Plate,
    Style,
    dimension,
    leader,
    overlaps,
    plate,
    title_block,
)
from studio.compose.text.extent import find_subject
from studio.domain import Composition
from studio.prompts import BrandKit
from studio.words import Blueprint, LandmarkFact
from studio.words.model import words_of

Box = tuple[int, int, int, int]
HEIGHT_WORDS = re.compile(r"height|tall|altitude|elevation|hauteur|altura|altezza|höhe", re.I)
SPAN_WORDS = re.compile(
    r"span|width|wide|length|long|breadth|diameter|spannweite|breite|länge|largeur|longueur"
    r"|portée|ancho|anchura|longitud|luz|larghezza|lunghezza|campata",
    re.I,
)


def compose(comp: Composition, images: list[Image.Image], brand: BrandKit) -> Image.Image:
    return compose_with_boxes(comp, images, brand)[0]


def blueprint_words(comp: Composition) -> Blueprint:
    return words_of(comp.data, Blueprint, layout="blueprint", where=comp.id)


def compose_with_boxes(
    comp: Composition, images: list[Image.Image], brand: BrandKit
) -> tuple[Image.Image, dict[str, Box]]:
    W, H = comp.width, comp.height
    blue = brand_color(brand, "blueprint", "#17457F")
    picture = images[0].convert("RGB") if images else Image.new("RGB", (W, H), blue)
    if comp.data.get("text_by") == "model":  # the generator painted the words; OCR passed
        return cover(picture, (W, H)), {}
    words = blueprint_words(comp)
    # the whole drawing, on paper of its own border colour (nothing of the subject cropped)
    paper = np.median(np.asarray(picture.resize((64, 64))).reshape(-1, 3), axis=0)
    base = contain(picture, (W, H), tuple(int(c) for c in paper))
    subject = find_subject(base)

    # the largest size at which every annotation finds room; the smallest one regardless
    short = min(W, H)
    size = round(short * 0.026)
    floor = max(11, round(short * 0.012))
    while True:
        style = Style.for_size(size, blue)
        canvas = base.convert("RGBA")
        boxes = _annotate(canvas, words, subject, style, strict=size > floor)
        if boxes is not None:
            return canvas.convert("RGB"), boxes
        size = max(floor, int(size * 0.9))


def _annotate(canvas: Image.Image, words: Blueprint, subject, style: Style, *, strict: bool):  # noqa: ANN001
    """Draw every annotation on `canvas`; None when, with `strict`, one found no free room."""
    W, H = canvas.size
    m = style.margin
    draw = ImageDraw.Draw(canvas)
    sx0, sy0, sx1, sy1 = subject.box
    sources = list(dict.fromkeys(f.source for f in words.facts if f.source))
    index = {id(f): sources.index(f.source) + 1 for f in words.facts if f.source}

    # 1. the title block, bottom right
    block_w = round(W * (0.36 if W >= H else 0.55))
    block, landmark = title_block(canvas, words, sources, W - m - block_w, H - m, block_w, style)
    taken: list[Box] = [block]
    pending: list[tuple[Plate, tuple[int, int], str]] = []
    boxes: dict[str, Box] = {"text:0": landmark}

    # 2. which fact is the height and which the span (the first of each)
    height = next((f for f in words.facts if HEIGHT_WORDS.search(f.label)), None)
    span = next((f for f in words.facts if SPAN_WORDS.search(f.label) and f is not height), None)
    gap = round(style.size * 1.2)
    for fact, vertical in ((height, True), (span, False)):
        if fact is None:
            continue
        p = plate(fact, style, index.get(id(fact)), W * 0.3)
        if vertical:  # beside the subject: left where there is room, else right, else inside
            options = [sx0 - gap, sx1 + gap, sx0 + gap]
            x = next(
                (
                    x
                    for x in options[:2]
                    if _clear((x - p.w // 2, sy0, x + p.w // 2, sy1), block, W, H, m)
                ),
                options[2],
            )
            edge = sx0 if x < (sx0 + sx1) / 2 else sx1
            ends, ticks = ((x, sy0), (x, sy1)), ((edge, sy0), (edge, sy1))
        else:  # under the subject where there is room, else over it, else inside
            options = [sy1 + gap, sy0 - gap, sy1 - gap]
            y = next(
                (
                    y
                    for y in options
                    if _clear((sx0, y - p.h // 2, sx1, y + p.h // 2), block, W, H, m)
                ),
                block[1] - gap - p.h,
            )
            edge = sy1 if y > (sy0 + sy1) / 2 else sy0
            ends, ticks = ((sx0, y), (sx1, y)), ((sx0, edge), (sx1, edge))
        centre = ((ends[0][0] + ends[1][0]) // 2, (ends[0][1] + ends[1][1]) // 2)
        spot = _free_near(p, centre, taken, W, H, m)
        if spot is None and strict:
            return None
        spot = spot or _clamp(p, centre, W, H, m)
        dimension(draw, ends, ticks, style)
        band = max(2, style.line * 3)
        (ax, ay), (bx, by) = ends
        taken.append(
            (min(ax, bx) - band, min(ay, by) - band, max(ax, bx) + band, max(ay, by) + band)
        )
        _place(pending, p, spot, taken, words, fact)

    # 3. every other fact: a callout beside the subject with a leader line to its edge
    rest = [f for f in words.facts if f is not height and f is not span]
    left_room, right_room = sx0 - m, W - m - sx1
    sides = ["left", "right"] if left_room >= right_room else ["right", "left"]
    for k, fact in enumerate(rest):
        p = plate(fact, style, index.get(id(fact)), W * 0.26)
        side = sides[k % 2]
        spot = None
        for attempt in (side, "left" if side == "right" else "right"):
            spot = _column_spot(
                p,
                attempt,
                taken,
                W,
                H,
                m,
                sy0 + (sy1 - sy0) * (k // 2 + 0.5) / max(1, (len(rest) + 1) // 2),
            )
            if spot is not None:
                side = attempt
                break
        if spot is None:
            if strict:
                return None
            spot = (m, m)
        px, py = spot
        y = py + p.h // 2
        target = (subject.edge(y, side), min(max(y, sy0), sy1))
        start = (px + p.w if side == "left" else px, y)
        leader(draw, start, target, style)
        _place(pending, p, spot, taken, words, fact)
    for p, spot, key in pending:
        boxes[key] = p.draw(canvas, spot, style)
    return boxes


def _place(
    pending: list[tuple[Plate, tuple[int, int], str]],
    p: Plate,
    spot: tuple[int, int],
    taken: list[Box],
    words: Blueprint,
    fact: LandmarkFact,
) -> None:
    """Reserve `spot` for the plate; plates are drawn after every line, over them."""
    taken.append((spot[0], spot[1], spot[0] + p.w, spot[1] + p.h))
    pending.append((p, spot, f"text:{1 + words.facts.index(fact)}"))


def _clear(box: Box, block: Box, W: int, H: int, m: int) -> bool:
    """Whether a dimension's band stays on the canvas and off the title block."""
    inside = box[0] >= m and box[1] >= m and box[2] <= W - m and box[3] <= H - m
    return inside and not overlaps(box, [block])


def _clamp(p: Plate, centre: tuple[int, int], W: int, H: int, m: int) -> tuple[int, int]:
    x = min(max(centre[0] - p.w // 2, m), W - m - p.w)
    y = min(max(centre[1] - p.h // 2, m), H - m - p.h)
    return x, y


def _free_near(p: Plate, centre: tuple[int, int], taken: list[Box], W: int, H: int, m: int):  # noqa: ANN202
    """A spot for `p` centred as near `centre` as the other annotations allow."""
    step = max(4, p.h // 3)
    for k in range(0, 40):
        for dy in (0,) if k == 0 else (-k * step, k * step):
            x, y = _clamp(p, (centre[0], centre[1] + dy), W, H, m)
            if not overlaps((x, y, x + p.w, y + p.h), taken):
                return x, y
    return None


def _column_spot(p: Plate, side: str, taken: list[Box], W: int, H: int, m: int, want: float):  # noqa: ANN202
    """A free spot in the left or right margin column, as near row `want` as possible."""
    x = m if side == "left" else W - m - p.w
    step = max(4, p.h // 4)
    for k in range(0, 2 * H // step + 2):
        dy = (k + 1) // 2 * step * (1 if k % 2 else -1)
        y = round(want - p.h / 2 + dy)
        if y < m or y + p.h > H - m:
            continue
        pad = max(4, p.h // 6)
        hit = [t for t in taken if overlaps((x, y, x + p.w, y + p.h), [t], pad=pad)]
        if not hit:
            return x, y
        # step past what is in the way (a dimension line in the margin), once
        nx = max(t[2] for t in hit) + pad if side == "left" else min(t[0] for t in hit) - pad - p.w
        if m <= nx <= W - m - p.w and not overlaps((nx, y, nx + p.w, y + p.h), taken, pad=pad):
            return nx, y
    return None
