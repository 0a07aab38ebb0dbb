"""The earnings infographic: every figure drawn from `fact.display`, verbatim, with its page.

    facts ──sort──► cards (headline KPIs, margins, segments, drivers, cash, outlook, other)
          ──grid──► rows sized by content (16:9: KPI row over a row of sections;
                    3:4 and squarer: KPI grid, then segments, then sections in pairs)
          ──fit───► each card's largest scale at which its rows fit (text shrinks, never clips)
          ──paint─► gradient + noise, optional generated image as a faint hero band,
                    soft shadows, cards, icons, microcharts, text

`compose_with_boxes` also returns where each fact's display string landed, keyed by
`fact_id(fact, index)` ("revenue::0", "segment_revenue:Cloud:5"), for the OCR verifier;
`render` returns everything drawn (every text with its box and role, and the section boxes).
A card appears only when the document supports it. Same input, same pixels. The cards are
built in cards.py, the grid and fitting are grid.py, the painting page.py."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from studio.compose.infographic.cards import (
    Card,
    kpi_card,
    margin_card,
    metrics_card,
    quotes_card,
)
from studio.compose.infographic.grid import (
    card_pad,
    card_widths,
    fit_card,
    place_rows,
    plan_rows,
    row_heights,
)
from studio.compose.infographic.page import (
    footer_ops,
    header_ops,
    paint_background,
    paint_card,
    paint_hero,
    paint_shadows,
)
from studio.compose.infographic.parts import Metric
from studio.compose.infographic.segments import segments_card
from studio.compose.infographic.text import (
    Box,
    Op,
    Text,
    Theme,
    make_theme,
)
from studio.domain import Composition, Fact
from studio.prompts import BrandKit

MIN_SIDE = 320

CASH_ICONS = {
    "operating_cash_flow": "cash",
    "free_cash_flow": "fcf",
    "capex": "capex",
    "share_repurchases": "buyback",
    "dividends": "dividend",
}

CASH_KEYS_ORDER = tuple(CASH_ICONS)

GUIDANCE_KEYS = ("guidance_revenue", "guidance_operating_income", "guidance_eps")


@dataclass
class Drawn:
    text: str
    box: Box
    role: str
    fact_id: str | None = None


@dataclass
class Rendered:
    image: Image.Image
    fact_boxes: dict[str, Box]  # fact id -> box of its display string, in the facts' order
    texts: list[Drawn]  # every text drawn, in paint order
    sections: dict[str, Box] = field(default_factory=dict)  # card name -> card box


def fact_id(fact: Fact, index: int) -> str:
    """Stable id of the index-th fact of a composition."""
    return f"{fact.key}:{fact.segment or ''}:{index}"


def compose(composition: Composition, images: list[Image.Image], brand: BrandKit) -> Image.Image:
    return render(composition, images, brand).image


def compose_with_boxes(
    composition: Composition, images: list[Image.Image], brand: BrandKit
) -> tuple[Image.Image, dict[str, Box]]:
    out = render(composition, images, brand)
    return out.image, out.fact_boxes


def layout_boxes(composition: Composition, brand: BrandKit | None = None) -> dict[str, Box]:
    """Where each fact's display string is drawn (the layout needs the fonts, so this renders)."""
    brand = brand or BrandKit(id="default", name="default", palette={})
    return render(composition, [], brand).fact_boxes


# -- 1. facts into cards -------------------------------------------------------------------
def build_cards(theme: Theme, composition: Composition) -> tuple[list[Card], list[Card]]:
    """(headline cards, section cards), each only when there is something to put in it."""
    taken: dict[str, list[Metric]] = {}
    other: list[Metric] = []
    segments: dict[str, list[Metric]] = {}
    singles = {
        "revenue",
        "operating_income",
        "net_income",
        "eps_diluted",
        "eps_diluted_non_gaap",
        "gross_margin_pct",
        "operating_margin_pct",
    }
    for i, f in enumerate(composition.facts):
        m = Metric(f, fact_id(f, i))
        if f.key in ("segment_revenue", "segment_operating_income"):
            segments.setdefault(f.segment or f.label, []).append(m)
        elif f.key in singles and f.key not in taken:
            taken[f.key] = [m]
        elif f.key in CASH_KEYS_ORDER or f.key in GUIDANCE_KEYS:
            taken.setdefault(f.key, []).append(m)
        else:
            other.append(m)
    get = lambda *keys: [m for k in keys for m in taken.get(k, [])]  # noqa: E731

    kpis: list[Card] = []
    for key, icon, color in (
        ("revenue", "revenue", "accent"),
        ("operating_income", "operating_income", "accent_2"),
        ("net_income", "net_income", "accent_3"),
    ):
        if key in taken:
            kpis.append(kpi_card(theme, key, icon, theme[color], taken[key]))
    if eps := get("eps_diluted", "eps_diluted_non_gaap"):
        kpis.append(kpi_card(theme, "eps", "eps", theme["accent"], eps))
    if margins := get("gross_margin_pct", "operating_margin_pct"):
        kpis.append(margin_card(theme, margins))

    highlights = [
        h
        for h in composition.data.get("highlights", []) or []
        if isinstance(h, dict) and h.get("text")
    ]
    drivers = [h for h in highlights if h.get("kind", "driver") == "driver"]
    risks = [h for h in highlights if h.get("kind") in ("risk", "outlook")]
    risks.sort(
        key=lambda h: h.get("kind") == "risk"
    )  # outlook sentences next to guidance, risks last
    guidance = get(*GUIDANCE_KEYS)

    sections: list[Card] = []
    if segments:
        groups = [
            sorted(g, key=lambda m: m.fact.key != "segment_revenue") for g in segments.values()
        ]
        sections.append(segments_card(theme, groups))
    if drivers:
        sections.append(
            quotes_card(
                theme, "drivers", "Growth drivers", "drivers", theme["accent_2"], [], drivers
            )
        )
    if cash := get(*CASH_KEYS_ORDER):
        sections.append(
            metrics_card(
                theme,
                "cash",
                "Cash flow & capital allocation",
                "cash",
                theme["accent_3"],
                cash,
                CASH_ICONS,
            )
        )
    if guidance or risks:
        kinds = {h.get("kind") for h in risks}
        title = (
            "Outlook & risks" if "risk" in kinds and (guidance or "outlook" in kinds)
            else "Risks to watch" if "risk" in kinds
            else "Guidance & outlook" if guidance and kinds
            else "Guidance" if guidance
            else "Outlook"
        )  # fmt: skip
        sections.append(
            quotes_card(theme, "outlook", title, "guidance", theme["accent"], guidance, risks)
        )
    if other:
        sections.append(
            metrics_card(
                theme, "other", "More figures", "other", theme["muted"], other, {}, bars=False
            )
        )
    return kpis, sections


# -- the page ----------------------------------------------------------------------------------
@dataclass
class _Page:
    theme: Theme
    header: list[Op]
    header_bottom: float
    footer: list[Op]
    placed: list[tuple[Card, tuple[float, float, float, float], list[Op]]]
    room: float  # body height / what the cards needed at full size (>1: a sparse page)


def layout(composition: Composition, brand: BrandKit, zoom: float = 1.0) -> _Page:
    """Measure and place everything (no pixels yet)."""
    # 1. the theme: one design unit is a pixel at 1920x1080
    w, h = composition.width, composition.height
    u = min(math.sqrt(w * h / (1920 * 1080)), min(w, h) / 900) * zoom
    theme = make_theme(brand.palette, brand.fonts, u)
    landscape = w / h >= 1.25
    margin = theme.px(56 if landscape else 64)

    # 2. header and footer bound the body
    head, head_bottom = header_ops(theme, composition, margin, w - margin, theme.px(48))
    foot, foot_top = footer_ops(theme, composition, margin, w - margin, h - theme.px(30))
    body = (margin, head_bottom + theme.px(34), w - margin, foot_top - theme.px(22))

    # 3. cards into rows; one scale for the page decides the row heights
    kpis, sections = build_cards(theme, composition)
    rows = plan_rows(theme, kpis, sections, body[2] - body[0], landscape)
    gap = theme.px(26)
    widths = [card_widths(theme, row, body[2] - body[0]) for row in rows]
    avail = body[3] - body[1] - gap * max(0, len(rows) - 1)
    sigma, heights, room = row_heights(theme, rows, widths, avail)
    top = body[1] + max(0.0, (avail - sum(heights)) * 0.4)  # optical centre, a bit high

    # 4. fit each card; the headline cards share one scale and one figure size
    pad = card_pad(theme)
    boxes: list[list[tuple[float, float, float, float]]] = []
    y = top
    for ws, rh in zip(widths, heights, strict=True):
        x, line = body[0], []
        for cw in ws:
            line.append((x, y, x + cw, y + rh))
            x += cw + gap
        boxes.append(line)
        y += rh + gap
    inner = lambda b: (b[2] - b[0] - 2 * pad, b[3] - b[1] - 2 * pad)  # noqa: E731
    headline = [
        (c, b)
        for row, bs in zip(rows, boxes, strict=True)
        for c, b in zip(row, bs, strict=True)
        if c in kpis
    ]
    s_kpi = None
    if headline:
        s_kpi = min(fit_card(theme, c, *inner(b), s_fits=sigma)[0] for c, b in headline)
        sizes = sorted(c.primary(inner(b)[0], s_kpi) for c, b in headline if c.primary)
        cap = max(
            sizes[0], round(0.8 * sizes[len(sizes) // 2])
        )  # one cramped card can't shrink all
        for c, _ in headline:
            c.figure_cap = cap
        for c in sections:  # section figures stay a step below the headline ones
            c.figure_cap = round(cap * 0.8)
    placed: list[tuple[Card, tuple[float, float, float, float], list[Op]]] = []
    for row, bs in zip(rows, boxes, strict=True):
        # a row shares one scale (its median fit) so headers and labels match across cards;
        # a card that needs less room than that shrinks on its own
        s_row = (
            s_kpi
            if row[0] in kpis
            else sorted(
                fit_card(theme, c, *inner(b), s_fits=sigma)[0] for c, b in zip(row, bs, strict=True)
            )[len(row) // 2]
        )
        for c, b in zip(row, bs, strict=True):
            s_fit, _drop, card_rows = fit_card(
                theme, c, *inner(b), s_cap=s_row, s_fits=min(sigma, s_row)
            )
            placed.append((c, b, place_rows(theme, card_rows, b, s_fit, top=c not in kpis)))
    return _Page(theme, head, head_bottom, foot, placed, room)


def render(composition: Composition, images: list[Image.Image], brand: BrandKit) -> Rendered:
    """Lay out and paint the infographic; returns the image and where everything was drawn."""
    # 1. validate
    w, h = composition.width, composition.height
    if w < MIN_SIDE or h < MIN_SIDE:
        raise ValueError(
            f"infographic width and height must be at least {MIN_SIDE}, got {w} and {h}"
        )

    # 2. lay out; a sparse page (few facts, room to spare) is laid out again, larger
    page = layout(composition, brand)
    if page.room > 1.15:
        page = layout(composition, brand, zoom=min(1.4, page.room**0.5))
    theme, placed = page.theme, page.placed

    # 3. paint: background, hero, shadows, cards, content, header, footer
    img = paint_background(theme, w, h, np.random.default_rng(composition.seed))
    if images:
        paint_hero(img, theme, images[0], round(min(h * 0.5, page.header_bottom + theme.px(260))))
    radius = theme.px(24)
    paint_shadows(img, theme, [b for _, b, _ in placed], radius)
    for _, b, _ in placed:
        paint_card(img, theme, b, radius)
    texts: list[Drawn] = []
    for op in [op for _, _, ops in placed for op in ops] + page.header + page.footer:
        if isinstance(op, Text):
            op.paint(img)
            texts.append(Drawn(op.text, op.box(), op.role, op.fact_id))
        else:
            op(img)
    drawn = {d.fact_id: d.box for d in texts if d.role == "fact" and d.fact_id}
    ids = [fact_id(f, i) for i, f in enumerate(composition.facts)]
    fact_boxes = {fid: drawn[fid] for fid in ids if fid in drawn}  # in the order of the facts
    sections_out = {c.name: tuple(round(v) for v in b) for c, b, _ in placed}
    return Rendered(img, fact_boxes, texts, sections_out)  # type: ignore[arg-type]


__all__ = [
    "Drawn",
    "Rendered",
    "compose",
    "compose_with_boxes",
    "fact_id",
    "layout_boxes",
    "render",
]
