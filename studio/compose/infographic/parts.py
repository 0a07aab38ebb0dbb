"""Building blocks of the earnings infographic: the small pieces cards are made of (page
citations, change badges, figures, wrapped quotes, section headers, bars with their change
badges) and the figures of a fact. The theme, measured text and rows that stack come from
infographic.text; anti-aliased shapes, bars and year-ago comparisons from infographic.shapes.

Everything here measures first and paints later. A `Row` knows its height and, given a
top-left corner, returns the ops that draw it: `Text` items (recorded, so the page knows
where every figure landed) and shape callables that paint onto the image. Figures are always
drawn from `fact.display`, verbatim; the only numbers this module formats are the change
badges ("12.6% YoY"), from `fact.change`."""

from __future__ import annotations

from dataclasses import dataclass

from studio.compose.common import wrap_text
from studio.compose.fonts import font
from studio.compose.infographic.shapes import bar_row, icon_tile, rrect, triangle
from studio.compose.infographic.text import (
    RGB,
    Op,
    Row,
    Text,
    Theme,
    fit_size,
    ink,
    stack,
    text_w,
)
from studio.domain import Change, Fact


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
    lines = wrap_text(text, font(spec, sz), w) or [""]
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
            wrapped = wrap_text(title, font(spec, sz2), tw)
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
