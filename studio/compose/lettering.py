"""Lettering for the text-heavy layouts: a font that covers every character of a string (any
script), text fitted into a box by shrinking and wrapping (never cut), and drawing with the
right direction (Arabic and Hebrew right to left, shaped by Pillow's raqm).

    fitted = fit("Whisk the eggs", 300, 80, role="hand", max_size=40, min_size=14)
    if fitted.overflow: ...   # even min_size does not fit: give it more room or split it
    draw_fitted(draw, fitted, (x0, y0, x1, y1), fill=(20, 20, 20), align="left")

Roles: "hand" (a handwriting-style face, for whiteboards), "sans", "serif", "mono". A string
no known font covers is drawn with the role's default face and reported by `coverage`, so
verification can say which strings could not be rendered, and what to install."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import ImageDraw, ImageFont

from studio.compose.fonts import font_dir

Box = tuple[int, int, int, int]
ROLES = ("hand", "sans", "serif", "mono")


def script_of(text: str) -> str:
    """The main script of `text`: latin, cyrillic, greek, arabic, hebrew, devanagari, han,
    kana, hangul, thai... (by Unicode names of its letters; 'latin' when it has none)."""
    counts: dict[str, int] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        word = name.split(" ")[0] if name else ""
        script = {
            "CJK": "han",
            "HIRAGANA": "kana",
            "KATAKANA": "kana",
            "HANGUL": "hangul",
        }.get(word, word.lower() or "latin")
        counts[script] = counts.get(script, 0) + 1
    return max(counts, key=counts.get) if counts else "latin"


def is_rtl(text: str) -> bool:
    """Whether `text` reads right to left (its first strong character is R or AL)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


@lru_cache(maxsize=1)
def _candidates() -> dict[str, list[Path]]:
    """Font files per role, best first (discovered once)."""
    dejavu = font_dir()
    return {
        "hand": [dejavu / "DejaVuSans.ttf"],
        "sans": [dejavu / "DejaVuSans.ttf"],
        "serif": [dejavu / "DejaVuSerif.ttf"],
        "mono": [dejavu / "DejaVuSansMono.ttf"],
        "sans-bold": [dejavu / "DejaVuSans-Bold.ttf"],
        "hand-bold": [dejavu / "DejaVuSans-Bold.ttf"],
        "serif-bold": [dejavu / "DejaVuSerif-Bold.ttf"],
        "mono-bold": [dejavu / "DejaVuSansMono-Bold.ttf"],
    }


@lru_cache(maxsize=64)
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTCollection, TTFont

    if path.suffix.lower() == ".ttc":
        fonts = TTCollection(str(path)).fonts
        return frozenset(c for f in fonts[:1] for c in f.getBestCmap())
    return frozenset(TTFont(str(path), lazy=True).getBestCmap())


def covers(path: Path, text: str) -> bool:
    """Whether the font file has a glyph for every visible character of `text`."""
    cmap = _cmap(path)
    return all(ord(ch) in cmap for ch in text if not ch.isspace() and unicodedata.category(ch)[0] != "C")


def font_file(text: str, role: str = "sans", *, bold: bool = False) -> Path:
    """The first font of `role` (bold where there is one) that covers `text`; the role's
    first font when none does (see `coverage`)."""
    key = f"{role}-bold" if bold else role
    options = _candidates().get(key) or _candidates()[role]
    for path in options:
        if covers(path, text):
            return path
    for path in _candidates()["sans"]:  # any face rather than boxes
        if covers(path, text):
            return path
    return options[0]


def coverage(text: str, role: str = "sans") -> bool:
    """Whether some font of `role` (or the sans fallback) covers `text`."""
    return covers(font_file(text, role), text)


@lru_cache(maxsize=2048)
def load(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size=max(1, int(size)), layout_engine=ImageFont.Layout.RAQM)


@dataclass
class Fitted:
    lines: list[str]
    font: ImageFont.FreeTypeFont
    size: int
    line_height: int
    width: int  # of the widest line
    height: int  # of the block
    overflow: bool = False  # True: even the smallest size did not fit the box
    rtl: bool = False
    path: Path = field(default_factory=Path)


def _length(fnt: ImageFont.FreeTypeFont, text: str, rtl: bool) -> float:
    return fnt.getlength(text, direction="rtl" if rtl else None)


def _wrap(text: str, fnt: ImageFont.FreeTypeFont, width: float, rtl: bool) -> list[str]:
    """Greedy wrap on spaces; a script without spaces (Chinese, Japanese) wraps between any
    two characters. A word wider than the box is never cut: it stays on its own line."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        spaced = " " in paragraph.strip() or script_of(paragraph) not in ("han", "kana")
        units = paragraph.split() if spaced else list(paragraph.strip())
        joiner = " " if spaced else ""
        current = ""
        for unit in units:
            candidate = f"{current}{joiner}{unit}" if current else unit
            if current and _length(fnt, candidate, rtl) > width:
                lines.append(current)
                current = unit
            else:
                current = candidate
        if current:
            lines.append(current)
    return lines


def fit(
    text: str,
    width: float,
    height: float,
    *,
    role: str = "sans",
    bold: bool = False,
    max_size: int = 48,
    min_size: int = 12,
    spacing: float = 1.2,
    max_lines: int | None = None,
) -> Fitted:
    """The largest size (max_size down to min_size) at which `text` wraps into the box.
    Nothing is ever cut or ellipsized: when even min_size does not fit, the result has
    overflow=True and its real height, and the caller grows the box or splits the text."""
    path = font_file(text, role, bold=bold)
    rtl = is_rtl(text)
    size = max(min_size, int(max_size))
    while True:
        fnt = load(path, size)
        lines = _wrap(text, fnt, width, rtl)
        ascent, descent = fnt.getmetrics()
        lh = max(1, round((ascent + descent) * spacing))
        block = lh * (len(lines) - 1) + ascent + descent if lines else 0
        widest = max((_length(fnt, line, rtl) for line in lines), default=0)
        ok = block <= height and widest <= width and (max_lines is None or len(lines) <= max_lines)
        if ok or size <= min_size:
            return Fitted(lines, fnt, size, lh, int(widest), int(block), not ok, rtl, path)
        size = max(min_size, int(size * 0.92) if size > 14 else size - 1)


def draw_fitted(
    draw: ImageDraw.ImageDraw,
    fitted: Fitted,
    box: Box,
    fill: tuple[int, ...],
    *,
    align: str = "left",
    valign: str = "top",
) -> Box:
    """Draw a fitted block in `box` (align left/center/right: right-to-left text takes
    'left' as its start, the right edge); returns the box the ink occupies."""
    left, top, right, bottom = box
    y = {"top": top, "bottom": bottom - fitted.height}.get(
        valign, top + (bottom - top - fitted.height) / 2
    )
    start = "right" if fitted.rtl else "left"
    side = {"left": start, "center": "center", "right": "left" if fitted.rtl else "right"}[align]
    x0 = right
    for line in fitted.lines:
        length = _length(fitted.font, line, fitted.rtl)
        x = {"left": left, "right": right - length, "center": (left + right - length) / 2}[side]
        draw.text(
            (x, y), line, font=fitted.font, fill=fill, direction="rtl" if fitted.rtl else None
        )
        x0 = min(x0, x)
        y += fitted.line_height
    return (int(x0), int(top if valign == "top" else y - fitted.height), right, int(y))
