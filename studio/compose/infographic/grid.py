"""The grid of the earnings infographic: which cards share a row and how wide each is, and
how a card is fitted to its box (the largest scale at which its rows fit, one page-wide scale
for all the rows, and rows spread within their card). Measurement only, no pixels."""

from __future__ import annotations

import math

from studio.compose.infographic.cards import Card
from studio.compose.infographic.text import Op, Row, Theme, need, text_w

MIN_SCALE = 0.15  # text shrinks this far (unreadably small) before anything overlaps

WEIGHTS = {"revenue": 1.25, "margins": 1.1, "segments": 1.3, "drivers": 1.15, "outlook": 1.1}


# -- 2. grid ---------------------------------------------------------------------------------
def plan_rows(
    theme: Theme, kpis: list[Card], sections: list[Card], width: float, landscape: bool
) -> list[list[Card]]:
    gap = theme.px(26)
    rows: list[list[Card]] = []
    if kpis:
        per = max(1, min(len(kpis), int((width + gap) // (theme.px(330) + gap))))
        if not landscape and not sections and len(kpis) <= 3:
            per = 1  # a few headline figures on a tall page: one wide card each
        n = math.ceil(len(kpis) / per)
        per = math.ceil(len(kpis) / n)
        rows += [kpis[i : i + per] for i in range(0, len(kpis), per)]
    if landscape:
        per = (
            max(1, min(len(sections), int((width + gap) // (theme.px(400) + gap))))
            if sections
            else 1
        )
        n = math.ceil(len(sections) / per)
        per = math.ceil(len(sections) / n) if sections else 1
        rows += [sections[i : i + per] for i in range(0, len(sections), per)]
    else:
        rest = [c for c in sections if c.name != "segments"]
        rows += [[c] for c in sections if c.name == "segments"]
        pair = 2 if width >= theme.px(760) else 1
        rows += [rest[i : i + pair] for i in range(0, len(rest), pair)]
    return rows


def card_widths(theme: Theme, row: list[Card], width: float) -> list[float]:
    """Cards share a row by weight: a fixed one per section, raised to what the card's
    widest figure needs at a comfortable size (headline figures at 60, others at 28)."""
    gap = theme.px(26)
    weights = []
    for c in row:
        base = theme.px(330) if c.primary else theme.px(400) * WEIGHTS.get(c.name, 1.0)
        want = (
            text_w(theme.figures, theme.px(60 if c.primary else 28), c.display) if c.display else 0
        )
        weights.append(base + 0.5 * max(0.0, want + theme.px(120) + c.lead - base))
    free = width - gap * (len(row) - 1)
    return [free * w / sum(weights) for w in weights]


# -- 3. fitting a card -------------------------------------------------------------------------
def card_pad(theme: Theme) -> int:
    return theme.px(26)


def row_gap(theme: Theme, s: float) -> float:
    return theme.px(14, s)


def fit_card(
    theme: Theme,
    card: Card,
    w: float,
    h: float,
    s_cap: float | None = None,
    s_fits: float = MIN_SCALE,
) -> tuple[float, int, list[Row]]:
    """Largest scale (and fewest dropped quotes) at which the card's rows fit w x h;
    `s_fits` is a scale known (or hoped) to fit, where the search starts."""
    hi = min(card.s_max, s_cap or card.s_max)
    for drop in range(card.droppable + 1):
        rows = card.build(w, hi, drop)
        if need(rows, row_gap(theme, hi)) <= h:
            return hi, drop, rows
        best = None
        a, b = min(s_fits, hi), hi
        rows = card.build(w, a, drop)
        if need(rows, row_gap(theme, a)) <= h:
            best = (a, drop, rows)
        else:
            a = MIN_SCALE
        for _ in range(7 if best else 10):
            m = (a + b) / 2
            rows = card.build(w, m, drop)
            if need(rows, row_gap(theme, m)) <= h:
                best, a = (m, drop, rows), m
            else:
                b = m
        if best:
            return best
    return MIN_SCALE, card.droppable, card.build(w, MIN_SCALE, card.droppable)


def row_heights(
    theme: Theme, rows: list[list[Card]], widths: list[list[float]], avail: float
) -> tuple[float, list[float], float]:
    """One scale for the whole page: the largest at which every row's tallest card fits the
    body. Returns (scale, row heights, room): room > 1 means the cards are all at full size
    with height to spare (a sparse page); rows then stretch a little."""
    pad = card_pad(theme)

    def heights_at(sig: float) -> list[float]:
        return [
            max(
                need(c.build(cw - 2 * pad, min(sig, c.s_max), 0), row_gap(theme, min(sig, c.s_max)))
                + 2 * pad
                for c, cw in zip(row, ws, strict=True)
            )
            for row, ws in zip(rows, widths, strict=True)
        ]

    if not rows:
        return 1.0, [], 1.0
    sig = max(c.s_max for row in rows for c in row)
    hs = heights_at(sig)
    room = avail / sum(hs)
    if room < 1:
        lo, hi, best = MIN_SCALE, sig, None
        for _ in range(8):
            m = (lo + hi) / 2
            trial = heights_at(m)
            if sum(trial) <= avail:
                lo, best = m, trial
            else:
                hi = m
        sig, hs = (lo, best) if best else (MIN_SCALE, [h * avail / sum(hs) for h in hs])
    k = min(avail / sum(hs), 1.35)
    if k > 1:
        hs = [h * k for h in hs]
    return sig, hs, room


def place_rows(
    theme: Theme,
    rows: list[Row],
    box: tuple[float, float, float, float],
    s: float,
    top: bool = False,
) -> list[Op]:
    """Header row pinned to the top; the rest spread a little and then either centred below
    it (headline cards) or kept near the top (sections)."""
    pad = card_pad(theme)
    x, y, avail = box[0] + pad, box[1] + pad, box[3] - box[1] - 2 * pad
    gap = row_gap(theme, s)
    extra = max(0.0, avail - need(rows, gap))
    k = len(rows) - 1
    add = min(extra / k, gap * (0.5 if top else 0.9)) if k else 0.0
    offset = (extra - add * k) / 2 if k else 0.0
    if top:
        offset = min(offset, gap * 0.6)
    ops: list[Op] = []
    for i, r in enumerate(rows):
        ops += r.place(x, y + (offset if i else 0.0))
        y += r.height + gap + add
    return ops
