"""Styles that paint a drawing or a ground for text: infographic, whiteboard, blueprint."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from studio.generators.offline.canvas import _backdrop, _random_blobs, _Scene, _scribble, _wobble
from studio.generators.offline.common import RGB, WHITE, Draw, _hsv, _mix, _pts
from studio.generators.offline.landmarks import _LANDMARKS


def _paint_infographic(sc: _Scene) -> Image.Image:
    """A calm, text-free background for cards: a light gradient, soft blobs, faint rings."""
    rng, pal, w, h, u = sc.rng, sc.pal, sc.w, sc.h, sc.u
    blobs = _random_blobs(sc, [_mix(c, pal.paper, 0.4) for c in pal.accents], 5, 0.55, size=0.35)
    img = _backdrop(sc, [(0, pal.paper), (1, _mix(pal.paper, pal.accents[0], 0.14))], blobs=blobs)
    d = ImageDraw.Draw(img)
    cx, cy = w * float(rng.choice([0.08, 0.92])), h * float(rng.choice([0.1, 0.9]))
    for k in range(1, 5):  # faint concentric rings in one corner
        r = k * 7 * u
        d.ellipse(
            (cx - r, cy - r, cx + r, cy + r),
            outline=_mix(pal.paper, pal.accents[1], 0.2),
            width=max(1, round(0.2 * u)),
        )
    return img


_MARKERS = ((34, 36, 40), (28, 86, 184), (206, 50, 44), (36, 132, 84))  # black blue red green


def _arrow(d: Draw, sc: _Scene, a: tuple, b: tuple, fill: RGB, width: int) -> None:
    """A slightly curved marker arrow from the edge of box a to the edge of box b."""
    (ax, ay), (bx, by) = (((r[0] + r[2]) / 2, (r[1] + r[3]) / 2) for r in (a, b))
    length = max(1.0, float(np.hypot(bx - ax, by - ay)))
    dx, dy = (bx - ax) / length, (by - ay) / length

    def exit_at(r: tuple) -> float:  # distance from a box's centre to its edge along (dx, dy)
        return min((r[2] - r[0]) / 2 / max(abs(dx), 1e-6), (r[3] - r[1]) / 2 / max(abs(dy), 1e-6))

    gap = 2.5 * sc.u
    sa, sb = exit_at(a) + gap, length - exit_at(b) - gap
    if sb - sa < 3 * sc.u:
        return
    bend = (sb - sa) * sc.rng.uniform(-0.12, 0.12)
    mid = (ax + dx * (sa + sb) / 2 - dy * bend, ay + dy * (sa + sb) / 2 + dx * bend)
    end = (ax + dx * sb, ay + dy * sb)
    d.line(
        _wobble(sc, [(ax + dx * sa, ay + dy * sa), mid, end], 0.5 * sc.u),
        fill=fill,
        width=width,
        joint="curve",
    )
    hx, hy = end[0] - mid[0], end[1] - mid[1]
    norm = max(1e-6, float(np.hypot(hx, hy))) / (2.4 * sc.u)  # barbs 2.4u long
    for turn in (0.45, -0.45):  # two barbs, turned back from the arrow's last direction
        c, s = np.cos(np.pi - turn), np.sin(np.pi - turn)
        tip = (end[0] + (c * hx - s * hy) / norm, end[1] + (s * hx + c * hy) / norm)
        d.line([end, tip], fill=fill, width=width)


def _ring(
    cx: float, cy: float, rx: float, ry: float, turns: float = 1.0, n: int = 40
) -> list[tuple[float, float]]:
    t = np.linspace(0, 2 * np.pi * turns, n)
    return _pts(cx + rx * np.cos(t), cy + ry * np.sin(t))


def _paint_whiteboard(sc: _Scene) -> Image.Image:
    """Off-white board: a scribbled title, marker boxes joined by arrows, a ring, a tick."""
    rng, pal, w, h, u = sc.rng, sc.pal, sc.w, sc.h, sc.u
    board = _mix((247, 247, 243), pal.paper, 0.2)
    ghosts = _random_blobs(sc, [(214, 218, 222), (226, 222, 218)], 4, 0.4, size=0.15)  # erased ink
    img = _backdrop(
        sc, [(0, _mix(board, WHITE, 0.6)), (1, _mix(board, (214, 214, 208), 0.5))], blobs=ghosts
    )
    d, lw = ImageDraw.Draw(img), max(2, round(0.45 * u))
    black, blue, red, green = _MARKERS
    m = 7 * u
    _scribble(d, sc, m, m + w * rng.uniform(0.3, 0.45), m + 4 * u, 6 * u, black, round(lw * 1.3))
    d.line(_wobble(sc, [(m, m + 6 * u), (m + w * 0.36, m + 6 * u)], 0.6 * u), fill=blue, width=lw)
    # boxes on a grid, in reading order, every row used; one holds a little bar chart
    cols, rows = (3, 2) if w >= h else (2, 3)
    gx, gy, cw, ch = m, m + 10 * u, (w - 2 * m) / cols, (h - 2 * m - 14 * u) / rows
    cells = [
        row * cols + int(c)
        for row in range(rows)
        for c in sorted(rng.choice(cols, size=int(rng.integers(1, cols + 1)), replace=False))
    ]
    chart, boxes = int(rng.integers(len(cells))), []
    for k, c in enumerate(cells):
        cx = gx + (c % cols + 0.5 + rng.uniform(-0.08, 0.08)) * cw
        cy = gy + (c // cols + 0.5 + rng.uniform(-0.08, 0.08)) * ch
        bw, bh = cw * rng.uniform(0.55, 0.7), ch * rng.uniform(0.45, 0.6)
        box, ink = (cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2), (black, blue, green)[k % 3]
        if rng.random() < 0.25:
            outline = _ring(cx, cy, bw / 2, bh / 2, turns=1.05)
        else:  # a box, its last stroke overshooting the first corner
            outline = [
                (box[0], box[1]),
                (box[2], box[1]),
                (box[2], box[3]),
                (box[0], box[3]),
                (box[0] - u, box[1] - u),
            ]
        d.line(_wobble(sc, outline, 0.5 * u), fill=ink, width=lw, joint="curve")
        if k == chart:
            for j, v in enumerate(rng.uniform(0.2, 1, 4)):
                x0, base = box[0] + bw * (0.2 + 0.16 * j), box[3] - bh * 0.15
                d.rectangle(
                    (x0, base - bh * 0.6 * v, x0 + bw * 0.1, base),
                    outline=ink,
                    width=max(1, lw // 2),
                )
        else:
            for j in range(int(rng.integers(2, 4))):
                _scribble(
                    d,
                    sc,
                    box[0] + bw * 0.12,
                    box[2] - bw * 0.12,
                    box[1] + bh * (0.35 + 0.22 * j),
                    bh * 0.16,
                    ink,
                    max(1, lw // 2),
                )
        boxes.append(box)
    for a, b in zip(boxes, boxes[1:], strict=False):
        _arrow(d, sc, a, b, red if rng.random() < 0.5 else black, lw)
    ring = boxes[int(rng.integers(len(boxes)))]  # a red ring of emphasis around one box
    d.line(
        _ring(
            (ring[0] + ring[2]) / 2,
            (ring[1] + ring[3]) / 2,
            (ring[2] - ring[0]) * 0.62,
            (ring[3] - ring[1]) * 0.7,
            turns=1.08,
            n=48,
        ),
        fill=red,
        width=lw,
        joint="curve",
    )
    x, y = boxes[-1][2], boxes[-1][1]  # a green tick on the last box
    d.line(
        [(x - u, y - 2 * u), (x + u, y), (x + 5 * u, y - 6 * u)],
        fill=green,
        width=round(lw * 1.4),
        joint="curve",
    )
    f = max(3, round(1.2 * u))  # the aluminium frame
    d.rectangle((0, 0, w - 1, h - 1), outline=(172, 176, 180), width=f)
    d.rectangle((f, f, w - 1 - f, h - 1 - f), outline=(140, 144, 150), width=max(1, f // 4))
    return img


def _paint_blueprint(sc: _Scene) -> Image.Image:
    """Deep blue paper, white grid, construction lines and dimensions around a landmark."""
    rng, w, h, u = sc.rng, sc.w, sc.h, sc.u
    top = _hsv(0.6 + rng.uniform(-0.02, 0.02), 0.85, rng.uniform(0.42, 0.52))
    bottom = _hsv(0.61, 0.9, 0.28)
    img = _backdrop(
        sc, [(0, top), (1, bottom)], glows=[(w / 2, h * 0.4, min(w, h) * 0.5, (40, 80, 140), 0.5)]
    )
    d, mid = ImageDraw.Draw(img), _mix(top, bottom, 0.5)
    for extent, vertical in ((w, True), (h, False)):
        for i, p in enumerate(np.arange(0, extent, 2.5 * u)):  # minor grid, a major line every 5
            fill = _mix(mid, WHITE, 0.22 if i % 5 == 0 else 0.09)
            d.line(
                (p, 0, p, h) if vertical else (0, p, w, p), fill=fill, width=max(1, round(0.12 * u))
            )
    chalk, faint = _mix(mid, WHITE, 0.92), _mix(mid, WHITE, 0.5)
    lw, thin = max(2, round(0.35 * u)), max(1, round(0.15 * u))
    draw, _, ratio = _LANDMARKS[sc.mood.landmark or str(rng.choice(list(_LANDMARKS)))]
    bh = min(h * rng.uniform(0.55, 0.66), w * 0.8 / ratio)
    bw = bh * ratio
    spare = 0.45 - bw / w / 2  # how far off-centre it may sit, as a fraction of the width
    gy, cx = h * 0.84, w * (0.5 + rng.uniform(-spare, spare))
    x0, y0 = cx - bw / 2, gy - bh
    # construction first, under the drawing: ground, axis, compass circle, diagonals, dimensions
    d.line((0, gy, w, gy), fill=faint, width=thin)
    for y in np.arange(y0 - 6 * u, gy + 5 * u, 2.2 * u):
        d.line((cx, y, cx, y + 1.2 * u), fill=faint, width=thin)
    r = bh * rng.uniform(0.35, 0.45)
    d.ellipse((cx - r, y0 + bh * 0.4 - r, cx + r, y0 + bh * 0.4 + r), outline=faint, width=thin)
    d.line([(x0, gy), (cx, y0), (x0 + bw, gy)], fill=faint, width=thin)
    for a, b in (((x0 - 4 * u, gy), (x0 - 4 * u, y0)), ((x0, gy + 4 * u), (x0 + bw, gy + 4 * u))):
        d.line([a, b], fill=faint, width=thin)
        for px, py in (a, b):  # end ticks, across the dimension line
            tick = (
                (px - 1.2 * u, py, px + 1.2 * u, py)
                if a[0] == b[0]
                else (px, py - 1.2 * u, px, py + 1.2 * u)
            )
            d.line(tick, fill=faint, width=thin)
    draw(d, x0, y0, bw, bh, chalk, lw)
    tb = (w - 34 * u, h - 14 * u, w - 4 * u, h - 4 * u)  # the title block, lines only
    d.rectangle(tb, outline=chalk, width=thin)
    d.line((tb[0], (tb[1] + tb[3]) / 2, tb[2], (tb[1] + tb[3]) / 2), fill=chalk, width=thin)
    d.line((tb[0] + 18 * u, tb[1], tb[0] + 18 * u, tb[3]), fill=chalk, width=thin)
    return img
