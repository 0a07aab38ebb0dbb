"""The blocks of a recipe card, measured and placed in one pass (studio.compose.text.recipe
draws them): the dish title, a row of pill badges (times and servings), the ingredient list
(quantity in bold, item after, in one or two columns) and the numbered method. `arrange`
returns the drawing operations at y=0 and the box of every required string, in the order of
studio.words.required_strings."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from studio.compose.lettering import Fitted, fit
from studio.words.model import Recipe

RGB = tuple[int, int, int]
FBox = tuple[float, float, float, float]


@dataclass
class Op:
    kind: str  # "text" | "pill" | "dot"
    box: FBox
    color: RGB
    fitted: Fitted | None = None
    align: str = "left"


@dataclass
class Card:
    height: float
    ops: list[Op] = field(default_factory=list)
    boxes: list[FBox] = field(default_factory=list)  # one per required string, in order
    fits: bool = True


@dataclass(frozen=True)
class Colours:
    ink: RGB
    muted: RGB
    accent: RGB
    on_accent: RGB
    accent_2: RGB
    on_accent_2: RGB


@lru_cache(maxsize=8192)
def text(value: str, width: float, size: int, role: str = "sans", bold: bool = False) -> Fitted:
    """`value` wrapped to `width` at exactly `size` (overflow: a word wider than the width)."""
    return fit(value, width, 1e9, role=role, bold=bold, max_size=size, min_size=size)


def _time_label(name: str) -> str:
    return name.strip().replace("_", " ").capitalize()


def badges(
    words: Recipe, width: float, size: int, c: Colours
) -> tuple[float, list[Op], dict[str, FBox]]:
    """Pills left to right, wrapping to a new row; returns (height, ops, boxes by string)."""
    pills: list[tuple[str | None, str, RGB, RGB, str]] = [
        (_time_label(name), value, c.accent, c.on_accent, f"time:{name}")
        for name, value in words.times.items()
    ]
    if words.servings:
        pills.append((None, words.servings, c.accent_2, c.on_accent_2, "servings"))
    ops: list[Op] = []
    boxes: dict[str, FBox] = {}
    pad_x, pad_y, gap = size * 0.8, size * 0.38, size * 0.6
    x = y = 0.0
    row_h = 0.0
    for label, value, fill, ink, key in pills:
        lab = text(label, 1e9, size) if label else None
        val = text(
            value,
            max(10.0, width - 2 * pad_x - (lab.width + size * 0.35 if lab else 0)),
            size,
            bold=True,
        )
        inner = (lab.width + size * 0.35 if lab else 0) + val.width
        pw, ph = inner + 2 * pad_x, val.height + 2 * pad_y
        if x > 0 and x + pw > width:
            x, y = 0.0, y + row_h + gap
        ops.append(Op("pill", (x, y, x + pw, y + ph), fill))
        tx = x + pad_x
        if lab is not None:
            ops.append(
                Op("text", (tx, y + pad_y, tx + lab.width, y + pad_y + lab.height), ink, lab)
            )
            tx += lab.width + size * 0.35
        vbox = (tx, y + pad_y, tx + val.width, y + pad_y + val.height)
        ops.append(Op("text", vbox, ink, val))
        boxes[key] = vbox
        x, row_h = x + pw + gap, max(row_h, ph)
    return (y + row_h if pills else 0.0), ops, boxes


def ingredients(
    words: Recipe, width: float, size: int, cols: int, c: Colours
) -> tuple[float, list[Op], list[FBox], bool]:
    """Bulleted rows, quantity bold then the item (wrapped under itself), filled column by
    column; returns (height, ops, one box per ingredient, every word fits its width)."""
    gutter = size * 1.6
    col_w = (width - (cols - 1) * gutter) / cols
    bullet = size * 0.9
    rows: list[tuple[Fitted | None, Fitted, float]] = []
    ok = True
    for ing in words.ingredients:
        qty = text(ing.quantity, col_w - bullet, size, bold=True) if ing.quantity else None
        shift = qty.width + size * 0.45 if qty is not None else 0.0
        stacked = (
            qty is not None and shift > (col_w - bullet) * 0.45
        )  # a long quantity: item below it
        item = text(ing.item, col_w - bullet - (0 if stacked else shift), size)
        height = item.height + (qty.line_height if stacked and qty is not None else 0)
        ok = ok and not item.overflow and not (qty is not None and qty.overflow)
        rows.append((qty, item, height))
    gap = size * 0.45
    per_col = -(-len(rows) // cols) if rows else 0
    ops: list[Op] = []
    boxes: list[FBox] = []
    tallest = 0.0
    for k, (qty, item, height) in enumerate(rows):
        col, place = divmod(k, per_col)
        x = col * (col_w + gutter)
        y = sum(r[2] + gap for r in rows[col * per_col : k])
        dot = size * 0.16
        cy = y + item.line_height * 0.45
        ops.append(Op("dot", (x + dot, cy - dot, x + 3 * dot, cy + dot), c.accent))
        tx = x + bullet
        x1 = tx + item.width
        if qty is not None:
            ops.append(Op("text", (tx, y, tx + qty.width, y + qty.height), c.ink, qty))
            shift = qty.width + size * 0.45
            if shift > (col_w - bullet) * 0.45:
                iy, ix = y + qty.line_height, tx
            else:
                iy, ix = y, tx + shift
            x1 = max(tx + qty.width, ix + item.width)
        else:
            iy, ix = y, tx
        ops.append(Op("text", (ix, iy, ix + item.width, iy + item.height), c.ink, item))
        boxes.append((tx, y, x1, y + height))
        tallest = max(tallest, y + height)
        del place
    return tallest, ops, boxes, ok


def method(
    words: Recipe, width: float, size: int, c: Colours
) -> tuple[float, list[Op], list[FBox], bool]:
    """Numbered steps: the number in an accent disc, the text wrapped beside it."""
    disc = size * 1.5
    indent = disc + size * 0.6
    ops: list[Op] = []
    boxes: list[FBox] = []
    y, ok = 0.0, True
    for k, step in enumerate(words.steps, start=1):
        body = text(step, width - indent, size)
        ok = ok and not body.overflow
        ops.append(Op("pill", (0, y, disc, y + disc), c.accent))
        num = text(str(k), disc, round(size * 0.9), bold=True)
        ny = y + (disc - num.height) / 2
        ops.append(Op("text", (0, ny, disc, ny + num.height), c.on_accent, num, "center"))
        ty = y + max(0.0, (disc - body.line_height) / 2)
        box = (indent, ty, indent + body.width, ty + body.height)
        ops.append(Op("text", box, c.ink, body))
        boxes.append(box)
        y = max(ty + body.height, y + disc) + size * 0.7
    return (y - size * 0.7 if words.steps else 0.0), ops, boxes, ok


def shifted(ops: list[Op], dx: float, dy: float) -> list[Op]:
    return [
        Op(
            o.kind,
            (o.box[0] + dx, o.box[1] + dy, o.box[2] + dx, o.box[3] + dy),
            o.color,
            o.fitted,
            o.align,
        )
        for o in ops
    ]


def move(box: FBox, dx: float, dy: float) -> FBox:
    return (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)


def arrange(
    words: Recipe, width: float, height: float, size: int, side: bool, cols: int, c: Colours
) -> Card:
    """The whole card at body `size`: title, badges, then ingredients and method stacked or
    side by side (`side`), the ingredients in `cols` columns. `fits`: within width x height."""
    card = Card(0.0)
    title = fit(
        words.dish,
        width,
        height * 0.22,
        role="serif",
        bold=True,
        max_size=round(size * 2.3),
        min_size=size + 2,
    )
    card.ops.append(Op("text", (0, 0, title.width, title.height), c.ink, title))
    boxes: dict[str, FBox] = {"dish": (0, 0, title.width, title.height)}
    y = title.height + size * 0.9
    bh, bops, bboxes = badges(words, width, round(size * 0.95), c)
    card.ops += shifted(bops, 0, y)
    boxes |= {k: move(b, 0, y) for k, b in bboxes.items()}
    y += bh + (size * 1.3 if bh else 0)
    head = round(size * 0.85)
    gutter = size * 2.0
    ing_w = (width - gutter) * 0.42 if side else width
    met_w = width - ing_w - gutter if side else width
    ih, iops, iboxes, iok = ingredients(words, ing_w, size, cols, c)
    mh, mops, mboxes, mok = method(words, met_w, size, c)
    sections = []
    if words.ingredients:
        sections.append(("INGREDIENTS", ih, iops, 0.0))
    if words.steps:
        sections.append(("METHOD", mh, mops, ing_w + gutter if side and words.ingredients else 0.0))
    top, bottom, ing_top, met_top = y, y, y, y
    for name, h, ops, x in sections:
        label = text(name, 1e9, head, bold=True)
        sy = top if side else bottom
        card.ops.append(Op("text", (x, sy, x + label.width, sy + label.height), c.accent, label))
        sy += label.height + size * 0.6
        card.ops += shifted(ops, x, sy)
        if name == "INGREDIENTS":
            ing_top = sy
        else:
            met_top = sy
        bottom = max(bottom, sy + h + size * 1.3)
    card.boxes = [
        boxes["dish"],
        *([boxes["servings"]] if words.servings else []),
        *(move(b, 0, ing_top) for b in iboxes),
        *(move(b, ing_w + gutter if side and words.ingredients else 0.0, met_top) for b in mboxes),
        *(boxes[f"time:{name}"] for name in words.times),
    ]
    card.height = bottom - (size * 1.3 if sections else 0)
    card.fits = card.height <= height and iok and mok and not title.overflow
    return card
