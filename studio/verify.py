"""Verification: OCR the finished deliverable and check that every fact the composer drew is
legible and reads as the number in the document. A deliverable that fails is marked
`unverified` with the reason; it is never silently delivered as good.

This is half of `verified`: the other half, that each figure is visible on the PDF page it
cites, is `verify_source.py`, which runs first (a figure the page does not show is never
drawn) and merges its per-fact `source_visible` into the report this module makes.

Matching is on the numbers, not the typography: the digits and decimal point of each fact's
display string must be read inside the box where the composer drew it (or anywhere on the
page when no box is known), and a negative figure must still read as negative.
"""

from __future__ import annotations

import re
import time
import unicodedata
from typing import Any

from PIL import Image

from studio.domain import Fact

ENGINE = "rapidocr-onnxruntime (PP-OCR)"
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _numbers(text: str) -> list[str]:
    return [n.replace(",", "") for n in _NUMBER.findall(text)]


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\u2212\u2012\u2013\u2014]", "-", text)


def _negative(display: str) -> bool:
    d = _norm(display)
    # a currency sign between the minus and the digits may be read as a look-alike letter
    # ("-f1,109" for "-£1,109", "-S5" for "-$5", "-e3" for "-€3")
    return bool(re.search(r"(^|[\s$€£¥(])-\s*[$€£¥fFEeS]?\s*\d|\(\s*[$€£¥]?\s*\d", d))


def _matches(display: str, text: str) -> bool:
    """Every number of `display` is read, and a negative still reads as negative."""
    text = _norm(text)
    want, got = _numbers(display), _numbers(text)
    return bool(want) and all(n in got for n in want) and _negative(display) == _negative(text)


def read_line(image: Image.Image) -> str:
    """Recognise one line of text (no detection pass): ~0.1 s for a figure's box."""
    import numpy as np

    from studio.documents.ocr import _engine

    result, _ = _engine()(
        np.asarray(image.convert("RGB")), use_det=False, use_cls=False, use_rec=True
    )
    return " ".join(str(r[0]) for r in result or []).strip()


def _crop(image: Image.Image, box: tuple[int, int, int, int], pad: int) -> Image.Image:
    x0, y0, x1, y1 = box
    return image.crop(
        (
            max(0, x0 - pad),
            max(0, y0 - pad),
            min(image.width, x1 + pad),
            min(image.height, y1 + pad),
        )
    )


def check_facts(
    image: Image.Image,
    facts: list[Fact],
    boxes: dict[str, tuple[int, int, int, int]] | None = None,
) -> dict[str, Any]:
    """OCR `image` once and judge each fact. `boxes` maps fact ids (infographic.fact_id) to
    where the layout drew each display string."""
    t0 = time.perf_counter()
    from studio.compose.infographic import fact_id
    from studio.documents.ocr import OcrUnavailableError, ocr_image

    results = []
    whole: list | None = None
    try:
        for i, fact in enumerate(facts):
            box = (boxes or {}).get(fact_id(fact, i))
            if box is not None:
                # Read only where the layout drew this figure (plus a margin): much faster
                # than the whole page, and a figure legible elsewhere does not count.
                crop = _crop(image, box, pad=14)
                seen = [read_line(crop)]
                wrapped = len(_numbers(seen[0])) < len(_numbers(fact.display))
                if not _matches(fact.display, seen[0]) and wrapped:  # two lines? detect them
                    seen = [t for t, _, _ in ocr_image(crop)]
                if not _matches(fact.display, " ".join(seen)):
                    # a long figure read at its drawn size can drop a digit ("$221." for
                    # "$221.9"): read it once more at twice the size before calling it wrong
                    big = crop.resize((crop.width * 2, crop.height * 2), Image.LANCZOS)
                    again = [t for t, _, _ in ocr_image(big)]
                    if _matches(fact.display, " ".join(again)):
                        seen = again
            else:
                whole = whole if whole is not None else ocr_image(image)
                seen = [t for t, _, _ in whole]
            text = _norm(" ".join(seen))
            if _matches(fact.display, text):
                status = "ok"
            elif box is not None and _numbers(text):
                status = "mismatch"
            else:
                status = "missing"
            results.append(
                {
                    "key": fact.key,
                    "segment": fact.segment,
                    "display": fact.display,
                    "page": fact.page,
                    "status": status,
                    "ocr": text[:200],
                }
            )
    except OcrUnavailableError as exc:  # say so; never pass silently
        return {"status": "unverified", "engine": None, "reason": str(exc), "facts": []}
    bad = [r for r in results if r["status"] != "ok"]
    return {
        "status": "verified" if not bad else "unverified",
        "engine": ENGINE,
        "seconds": round(time.perf_counter() - t0, 3),
        "reason": None
        if not bad
        else "; ".join(f"{r['display']} ({r['key']}) {r['status']}" for r in bad[:5]),
        "facts": results,
    }


def _ocr_tokens(text: str) -> list[str]:
    """Words as OCR can be held to them: accents dropped ('ü' is often read 'u') and currency
    signs dropped ('€' is often read 'ε' or lost); the digits of a price still count."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    plain = re.sub(r"[$€£¥ε]", " ", plain)
    return re.findall(r"[\w%.,]+", plain)


def check_text(image: Image.Image, words: list[str]) -> dict[str, Any]:
    """OCR the finished image and check that each piece of on-image text the brief asked for
    (headline, offer, price, call to action) reads back: every word of it, in order."""
    t0 = time.perf_counter()
    from studio.documents.ocr import OcrUnavailableError, ocr_image

    try:
        seen = _norm(" ".join(t for t, _, _ in ocr_image(image))).lower()
    except OcrUnavailableError as exc:
        return {"status": "unverified", "engine": None, "reason": str(exc), "texts": []}
    flat = " ".join(_ocr_tokens(seen))
    results = []
    for text in words:
        want = [w.strip(".,") for w in _ocr_tokens(_norm(text).lower()) if w.strip(".,")]
        # in order, allowing the OCR to split or join punctuation, and up to three other
        # pieces between two words (a badge read between a headline's two lines)
        pattern = r"(?:\s*|\s+(?:\S+\s+){0,3})".join(re.escape(w) + r"[.,]?" for w in want)
        ok = bool(pattern) and re.search(pattern, flat) is not None
        results.append({"text": text, "status": "ok" if ok else "missing"})
    bad = [r for r in results if r["status"] != "ok"]
    return {
        "status": "verified" if not bad else "unverified",
        "engine": ENGINE,
        "seconds": round(time.perf_counter() - t0, 3),
        "reason": None if not bad else "; ".join(f"{r['text']!r} not legible" for r in bad),
        "texts": results,
    }
