"""Reading the words back: OCR checks that every required string of a text-heavy deliverable
is legible and spelled right, string by string, and says which strings it could not check.

The OCR model here (RapidOCR's PP-OCR Chinese/English recogniser) reads Latin letters (with
accents) and Chinese characters; a string with characters outside its dictionary (Japanese
kana, Korean, Cyrillic, Arabic, Devanagari...) is reported `unchecked` with the reason, never
passed. A string drawn in a font that lacks some of its characters is `not_rendered`. Either
keeps the deliverable UNVERIFIED: only strings that were read back count as verified."""

from __future__ import annotations

import difflib
import re
import time
import unicodedata
from functools import lru_cache
from typing import Any

from PIL import Image

from studio.compose.lettering import coverage, script_of
from studio.verify import ENGINE

Box = tuple[int, int, int, int]
_SPACELESS = ("han", "kana", "hangul", "thai")


@lru_cache(maxsize=1)
def _alphabet() -> frozenset[str]:
    """The characters the OCR recogniser can output (empty when OCR is not installed)."""
    try:
        from studio.documents.ocr import _engine

        return frozenset(_engine().text_rec.postprocess_op.character)
    except Exception:  # OCR missing: every string is unchecked, with the install hint
        return frozenset()


def readable(text: str) -> bool:
    """Whether the OCR model can read every letter of `text` (accents may be dropped)."""
    alphabet = _alphabet()
    plain = _fold(text)
    return bool(alphabet) and all(
        ch in alphabet or not ch.isalnum() for ch in plain if not ch.isspace()
    )


def unreadable(text: str) -> str:
    """What of `text` the OCR model cannot read, in words: 'kana letters (し)' for 流し台,
    'han letters (蔵)' for 冷蔵庫 (a Japanese form its Chinese dictionary lacks)."""
    alphabet = _alphabet()
    missing = "".join(dict.fromkeys(c for c in _fold(text) if c.isalnum() and c not in alphabet))
    if not missing:
        return f"{script_of(text)} script"
    return f"{script_of(missing)} letters ({missing[:4]}{'…' if len(missing) > 4 else ''})"


def _fold(text: str) -> str:
    """NFKC, accents dropped, lower case: what OCR can be held to ('ü' is often read 'u')."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", _fold(text))


def found(want: str, read: str) -> bool:
    """Whether `want` reads in `read`: its words in order (OCR may split or join punctuation,
    or put up to three other pieces between two words, e.g. a line break into a badge);
    scripts without spaces are compared with spaces removed, and so is any string whose words
    OCR ran together ("330m" for "330 m", "Step1"): every letter still in order."""
    squeeze = re.compile(r"[\s\W_]+")
    if squeeze.sub("", _fold(want)) in squeeze.sub("", _fold(read)):
        return True
    if script_of(want) in _SPACELESS:
        return False
    words = _tokens(want)
    if not words:
        return True
    pattern = r"(?:\s+|\s+(?:\S+\s+){0,3})".join(re.escape(w) for w in words)
    return re.search(rf"(?<!\w){pattern}(?!\w)", " ".join(_tokens(read))) is not None


def closest(want: str, read: str) -> tuple[str, float]:
    """The stretch of `read` most like `want` (as many words), and how alike (0-1)."""
    words, seen = _tokens(want), _tokens(read)
    if not words or not seen:
        return "", 0.0
    n, best = len(words), ("", 0.0)
    target = " ".join(words)
    for i in range(max(1, len(seen) - n + 1)):
        piece = " ".join(seen[i : i + n])
        ratio = difflib.SequenceMatcher(None, target, piece).ratio()
        if ratio > best[1]:
            best = (piece, ratio)
    return best


def _read(image: Image.Image, box: Box | None, pad: int = 12) -> str:
    from studio.documents.ocr import lines_to_text, ocr_image

    if box is not None:
        x0, y0, x1, y1 = box
        image = image.crop(
            (
                max(0, x0 - pad),
                max(0, y0 - pad),
                min(image.width, x1 + pad),
                min(image.height, y1 + pad),
            )
        )
    return lines_to_text(ocr_image(image), min_confidence=0.3).replace("\n", " ")


def check_strings(
    image: Image.Image, strings: list[str], boxes: dict[str, Box] | None = None
) -> dict[str, Any]:
    """OCR `image` and judge each string: `ok`, `misspelled` (something close was read:
    `read` says what), `missing`, `unchecked` (the OCR model cannot read its script) or
    `not_rendered` (no installed font has all its characters). With `boxes` ({"text:<i>":
    box}, from the layout) string i is read only inside its box; without, anywhere."""
    from studio.compose import lettering
    from studio.documents.ocr import OcrUnavailableError

    hint_of = getattr(lettering, "missing_font_hint", lambda _text: None)

    t0 = time.perf_counter()
    results: list[dict[str, Any]] = []
    whole: str | None = None
    try:
        for i, text in enumerate(strings):
            item: dict[str, Any] = {"text": text, "script": script_of(text)}
            box = (boxes or {}).get(f"text:{i}")
            if not coverage(text):
                hint = hint_of(text)
                item |= {"status": "not_rendered", "why": hint or "no installed font has it"}
            elif not readable(text):
                item |= {
                    "status": "unchecked",
                    "why": f"the OCR model here cannot read its {unreadable(text)}",
                }
            else:
                if box is not None:
                    read = _read(image, box)
                    if not found(text, read):  # small lettering: once more at twice the size
                        x0, y0, x1, y1 = box
                        crop = image.crop((max(0, x0 - 12), max(0, y0 - 12), x1 + 12, y1 + 12))
                        read = _read(crop.resize((crop.width * 2, crop.height * 2)), None)
                else:
                    whole = whole if whole is not None else _read(image, None)
                    read = whole
                if found(text, read):
                    item["status"] = "ok"
                else:
                    piece, ratio = closest(text, read)
                    item |= (
                        {"status": "misspelled", "read": piece}
                        if ratio >= 0.6
                        else {"status": "missing"}
                    )
            if box is not None:
                item["box"] = list(box)
            results.append(item)
    except OcrUnavailableError as exc:
        return {"status": "unverified", "engine": None, "reason": str(exc), "strings": []}
    bad = [r for r in results if r["status"] != "ok"]
    return {
        "status": "verified" if not bad else "unverified",
        "engine": ENGINE,
        "seconds": round(time.perf_counter() - t0, 3),
        "reason": None if not bad else "; ".join(_why(r) for r in bad[:6]),
        "strings": results,
    }


def _why(result: dict[str, Any]) -> str:
    status, text = result["status"], result["text"]
    if status == "misspelled":
        return f"{text!r} misspelled (read {result.get('read', '')!r})"
    if status in ("unchecked", "not_rendered"):
        return f"{text!r} {status.replace('_', ' ')}: {result.get('why')}"
    return f"{text!r} not legible"


def corrected_prompt(prompt: str, report: dict[str, Any]) -> str:
    """The prompt again, with the strings that did not read back spelled out letter by
    letter: what a text-capable model gets for its one second try."""
    wrong = [r for r in report.get("strings", []) if r["status"] in ("missing", "misspelled")]
    if not wrong:
        return prompt
    lines = "; ".join(
        f'"{r["text"]}" (spelled {"-".join(r["text"].replace(" ", "_"))})' for r in wrong
    )
    return (
        f"{prompt} IMPORTANT, the lettering must be exact: the previous attempt misspelled or "
        f"left out {lines}. Write every word exactly as given, letter for letter, large and "
        "legible."
    )
