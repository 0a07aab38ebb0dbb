"""Lettering for the text-heavy layouts: a font that covers every character of a string (any
script), text fitted into a box by shrinking and wrapping (never cut), and drawing with the
right direction (Arabic and Hebrew right to left; Arabic and Devanagari shaped by raqm).

    fitted = fit("Whisk the eggs", 300, 80, role="hand", max_size=40, min_size=14)
    if fitted.overflow: ...   # even min_size does not fit: give it more room or split it
    draw_fitted(draw, fitted, (x0, y0, x1, y1), fill=(20, 20, 20), align="left")

    steps = fit_lines(["Crack the eggs", "Whisk", "Cook 2 min"], 400, 300, role="hand")
    boxes = draw_stack(draw, steps, (x0, y0, x1, y1), fill=(20, 20, 20))  # one size for all

Roles: "hand" (Comic Neue, bundled, then DejaVu Sans), "sans" (DejaVu Sans), "serif"
(DejaVu Serif), "mono" (DejaVu Sans Mono); a string they do not cover gets the Noto face of
its script when the system has one (`typefaces`: fonts-noto-core, fonts-noto-cjk). A string no
known font covers is drawn with the role's first face, `coverage` says False and
`missing_font_hint` says what to install, so verification can report it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from PIL import ImageDraw, ImageFont

from studio.compose import typefaces
from studio.compose.fonts import font_dir

Box = tuple[int, int, int, int]
ROLES = ("hand", "sans", "serif", "mono")
_NAMED = {"CJK": "han", "HIRAGANA": "kana", "KATAKANA": "kana", "KATAKANA-HIRAGANA": "kana"}
# Characters a line may break between (Chinese, Japanese): CJK symbols, kana, ideographs,
# compatibility ideographs, vertical and fullwidth forms, the supplementary ideograph planes
_ANY_BREAK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f"
_TOKENS = re.compile(rf"\s+|[{_ANY_BREAK}]|[^\s{_ANY_BREAK}]+")
# Japanese/Chinese line-breaking rules (kinsoku): not at the start of a line / at its end
_NO_START = set(
    "、。，．,.：；:;！？!?）」』】〕〉》〙〗｝］)]}ー々ゝゞヽヾぁぃぅぇぉっゃゅょァィゥェォッャュョ…‥・"
)
_NO_END = set("（「『【〔〈《〘〖｛［([{")


def _scripts(text: str) -> list[str]:
    """The scripts of `text`'s letters, most letters first."""
    counts: dict[str, int] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        word = unicodedata.name(ch, "").split(" ")[0]
        script = _NAMED.get(word, "hangul" if word == "HANGUL" else word.lower() or "latin")
        counts[script] = counts.get(script, 0) + 1
    return sorted(counts, key=lambda s: -counts[s])


def script_of(text: str) -> str:
    """The main script of `text`: latin, cyrillic, greek, arabic, hebrew, devanagari, han,
    kana, hangul, thai... (by Unicode names of its letters; 'latin' when it has none)."""
    return next(iter(_scripts(text)), "latin")


def is_rtl(text: str) -> bool:
    """Whether `text` reads right to left (its first strong character is R or AL)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def _role_faces(role: str, bold: bool) -> list[Path]:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, got {role!r}")
    dejavu = font_dir()
    sans = dejavu / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    return {
        "hand": [typefaces.HAND_BOLD if bold else typefaces.HAND, sans],
        "sans": [sans],
        "serif": [dejavu / ("DejaVuSerif-Bold.ttf" if bold else "DejaVuSerif.ttf"), sans],
        "mono": [dejavu / ("DejaVuSansMono-Bold.ttf" if bold else "DejaVuSansMono.ttf"), sans],
    }[role]


@lru_cache(maxsize=256)
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTCollection, TTFont

    try:
        if path.suffix.lower() == ".ttc":
            return frozenset(TTCollection(str(path), lazy=True).fonts[0].getBestCmap() or {})
        return frozenset(TTFont(str(path), lazy=True).getBestCmap() or {})
    except Exception:  # an unreadable file covers nothing
        return frozenset()


def _visible(text: str) -> list[str]:
    return [ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] != "C"]


def covers(path: Path, text: str) -> bool:
    """Whether the font file has a glyph for every visible character of `text`."""
    cmap = _cmap(path)
    return all(ord(ch) in cmap for ch in _visible(text))


@lru_cache(maxsize=4096)
def font_face(text: str, role: str = "sans", *, bold: bool = False) -> tuple[Path, int]:
    """(font file, face index in a collection) for `text` in `role`: the Noto faces of the
    text's scripts that need one (CJK, Arabic, Hebrew, Devanagari, Thai), then the role's
    faces, then DejaVu Sans, then any installed font, the first that covers every character;
    the role's first face when none does (see `coverage`)."""
    options = [p for s in _scripts(text) for p in typefaces.script_files(s, role, bold=bold)]
    options += _role_faces(role, bold)
    chosen = next((p for p in options if covers(p, text)), None)
    if chosen is None:  # mixed or rarer scripts: anything on the system that has them all
        found = typefaces.installed().values()
        chosen = next((p for p in found if covers(p, text)), _role_faces(role, bold)[0])
    cjk = chosen.suffix.lower() == ".ttc" and "CJK" in chosen.name
    return chosen, typefaces.cjk_face(text) if cjk else 0


def font_file(text: str, role: str = "sans", *, bold: bool = False) -> Path:
    """The font file `fit` draws `text` with (see `font_face`)."""
    return font_face(text, role, bold=bold)[0]


def coverage(text: str, role: str = "sans") -> bool:
    """Whether some known font covers every character of `text`."""
    return covers(font_file(text, role), text)


def missing_font_hint(text: str, role: str = "sans") -> str | None:
    """None when `text` can be drawn; otherwise what to install so it can, e.g. "no font for
    han (Chinese/Japanese) here: install fonts-noto-cjk (Noto Sans CJK SC)"."""
    path = font_file(text, role)
    cmap = _cmap(path)
    missing = "".join(ch for ch in _visible(text) if ord(ch) not in cmap)
    if not missing:
        return None
    script = script_of(missing) if any(ch.isalpha() for ch in missing) else "symbols"
    package, family = typefaces.PACKAGES.get(script, ("fonts-noto-extra", "Noto Sans Symbols"))
    return (
        f"no font for {script} here ({missing[:8]!r} not in {path.name}): install {package} "
        f"({family}), e.g. apt-get install {package}, or put {family} in a folder "
        "named in STUDIO_FONT_DIRS"
    )


@lru_cache(maxsize=2048)
def load(path: Path, size: int, index: int = 0) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(
        str(path), size=max(1, int(size)), index=index, layout_engine=ImageFont.Layout.RAQM
    )


@dataclass
class Fitted:
    lines: list[str]
    font: ImageFont.FreeTypeFont
    size: int
    line_height: int
    width: int  # of the widest line
    height: int  # of the block: first line's ascender to the last one's descender
    overflow: bool = False  # True: even the smallest size did not fit the box
    rtl: bool = False
    path: Path = field(default_factory=Path)
    index: int = 0  # face in a font collection (.ttc)
    baseline: int = 0  # from the top of the block to the first baseline


def _length(fnt: ImageFont.FreeTypeFont, text: str, rtl: bool) -> float:
    return fnt.getlength(text, direction="rtl" if rtl else None)


def _wrap(text: str, fnt: ImageFont.FreeTypeFont, width: float, rtl: bool) -> list[str]:
    """Greedy wrap: between words, and between any two Chinese/Japanese characters (not
    before closing punctuation or after an opening bracket). Nothing is ever cut: a word
    wider than the box stays whole on its own line (and `fit` shrinks the size)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current, space = "", False
        for token in _TOKENS.findall(paragraph):
            if token.isspace():
                space = bool(current)
                continue
            candidate = f"{current}{' ' if space else ''}{token}"
            space = False
            if not current or _length(fnt, candidate, rtl) <= width:
                current = candidate
                continue
            carry = token[0] in _NO_START or current[-1] in _NO_END
            if carry and len(current) > 1 and re.match(f"[{_ANY_BREAK}]", current[-1]):
                current, token = current[:-1], current[-1] + token  # take one character down
            elif carry and token[0] in _NO_START:
                current, token = candidate, ""  # hang the punctuation (fit shrinks if wider)
            lines.append(current.rstrip())
            current = token
        if current:
            lines.append(current)
    return lines


def _ink(fnt: ImageFont.FreeTypeFont, line: str, rtl: bool) -> tuple[int, int, int, int]:
    """The ink of `line` around the start of its baseline: (left, top, right, bottom)."""
    return fnt.getbbox(line, anchor="ls", direction="rtl" if rtl else None)


def _layout(text: str, path: Path, index: int, size: int, width: float, spacing: float) -> Fitted:
    """`text` wrapped at `size`. A face's line metrics count up to 1.45 em: Noto Sans Arabic
    reserves 2.1 em for stacked marks, and would otherwise shrink for room its letters do not
    use; ink that reaches past them still grows the block."""
    fnt = load(path, size, index)
    rtl = is_rtl(text)
    lines = _wrap(text, fnt, width, rtl)
    ascent, descent = fnt.getmetrics()
    squeeze = min(1.0, 1.45 * size / max(1, ascent + descent))  # see the docstring
    ascent, descent = round(ascent * squeeze), round(descent * squeeze)
    lh = max(1, round((ascent + descent) * spacing))
    inks = [_ink(fnt, line, rtl) for line in lines]
    if not inks:
        return Fitted([], fnt, size, lh, 0, 0, False, rtl, path, index, ascent)
    # the block: the ascender of the first line to the descender of the last, grown where
    # ink reaches past them (stacked accents), so nothing drawn lies outside it
    baseline = max(ascent, -min(i * lh + ink[1] for i, ink in enumerate(inks)))
    low = max((len(lines) - 1) * lh + descent, *(i * lh + ink[3] for i, ink in enumerate(inks)))
    widest = max(
        max(_length(fnt, line, rtl), ink[2]) - min(0, ink[0])
        for line, ink in zip(lines, inks, strict=True)
    )
    return Fitted(
        lines, fnt, size, lh, int(widest + 0.999), baseline + low, False, rtl, path, index, baseline
    )


def _smaller(size: int, min_size: int) -> int:
    return max(min_size, int(size * 0.92) if size > 14 else size - 1)


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
    overflow=True and its real size, and the caller grows the box or splits the text."""
    return fit_lines(
        [text], width, height, role=role, bold=bold, max_size=max_size, min_size=min_size,
        spacing=spacing, max_lines=max_lines,
    )[0]  # fmt: skip


def fit_lines(
    items: list[str],
    width: float,
    height: float,
    *,
    gap: float = 0.5,
    role: str = "sans",
    bold: bool = False,
    max_size: int = 48,
    min_size: int = 12,
    spacing: float = 1.2,
    max_lines: int | None = None,
) -> list[Fitted]:
    """One size for a list (steps, ingredients): the largest at which every item wraps to
    `width` and the items stacked with `gap` x size pixels between them (`draw_stack`) fit
    in `height`. Never cut: at min_size and still too big, every item has overflow=True."""
    if min_size < 1:
        raise ValueError(f"min_size must be at least 1 pixel, got {min_size}")
    faces = [font_face(item, role, bold=bold) for item in items]
    size = max(int(min_size), int(max_size))  # a box too small for anything: overflow=True
    while True:
        fitted = [
            _layout(t, p, i, size, width, spacing) for t, (p, i) in zip(items, faces, strict=True)
        ]
        total = sum(f.height for f in fitted) + round(gap * size) * max(0, len(items) - 1)
        ok = total <= height and all(
            f.width <= width and (max_lines is None or len(f.lines) <= max_lines) for f in fitted
        )
        if ok or size <= min_size:
            return [replace(f, overflow=not ok) for f in fitted]
        size = _smaller(size, min_size)


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
    'left' as its start, the right edge; valign top/middle/bottom); returns the box of the
    drawn lines (x0, y0, x1, y1)."""
    left, top, right, bottom = box
    y = {"top": top, "bottom": bottom - fitted.height}.get(
        valign, top + (bottom - top - fitted.height) / 2
    )
    side = {"left": "right" if fitted.rtl else "left", "center": "center"}.get(
        align, "left" if fitted.rtl else "right"
    )
    x0, x1 = float(right), float(left)
    for k, line in enumerate(fitted.lines):
        ink_left, _, ink_right, _ = _ink(fitted.font, line, fitted.rtl)
        ink_left = min(0, ink_left)  # overhang left of the pen (Thai, italics): keep it in
        length = max(_length(fitted.font, line, fitted.rtl), ink_right) - ink_left
        x = {"left": left, "right": right - length, "center": (left + right - length) / 2}[side]
        draw.text(
            (x - ink_left, y + fitted.baseline + k * fitted.line_height),
            line,
            font=fitted.font,
            fill=fill,
            anchor="ls",
            direction="rtl" if fitted.rtl else None,
        )
        x0, x1 = min(x0, x), max(x1, x + length)
    return (int(x0), int(y), int(x1 + 0.999), int(y + fitted.height + 0.999))


def draw_stack(
    draw: ImageDraw.ImageDraw,
    items: list[Fitted],
    box: Box,
    fill: tuple[int, ...],
    *,
    gap: float = 0.5,
    align: str = "left",
) -> list[Box]:
    """Draw `fit_lines` results top to bottom in `box`, `gap` x size apart (the gap given
    to fit_lines); returns each item's box, in order."""
    left, y, right, bottom = box
    boxes = []
    for fitted in items:
        boxes.append(draw_fitted(draw, fitted, (left, y, right, bottom), fill, align=align))
        y = boxes[-1][1] + fitted.height + round(gap * fitted.size)
    return boxes
