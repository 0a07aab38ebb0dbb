"""The segments card of the earnings infographic: one block per business segment (name,
revenue figure, a bar sized by value with its change badges, and the segment's operating
income underneath), coloured from the theme's accents."""

from __future__ import annotations

from studio.compose.common import mix
from studio.compose.infographic.cards import SECTION_FIGURE, Card
from studio.compose.infographic.parts import (
    Metric,
    badges_row,
    bar_with_badges,
    figure_row,
    figure_w,
    header_row,
    widest,
)
from studio.compose.infographic.shapes import rrect
from studio.compose.infographic.text import (
    RGB,
    Op,
    Row,
    Text,
    Theme,
    columns,
    fit_size,
    grid,
    ink,
    label_row,
    stack,
    text_w,
)


def segment_colors(theme: Theme) -> list[RGB]:
    return [
        theme["accent"],
        theme["accent_2"],
        theme["accent_3"],
        mix(theme["accent"], theme["ink"], 0.45),
        mix(theme["accent_2"], theme["ink"], 0.4),
        mix(theme["accent_3"], theme["negative"], 0.5),
    ]


def segments_card(theme: Theme, groups: list[list[Metric]]) -> Card:
    """One block per segment: name, revenue figure, bar sized by value, badges, and the
    segment's operating income (when given) underneath."""
    palette = segment_colors(theme)
    peaks: dict[str, float] = {}
    for g in groups:
        v = g[0].fact.value
        if v is not None and v > 0:
            peaks[g[0].fact.key] = max(peaks.get(g[0].fact.key, 0.0), v)

    def name_size(name: str, w: float, s: float) -> int:
        return fit_size(name, theme.heading, theme.px(18, s), w - theme.px(22, s), floor=theme.tiny)

    def inline_fits(g: list[Metric], w: float, s: float) -> bool:
        """Does the name fit to the left of the right-aligned figure?"""
        name = g[0].fact.segment or g[0].fact.label
        sz = name_size(name, w, s)
        return (
            theme.px(22, s)
            + text_w(theme.heading, sz, name)
            + theme.px(20, s)
            + figure_w(theme, g[0], w, s, SECTION_FIGURE, card.figure_cap)
            <= w
        )

    def item(g: list[Metric], i: int, w: float, s: float, inline: bool) -> Row:
        first, color = g[0], palette[i % len(palette)]
        name = first.fact.segment or first.fact.label
        dot = theme.px(12, s)
        fig = figure_row(theme, first.fact, first.fid, w, s, SECTION_FIGURE, cap=card.figure_cap)
        name_sz = name_size(name, w, s)
        nt = ink(theme.heading, name_sz, "Ag")
        name_h = nt[3] - nt[1]

        def name_place(x: float, y: float, hgt: float) -> list[Op]:
            cy = y + hgt / 2
            return [
                rrect((x, cy - dot / 2, x + dot, cy + dot / 2), dot / 2, color),
                Text(
                    x + dot + theme.px(10, s),
                    cy - name_h / 2 - nt[1],
                    name,
                    theme.heading,
                    name_sz,
                    theme["ink"],
                    "label",
                ),
            ]

        if inline:  # name left, figure right-aligned
            hgt = max(fig.height, name_h)
            fx = w - figure_w(theme, first, w, s, SECTION_FIGURE, card.figure_cap)
            parts = [
                Row(
                    hgt,
                    lambda x, y: [
                        *name_place(x, y, hgt),
                        *fig.place(x + fx, y + (hgt - fig.height) / 2),
                    ],
                )
            ]
        else:
            parts = [Row(name_h, lambda x, y: name_place(x, y, name_h)), fig]
        peak = peaks.get(first.fact.key)
        frac = (first.fact.value or 0) / peak if peak else None
        bb = bar_with_badges(theme, frac, first.fact.change, w, s, color, first.fid)
        parts += [bb] if bb else []
        for m in g[1:]:
            sub_cap = round(card.figure_cap * 0.8) if card.figure_cap else None
            lab, sub = m.fact.label, figure_row(theme, m.fact, m.fid, w, s, 22, cap=sub_cap)
            lab_sz = max(theme.small - 1, theme.px(14, s))
            lw = text_w(theme.body, lab_sz, lab) + theme.px(12, s)
            if lw + figure_w(theme, m, w, s, 22, sub_cap) <= w:
                lt = ink(theme.body, lab_sz, "Ag")
                hgt = max(sub.height, lt[3] - lt[1])
                parts.append(
                    Row(
                        hgt,
                        lambda x, y, lab=lab, lab_sz=lab_sz, lt=lt, lw=lw, sub=sub, hgt=hgt: [
                            Text(
                                x,
                                y + (hgt - (lt[3] - lt[1])) / 2 - lt[1],
                                lab,
                                theme.body,
                                lab_sz,
                                theme["muted"],
                                "label",
                            ),
                            *sub.place(x + lw, y + (hgt - sub.height) / 2),
                        ],
                    )
                )
            else:
                parts += [label_row(theme, lab, w, s, 14), sub]
            b = badges_row(theme, m.fact.change, w, s, m.fid)
            parts += [b] if b else []
        return stack(parts, theme.px(9, s))

    def build(w: float, s: float, drop: int) -> list[Row]:
        rows = [header_row(theme, "segments", "Segment performance", theme["accent"], w, s)]
        gx = theme.px(36, s)
        cols, cw = columns(w, theme.px(400, s), len(groups), gx)
        inline = all(inline_fits(g, cw, s) for g in groups)  # one arrangement for all segments
        items = [item(g, i, cw, s, inline) for i, g in enumerate(groups)]
        return rows + grid(items, cols, cw, gx)

    card = Card("segments", build, s_max=1.2, display=widest([m for g in groups for m in g]))
    return card
