"""Lines of a page from glyph positions, the way a person reads them.

The order of glyphs in a content stream is the order a producer drew them, not the order a
person reads them. reportlab's platypus `Table`, Chromium and LibreOffice draw a table one
cell at a time, so stream order reads a row as "Total net revenue\\n$\\n4,623\\n$\\n4,120"; a
two-column page drawn line by line across both columns reads as interleaved halves. So lines
are rebuilt from positions:

    1. glyphs -> words     consecutive glyphs in stream order that sit on the same band and
                           follow each other with a gap under WORD_GAP x font size (a space
                           in the stream also ends a word)
    2. words -> rows       words whose vertical extents overlap by half of the smaller one:
                           one printed line across the whole page (a table row: label, then
                           every cell, whatever order they were drawn in)
    3. rows -> segments    within a row, left to right, a gap over SEGMENT_GAP x font size
                           starts a new segment (a table cell, or the other column)
    4. columns             a gutter is an x position where at least MIN_COLUMN_LINES prose
                           segments start, with prose segments ending left of it, over a run
                           of consecutive rows that no segment crosses. Such a run is read left
                           column first, then right (each side checked again for more
                           columns). A row with a numeric cell right of the gutter and no
                           prose left of it is a table row and ends the run, so tables (short numeric cells right of a
                           label) are never split into columns; so does a blank band taller
                           than BLOCK_GAP lines (a full-width paragraph after the columns).
    5. text                segments joined by three spaces, words by one; rows top to bottom;
                           an empty line where a blank band separates two lines (page_text).

Rotated glyphs (a vertical margin note) are read in stream order after the page's lines.
This module is pure standard library: the sandboxed worker loads it by file path.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

WORD_GAP = 0.15  # x font size: a wider gap between two glyphs is a word break
SEGMENT_GAP = 1.0  # x font size: a wider gap between two words starts a new segment
MIN_COLUMN_LINES = 3  # prose lines needed on each side of a gutter
PARAGRAPH_PITCH = 2.0  # x font size: lines further apart have a blank line between them
BLOCK_GAP = 3.0  # x font size: a blank band this tall ends a two-column run
SEGMENT_SEP = "   "
_PERIOD_LABEL = re.compile(r"^(?:\d{1,2}M|[1-4]Q|[12]H|H[12]|Q[1-4])\b", re.I)
_NUMERIC_CELL = re.compile(
    r"^(?:[\s$€£¥(),.%*~≈<>+—–-]*\d[\d\s$€£¥(),.%*~≈+—–/-]*[A-Za-z]{0,3}\)?|"
    r"n/?a|nm|n\.m\.|—|–|-|\*+|no change|flat)$",
    re.I,
)


class GlyphLike(Protocol):
    char: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    upright: bool


@dataclass
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float


@dataclass
class Segment:
    words: list[Word]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(word.x1 for word in self.words)

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    def is_prose(self) -> bool:
        """Several words of mostly letters: a line of running text, not a table cell."""
        if len(self.words) < 4:
            return False
        text = self.text
        letters = sum(ch.isalpha() for ch in text)
        digits = sum(ch.isdigit() for ch in text)
        solid = len(text) - text.count(" ")
        return letters >= 0.5 * solid and digits <= 0.3 * solid

    def is_numeric(self) -> bool:
        return bool(_NUMERIC_CELL.match(self.text))


@dataclass
class Row:
    words: list[Word] = field(default_factory=list)
    top: float = 0.0
    bottom: float = 0.0

    def segments(self) -> list[Segment]:
        words = sorted(self.words, key=lambda w: w.x0)
        out: list[Segment] = []
        for word in words:
            if out:
                last = out[-1].words[-1]
                gap = word.x0 - max(w.x1 for w in out[-1].words)
                if gap <= SEGMENT_GAP * max(word.size, last.size, 1.0):
                    out[-1].words.append(word)
                    continue
            out.append(Segment([word]))
        return out


@dataclass
class Line:
    """One line as read: its text and box, points from the page's top-left corner."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float

    def as_list(self) -> list[Any]:
        return [self.text, round(self.x0, 2), round(self.top, 2), round(self.x1, 2),
                round(self.bottom, 2), round(self.size, 2)]  # fmt: skip


def page_lines(glyphs: Sequence[GlyphLike]) -> list[Line]:
    """The page's lines in reading order (see the module docstring)."""
    upright = [g for g in glyphs if g.upright]
    words = _words(upright)
    rows = _rows(words)
    lines: list[Line] = []
    for block in _blocks([row.segments() for row in rows]):
        for segments in _join_wrapped_cells([row for row in block if row]):
            lines.append(_line(segments))
    rotated = "".join(g.char for g in glyphs if not g.upright).split()
    if rotated:
        lines.append(Line(" ".join(rotated), 0.0, 0.0, 0.0, 0.0, 0.0))
    return lines


def page_text(lines: Sequence[Line]) -> str:
    """The lines joined by newlines, with an empty line where two lines lie more than
    PARAGRAPH_PITCH x font size apart (a paragraph break, or a footnote rule:
    sentence splitting must not run a body sentence into a footnote)."""
    out: list[str] = []
    previous: Line | None = None
    for line in lines:
        # bottom to bottom is baseline to baseline for lines in the same font
        pitch = line.bottom - previous.bottom if previous is not None else 0.0
        if pitch > PARAGRAPH_PITCH * max(line.size, previous.size if previous else 0.0):
            out.append("")
        out.append(line.text)
        previous = line
    return "\n".join(out)


def _words(glyphs: Sequence[GlyphLike]) -> list[Word]:
    words: list[Word] = []
    parts: list[list[str]] = []
    current: Word | None = None
    for glyph in glyphs:
        if glyph.char == " ":
            current = None
            continue
        if current is not None:
            height = min(glyph.bottom - glyph.top, current.bottom - current.top)
            overlap = min(glyph.bottom, current.bottom) - max(glyph.top, current.top)
            gap = glyph.x0 - current.x1
            size = max(glyph.size, current.size, 1.0)
            if overlap >= 0.5 * height and -0.3 * size <= gap <= WORD_GAP * size:
                parts[-1].append(glyph.char)
                current.x1 = max(current.x1, glyph.x1)
                current.top = min(current.top, glyph.top)
                current.bottom = max(current.bottom, glyph.bottom)
                current.size = max(current.size, glyph.size)
                continue
        current = Word("", glyph.x0, glyph.top, glyph.x1, glyph.bottom, glyph.size)
        words.append(current)
        parts.append([glyph.char])
    for word, chars in zip(words, parts, strict=True):
        word.text = "".join(chars)
    return words


def _rows(words: list[Word]) -> list[Row]:
    """Group words into printed rows by vertical overlap; a row's band is its tallest word's
    (so a superscript joins its line, and two lines never chain into one)."""
    rows: list[Row] = []
    open_rows: list[Row] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        height = max(word.bottom - word.top, 0.1)
        open_rows = [row for row in open_rows if row.bottom > word.top]
        best, best_share = None, 0.5
        for row in open_rows:
            overlap = min(row.bottom, word.bottom) - max(row.top, word.top)
            share = overlap / min(height, max(row.bottom - row.top, 0.1))
            if share >= best_share:
                best, best_share = row, share
        if best is None:
            best = Row(top=word.top, bottom=word.bottom)
            rows.append(best)
            open_rows.append(best)
        elif height > best.bottom - best.top:
            best.top, best.bottom = word.top, word.bottom
        best.words.append(word)
    rows.sort(key=lambda row: row.top)
    return rows


def _blocks(rows: list[list[Segment]], depth: int = 0) -> list[list[list[Segment]]]:
    """Rows split into reading blocks: a run of rows with a gutter becomes two blocks (left
    column, then right), everything else stays one row per line."""
    gutter = _find_gutter(rows) if depth < 3 else None
    if gutter is None:
        return [rows]
    x, start, end = gutter
    left = [[s for s in row if s.x1 <= x] for row in rows[start:end]]
    right = [[s for s in row if s.x0 >= x - 1] for row in rows[start:end]]
    out: list[list[list[Segment]]] = _blocks(rows[:start], depth) if start else []
    out += _blocks(left, depth + 1)
    out += _blocks(right, depth + 1)
    if end < len(rows):
        out += _blocks(rows[end:], depth)
    return out


def _find_gutter(rows: list[list[Segment]]) -> tuple[float, int, int] | None:
    """(x, first row, end row) of the first two-column run, or None."""
    starts: dict[int, int] = {}
    for row in rows:
        for seg in row[1:]:
            if seg.is_prose():
                key = round(seg.x0 / 3)
                starts[key] = starts.get(key, 0) + 1
    candidates = sorted(
        (key * 3.0 for key, n in starts.items() if n >= MIN_COLUMN_LINES), key=lambda x: x
    )
    for x in candidates:
        run = _column_run(rows, x)
        if run is not None:
            return (x - 1.5, *run)
    return None


def _column_run(rows: list[list[Segment]], x: float) -> tuple[int, int] | None:
    """The first run of consecutive rows that respect a gutter at x and hold enough prose on
    both sides of it."""
    edge = x - 2.0

    def fits(row: list[Segment]) -> bool:
        if any(seg.x0 < edge < seg.x1 - 0.5 for seg in row):
            return False  # a segment crosses the gutter: full-width text
        # a numeric cell right of the gutter beside no prose on the left: a table row (a
        # line of prose on the left beside "2026." on the right is two columns of text)
        return not (
            any(seg.x0 >= edge and seg.is_numeric() for seg in row)
            and not any(seg.x1 <= edge + 2 and seg.is_prose() for seg in row)
        )

    def apart(above: list[Segment], below: list[Segment]) -> bool:
        """A blank band taller than BLOCK_GAP lines: the column layout may end here."""
        if not above or not below:
            return False
        bottom = max(w.bottom for s in above for w in s.words)
        top = min(w.top for s in below for w in s.words)
        size = max(w.size for s in below for w in s.words)
        return top - bottom > BLOCK_GAP * size

    start = 0
    while start < len(rows):
        if not fits(rows[start]):
            start += 1
            continue
        end = start + 1
        while end < len(rows) and fits(rows[end]) and not apart(rows[end - 1], rows[end]):
            end += 1
        block = rows[start:end]
        left = sum(1 for row in block for s in row if s.x1 <= edge + 2 and s.is_prose())
        right = sum(1 for row in block for s in row if s.x0 >= edge and s.is_prose())
        if left >= MIN_COLUMN_LINES and right >= MIN_COLUMN_LINES:
            return start, end
        start = end
    return None


def _join_wrapped_cells(rows: list[list[Segment]]) -> list[list[Segment]]:
    """Table cells that wrap read as one cell: a row takes in the printed row right under
    it when each of the lower row's cells sits under a different one of its cells and the
    lower row has no label of its own. For header rows (no label: indented from the
    block's left edge) that is text over text or years ("September 30," over "2023",
    "Q3 FY24" over "Guidance"); for data rows only words under value cells ("$8.70 - $8.72"
    over "Billion"). Sentences are never joined, number rows never join each other, and header
    lines of different shapes ("Three Months Ended" over two date columns) stay apart."""
    if not rows:
        return rows
    margin = min(row[0].x0 for row in rows)  # where the labels of a table start
    out: list[list[Segment]] = []
    joined = 0  # rows already taken into out[-1]
    for row in rows:
        above = out[-1] if out else None
        if above is not None and joined < 2 and _continues(above, row, margin):
            for seg in row:
                host = next(a for a in above if _overlap(a, seg) > 0)
                host.words = host.words + seg.words
            joined += 1
            continue
        out.append([Segment(list(seg.words)) for seg in row])
        joined = 0
    return out


def _continues(above: list[Segment], below: list[Segment], margin: float) -> bool:
    if len(above) < 2 or not below:
        return False
    size = above[0].words[0].size
    if below[0].x0 - margin < 2 * size:
        return False  # the lower row has a label of its own
    if any(len(seg.words) >= 8 or seg.text.endswith((".", ";")) for seg in above + below):
        return False  # a sentence: running text wraps, cells do
    labelled = above[0].x0 - margin < 2 * size
    if labelled:  # a data row whose cells wrap: only words ("Billion") may continue them
        if any(len(seg.words) > 3 or any(ch.isdigit() for ch in seg.text) for seg in below):
            return False
    elif any(seg.is_numeric() and not _PERIOD_LABEL.match(seg.text) for seg in above):
        return False  # header cells: text over text (or over years; "9M" is a label) ...
    elif len(below) < 2 and (len(below[0].words) > 3 or any(ch.isdigit() for ch in below[0].text)):
        return False  # ... in two columns at least, or one wrapped word or two ("restated)")
    # the next printed line, not one further down (glyph boxes are taller than the font)
    pitch = min(w.bottom for seg in below for w in seg.words) - max(
        w.bottom for seg in above for w in seg.words
    )
    size = max(w.size for seg in below for w in seg.words)
    if not 0.5 * size < pitch <= 1.6 * size:
        return False
    hosts = []
    for seg in below:
        overlapping = [i for i, a in enumerate(above) if _overlap(a, seg) > 0]
        if len(overlapping) != 1 or (labelled and overlapping[0] == 0):
            return False
        hosts.append(overlapping[0])
    return len(set(hosts)) == len(hosts)


def _overlap(a: Segment, b: Segment) -> float:
    return min(a.x1, b.x1) - max(a.x0, b.x0)


def _line(segments: list[Segment]) -> Line:
    words = [w for s in segments for w in s.words]
    return Line(
        text=SEGMENT_SEP.join(s.text for s in segments),
        x0=min(w.x0 for w in words),
        top=min(w.top for w in words),
        x1=max(w.x1 for w in words),
        bottom=max(w.bottom for w in words),
        size=max(w.size for w in words),
    )
