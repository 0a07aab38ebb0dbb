"""The cards of the earnings infographic: headline figure, margins, a titled card of figures
(cash flow, other), and quotes (drivers, outlook and risks, after any guidance); the
segments card is in segments.py.

A card's `build(width, scale, drop) -> list[Row]` is pure measurement, no pixels. The page
searches the largest scale at which a card's rows fit its box, so text shrinks rather than
being clipped; `drop` lets a card leave out trailing quotes when even the smallest scale
overflows. The first row is the card's header; the page pins it to the top."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from studio.compose.common import mix
from studio.compose.infographic.parts import (
    Metric,
    badges_row,
    bar_with_badges,
    fig_size,
    figure_row,
    header_row,
    paragraph_row,
    widest,
)
from studio.compose.infographic.shapes import (
    donut,
    icon_tile,
    pct_fraction,
    rule_row,
    yoy_chart_row,
)
from studio.compose.infographic.text import (
    RGB,
    Op,
    Row,
    Text,
    Theme,
    beside,
    columns,
    grid,
    ink,
    label_row,
    stack,
)

Build = Callable[[float, float, int], list[Row]]
QUOTE_FONT = "DejaVu Serif:bold"

SECTION_FIGURE = 27  # figure size in section cards, below the headline figures
CHROME_MAX = 1.15  # headline cards: labels, badges and icons stop growing here
TITLES = {
    "eps": "Earnings per share",
    "revenue": "Revenue",
    "operating_income": "Operating income",
    "net_income": "Net income",
}


@dataclass(eq=False)
class Card:
    name: str  # section id: revenue, eps, margins, segments, drivers, cash, outlook, other
    build: Build
    s_max: float = 1.0
    droppable: int = 0  # trailing quotes that may be left out when nothing else fits
    primary: Callable[[float, float], int] | None = None  # (w, s) -> size of the lead figure
    figure_cap: int | None = None  # set by the page so a row of headline figures match
    display: str = ""  # widest figure, to weigh the card's width
    lead: int = 0  # pixels beside that figure (a donut)


def kpi_card(theme: Theme, name: str, icon: str, color: RGB, metrics: list[Metric]) -> Card:
    """Headline figure: icon + label, big number with citation, badges, year-ago bars;
    further metrics (e.g. non-GAAP EPS) follow, smaller, under a hairline."""

    def side_by_side(w: float, s: float) -> bool:
        """Do the metrics fit next to each other without shrinking their figures much?"""
        if len(metrics) < 2:
            return False
        gx = theme.px(28, min(s, CHROME_MAX))
        cw = (w - gx * (len(metrics) - 1)) / len(metrics)
        # judged at scale 1 so the choice doesn't flip while the page searches for a scale
        return all(
            fig_size(theme, m, cw, 1.0, 60) >= 0.75 * fig_size(theme, m, w, 1.0, 60)
            for m in metrics
        )

    def build(w: float, s: float, drop: int) -> list[Row]:
        first, c = metrics[0], min(s, CHROME_MAX)  # labels stop growing; the figure doesn't
        head_color = theme["negative"] if (first.fact.value or 0) < 0 else color
        if side_by_side(w, s):  # e.g. GAAP and non-GAAP EPS in two columns
            gx = theme.px(28, c)
            cw = (w - gx * (len(metrics) - 1)) / len(metrics)
            cols = []
            for m in metrics:
                parts = [
                    label_row(theme, m.fact.label, cw, c, 15),
                    figure_row(theme, m.fact, m.fid, cw, s, 60, cap=card.figure_cap, chrome=c),
                ]
                b = badges_row(theme, m.fact.change, cw, c, m.fid)
                cols.append(stack(parts + ([b] if b else []), theme.px(12, c)))
            title = TITLES.get(name, first.fact.label)
            return [
                header_row(
                    theme,
                    icon,
                    title,
                    head_color,
                    w,
                    c,
                    tile=46,
                    size=19,
                    text_color=theme["muted"],
                ),
                *grid(cols, len(cols), cw, gx),
            ]
        rows = [
            header_row(
                theme,
                icon,
                first.fact.label,
                head_color,
                w,
                c,
                tile=46,
                size=19,
                text_color=theme["muted"],
            ),
            figure_row(theme, first.fact, first.fid, w, s, 60, cap=card.figure_cap, chrome=c),
        ]
        extra = [
            badges_row(theme, first.fact.change, w, c, first.fid),
            yoy_chart_row(theme, first.fact, w, c, color),
        ]
        rows += [r for r in extra if r]
        for m in metrics[1:]:
            rows += [
                rule_row(theme, w, c),
                label_row(theme, m.fact.label, w, c, 15),
                figure_row(
                    theme,
                    m.fact,
                    m.fid,
                    w,
                    s,
                    38,
                    chrome=c,
                    cap=round(card.figure_cap * 0.7) if card.figure_cap else None,
                ),
            ]
            b = badges_row(theme, m.fact.change, w, c, m.fid)
            rows += [b] if b else []
        return rows

    card = Card(
        name,
        build,
        s_max=1.5,
        primary=lambda w, s: fig_size(theme, metrics[0], w, s, 60, min(s, CHROME_MAX)),
        display=metrics[0].fact.display,
    )
    return card


def margin_card(theme: Theme, metrics: list[Metric]) -> Card:
    """Margins as donuts: the ring fills to the margin; the figure sits beside it."""
    colors = [theme["accent_2"], theme["accent"], theme["accent_3"]]
    title = "Margins" if len(metrics) > 1 else metrics[0].fact.label
    many = len(metrics) > 1

    def build(w: float, s: float, drop: int) -> list[Row]:
        c = min(s, CHROME_MAX)
        rows = [
            header_row(
                theme,
                "margin",
                title,
                theme["accent_2"],
                w,
                c,
                tile=46,
                size=19,
                text_color=theme["muted"],
            )
        ]
        d, gap = donut_size(w, s), theme.px(16, c)
        for i, m in enumerate(metrics):
            parts = [label_row(theme, m.fact.label, w - d - gap, c, 15)] if many else []
            parts.append(
                figure_row(
                    theme,
                    m.fact,
                    m.fid,
                    w - d - gap,
                    s,
                    44 if many else 54,
                    cap=card.figure_cap,
                    chrome=c,
                )
            )
            b = badges_row(theme, m.fact.change, w - d - gap, c, m.fid)
            parts += [b] if b else []
            body = stack(parts, theme.px(8, c))
            ring = donut_lead(theme, pct_fraction(m.fact), colors[i % len(colors)], d)
            rows.append(beside(theme, d, ring, d, body, gap))
        return rows

    def donut_size(w: float, s: float) -> int:
        return min(theme.px(78 if many else 96, s), round(w * 0.34))

    def primary(w: float, s: float) -> int:
        d, gap = donut_size(w, s), theme.px(16, min(s, CHROME_MAX))
        return fig_size(theme, metrics[0], w - d - gap, s, 44 if many else 54, min(s, CHROME_MAX))

    card = Card(
        "margins",
        build,
        s_max=1.5,
        primary=primary,
        display=metrics[0].fact.display,
        lead=theme.px(112),
    )
    return card


def donut_lead(
    theme: Theme, frac: float, color: RGB, d: int
) -> Callable[[float, float, float], list[Op]]:
    return lambda x, y, w: [
        donut((x, y, x + d, y + d), frac, color, theme["background_2"], d * 0.16)
    ]


def metric_item(
    theme: Theme,
    m: Metric,
    icon: str,
    color: RGB,
    w: float,
    s: float,
    frac: float | None = None,
    cap: int | None = None,
) -> Row:
    """Small icon + label, then the figure across the full width, then bar and badges."""
    parts = [
        header_row(
            theme,
            icon,
            m.fact.label,
            color,
            w,
            s,
            tile=34,
            size=16,
            text_color=theme["muted"],
            spec=theme.body,
            role="label",
        ),
        figure_row(theme, m.fact, m.fid, w, s, SECTION_FIGURE, cap=cap),
    ]
    bb = bar_with_badges(theme, frac, m.fact.change, w, s, color, m.fid)
    parts += [bb] if bb else []
    return stack(parts, theme.px(10, s))


def metrics_card(
    theme: Theme,
    name: str,
    title: str,
    icon: str,
    color: RGB,
    metrics: list[Metric],
    icons: dict[str, str],
    bars: bool = True,
) -> Card:
    """A titled card of figures, each with a small icon, label, figure, badges and (for
    amounts in the same unit) a bar sized against the largest one."""
    peak = max((m.fact.value for m in metrics if m.fact.value and m.fact.value > 0), default=0.0)
    same_unit = len({m.fact.unit for m in metrics}) == 1

    def frac(m: Metric) -> float | None:
        if bars and same_unit and peak and len(metrics) > 1 and m.fact.value is not None:
            return max(0.0, m.fact.value) / peak
        return None

    def build(w: float, s: float, drop: int) -> list[Row]:
        gx = theme.px(36, s)
        cols, cw = columns(w, theme.px(330, s), len(metrics), gx)
        items = [
            metric_item(
                theme, m, icons.get(m.fact.key, icon), color, cw, s, frac(m), card.figure_cap
            )
            for m in metrics
        ]
        return [header_row(theme, icon, title, color, w, s), *grid(items, cols, cw, gx)]

    card = Card(name, build, s_max=1.2, display=widest(metrics))
    return card


def quotes_card(
    theme: Theme,
    name: str,
    title: str,
    icon: str,
    color: RGB,
    metrics: list[Metric],
    quotes: list[dict[str, Any]],
    metric_icon: str = "guidance",
) -> Card:
    """Quoted sentences from the document (drivers, risks, outlook), each with its page, after
    any guidance figures. Trailing quotes may be dropped if the card cannot hold them."""

    def quote_item(q: dict[str, Any], w: float, s: float) -> Row:
        kind = q.get("kind", "driver")
        lead_w = theme.px(34, s)
        gap = theme.px(12, s)
        body = paragraph_row(
            theme,
            str(q.get("text", "")),
            w - lead_w - gap,
            s,
            spec=theme.caption,
            size=17,
            color=mix(theme["ink"], theme["muted"], 0.25),
            role="quote",
            page=q.get("page"),
        )
        qs = theme.px(46, s)
        qt = ink(QUOTE_FONT, qs, "\u201c")
        lead_h = qt[3] - qt[1] if kind == "driver" else theme.px(28, s)
        tile, tile_color = ("risk", theme["negative"]) if kind == "risk" else ("outlook", color)

        def place(x: float, y: float) -> list[Op]:
            # drivers get a big opening quote mark; risks a warning tile, outlook a compass
            mark = (
                Text(x, y - qt[1], "\u201c", QUOTE_FONT, qs, color, "decor")
                if kind == "driver"
                else icon_tile(theme, x, y, lead_h, tile, tile_color)
            )
            return [mark, *body.place(x + lead_w + gap, y)]

        return Row(max(lead_h, body.height), place)

    def build(w: float, s: float, drop: int) -> list[Row]:
        rows = [header_row(theme, icon, title, color, w, s)]
        gx = theme.px(36, s)
        if metrics:
            cols, cw = columns(w, theme.px(330, s), len(metrics), gx)
            rows += grid(
                [
                    metric_item(theme, m, metric_icon, color, cw, s, None, card.figure_cap)
                    for m in metrics
                ],
                cols,
                cw,
                gx,
            )
        kept = quotes[: len(quotes) - drop] if drop else quotes
        if kept:
            if metrics:
                rows.append(rule_row(theme, w, s))
            cols, cw = columns(w, theme.px(420, s), len(kept), gx)
            rows += grid([quote_item(q, cw, s) for q in kept], cols, cw, gx)
        return rows

    card = Card(
        name,
        build,
        s_max=1.2,
        droppable=max(0, len(quotes) - (0 if metrics else 1)),
        display=widest(metrics),
    )
    return card
