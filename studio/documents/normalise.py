"""Clean up pypdf text so that words and numbers read as printed.

Text layers of real releases carry artefacts that break naive matching:

    artefact                               example (from the corpus)       becomes
    glyph names for unmapped glyphs        "/dollarsign 67,184", "/f_i"    "$ 67,184", "fi"
    ligature glyphs                        "ﬁnancial"                      "financial"
    ligatures the font dropped             "the  rst quarter", "pro\\x00t"  "the first quarter", "profit"
    words split by glyph spacing           "Total  net  sal es", "sha re"   "Total net sales", "share"
    hyphenation at line ends               "year-over-\\nyear"              "year-over-year"
    odd spaces and minus signs             NBSP, thin space, U+2212         " ", "-"
    one table cell per line                "Net sales\\n$\\n2,529.8\\n..."    "Net sales $ 2,529.8 ..."

Digits are never changed: a number in the output is the number in the PDF. Parentheses
(accounting negatives) and en dashes (ranges) are kept as they are.
"""

from __future__ import annotations

import re

from studio.documents.vocab import is_word, ligature_words, words

GLYPHS = {
    "dollarsign": "$", "dollar": "$", "percent": "%", "comma": ",", "period": ".",
    "hyphen": "-", "minus": "-", "endash": "–", "emdash": "—", "parenleft": "(",
    "parenright": ")", "space": " ", "quoteright": "’", "quoteleft": "‘",
    "quotedblleft": "“", "quotedblright": "”", "quotesingle": "'", "ampersand": "&",
    "slash": "/", "bullet": "•", "colon": ":", "semicolon": ";", "asterisk": "*",
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9",
    "fi": "fi", "fl": "fl", "ff": "ff", "ffi": "ffi", "ffl": "ffl",
    "f_i": "fi", "f_l": "fl", "f_f": "ff", "f_f_i": "ffi", "f_f_l": "ffl",
}  # fmt: skip

_GLYPH_RE = re.compile(r"/(uni[0-9A-Fa-f]{4}(?:[0-9A-Fa-f]{4})*|u[0-9A-Fa-f]{4,6}|[A-Za-z_]+)")

_CHAR_MAP = {
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st",
    "\u00a0": " ", "\u2007": " ", "\u2008": " ", "\u2009": " ", "\u200a": " ",
    "\u202f": " ", "\u205f": " ", "\u3000": " ", "\u2002": " ", "\u2003": " ",
    "\u2004": " ", "\u2005": " ", "\u2006": " ", "\t": " ", "\r": "",
    "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\u00ad": "",
    "\u2212": "-", "\u2010": "-", "\u2011": "-", "\ufe63": "-", "\uff0d": "-",
}  # fmt: skip
_CHAR_MAP.update(
    {chr(c): " " for c in [*range(1, 9), 11, 12, *range(14, 32), 127]}
)  # stray controls
_CHAR_TABLE = str.maketrans(_CHAR_MAP)

_LIGATURES = ("fi", "fl", "ff", "ffi", "ffl")
_ALPHA = re.compile(r"^[A-Za-z]+$")
_CELL_LINE = re.compile(r"^(?:\$|%|[$(]*-?\d[\d,]*(?:\.\d+)?\)?%?|\(?\d[\d,]*(?:\.\d+)?\)?%?)$")


def _glyph(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in GLYPHS:
        return GLYPHS[name]
    if name.startswith("uni") and len(name) >= 7:
        codes = [name[i : i + 4] for i in range(3, len(name), 4)]
        return "".join(chr(int(code, 16)) for code in codes)
    if (
        name.startswith("u")
        and len(name) >= 5
        and all(c in "0123456789ABCDEFabcdef" for c in name[1:])
    ):
        return chr(int(name[1:], 16))
    return match.group(0)


def _broken_ligatures(lines: list[str]) -> bool:
    """Does this page show a font that drops its ligature glyphs? A NUL where a glyph was, or
    two words split where only a ligature fits ('bene ts', 'pro t'). Only then is a gap at
    the start of a word or line repaired: elsewhere '5% ash' and 'oat glass' are words."""
    lig_words = ligature_words()
    hits = 0
    for line in lines:
        if "\x00" in line:
            return True
        # a double space where a glyph was, before a fragment only a ligature completes
        for right in re.findall(r"(?:^|(?<=[A-Za-z])) {2}([a-z]+)(?![A-Za-z])", line):
            if not is_word(right) and any((lig + right).lower() in lig_words for lig in _LIGATURES):
                hits += 1
        for left, right in re.findall(r"(?<![A-Za-z])([A-Za-z]+) ([a-z]+)(?![A-Za-z])", line):
            if is_word(left) or is_word(right):
                continue
            if any((left + lig + right).lower() in lig_words for lig in _LIGATURES):
                hits += 1
    return hits >= 2


def _repair_ligature_gaps(line: str, broken: bool = True) -> str:
    """'the  rst' -> 'the first', 'bene ts' -> 'benefits', 'pro\\x00t' -> 'profit'."""
    lig_words = ligature_words()

    def joined(left: str, right: str) -> str | None:
        for lig in _LIGATURES:
            word = left + lig + right
            if word.lower() in lig_words:
                return word
        return None

    # a NUL is where the ligature glyph was
    def nul(match: re.Match[str]) -> str:
        return joined(match.group(1), match.group(2)) or match.group(1) + match.group(2)

    line = re.sub(r"([A-Za-z]*)\x00([A-Za-z]*)", nul, line)

    # a gap of one or two spaces inside a word, or at its start
    def gap(match: re.Match[str]) -> str:
        left, right = match.group(1), match.group(3)
        if left and is_word(left) and is_word(right):
            return match.group(0)
        word = joined(left, right) if left or broken else None
        if word:
            return word
        if left and broken:  # the gap may start a word: "the  rst" -> "the first"
            word = joined("", right)
            if word and not is_word(right):
                return left + " " + word
        return match.group(0)

    # (never inside a wider run of spaces: the layout separates table cells with those)
    line = re.sub(r"(?<![A-Za-z])([A-Za-z]*)(?<! )( {1,2})([a-z]+)(?![A-Za-z])", gap, line)
    if not broken:
        return line
    # at the very start of a line: " rst quarter" / "nancial"
    line = re.sub(
        r"^( ?)([a-z]+)\b",
        lambda m: (
            m.group(1) + (joined("", m.group(2)) or m.group(2))
            if not is_word(m.group(2))
            else m.group(0)
        ),
        line,
    )
    return line


def _repair_split_words(line: str) -> str:
    """'Total  net  sal es' -> 'Total net sales'; 'l i abi l i t i es' -> 'liabilities'."""
    vocab = words()
    tokens = line.split(" ")
    out: list[str] = []
    i = 0
    while i < len(tokens):
        best = None
        if _ALPHA.match(tokens[i] or "-"):
            # try the longest run of alphabetic tokens whose concatenation is a word
            j = i + 1
            while (
                j < len(tokens) and j - i < 12 and _ALPHA.match(tokens[j].rstrip(",.;:’'") or "-")
            ):
                j += 1
            for end in range(j, i + 1, -1):
                parts = tokens[i:end]
                tail = re.search(r"[,.;:’']*$", parts[-1]).group(0)
                parts = parts[:-1] + [parts[-1][: len(parts[-1]) - len(tail)]]
                candidate = "".join(parts)
                if candidate.lower() in vocab and any(
                    p.lower() not in vocab or (len(p) == 1 and p.lower() not in "ai") for p in parts
                ):
                    best = (end, candidate + tail)
                    break
        if best:
            out.append(best[1])
            i = best[0]
        else:
            out.append(tokens[i])
            i += 1
    return " ".join(out)


def _join_hyphenated(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if out and re.search(r"[A-Za-z]-$", out[-1]) and re.match(r"^[a-z]", line):
            head = out[-1]
            left = re.search(r"([A-Za-z]+)-$", head).group(1)
            right = re.match(r"^([a-z]+)", line).group(1)
            if (left + right).lower() in words() and not (is_word(left) and is_word(right)):
                out[-1] = head[:-1] + line
            else:
                out[-1] = head + line
        else:
            out.append(line)
    return out


def _join_cells(lines: list[str]) -> list[str]:
    """Some PDFs put every table cell on its own line; put each row back on one line."""
    lone = sum(1 for line in lines if line.strip() == "$")
    if lone < 3:
        return lines
    out: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        if out and _CELL_LINE.match(stripped):
            out[-1] = f"{out[-1]} {stripped}"
        else:
            out.append(stripped)
    return out


def normalise_text(text: str) -> str:
    """Normalise one page of extracted text (see the module docstring)."""
    text = _GLYPH_RE.sub(_glyph, text)
    text = text.translate(_CHAR_TABLE)
    lines = text.split("\n")
    lines = _join_cells(lines)
    cleaned = []
    broken = _broken_ligatures(lines)
    for line in lines:
        line = _repair_ligature_gaps(line, broken)
        line = line.replace("\x00", "")
        line = re.sub(r" {2,}", " ", line).strip()
        line = _repair_split_words(line)
        cleaned.append(line)
    cleaned = _join_hyphenated(cleaned)
    text = "\n".join(cleaned)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()
