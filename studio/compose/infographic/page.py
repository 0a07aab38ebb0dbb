"""The page around the cards: background (gradient, glows, seeded noise), the optional
generated picture as a faint hero band, card shadows and surfaces, header and footer."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from studio.compose.common import cover, mix, readable_ink, rounded_mask
from studio.compose.icons import icon_mask
from studio.compose.infographic.parts import cite_ops, cite_size, paragraph_row
from studio.compose.infographic.shapes import CORNER_FILTER, fill_rrect, paint_mask
from studio.compose.infographic.text import Op, Row, Text, Theme, fit_size, ink, text_w
from studio.domain import Composition


# -- paint -----------------------------------------------------------------------------------
def paint_background(theme: Theme, w: int, h: int, rng: np.random.Generator) -> Image.Image:
    """Diagonal gradient and two faint accent glows (computed at quarter size, they are
    smooth), then gentle monochrome noise at full size, which also hides any banding."""
    sw, sh = max(2, w // 4), max(2, h // 4)
    xs = np.linspace(0.0, 1.0, sw, dtype=np.float32)
    ys = np.linspace(0.0, 1.0, sh, dtype=np.float32)
    t = np.clip(0.55 * xs[None, :] + 0.45 * ys[:, None], 0, 1)[..., None]
    c0, c1 = (np.array(theme[k], np.float32) for k in ("background", "background_2"))
    small = c0 * (1 - t) + c1 * t
    aspect = w / h
    for cx, cy, rad, strength, key in (
        (0.92, 0.02, 0.42, 0.10, "accent"),
        (0.04, 1.0, 0.50, 0.07, "accent_2"),
    ):
        gx = np.exp(-(((xs - cx) * aspect) ** 2) / rad**2)
        gy = np.exp(-((ys - cy) ** 2) / rad**2)
        g = (strength * gy[:, None] * gx[None, :])[..., None]
        small = small * (1 - g) + np.array(theme[key], np.float32) * g
    base = Image.fromarray(np.clip(small + 0.5, 0, 255).astype(np.uint8), "RGB").resize(
        (w, h), Image.BICUBIC
    )
    # noise: one seeded 256x256 tile repeated (at this strength the repeat is invisible)
    tile = Image.fromarray(
        np.clip(rng.standard_normal((256, 256)) * 2.2 + 128.5, 0, 255).astype(np.uint8), "L"
    )
    noise = Image.new("L", (w, h))
    for y in range(0, h, 256):
        for x in range(0, w, 256):
            noise.paste(tile, (x, y))
    return ImageChops.add(base, Image.merge("RGB", (noise, noise, noise)), scale=1.0, offset=-128)


def paint_hero(img: Image.Image, theme: Theme, picture: Image.Image, height: int) -> None:
    """The generated picture as a soft band behind the header: strongest at the top right,
    fading out towards the title (left) and the cards (bottom), so it never competes with text."""
    w = img.width
    band = cover(picture.convert("RGB"), (w, height)).filter(
        ImageFilter.GaussianBlur(max(1, height / 200))
    )
    band = Image.blend(band, Image.new("RGB", band.size, theme["background"]), 0.2)
    xs = np.clip((np.linspace(0, 1, w, dtype=np.float32) - 0.38) / 0.42, 0, 1)
    xs = xs * xs * (3 - 2 * xs)  # smoothstep
    ys = np.clip(1 - np.linspace(0, 1, height, dtype=np.float32), 0, 1) ** 1.4
    alpha = (0.42 * ys[:, None] * xs[None, :] * 255).astype(np.uint8)
    img.paste(band, (0, 0, w, height), Image.fromarray(alpha, "L"))


def paint_shadows(
    img: Image.Image, theme: Theme, rects: list[tuple[float, ...]], radius: float
) -> None:
    """Two soft shadows per card (ambient + contact), blurred once at quarter resolution."""
    f = 4
    sw, sh = img.width // f + 1, img.height // f + 1
    layers = []
    for dy, blur, strength in (
        (theme.u * 14, theme.u * 26, 0.11),
        (theme.u * 3, theme.u * 5, 0.07),
    ):
        m = Image.new("L", (sw, sh), 0)
        d = ImageDraw.Draw(m)
        for x0, y0, x1, y1 in rects:
            d.rounded_rectangle(
                ((x0 + 4) / f, (y0 + dy) / f, (x1 - 4) / f, (y1 + dy) / f),
                radius=radius / f,
                fill=round(255 * strength),
            )
        layers.append(m.filter(ImageFilter.GaussianBlur(max(0.5, blur / f))))
    mask = ImageChops.add(layers[0], layers[1]).resize(img.size, Image.BILINEAR)
    img.paste(theme["shadow"], (0, 0, img.width, img.height), mask)


def paint_card(img: Image.Image, theme: Theme, box: tuple[float, ...], radius: float) -> None:
    x0, y0, x1, y1 = (round(v) for v in box)
    fill_rrect(img, (x0, y0, x1, y1), radius, theme["surface"])
    outer = rounded_mask((x1 - x0, y1 - y0), round(radius), resample=CORNER_FILTER)
    inner = Image.new("L", outer.size, 0)
    inner.paste(
        rounded_mask((x1 - x0 - 2, y1 - y0 - 2), round(radius) - 1, resample=CORNER_FILTER), (1, 1)
    )
    edge = ImageChops.subtract(outer, inner).point(lambda v: v * 45 // 100)
    img.paste(mix(theme["surface"], theme["faint"], 0.9), (x0, y0, x1, y1), edge)


# -- header and footer -------------------------------------------------------------------------
def header_ops(
    theme: Theme, comp: Composition, x0: float, x1: float, y0: float
) -> tuple[list[Op], float]:
    data = comp.data or {}
    company, period, document = (str(data.get(k) or "") for k in ("company", "period", "document"))
    title = comp.title or (
        f"{company} — {period} results" if company and period else company or "Earnings highlights"
    )
    ops: list[Op] = []
    gap = theme.px(28)

    # right block: period pill over a document chip
    right_w, blocks = 0.0, []
    if period:
        sz = theme.px(18)
        pw, ph = text_w(theme.heading, sz, period) + theme.px(36), round(sz * 2.2)
        blocks.append(("period", pw, ph, sz, period))
    if document:
        sz = max(theme.small, theme.px(14))
        dw, dh = text_w(theme.body, sz, document) + theme.px(56), round(sz * 2.3)
        blocks.append(("doc", dw, dh, sz, document))
    right_w = min(max((b[1] for b in blocks), default=0.0), (x1 - x0) * 0.34)
    ry = y0
    for kind, bw, bh, sz, text in blocks:
        bw = min(bw, right_w)
        bx = x1 - bw
        if kind == "period":
            sz = fit_size(text, theme.heading, sz, bw - theme.px(36))
            t = ink(theme.heading, sz, text)
            ops += [
                lambda img, b=(bx, ry, x1, ry + bh): fill_rrect(
                    img, b, (b[3] - b[1]) / 2, theme["accent"]
                ),
                Text(
                    bx + (bw - (t[2] - t[0])) / 2 - t[0],
                    ry + (bh - (t[3] - t[1])) / 2 - t[1],
                    text,
                    theme.heading,
                    sz,
                    readable_ink(theme["accent"]),
                    "chip",
                ),
            ]
        else:
            isz = round(bh * 0.5)
            sz = fit_size(text, theme.body, sz, bw - theme.px(56))
            t = ink(theme.body, sz, text)
            ops += [
                lambda img, b=(bx, ry, x1, ry + bh): fill_rrect(
                    img, b, (b[3] - b[1]) / 2, theme["surface"], 0.85
                ),
                lambda img, p=(bx + theme.px(16), ry + (bh - isz) / 2), m=icon_mask("document", isz): (
                    paint_mask(img, m, p, theme["muted"])
                ),
                Text(
                    bx + theme.px(16) + isz + theme.px(8),
                    ry + (bh - (t[3] - t[1])) / 2 - t[1],
                    text,
                    theme.body,
                    sz,
                    theme["muted"],
                    "chip",
                ),
            ]
        ry += bh + theme.px(10)

    # left block: eyebrow, title, subtitle
    lw = x1 - x0 - (right_w + gap if blocks else 0)
    y = y0
    esz = theme.px(15)
    et = ink(theme.heading, esz, "EARNINGS HIGHLIGHTS")
    bar_w = theme.px(28)
    ops += [
        lambda img, y=y: fill_rrect(
            img,
            (
                x0,
                y + (et[3] - et[1]) / 2 - theme.px(2),
                x0 + bar_w,
                y + (et[3] - et[1]) / 2 + theme.px(2),
            ),
            theme.px(2),
            theme["accent"],
        ),
        Text(
            x0 + bar_w + theme.px(12),
            y - et[1],
            "EARNINGS HIGHLIGHTS",
            theme.heading,
            esz,
            theme["accent"],
            "eyebrow",
        ),
    ]
    y += et[3] - et[1] + theme.px(16)
    tsz = fit_size(title, theme.heading, theme.px(50), lw, floor=10)
    if tsz < theme.px(30):  # very long titles wrap rather than shrink further
        para = paragraph_row(
            theme, title, lw, 1.0, spec=theme.heading, size=34, color=theme["ink"], role="title"
        )
        ops += para.place(x0, y)
        y += para.height
    else:
        tt = ink(theme.heading, tsz, "Ag")
        ops.append(Text(x0, y - tt[1], title, theme.heading, tsz, theme["ink"], "title"))
        y += tt[3] - tt[1]
    if comp.subtitle:
        y += theme.px(14)
        para = paragraph_row(
            theme,
            comp.subtitle,
            lw,
            1.0,
            spec=theme.body,
            size=21,
            color=theme["muted"],
            role="subtitle",
        )
        ops += para.place(x0, y)
        y += para.height
    return ops, max(y, ry - theme.px(10))


def footer_ops(
    theme: Theme, comp: Composition, x0: float, x1: float, bottom: float
) -> tuple[list[Op], float]:
    """Source line at the bottom left, a citation legend at the right; returns (ops, top)."""
    data = comp.data or {}
    source = comp.source_line or (f"Source: {data['document']}" if data.get("document") else "")
    legend = "= page in the source document"
    width = x1 - x0
    target = theme.px(15)
    ssz = (
        fit_size(source, theme.body, target, width, floor=max(theme.small - 1, theme.px(11)))
        if source
        else target
    )
    lsz = max(theme.small - 1, min(theme.px(14), ssz))
    chip = lsz / max(1, theme.px(13))
    cw, ch, _ = cite_size(theme, 0, chip, "p.N")
    legend_w = cw + theme.px(8) + text_w(theme.body, lsz, legend)
    # the legend only when it leaves the source line (nearly) its full size
    show_legend = bool(comp.facts) and (
        not source
        or fit_size(source, theme.body, target, width - legend_w - theme.px(40)) >= 0.85 * ssz
    )
    src_w = width - (legend_w + theme.px(40) if show_legend else 0)
    if source:
        ssz = fit_size(source, theme.body, ssz, src_w, floor=max(theme.small - 1, theme.px(11)))
    ops: list[Op] = []
    if source and text_w(theme.body, ssz, source) > src_w:
        row = paragraph_row(
            theme, source, src_w, 1.0, spec=theme.body, size=13, color=theme["muted"], role="source"
        )
    elif source:
        st = ink(theme.body, ssz, "Ag")
        row = Row(
            st[3] - st[1],
            lambda x, y: [Text(x, y - st[1], source, theme.body, ssz, theme["muted"], "source")],
        )
    else:
        row = Row(ch, lambda x, y: [])
    hgt = max(row.height, ch if show_legend else 0)
    top = bottom - hgt
    ops += row.place(x0, top + (hgt - row.height) / 2)
    if show_legend:
        lx = x1 - legend_w
        lt = ink(theme.body, lsz, legend)
        ops += cite_ops(theme, lx, top + (hgt - ch) / 2, 0, chip, None, "p.N", "legend")
        ops.append(
            Text(
                lx + cw + theme.px(8),
                top + (hgt - (lt[3] - lt[1])) / 2 - lt[1],
                legend,
                theme.body,
                lsz,
                theme["muted"],
                "legend",
            )
        )
    rule_y = top - theme.px(16)
    ops.insert(
        0,
        lambda img: img.paste(
            mix(theme["background"], theme["faint"], 0.45),
            (round(x0), round(rule_y), round(x1), round(rule_y) + 1),
        ),
    )
    return ops, rule_y
