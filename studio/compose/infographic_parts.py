"""Building blocks of the earnings infographic: the theme, measured text, rows that stack,
anti-aliased shapes, and the small pieces cards are made of (page citations, change badges,
figures, labels, wrapped quotes, section headers, bars and year-ago comparisons).

Everything here measures first and paints later. A `Row` knows its height and, given a
top-left corner, returns the ops that draw it: `Text` items (recorded, so the page knows
where every figure landed) and shape callables that paint onto the image. Figures are always
drawn from `fact.display`, verbatim; the only numbers this module formats are the change
badges ("12.6% YoY"), from `fact.change`."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from studio.compose.common import hex_rgb, mix, wrap_text
from studio.compose.fonts import font
from studio.compose.icons import icon_mask
from studio.domain import Change, Fact

RGB = tuple[int, int, int]
Box = tuple[int, int, int, int]

DEFAULT_PALETTE = {  # mirrors prompts/brands/default.yaml, for kits that leave keys out
    "background": "#F5F7FB",
    "background_2": "#E9EEF8",
    "surface": "#FFFFFF",
    "ink": "#1B2333",
    "muted": "#5B6577",
    "faint": "#9AA3B2",
    "accent": "#3B5BDB",
    "accent_2": "#12B886",
    "accent_3": "#F59F00",
    "positive": "#2B8A3E",
    "negative": "#C92A2A",
    "shadow": "#1B2333",
}

FIGURES_FONT = "DejaVu Sans:bold"  # numbers: plain, bold, OCR-friendly


@dataclass(frozen=True)
class Theme:
    colors: dict[str, RGB]
    heading: str
    body: str
    caption: str
    figures: str
    u: float  # pixels per design unit (1.0 at 1920x1080)

    def __getitem__(self, key: str) -> RGB:
        return self.colors[key]

    def px(self, v: float, s: float = 1.0) -> int:
        return max(1, round(v * self.u * s))

    @property
    def small(self) -> int:
        """Smallest size for small print (citations, badges): 11 px, less on tiny canvases."""
        return max(6, min(11, round(22 * self.u)))

    @property
    def tiny(self) -> int:
        """Smallest size any label may shrink to."""
        return max(5, min(8, round(16 * self.u)))

    def tint(self, key: str, t: float = 0.12) -> RGB:
        return mix(self["surface"], self[key], t)


def make_theme(palette: dict[str, str], fonts: dict[str, str], u: float) -> Theme:
    colors = {k: hex_rgb(palette.get(k, v)) for k, v in DEFAULT_PALETTE.items()}
    return Theme(
        colors=colors,
        heading=fonts.get("heading", "DejaVu Sans:bold"),
        body=fonts.get("body", "DejaVu Sans"),
        caption=fonts.get("caption", "DejaVu Serif:italic"),
        figures=fonts.get("figures", FIGURES_FONT),
        u=u,
    )


# -- text --------------------------------------------------------------------------------
@lru_cache(maxsize=4096)
def _font(spec: str, size: int) -> ImageFont.FreeTypeFont:
    return font(spec, size)


@lru_cache(maxsize=8192)
def ink(spec: str, size: int, text: str) -> tuple[int, int, int, int]:
    """Ink box of `text` drawn with anchor 'la' at the origin."""
    return _font(spec, size).getbbox(text, anchor="la")


@lru_cache(maxsize=8192)
def text_w(spec: str, size: int, text: str) -> float:
    return max(_font(spec, size).getlength(text), ink(spec, size, text)[2])


def line_h(spec: str, size: int) -> int:
    a, d = _font(spec, size).getmetrics()
    return a + d


def fit_size(text: str, spec: str, target: float, max_w: float, floor: int = 6) -> int:
    """Largest integer size <= target at which `text` is at most max_w wide (never below
    `floor`, so a hopeless box gives small text rather than a crash)."""
    size = max(floor, int(target))
    w = text_w(spec, size, text)
    if w > max_w > 0:
        size = max(floor, int(size * max_w / w))
    while size > floor and text_w(spec, size, text) > max_w:
        size -= 1
    return size


@dataclass
class Text:
    x: float
    y: float
    text: str
    spec: str
    size: int
    fill: RGB
    role: str = "label"  # fact, badge, cite, label, quote, title, ...
    fact_id: str | None = None

    def box(self) -> Box:
        x0, t, r, b = ink(self.spec, self.size, self.text)
        return (
            math.floor(self.x + x0),
            math.floor(self.y + t),
            math.ceil(self.x + r),
            math.ceil(self.y + b),
        )

    def paint(self, img: Image.Image) -> None:
        ImageDraw.Draw(img).text(
            (self.x, self.y),
            self.text,
            font=_font(self.spec, self.size),
            fill=self.fill,
            anchor="la",
        )


Op = Text | Callable[[Image.Image], None]


@dataclass
class Row:
    height: float
    place: Callable[[float, float], list[Op]]  # top-left corner -> ops


def stack(rows: list[Row], gap: float) -> Row:
    """Rows on top of each other, as one row."""

    def place(x: float, y: float) -> list[Op]:
        ops: list[Op] = []
        for r in rows:
            ops += r.place(x, y)
            y += r.height + gap
        return ops

    return Row(sum(r.height for r in rows) + gap * max(0, len(rows) - 1), place)


def grid(items: list[Row], cols: int, col_w: float, gap_x: float) -> list[Row]:
    """Items placed left to right, `cols` per row."""
    out = []
    for i in range(0, len(items), cols):
        chunk = items[i : i + cols]

        def place(x: float, y: float, chunk: list[Row] = chunk) -> list[Op]:
            return [op for j, it in enumerate(chunk) for op in it.place(x + j * (col_w + gap_x), y)]

        out.append(Row(max(it.height for it in chunk), place))
    return out


def columns(w: float, min_w: float, n: int, gap: float) -> tuple[int, float]:
    """How many columns of at least min_w fit, balanced (4 items in 3 columns -> 2 x 2)."""
    cols = max(1, min(n, int((w + gap) // (min_w + gap))))
    cols = math.ceil(n / math.ceil(n / cols)) if n else 1
    return cols, (w - gap * (cols - 1)) / cols


def need(rows: list[Row], gap: float) -> float:
    return sum(r.height for r in rows) + gap * max(0, len(rows) - 1)


# -- shapes ------------------------------------------------------------------------------
@lru_cache(maxsize=256)
def _corner(r: int) -> Image.Image:
    big = Image.new("L", (4 * r, 4 * r), 0)
    ImageDraw.Draw(big).ellipse((0, 0, 8 * r - 1, 8 * r - 1), fill=255)
    return big.resize((r, r), Image.LANCZOS)


def rounded_mask(w: int, h: int, r: int) -> Image.Image:
    """Anti-aliased rounded-rectangle mask; only the corners are supersampled (fast)."""
    r = max(0, min(int(r), w // 2, h // 2))
    m = Image.new("L", (max(1, w), max(1, h)), 255)
    if r:
        c = _corner(r)
        m.paste(c, (0, 0))
        m.paste(c.transpose(Image.FLIP_LEFT_RIGHT), (w - r, 0))
        m.paste(c.transpose(Image.FLIP_TOP_BOTTOM), (0, h - r))
        m.paste(c.transpose(Image.ROTATE_180), (w - r, h - r))
    return m


def fill_rrect(
    img: Image.Image, box: tuple[float, ...], r: float, color: RGB, alpha: float = 1.0
) -> None:
    x0, y0, x1, y1 = (round(v) for v in box)
    if x1 <= x0 or y1 <= y0:
        return
    m = rounded_mask(x1 - x0, y1 - y0, round(r))
    if alpha < 1:
        m = m.point(lambda v: round(v * alpha))
    img.paste(color, (x0, y0, x1, y1), m)


def paint_mask(img: Image.Image, mask: Image.Image, xy: tuple[float, float], color: RGB) -> None:
    x, y = round(xy[0]), round(xy[1])
    img.paste(color, (x, y, x + mask.width, y + mask.height), mask)


def rrect(box: tuple[float, ...], r: float, color: RGB, alpha: float = 1.0) -> Op:
    return lambda img: fill_rrect(img, box, r, color, alpha)


def icon_tile(theme: Theme, x: float, y: float, size: int, icon: str, color: RGB) -> Op:
    def paint(img: Image.Image) -> None:
        fill_rrect(img, (x, y, x + size, y + size), size * 0.28, mix(theme["surface"], color, 0.13))
        isz = max(4, round(size * 0.56))
        paint_mask(img, icon_mask(icon, isz), (x + (size - isz) / 2, y + (size - isz) / 2), color)

    return paint


def triangle(cx: float, cy: float, w: float, up: bool, color: RGB) -> Op:
    def paint(img: Image.Image) -> None:
        n = max(2, math.ceil(w))
        big = Image.new("L", (4 * n, 4 * n), 0)
        pts = [(0, 4 * n * 0.85), (4 * n, 4 * n * 0.85), (2 * n, 4 * n * 0.1)]
        if not up:
            pts = [(px, 4 * n - py) for px, py in pts]
        ImageDraw.Draw(big).polygon(pts, fill=255)
        paint_mask(img, big.resize((n, n), Image.LANCZOS), (cx - n / 2, cy - n / 2), color)

    return paint


def donut(
    box: tuple[float, float, float, float], frac: float, fg: RGB, track: RGB, width: float
) -> Op:
    def paint(img: Image.Image) -> None:
        d = max(4, round(box[2] - box[0]))
        n, lw = 4 * d, max(4, round(4 * width))
        for color, end in ((track, 360.0), (fg, 360.0 * frac)):
            if end <= 0:
                continue
            big = Image.new("L", (n, n), 0)
            dr = ImageDraw.Draw(big)
            dr.arc((0, 0, n - 1, n - 1), -90, -90 + end, fill=255, width=lw)
            if color == fg and end < 360:  # round caps
                for a in (-90.0, -90.0 + end):
                    cx = n / 2 + (n / 2 - lw / 2) * math.cos(math.radians(a))
                    cy = n / 2 + (n / 2 - lw / 2) * math.sin(math.radians(a))
                    dr.ellipse((cx - lw / 2, cy - lw / 2, cx + lw / 2, cy + lw / 2), fill=255)
            paint_mask(img, big.resize((d, d), Image.LANCZOS), (box[0], box[1]), color)

    return paint


# -- small pieces: citations, badges, figures --------------------------------------------
def cite_size(theme: Theme, page: int, s: float, label: str | None = None) -> tuple[int, int, int]:
    """(width, height, font size) of the 'p.N' pill."""
    size = max(theme.small, theme.px(13, s))
    return (
        round(text_w(theme.body, size, label or f"p.{page}") + 2 * theme.px(6, s)),
        round(size * 1.45),
        size,
    )


def cite_ops(
    theme: Theme,
    x: float,
    y: float,
    page: int,
    s: float,
    fid: str | None,
    label: str | None = None,
    role: str = "cite",
) -> list[Op]:
    """A small pill with the page the figure came from: 'p.3'."""
    w, h, size = cite_size(theme, page, s, label)
    label = label or f"p.{page}"
    t = ink(theme.body, size, label)
    return [
        rrect((x, y, x + w, y + h), h / 2, theme["background_2"]),
        Text(
            x + theme.px(6, s),
            y + (h - (t[3] - t[1])) / 2 - t[1],
            label,
            theme.body,
            size,
            theme["muted"],
            role,
            fid,
        ),
    ]


def change_badges(change: Change) -> list[tuple[float, str]]:
    return [
        (v, tag) for v, tag in ((change.yoy_pct, "YoY"), (change.qoq_pct, "QoQ")) if v is not None
    ]


def badge_text(value: float, tag: str) -> str:
    return f"{abs(value):.1f}% {tag}"


def badge_size(theme: Theme, value: float, tag: str, s: float) -> tuple[int, int]:
    size = max(theme.small, theme.px(15, s))
    return (
        round(text_w(theme.heading, size, badge_text(value, tag)) + theme.px(34, s)),
        round(size * 1.75),
    )


def badge_ops(
    theme: Theme, x: float, y: float, value: float, tag: str, s: float, fid: str | None
) -> list[Op]:
    """Pill with an arrow: '▲ 12.6% YoY' in the positive colour, '▼ 3.1% YoY' negative."""
    size = max(theme.small, theme.px(15, s))
    w, h = badge_size(theme, value, tag, s)
    key = "positive" if value > 0 else "negative" if value < 0 else "muted"
    fg = theme[key]
    text = badge_text(value, tag)
    t = ink(theme.heading, size, text)
    ops: list[Op] = [rrect((x, y, x + w, y + h), h / 2, theme.tint(key, 0.13))]
    tri = theme.px(11, s)
    cx, cy = x + theme.px(10, s) + tri / 2, y + h / 2
    if value:
        ops.append(triangle(cx, cy, tri, value > 0, fg))
    else:
        ops.append(rrect((cx - tri / 2, cy - 1.5, cx + tri / 2, cy + 1.5), 1.5, fg))
    ops.append(
        Text(
            x + theme.px(26, s),
            y + (h - (t[3] - t[1])) / 2 - t[1],
            text,
            theme.heading,
            size,
            fg,
            "badge",
            fid,
        )
    )
    return ops


def badges_row(theme: Theme, change: Change, w: float, s: float, fid: str | None) -> Row | None:
    items = change_badges(change)
    if not items:
        return None
    gap = theme.px(8, s)
    sizes = [badge_size(theme, v, tag, s) for v, tag in items]
    lines: list[list[int]] = [[]]
    used = 0.0
    for i, (bw, _) in enumerate(sizes):
        if lines[-1] and used + gap + bw > w:
            lines.append([])
            used = 0.0
        used += (gap if lines[-1] else 0) + bw
        lines[-1].append(i)
    bh = sizes[0][1]

    def place(x: float, y: float) -> list[Op]:
        ops: list[Op] = []
        for li, line in enumerate(lines):
            cx = x
            for i in line:
                ops += badge_ops(theme, cx, y + li * (bh + gap), *items[i], s, fid)
                cx += sizes[i][0] + gap
        return ops

    return Row(len(lines) * bh + (len(lines) - 1) * gap, place)


def figure_row(
    theme: Theme,
    fact: Fact,
    fid: str,
    w: float,
    s: float,
    target: float,
    color: RGB | None = None,
    cap: int | None = None,
    chrome: float | None = None,
) -> Row:
    """The display string, as large as fits (and at most `cap`), with its page citation
    (sized by `chrome`, the scale of the card's small print, when given)."""
    cs = chrome or s
    cw, ch, _ = cite_size(theme, fact.page, cs)
    gap = theme.px(10, cs)
    size = fit_size(
        fact.display, theme.figures, min(theme.px(target, s), cap or 10**6), w - cw - gap
    )
    _, t, r, b = ink(theme.figures, size, fact.display)
    hgt = max(b - t, ch)

    def place(x: float, y: float) -> list[Op]:
        top = y + (hgt - (b - t)) / 2
        text = Text(
            x, top - t, fact.display, theme.figures, size, color or theme["ink"], "fact", fid
        )
        cy = top if b - t >= ch else y + (hgt - ch) / 2
        return [text, *cite_ops(theme, x + r + gap, cy, fact.page, cs, fid)]

    return Row(hgt, place)


def label_row(
    theme: Theme,
    text: str,
    w: float,
    s: float,
    size: float = 15,
    spec: str | None = None,
    color: RGB | None = None,
    role: str = "label",
) -> Row:
    spec = spec or theme.body
    sz = fit_size(text, spec, theme.px(size, s), w, floor=theme.tiny)
    t = ink(spec, sz, "Ag")
    hgt = t[3] - t[1]
    return Row(hgt, lambda x, y: [Text(x, y - t[1], text, spec, sz, color or theme["muted"], role)])


def paragraph_row(
    theme: Theme,
    text: str,
    w: float,
    s: float,
    *,
    spec: str,
    size: float,
    color: RGB,
    role: str,
    page: int | None = None,
    fid: str | None = None,
) -> Row:
    """Wrapped text; a page citation sits after the last line (or below it)."""
    sz = max(theme.tiny, theme.px(size, s))
    lh = round(sz * 1.38)
    lines = wrap_text(text, _font(spec, sz), w) or [""]
    asc_top = ink(spec, sz, "Ag")[1]
    cw, ch, _ = cite_size(theme, page or 0, s)
    tail = text_w(spec, sz, lines[-1]) + theme.px(8, s)
    inline = page is None or tail + cw <= w
    hgt = (
        lh * (len(lines) - 1)
        + ink(spec, sz, "Ag")[3]
        - asc_top
        + (0 if inline else ch + theme.px(6, s))
    )

    def place(x: float, y: float) -> list[Op]:
        ops: list[Op] = [
            Text(x, y - asc_top + i * lh, line, spec, sz, color, role)
            for i, line in enumerate(lines)
        ]
        if page is not None:
            ly = y + (len(lines) - 1) * lh
            mid = ly + (ink(spec, sz, "Ag")[3] - asc_top) / 2
            if inline:
                ops += cite_ops(theme, x + tail, mid - ch / 2, page, s, fid)
            else:
                ops += cite_ops(theme, x, hgt + y - ch, page, s, fid)
        return ops

    return Row(hgt, place)


def beside(
    theme: Theme,
    lead_w: float,
    lead: Callable[[float, float, float], list[Op]],
    lead_h: float,
    body: Row,
    gap: float,
) -> Row:
    """A fixed-width lead (icon, donut, quote mark) with a body row to its right."""
    hgt = max(lead_h, body.height)

    def place(x: float, y: float) -> list[Op]:
        return [
            *lead(x, y + (hgt - lead_h) / 2 if body.height > lead_h else y, lead_w),
            *body.place(x + lead_w + gap, y + max(0.0, (hgt - body.height) / 2)),
        ]

    return Row(hgt, place)


def header_row(
    theme: Theme,
    icon: str,
    title: str,
    color: RGB,
    w: float,
    s: float,
    *,
    tile: float = 40,
    size: float = 22,
    text_color: RGB | None = None,
    spec: str | None = None,
    role: str = "header",
) -> Row:
    """Section header: tinted icon tile + bold title centred on it; a long title wraps onto
    two lines rather than shrinking far."""
    spec = spec or theme.heading
    ts = theme.px(tile, s)
    gap = theme.px(14, s)
    tw = w - ts - gap
    target = theme.px(size, s)
    sz = fit_size(title, spec, target, tw, floor=theme.tiny)
    lines = [title]
    if sz < target * 0.85 and " " in title:  # try two lines at a larger size
        for sz2 in range(round(target), sz, -1):
            wrapped = wrap_text(title, _font(spec, sz2), tw)
            if len(wrapped) == 2 and all(text_w(spec, sz2, ln) <= tw for ln in wrapped):
                sz, lines = sz2, wrapped
                break
    t = ink(spec, sz, "Ag")
    lh = round(sz * 1.22)
    block = (t[3] - t[1]) + lh * (len(lines) - 1)
    hgt = max(ts, block)
    fill = text_color or theme["ink"]

    def place(x: float, y: float) -> list[Op]:
        top = y + (hgt - block) / 2 - t[1]
        return [
            icon_tile(theme, x, y + (hgt - ts) / 2, ts, icon, color),
            *(
                Text(x + ts + gap, top + i * lh, ln, spec, sz, fill, role)
                for i, ln in enumerate(lines)
            ),
        ]

    return Row(hgt, place)


def bar_row(theme: Theme, frac: float, w: float, s: float, color: RGB, height: float = 10) -> Row:
    h = theme.px(height, s)

    def place(x: float, y: float) -> list[Op]:
        ops: list[Op] = [rrect((x, y, x + w, y + h), h / 2, theme["background_2"])]
        if frac > 0:
            ops.append(rrect((x, y, x + max(h, w * min(1.0, frac)), y + h), h / 2, color))
        return ops

    return Row(h, place)


def bar_with_badges(
    theme: Theme, frac: float | None, change: Change, w: float, s: float, color: RGB, fid: str
) -> Row | None:
    """A proportional bar with the change badges to its right (or below when tight)."""
    items = change_badges(change)
    if frac is None:
        return badges_row(theme, change, w, s, fid)
    gap = theme.px(12, s)
    bw = sum(badge_size(theme, v, t, s)[0] for v, t in items) + theme.px(8, s) * max(
        0, len(items) - 1
    )
    if items and w - bw - gap < w * 0.3:
        badges = badges_row(theme, change, w, s, fid)
        return (
            stack([bar_row(theme, frac, w, s, color), badges], theme.px(8, s)) if badges else None
        )
    bar = bar_row(theme, frac, w - (bw + gap if items else 0), s, color)
    bh = badge_size(theme, *items[0], s)[1] if items else bar.height
    badges = badges_row(theme, change, bw + 1, s, fid)

    def place(x: float, y: float) -> list[Op]:
        ops = bar.place(x, y + (bh - bar.height) / 2)
        if badges:
            ops += badges.place(x + w - bw, y)
        return ops

    return Row(max(bh, bar.height), place)


def yoy_chart_row(theme: Theme, fact: Fact, w: float, s: float, color: RGB) -> Row | None:
    """Two bars, year-ago vs this period, sized from the value and its YoY change. Draws no
    derived number, only lengths."""
    pct, labels = fact.change.yoy_pct, ("Year ago", "This period")
    if pct is None:
        pct, labels = fact.change.qoq_pct, ("Last quarter", "This quarter")
    if pct is None or fact.value is None or fact.value <= 0 or pct <= -100:
        return None
    prior = fact.value / (1 + pct / 100)
    top = max(prior, fact.value)
    size = max(theme.small - 1, theme.px(13, s))
    lw = max(text_w(theme.body, size, lab) for lab in labels) + theme.px(12, s)
    bar_w = w - lw
    if bar_w < w * 0.3:
        return None
    bh = theme.px(9, s)
    t = ink(theme.body, size, "Ag")
    line = max(bh, t[3] - t[1])
    gap = theme.px(8, s)

    def place(x: float, y: float) -> list[Op]:
        ops: list[Op] = []
        for i, (lab, v, c) in enumerate(
            ((labels[0], prior, theme["faint"]), (labels[1], fact.value, color))
        ):
            yy = y + i * (line + gap)
            ops.append(
                Text(
                    x,
                    yy + (line - (t[3] - t[1])) / 2 - t[1],
                    lab,
                    theme.body,
                    size,
                    theme["muted"],
                    "label",
                )
            )
            by = yy + (line - bh) / 2
            ops.append(rrect((x + lw, by, x + w, by + bh), bh / 2, theme["background_2"]))
            ops.append(rrect((x + lw, by, x + lw + max(bh, bar_w * v / top), by + bh), bh / 2, c))
        return ops

    return Row(2 * line + gap, place)


def rule_row(theme: Theme, w: float, s: float) -> Row:
    return Row(
        1,
        lambda x, y: [
            lambda img: img.paste(
                theme["background_2"], (round(x), round(y), round(x + w), round(y) + 1)
            )
        ],
    )


def pct_fraction(fact: Fact) -> float:
    """Share of the donut for a margin fact (value in percent, e.g. 44.5)."""
    v = fact.value
    if v is None:
        m = re.search(r"-?\d+(?:\.\d+)?", fact.display.replace(",", ""))
        v = float(m.group()) if m else 0.0
    return max(0.0, min(1.0, v / 100))


# -- figures of a fact -------------------------------------------------------------------
@dataclass
class Metric:
    fact: Fact
    fid: str


def fig_size(
    theme: Theme,
    m: Metric,
    w: float,
    s: float,
    target: float,
    chrome: float | None = None,
    cap: int | None = None,
) -> int:
    """The size figure_row would give m's display string."""
    cs = chrome or s
    cw = cite_size(theme, m.fact.page, cs)[0]
    return fit_size(
        m.fact.display,
        theme.figures,
        min(theme.px(target, s), cap or 10**6),
        w - cw - theme.px(10, cs),
    )


def figure_w(
    theme: Theme, m: Metric, w: float, s: float, target: float, cap: int | None = None
) -> float:
    """Width of a figure_row (figure, gap, citation) laid out in width w."""
    size = fig_size(theme, m, w, s, target, cap=cap)
    return (
        ink(theme.figures, size, m.fact.display)[2]
        + theme.px(10, s)
        + cite_size(theme, m.fact.page, s)[0]
    )


def widest(metrics: list[Metric]) -> str:
    return max((m.fact.display for m in metrics), key=len, default="")
