"""Reading the formats a brief names without a language model: channel formats from
prompts/formats.yaml ('Instagram story'), explicit sizes ('1200x627'), ratios ('16:9') and
orientation words ('vertical', 'Querformat'). Each reader says where in the brief it read a
format, so that those words are set aside before the subject is read."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml


@lru_cache(maxsize=8)
def _entries_at(path: str, mtime: float) -> tuple[dict[str, Any], ...]:
    entries = (yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}).get("formats", [])
    return tuple(entries)


def format_entries(root: Path) -> tuple[dict[str, Any], ...]:
    """The channel formats of `root`/formats.yaml, parsed once per edit of the file (keyed by
    its modification time, so an edited table takes effect on the next brief)."""
    path = root / "formats.yaml"
    if not path.is_file():
        return ()
    return _entries_at(str(path), path.stat().st_mtime)


def find_named_format(text: str, root: Path) -> tuple[tuple[str, int, int] | None, str]:
    """('Instagram story', 1080, 1920) when the brief names a channel format listed in
    `root`/formats.yaml (longest name first, whole words)."""
    entries = format_entries(root)
    if not entries:
        return None, ""
    words = sorted(
        ((w.lower(), e) for e in entries for w in e.get("words", [])), key=lambda x: -len(x[0])
    )
    low = text.lower()
    for word, entry in words:
        if re.search(rf"(?<![\w/]){re.escape(word)}(?![\w/])", low):
            width, height = (int(v) for v in entry["size"])
            return (
                entry["name"],
                width,
                height,
            ), f"format {entry['name']} ({width}x{height}) from {word!r}"
    return None, ""


_ORIENTATIONS = [
    (
        (
            "widescreen",
            "landscape format",
            "landscape orientation",
            "for a slide",
            "banner",
            "horizontal",
            "querformat",
            "formato horizontal",
            "apaisado",
            "panorámico",
        ),
        "16:9",
    ),
    (
        (
            "vertical",
            "portrait format",
            "portrait orientation",
            "story format",
            "for a poster",
            "hochformat",
            "formato vertical",
            "hochkant",
        ),
        "3:4",
    ),
    (
        (
            "square format",
            "square",
            "quadratisch",
            "quadratformat",
            "cuadrado",
            "cuadrada",
            "cuadrados",
            "cuadradas",
            "formato cuadrado",
        ),
        "1:1",
    ),
]


def find_formats(text: str, root: Path) -> list[tuple[int, str, tuple[int, int] | str]]:
    """Every format the brief names, in order: (position, label, (w, h) for a channel format
    or an explicit size, "W:H" for a ratio or orientation word). 'in 1:1, 9:16 and 16:9'
    gives three."""
    return [(start, label, value) for start, _, label, value in format_matches(text, root)]


def _raw_formats(text: str, root: Path) -> list[tuple[int, int, str, tuple[int, int] | str]]:
    low = text.lower()
    out: list[tuple[int, int, str, tuple[int, int] | str]] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    entries = format_entries(root)
    names = sorted(
        ((w.lower(), e) for e in entries for w in e.get("words", [])), key=lambda x: -len(x[0])
    )
    for word, entry in names:
        for m in re.finditer(rf"(?<![\w/]){re.escape(word)}(?:s|es)?(?![\w/])", low):
            if free(m.start(), m.end()):
                taken.append(m.span())
                out.append(
                    (
                        m.start(),
                        m.end(),
                        entry["name"],
                        (int(entry["size"][0]), int(entry["size"][1])),
                    )
                )
    # an explicit size: '1200x627', '1080 × 1350 px'
    for m in re.finditer(r"(?<![\w.])(\d{2,5})\s*[x×]\s*(\d{2,5})(?:\s*px)?(?!\w|\.\d)", text):
        physical = re.match(
            r"\s*(?:in\b|inch|inches|cm|mm|zoll|pulgadas|[\"″”])", text[m.end() :], re.I
        )
        if physical:
            continue  # '18x24 inches' is a print size, not pixels
        if free(m.start(), m.end()) and int(m.group(1)) >= 16 and int(m.group(2)) >= 16:
            taken.append(m.span())
            size = (int(m.group(1)), int(m.group(2)))
            out.append((m.start(), m.end(), f"{size[0]}x{size[1]}", size))
    for m in re.finditer(r"(?<![\d:])(\d{1,2})\s*:\s*(\d{1,2})(?![\d:])", text):
        if free(m.start(), m.end()) and 0 < int(m.group(1)) <= 32 and 0 < int(m.group(2)) <= 32:
            taken.append(m.span())
            ratio = f"{int(m.group(1))}:{int(m.group(2))}"
            out.append((m.start(), m.end(), ratio, ratio))
    for m in re.finditer(r"(?:^|[,;(]\s*|\.\s+|\bin\s+)(portrait|landscape)\s*(?=[,;.)]|$)", low):
        if free(m.start(1), m.end(1)):  # ', portrait', 'in landscape': a shape, not a photo
            taken.append(m.span(1))
            ratio = "3:4" if m.group(1) == "portrait" else "4:3"
            out.append((m.start(1), m.end(1), m.group(1), ratio))
    for words, ratio in _ORIENTATIONS:
        for word in words:
            for m in re.finditer(rf"\b{re.escape(word)}\b", low):
                if re.match(r"[A-Z]", text[m.start()]) and re.search(
                    r"[A-Z][\w.]*\s+$", text[: m.start()]
                ):
                    continue  # 'Times Square': a name
                if free(m.start(), m.end()):
                    taken.append(m.span())
                    out.append((m.start(), m.end(), word, ratio))
    return out


def format_word_spans(text: str, root: Path) -> list[tuple[int, int]]:
    """Where every format word is written, also those format_matches drops as describing a
    channel ('square' in 'a square Instagram post')."""
    return [(start, end) for start, end, _, _ in _raw_formats(text, root)]


def format_matches(text: str, root: Path) -> list[tuple[int, int, str, tuple[int, int] | str]]:
    """find_formats with where each format word ends: (start, end, label, value)."""
    out = _raw_formats(text, root)
    unique: dict[str, tuple[int, int, str, tuple[int, int] | str]] = {}
    for item in sorted(out):
        unique.setdefault(str(item[3]), item)
    # "a square Instagram post": the ratio word describes the channel format, not another one
    shapes = [v[0] / v[1] for _, _, _, v in unique.values() if isinstance(v, tuple)]

    def same_shape(ratio: str) -> bool:
        a, b = (int(x) for x in ratio.split(":"))
        return any(abs(a / b - s) <= 0.02 * s for s in shapes)

    # "vertical for an Instagram story": an orientation word with a channel of that
    # orientation describes the channel, it asks for no format of its own
    def oriented(word: str, ratio: str) -> bool:
        if any(word == r or re.fullmatch(r"\d+:\d+", word) for r in [ratio]):
            return False
        a, b = (int(x) for x in ratio.split(":"))
        side = (a > b) - (a < b)
        ratios = [
            int(r.split(":")[0]) / int(r.split(":")[1])
            for _, _, w, r in unique.values()
            if isinstance(r, str) and re.fullmatch(r"\d+:\d+", w)
        ]
        return any(((s > 1.02) - (s < 0.98)) == side for s in shapes + ratios)

    # "Breites Banner 4:1", "Instagram post (1200x1500)": an explicit ratio or size right by a
    # channel's name says which shape that deliverable takes
    def shape(value: tuple[int, int] | str) -> float:
        a, b = value if isinstance(value, tuple) else (int(x) for x in value.split(":"))
        return a / b

    explicit = [
        (s, e, shape(v)) for s, e, w, v in unique.values() if re.fullmatch(r"\d+[:x]\d+", w)
    ]

    def overridden(item: tuple[int, int, str, tuple[int, int] | str]) -> bool:
        start, end, word, value = item
        if not isinstance(value, tuple) or re.fullmatch(r"\d+x\d+", word):
            return False

        def joined(a: int, b: int) -> bool:  # '16:9 y publicación de Instagram': two formats
            return bool(re.search(r"\b(?:and|y|und|et|e|or|o|oder|plus)\b|[+/&]", text[a:b], re.I))

        return any(
            (
                (0 <= s - end <= 12 and not joined(end, s))
                or (0 <= start - e <= 12 and not joined(e, start))
            )
            and abs(r - shape(value)) > 0.02 * r
            for s, e, r in explicit
        )

    return sorted(
        v
        for v in unique.values()
        if not overridden(v)
        and (isinstance(v[3], tuple) or not (same_shape(v[3]) or oriented(v[2], v[3])))
    )


def find_aspect(text: str) -> tuple[str | None, str]:
    m = re.search(
        r"(?<![\d:])(\d{1,2})\s*[:x×]\s*(\d{1,2})(?![\d:])\s*(?:aspect|ratio|format)?", text
    )
    if m and 0 < int(m.group(1)) <= 32 and 0 < int(m.group(2)) <= 32:
        aspect = f"{int(m.group(1))}:{int(m.group(2))}"
        return aspect, f"aspect {aspect} named in the brief"
    low = text.lower()
    for words, aspect in _ORIENTATIONS:
        for w in words:
            if w in low:
                return aspect, f"aspect {aspect} from {w!r}"
    return None, ""
