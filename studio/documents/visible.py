"""The characters a person sees on a PDF page, read with pdfium; the rest, with the reason.

Why pdfium (pypdfium2) and not pypdf's `extract_text()`: a text layer holds every glyph the
content stream shows, including glyphs no reader can see. A planted instruction in white
text, in 1 pt text, beyond the page edge, under an opaque box or in render mode 3 reads,
to pypdf, exactly like the headline. pdfium is the engine Chrome uses to *draw* PDFs, so it
knows, per character, the box it is drawn in and the page object (text object) that drew it,
and, per page object, its z-order, render mode, fill colour, transparency and bounds. It is
also a C library: reading characters and boxes through ctypes costs about 2 µs a character,
several times faster than pypdf's Python text extraction (see bench/bench_facts.py).

How a character is judged, per text object (cached on the object handle, so the checks cost
one dictionary look-up per character), then per character:

    reason        hidden when
    invisible     render mode 3 (neither fill nor stroke) or 7 (clip only), or fill alpha < 10%
    tiny          font size x text matrix scale under 2 pt, or a glyph box under 1.5 x 3 pt
    outside       the glyph's centre lies outside the visible box (CropBox ∩ MediaBox)
    clipped       ... or outside its text object's clipping path (top-level objects; the
                  bounding box of the path, as pdfium gives it)
    covered       an opaque filled rectangle or image drawn *later* covers 70% of the glyph box
    background    contrast ratio (WCAG) with the colour under it below 1.5: the colour of the
                  topmost filled path drawn *earlier* whose bounds hold the glyph's centre, or
                  white when there is none; an image or shading under it counts as unknown and
                  the glyph is kept (we cannot tell, so we do not drop)

What lies above and below a glyph (painting order, Form XObjects, the shape grid) is
paint.py's. Boxes are given as a viewer shows the page: after its /Rotate, in points from
the top-left corner of the visible box.

This module and paint.py import only the standard library and pypdfium2 (paint relatively):
the sandboxed worker loads them without importing the `studio` package.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import paint

GlyphNames = Callable[[int, str, int], "str | None"]  # (page index, font, code) -> glyph name

MIN_SIZE_PT = 2.0  # a glyph smaller than this is not read by a person
MIN_BOX_PT = 1.5
MIN_CONTRAST = 1.5  # WCAG contrast ratio; 1.0 = same colour, black on white = 21
MIN_ALPHA = paint.MIN_ALPHA

REASONS = {
    "invisible": "invisible text (render mode or transparency)",
    "tiny": "text under 2 pt",
    "outside": "outside the visible page",
    "clipped": "clipped away",
    "covered": "covered by an opaque shape",
    "background": "same colour as the background",
}


@dataclass(slots=True)
class Glyph:
    """One visible character, in points from the visible box's top-left corner."""

    char: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float  # font size x scale, points
    upright: bool  # False for rotated or skewed text


@dataclass
class PageGlyphs:
    width: float
    height: float
    glyphs: list[Glyph] = field(default_factory=list)
    hidden: dict[str, list[str]] = field(default_factory=dict)  # reason -> chars, in order

    def hidden_text(self) -> dict[str, str]:
        """reason -> the skipped characters joined (stream order, spaces collapsed)."""
        return {reason: " ".join("".join(chars).split()) for reason, chars in self.hidden.items()}


@dataclass
class _TextStyle:
    z: float
    hidden: str | None  # a reason that applies to every glyph of the object
    colour: tuple[int, int, int]
    size: float
    upright: bool
    clip: tuple[float, float, float, float] | None = None  # page space


def read_page(pdf: Any, index: int, glyph_names: GlyphNames | None = None) -> PageGlyphs:
    """The glyphs of page `index` (0-based) of an open pypdfium2 PdfDocument, judged.

    `glyph_names` names a glyph pdfium could not map to Unicode (a font whose /Differences
    use names like /dollarsign): the glyph is then given as "/dollarsign", which
    normalise.py turns into "$", as it does for pypdf's output."""
    import pypdfium2.raw as raw

    page = pdf[index]
    try:
        left, bottom, right, top = _visible_box(raw, page)
        rotation = page.get_rotation() % 360  # clockwise, as a viewer shows the page
        width, height = max(0.0, right - left), max(0.0, top - bottom)
        if rotation in (90, 270):
            width, height = height, width
        result = PageGlyphs(width=width, height=height)
        textpage = raw.FPDFText_LoadPage(page.raw)
        if not textpage:
            return result
        try:
            count = raw.FPDFText_CountChars(textpage)
            if count <= 0:
                return result
            shapes, texts = paint.page_objects(raw, page.raw)
            names = (lambda font, code: glyph_names(index, font, code)) if glyph_names else None
            box = (left, bottom, right, top)
            _read_chars(raw, textpage, count, shapes, texts, box, rotation, result, names)
        finally:
            raw.FPDFText_ClosePage(textpage)
        return result
    finally:
        page.close()


def _visible_box(raw: Any, page: Any) -> tuple[float, float, float, float]:
    media = page.get_mediabox()
    try:
        crop = page.get_cropbox()
    except Exception:  # no /CropBox: the media box is what shows
        crop = media
    left, bottom = max(media[0], crop[0]), max(media[1], crop[1])
    right, top = min(media[2], crop[2]), min(media[3], crop[3])
    if right <= left or top <= bottom:  # a nonsense crop box: viewers fall back to media
        return tuple(media)  # type: ignore[return-value]
    return left, bottom, right, top


def _read_chars(
    raw: Any,
    textpage: Any,
    count: int,
    shapes: list[paint.Shape],
    texts: dict[int, float],
    box: tuple[float, float, float, float],
    rotation: int,
    out: PageGlyphs,
    glyph_names: Callable[[str, int], str | None] | None,
) -> None:
    left, bottom, right, top = box
    buffer = (ctypes.c_ushort * (count + 1))()
    raw.FPDFText_GetText(textpage, 0, count, buffer)
    units = buffer[:count]
    rect = raw.FS_RECTF()
    get_address = _object_address(raw)
    get_box = raw.FPDFText_GetLooseCharBox
    as_object = raw.FPDF_PAGEOBJECT
    styles: dict[int, _TextStyle | None] = {}
    unmapped: dict[tuple[int, int], str | None] = {}  # (object, code) -> replacement
    grid = paint.Grid(shapes, box)
    contrasts: dict[tuple[Any, Any], float] = {}
    glyphs = out.glyphs
    hidden = out.hidden
    last: str | None = None  # the reason the previous character was hidden, if it was
    for i in range(count):
        unit = units[i]
        if unit <= 32 or 0xD800 <= unit <= 0xDFFF:
            if last and unit in (32, 10):  # keep word breaks in what was skipped
                hidden[last].append(" ")
            continue  # spaces, line breaks pdfium generated, controls, surrogate halves
        key = get_address(textpage, i)
        if not key:
            continue  # a character pdfium generated (no text object drew it)
        style = styles.get(key, False)
        if style is False:
            handle = ctypes.cast(ctypes.c_void_p(key), as_object)
            style = styles[key] = _style(raw, handle, texts.get(key), rotation)
        # pdfium marks a line-end hyphen as U+0002 and a glyph it cannot map (often a
        # ligature) as U+FFFE; normalise.py repairs a NUL as a lost ligature ("\x00rst")
        char = "-" if unit == 2 else "\x00" if unit in (0xFFFE, 0xFFFF) else chr(unit)
        if style is None:
            continue
        if style.hidden:
            hidden.setdefault(style.hidden, []).append(char)
            last = style.hidden
            continue
        get_box(textpage, i, rect)
        x0, x1, y0, y1 = rect.left, rect.right, rect.bottom, rect.top
        if y0 > y1:
            y0, y1 = y1, y0
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        reason = None
        if not (left <= cx <= right and bottom <= cy <= top):
            reason = "outside"
        elif style.clip and not (
            style.clip[0] - 0.5 <= cx <= style.clip[2] + 0.5
            and style.clip[1] - 0.5 <= cy <= style.clip[3] + 0.5
        ):
            reason = "clipped"
        elif min(x1 - x0, y1 - y0) < MIN_BOX_PT and max(x1 - x0, y1 - y0) < 2 * MIN_BOX_PT:
            reason = "tiny"
        else:
            under = grid.judge(style.z, x0, y0, x1, y1)
            if under is paint.COVERED:
                reason = "covered"
            else:
                pair = (style.colour, under)
                contrast = contrasts.get(pair)
                if contrast is None:
                    contrast = contrasts[pair] = paint.contrast(style.colour, under)
                if contrast < MIN_CONTRAST:
                    reason = "background"
        last = reason
        if reason:
            hidden.setdefault(reason, []).append(char)
            continue
        if glyph_names:  # asked once per object and character code
            named = unmapped.get((key, unit), False)
            if named is False:
                named = None
                if raw.FPDFText_HasUnicodeMapError(textpage, i):
                    handle = ctypes.cast(ctypes.c_void_p(key), as_object)
                    name = glyph_names(_font_name(raw, handle), unit)
                    named = f"/{name}" if name else None
                unmapped[key, unit] = named
            char = named or char
        gx0, gtop, gx1, gbottom = _shown(rotation, box, x0, y0, x1, y1)
        glyphs.append(Glyph(char, gx0, gtop, gx1, gbottom, style.size, style.upright))
        # a word break the content stream spelled out with a space is kept as a zero-width mark
        if i + 1 < count and units[i + 1] == 32:
            glyphs.append(Glyph(" ", gx1, gtop, gx1, gbottom, style.size, True))


def _object_address(raw: Any) -> Callable[[Any, int], int | None]:
    """FPDFText_GetTextObject returning the object's address as an int (a dictionary key
    without a ctypes.cast per character); the plain binding where the library is hidden."""
    try:
        function = raw._libs["pdfium"]["FPDFText_GetTextObject"]  # a fresh, private pointer
    except (AttributeError, KeyError, TypeError):
        plain = raw.FPDFText_GetTextObject
        return lambda page, i: ctypes.cast(plain(page, i), ctypes.c_void_p).value
    function.argtypes = raw.FPDFText_GetTextObject.argtypes
    function.restype = ctypes.c_void_p
    return function


def _font_name(raw: Any, handle: Any) -> str:
    """The base font name of a text object, without a subset prefix ("ABCDEF+")."""
    font = raw.FPDFTextObj_GetFont(handle)
    if not font:
        return ""
    size = raw.FPDFFont_GetBaseFontName(font, None, 0)
    if size <= 0:
        return ""
    buffer = ctypes.create_string_buffer(size)
    raw.FPDFFont_GetBaseFontName(font, buffer, size)
    name = buffer.value.decode("latin-1", errors="replace")
    return name.split("+", 1)[1] if len(name) > 7 and name[6] == "+" else name


def _shown(
    rotation: int,
    box: tuple[float, float, float, float],
    x0: float,
    y0: float,
    x1: float,
    y1: float,
) -> tuple[float, float, float, float]:
    """A glyph box in page space as (x0, top, x1, bottom) on the page as a viewer shows it:
    points from the top-left corner of the visible box, after the page's /Rotate."""
    left, bottom, right, top = box
    if rotation == 90:
        return y0 - bottom, x0 - left, y1 - bottom, x1 - left
    if rotation == 180:
        return right - x1, y0 - bottom, right - x0, y1 - bottom
    if rotation == 270:
        return top - y1, right - x1, top - y0, right - x0
    return x0 - left, top - y1, x1 - left, top - y0


def _style(raw: Any, handle: Any, z: float | None, rotation: int = 0) -> _TextStyle | None:
    """What holds for every glyph of one text object: z-order, colour, size, render mode."""
    if z is None:
        z = 1 << 30  # not found among the page's objects: treat as drawn last
    mode = raw.FPDFTextObj_GetTextRenderMode(handle)
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    stroke_only = mode in (1, 5)
    if stroke_only:
        raw.FPDFPageObj_GetStrokeColor(handle, r, g, b, a)
    else:
        raw.FPDFPageObj_GetFillColor(handle, r, g, b, a)
    colour = (r.value, g.value, b.value)
    size_c = ctypes.c_float(0)
    raw.FPDFTextObj_GetFontSize(handle, size_c)
    matrix = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(handle, matrix):
        matrix.a, matrix.b, matrix.c, matrix.d = 1, 0, 0, 1
    scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
    size = size_c.value * scale
    # the direction the text runs, as shown after the page's /Rotate (clockwise)
    dx, dy = {
        90: (matrix.b, -matrix.a),
        180: (-matrix.a, -matrix.b),
        270: (-matrix.b, matrix.a),
    }.get(rotation, (matrix.a, matrix.b))
    upright = dx > 0 and abs(dy) < 1e-3 * dx + 1e-6
    hidden = None
    if mode in (3, 7) or a.value < MIN_ALPHA:
        hidden = "invisible"
    elif size < MIN_SIZE_PT:
        hidden = "tiny"
    # a top-level object's clipping path (inside a form it is in the form's space: not read)
    clip = paint.clip_box(raw, handle) if float(z).is_integer() else None
    return _TextStyle(z=z, hidden=hidden, colour=colour, size=size, upright=upright, clip=clip)
