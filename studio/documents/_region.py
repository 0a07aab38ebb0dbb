"""The sandboxed half of the source check: is each cited number *visible* on its page?

Runs inside `_worker.py` (mode "region"), under the same limits as every other PDF read, and
imports nothing from `studio`. The text layer says where a number is; only the rendered
pixels say whether a person can see it. White-on-white, 1 pt, covered, render-mode-3 or
off-page text is in the text layer (pdfium's search finds it) but OCR of the rendered page
cannot read it there, which is the point:

    for each cited page (rendered once, ~150 dpi, upright: a /Rotate is undone for OCR):
      for each number a fact draws:
        1. pdfium text search for the number as printed; each hit is scored by how well the
           words around it match the quote's words around the number, best first
        2. crop a padded box around the hit; a crop of one colour shows nothing; otherwise
           recognise it as one line (a few hundredths of a second), then the figure alone,
           and if neither reads the number, detect and read the lines of a wider crop. Only
           occurrences whose context is as close to the quote as the best one are tried
        3. no hit in the text layer at all (a scan, a font without a Unicode map): OCR the
           whole page once and look for the number anywhere on it

Request: {"mode": "region", "path", "password", "dpi", "budget_s" (pages not reached by then
come back "visible": null), "checks": [{"id", "page" (1-based),
"numbers": [{"search": "4,623", "digits": "4623", "negative": false, "before": "...",
"after": "..."}]}]}. Result: {"ok": true, "results": [{"id", "page", "visible", "numbers":
[{"search", "visible", "how", "box" (points from the page's top-left), "ocr"}]}]}.
"""

from __future__ import annotations

import ctypes
import re
import time
import unicodedata
from typing import Any

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_WORD = re.compile(r"[a-z]{3,}|\d[\d,.]*")
MAX_HITS = 3  # text-layer occurrences tried per number, best context first
BLANK = 16  # grey levels: a crop flatter than this shows nothing


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)  # OCR reads "（1,234）" for "(1,234)"
    return re.sub(r"[\u2212\u2012\u2013\u2014]", "-", text).replace("\u00a0", " ")


def negative_at(text: str, start: int) -> bool:
    """Is the number starting at `start` printed as negative: "(1,234)", "-$5", "−3%"? A
    dash after a figure is a range ("6.0% – 7.0%", "$5.00-$5.20"), not a sign."""
    lead = _norm(text[max(0, start - 8) : start])
    if re.search(r"\(\s*[$€£]?\s*$", lead):
        return True
    return bool(re.search(r"-\s*[$€£]?\s*$", lead)) and not re.search(
        r"[\d%)]\s*-\s*[$€£]?\s*$", lead
    )


def reads_as(digits: str, negative: bool, text: str) -> bool:
    """`text` shows the number `digits` (commas dropped) with the same sign."""
    text = _norm(text)
    for m in _NUMBER.finditer(text):
        if m.group().replace(",", "").rstrip(".,") != digits:
            continue
        if negative_at(text, m.start()) == negative:
            return True
    return False


def _words(text: str) -> list[str]:
    return _WORD.findall(_norm(text).lower())


def _run(expected: list[str], found: list[str]) -> int:
    """How many of `expected` match `found` word for word from the start, in order."""
    n = 0
    for want, got in zip(expected, found, strict=False):
        if want != got:
            break
        n += 1
    return n


def _context_score(textpage: Any, index: int, count: int, number: dict[str, Any]) -> float:
    """How much of the quote around the number is around this hit, word for word and in
    order, outward from the number: the quote's own occurrence scores 1, another sentence
    with the same figure (or a near copy of it a few words on) scores less."""
    before = _words(number.get("before", ""))[-8:]
    after = _words(number.get("after", ""))[:8]
    if not before and not after:
        return 0.0
    span = 16 * max(len(before), len(after), 1)
    left = _words(textpage.get_text_range(max(0, index - span), min(index, span)))
    right = _words(textpage.get_text_range(index + count, span))
    hits = _run(before[::-1], left[::-1]) + _run(after, right)
    return hits / (len(before) + len(after))


def _boundary_ok(textpage: Any, index: int, count: int, total: int) -> bool:
    """The hit is a whole number: "29" inside "2029", "1,290" or "29.5" is not 29."""
    prev = textpage.get_text_range(max(0, index - 2), min(index, 2))
    nxt = textpage.get_text_range(index + count, 2) if index + count < total else ""
    if prev[-1:].isdigit() or (prev[-1:] in (".", ",") and prev[-2:-1].isdigit()):
        return False
    return not (nxt[:1].isdigit() or (nxt[:1] in (".", ",") and nxt[1:2].isdigit()))


def _hits(textpage: Any, number: dict[str, Any]) -> list[tuple[float, int, int]]:
    total = textpage.count_chars()
    searcher = textpage.search(number["search"], match_case=False)
    found = []
    while len(found) < 200:
        hit = searcher.get_next()
        if hit is None:
            break
        index, count = hit
        if _boundary_ok(textpage, index, count, total):
            found.append((_context_score(textpage, index, count, number), index, count))
    found.sort(key=lambda h: -h[0])
    return found


def _crop(image: Any, box: tuple, pad_x: float, pad_y: float) -> Any | None:
    x0, y0, x1, y1 = box
    area = (
        max(0, int(x0 - pad_x)),
        max(0, int(y0 - pad_y)),
        min(image.width, int(x1 + pad_x + 1)),
        min(image.height, int(y1 + pad_y + 1)),
    )
    if area[2] - area[0] < 2 or area[3] - area[1] < 2:
        return None  # off the page: nothing rendered there
    return image.crop(area)


def _blank(crop: Any) -> bool:
    low, high = crop.convert("L").getextrema()
    return high - low < BLANK


class _Reader:
    """One OCR engine per worker call, loaded on first use."""

    def __init__(self) -> None:
        self._engine: Any = None

    def engine(self) -> Any:
        if self._engine is None:
            from rapidocr_onnxruntime import RapidOCR

            # "max": never upscale a small crop for detection (the default upscales every
            # image to 736 px on its short side, seconds for a one-line crop)
            self._engine = RapidOCR(det_limit_type="max")
        return self._engine

    def line(self, crop: Any) -> str:
        import numpy as np

        result, _ = self.engine()(
            np.asarray(crop.convert("RGB")), use_det=False, use_cls=False, use_rec=True
        )
        return " ".join(str(r[0]) for r in result or []).strip()

    def lines(self, image: Any) -> list[tuple[str, tuple[float, float, float, float]]]:
        result, _ = self.engine()(image.convert("RGB"))
        out = []
        for points, text, _score in result or []:
            xs = [float(p[0]) for p in points]
            ys = [float(p[1]) for p in points]
            out.append((str(text), (min(xs), min(ys), max(xs), max(ys))))
        return out


class _View:
    """One cited page: rendered once, upright (a page's /Rotate undone so that its text
    reads left to right for OCR), with its text layer, and OCR'd whole at most once."""

    def __init__(self, page: Any, dpi: float, max_side: int, reader: _Reader) -> None:
        self.page, self.reader = page, reader
        width, height = page.get_size()
        self.scale = min(dpi / 72, max_side / max(width, height, 1))
        self.turn = (4 - page.get_rotation() // 90) % 4  # quarter turns that undo /Rotate
        bitmap = page.render(scale=self.scale, rotation=self.turn * 90)
        self.image = bitmap.to_pil().convert("RGB")
        self.textpage = page.get_textpage()
        self._lines: list[tuple[str, tuple]] | None = None

    def to_pixels(self, x: float, y: float) -> tuple[int, int]:
        """Page space to rendered pixels, through the crop box and rotation of the render."""
        import pypdfium2.raw as raw

        dx, dy = ctypes.c_int(), ctypes.c_int()
        width, height = self.image.size
        raw.FPDF_PageToDevice(self.page.raw, 0, 0, width, height, self.turn, x, y, dx, dy)
        return dx.value, dy.value

    def hit_box(self, index: int, count: int) -> tuple[int, int, int, int]:
        """Pixel box (x0, y0, x1, y1) of a text-layer hit's characters."""
        xs, ys = [], []
        for i in range(index, index + count):
            left, bottom, right, top = self.textpage.get_charbox(i)
            for px, py in ((left, bottom), (right, top)):
                u, v = self.to_pixels(px, py)
                xs.append(u)
                ys.append(v)
        return min(xs), min(ys), max(xs), max(ys)

    def lines(self) -> list[tuple[str, tuple]]:
        if self._lines is None:
            self._lines = [] if _blank(self.image) else self.reader.lines(self.image)
        return self._lines

    def close(self) -> None:
        self.textpage.close()
        self.page.close()


def _look_at_hit(reader: _Reader, image: Any, box: tuple, number: dict[str, Any]) -> tuple:
    """(visible, ocr text) for the rendered region around one text-layer hit."""
    height = max(box[3] - box[1], 1)
    tight = _crop(image, box, pad_x=3 * height, pad_y=0.45 * height)
    if tight is None or _blank(tight):
        return False, ""
    seen = reader.line(tight)
    if reads_as(number["digits"], number["negative"], seen):
        return True, seen
    alone = _crop(image, box, pad_x=1.2 * height, pad_y=0.45 * height)  # the figure alone
    if alone is not None:
        seen_alone = reader.line(alone)
        if reads_as(number["digits"], number["negative"], seen_alone):
            return True, seen_alone
    wide = _crop(image, box, pad_x=10 * height, pad_y=1.5 * height)  # lines around it
    if wide is None:
        return False, seen
    joined = " ".join(text for text, _ in reader.lines(wide))
    return reads_as(number["digits"], number["negative"], joined), joined or seen


def _check_number(view: _View, number: dict[str, Any]) -> dict[str, Any]:
    hits = _hits(view.textpage, number)
    if hits:
        best = hits[0][0]
        tried: dict[str, Any] = {}
        for score, index, count in hits[:MAX_HITS]:
            if score < best - 0.25:  # only occurrences as close to the quote as the best
                break
            box = view.hit_box(index, count)
            visible, seen = _look_at_hit(view.reader, view.image, box, number)
            tried = tried or {"box": box, "ocr": seen}
            if visible:
                tried = {"box": box, "ocr": seen}
                break
        return {
            "search": number["search"],
            "visible": visible,
            "how": "text layer + region OCR",
            "box": [round(v / view.scale, 1) for v in tried["box"]],
            "ocr": tried["ocr"][:200],
        }
    # 3. not in the text layer: a scan or a broken font; the page as a person sees it
    for text, box in view.lines():
        if reads_as(number["digits"], number["negative"], text):
            return {
                "search": number["search"],
                "visible": True,
                "how": "page OCR (not in the text layer)",
                "box": [round(v / view.scale, 1) for v in box],
                "ocr": text[:200],
            }
    return {
        "search": number["search"],
        "visible": False,
        "how": "page OCR (not in the text layer)",
        "box": None,
        "ocr": "",
    }


def check_regions(request: dict[str, Any]) -> dict[str, Any]:
    """Judge every check of the request; each cited page is rendered and searched once."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(request["path"], password=request.get("password"))
    pages = len(pdf)
    dpi = float(request.get("dpi", 150))
    max_side = int(request.get("max_side", 2400))
    reader = _Reader()
    deadline = time.monotonic() + float(request.get("budget_s", 20))
    results = []
    by_page: dict[int, list[dict[str, Any]]] = {}
    for check in request["checks"]:
        by_page.setdefault(int(check["page"]), []).append(check)
    for number, checks in sorted(by_page.items()):
        if not 1 <= number <= pages:
            for check in checks:
                results.append(
                    {"id": check["id"], "page": number, "visible": False, "numbers": [],
                     "error": f"the document has no page {number}"}
                )  # fmt: skip
            continue
        if time.monotonic() > deadline:  # say which were not checked rather than time out
            for check in checks:
                results.append(
                    {"id": check["id"], "page": number, "visible": None, "numbers": [],
                     "error": "not checked: time budget spent"}
                )  # fmt: skip
            continue
        view = _View(pdf[number - 1], dpi, max_side, reader)
        for check in checks:
            numbers = [_check_number(view, n) for n in check["numbers"]]
            results.append(
                {
                    "id": check["id"],
                    "page": number,
                    "visible": bool(numbers) and all(n["visible"] for n in numbers),
                    "numbers": numbers,
                }
            )
        view.close()
    pdf.close()
    return {"ok": True, "results": results, "pages": pages}
