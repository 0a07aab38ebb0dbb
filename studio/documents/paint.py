"""What lies above and below text on a PDF page: filled shapes, images, their painting order.

visible.py asks two questions of every glyph, and this module answers them:

    covered?      an opaque filled rectangle (one axis-aligned rectangle: what `re` draws,
                  or four lines) or an image without transparency, painted *after* the
                  glyph's text object, covers 70% of the glyph's box
    background?   the colour of the topmost filled path painted *before* the text object
                  whose bounds hold the glyph's centre; white paper when there is none; None
                  (unknown, so the glyph is kept) when an image or shading lies there

Painting order is the page object index; the children of a Form XObject (walked to
FORM_DEPTH, bounds mapped to the page with the form's matrix) take orders between their
form and the next page object, in the order the form paints them. Stroked paths (table
rules) neither hide nor underlie anything. Shapes are kept in a grid of 36 pt cells, so
each glyph is checked against the few shapes near it rather than all shapes on the page.

Standard library + pypdfium2 only: the sandboxed worker loads it without the studio package.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Any

MIN_ALPHA = 26  # of 255
COVER_SHARE = 0.7  # part of a glyph's box an opaque shape must cover to hide it
FORM_DEPTH = 4
MAX_OBJECTS = 200_000  # page objects inspected per page (covers and backgrounds)
GRID_PT = 36.0
_TEXT, _PATH, _IMAGE, _SHADING, _FORM = 1, 2, 3, 4, 5
WHITE = (255, 255, 255)
COVERED = (-1, -1, -1)  # Grid.judge(): an opaque shape lies over the glyph


@dataclass
class Shape:
    """A path, image or shading that may lie above or below text."""

    z: float  # painting order: page object index; objects inside a form fall between
    box: tuple[float, float, float, float]  # left, bottom, right, top (page space)
    colour: tuple[int, int, int] | None  # None: an image or shading (colour unknown)
    opaque_rect: bool  # can hide what lies beneath


def page_objects(raw: Any, page: Any) -> tuple[list[Shape], dict[int, float]]:
    """Shapes that can hide or underlie text, and each text object's painting order."""
    shapes: list[Shape] = []
    texts: dict[int, float] = {}
    count = min(raw.FPDFPage_CountObjects(page), MAX_OBJECTS)
    for z in range(count):
        obj = raw.FPDFPage_GetObject(page, z)
        if obj:
            _visit(raw, obj, float(z), 1.0, None, 0, shapes, texts)
    return shapes, texts


def _visit(
    raw: Any,
    obj: Any,
    z: float,
    span: float,
    matrix: tuple[float, ...] | None,
    depth: int,
    shapes: list[Shape],
    texts: dict[int, float],
) -> None:
    """Record one page object; a form's children get orders between z and z + span, in
    the order the form paints them."""
    kind = raw.FPDFPageObj_GetType(obj)
    if kind == _TEXT:
        texts[ctypes.cast(obj, ctypes.c_void_p).value or 0] = z
        return
    if kind == _FORM:
        if depth >= FORM_DEPTH:
            return
        m = raw.FS_MATRIX()
        own = (m.a, m.b, m.c, m.d, m.e, m.f) if raw.FPDFPageObj_GetMatrix(obj, m) else None
        inner = _compose(own, matrix)
        children = min(raw.FPDFFormObj_CountObjects(obj), MAX_OBJECTS)
        step = span / (children + 1)
        for i in range(children):
            child = raw.FPDFFormObj_GetObject(obj, i)
            if child:
                _visit(raw, child, z + (i + 1) * step, step, inner, depth + 1, shapes, texts)
        return
    if kind not in (_PATH, _IMAGE, _SHADING):
        return
    lo, b, r, t = (ctypes.c_float() for _ in range(4))
    if not raw.FPDFPageObj_GetBounds(obj, lo, b, r, t):
        return
    box = _transform_box((lo.value, b.value, r.value, t.value), matrix)
    if kind == _PATH:
        fill, stroke = ctypes.c_int(0), ctypes.c_int(0)
        raw.FPDFPath_GetDrawMode(obj, fill, stroke)
        if not fill.value:
            return  # a stroked line (a table rule) hides nothing and is no background
        cr, cg, cb, ca = (ctypes.c_uint() for _ in range(4))
        raw.FPDFPageObj_GetFillColor(obj, cr, cg, cb, ca)
        if ca.value < MIN_ALPHA:
            return
        opaque = ca.value == 255 and not raw.FPDFPageObj_HasTransparency(obj) and _is_rect(raw, obj)
        shapes.append(Shape(z, box, (cr.value, cg.value, cb.value), opaque))
    else:
        opaque = kind == _IMAGE and not raw.FPDFPageObj_HasTransparency(obj)
        shapes.append(Shape(z, box, None, opaque))


def clip_box(raw: Any, obj: Any) -> tuple[float, float, float, float] | None:
    """The box a top-level object's clipping path confines it to (left, bottom, right, top in
    page space; the bounding box of the paths' intersection), or None when pdfium gives no
    clip path. A zero-size clip is how a producer can hide text a viewer never paints."""
    clip = raw.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    box: tuple[float, float, float, float] | None = None
    x, y = ctypes.c_float(), ctypes.c_float()
    for k in range(min(raw.FPDFClipPath_CountPaths(clip), 64)):
        xs, ys = [], []
        for j in range(min(raw.FPDFClipPath_CountPathSegments(clip, k), 4096)):
            segment = raw.FPDFClipPath_GetPathSegment(clip, k, j)
            if segment and raw.FPDFPathSegment_GetPoint(segment, x, y):
                xs.append(x.value)
                ys.append(y.value)
        if not xs:
            continue
        own = (min(xs), min(ys), max(xs), max(ys))
        box = own if box is None else (max(box[0], own[0]), max(box[1], own[1]),
                                       min(box[2], own[2]), min(box[3], own[3]))  # fmt: skip
    return box


def _is_rect(raw: Any, obj: Any) -> bool:
    """True for a path that is one axis-aligned rectangle (what `re` draws, or four lines)."""
    segments = raw.FPDFPath_CountSegments(obj)
    if not 1 <= segments <= 6:
        return False
    xs: set[float] = set()
    ys: set[float] = set()
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(segments):
        segment = raw.FPDFPath_GetPathSegment(obj, i)
        if not segment or raw.FPDFPathSegment_GetType(segment) == raw.FPDF_SEGMENT_BEZIERTO:
            return False
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        xs.add(round(x.value, 1))
        ys.add(round(y.value, 1))
    return len(xs) <= 2 and len(ys) <= 2


def _compose(
    inner: tuple[float, ...] | None, outer: tuple[float, ...] | None
) -> tuple[float, ...] | None:
    if inner is None:
        return outer
    if outer is None:
        return inner
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E,
            e * B + f * D + F)  # fmt: skip


def _transform_box(
    box: tuple[float, float, float, float], matrix: tuple[float, ...] | None
) -> tuple[float, float, float, float]:
    if matrix is None:
        return box
    a, b, c, d, e, f = matrix
    lo, bo, r, t = box
    points = [(a * x + c * y + e, b * x + d * y + f) for x in (lo, r) for y in (bo, t)]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


class Grid:
    """Shapes by the 36 pt cells they overlap, topmost first, so that each glyph is checked
    against the few shapes near it rather than every shape on the page. A shape covering
    70% of a glyph's box, and the shape under the glyph's centre, both contain that centre,
    so one cell look-up per glyph finds them."""

    def __init__(self, shapes: list[Shape], page: tuple[float, float, float, float]) -> None:
        self.cells: dict[tuple[int, int], list[Shape]] = {}
        left, bottom, right, top = page
        for shape in shapes:
            lo, b, r, t = shape.box
            lo, b, r, t = max(lo, left), max(b, bottom), min(r, right), min(t, top)
            if r < lo or t < b:
                continue  # off the page: hides nothing a reader could see
            for gx in range(int(lo // GRID_PT), int(r // GRID_PT) + 1):
                for gy in range(int(b // GRID_PT), int(t // GRID_PT) + 1):
                    self.cells.setdefault((gx, gy), []).append(shape)
        for cell in self.cells.values():
            cell.sort(key=lambda shape: -shape.z)

    def judge(
        self, z: float, x0: float, y0: float, x1: float, y1: float
    ) -> tuple[int, int, int] | None:
        """COVERED when an opaque shape drawn after z-order z covers the glyph box, else
        the colour under its centre: white paper, a filled shape's colour, or None when
        an image or shading lies there (unknown)."""
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        cell = self.cells.get((int(cx // GRID_PT), int(cy // GRID_PT)))
        if not cell:
            return WHITE
        area = max((x1 - x0) * (y1 - y0), 1e-6)
        for shape in cell:
            lo, b, r, t = shape.box
            if not (lo <= cx <= r and b <= cy <= t) or shape.z == z:
                continue
            if shape.z > z:
                if shape.opaque_rect:
                    w, h = min(x1, r) - max(x0, lo), min(y1, t) - max(y0, b)
                    if w * h >= COVER_SHARE * area:
                        return COVERED
                continue
            return shape.colour
        return WHITE


def _luminance(colour: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = colour
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(text: tuple[int, int, int], background: tuple[int, int, int] | None) -> float:
    if background is None:
        return 21.0
    a, b = _luminance(text), _luminance(background)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)
