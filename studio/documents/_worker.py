"""The sandboxed half of the PDF reader: runs in its own process, under resource limits.

    parent (studio.documents.reader)            this file, as `python -I _worker.py`
    ─────────────────────────────────           ──────────────────────────────────────
    request JSON  ──── stdin ────────────────►  1. set RLIMIT_AS / RLIMIT_CPU / RLIMIT_CORE
                                                2. open the PDF with pypdf (or render a page
                                                   with pypdfium2 and OCR it)
    result JSON   ◄─── stdout (one line) ─────  3. print {"ok": true, ...} or
                                                   {"ok": false, "kind": ..., "message": ...}

A hostile PDF can make a parser loop, recurse, allocate without bound or crash in native
code. Here that ends the *worker*: the parent sees a limit error, a dead process or a wall
clock timeout and turns it into a clear `DocumentError`. This file imports nothing from
`studio` so that the worker starts fast and a broken package cannot confuse it.

Request fields: mode ("text" | "ocr"), path, password, max_pages, max_chars,
memory_mb, cpu_s; ocr also takes page (0-based) and max_side (pixels).
"""

from __future__ import annotations

import json
import logging
import resource
import sys
from typing import Any


def _set_limits(memory_mb: int, cpu_s: int) -> None:
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


class _Collect(logging.Handler):
    """Keeps the first few distinct pypdf warnings; they become DocumentText.warnings."""

    def __init__(self, keep: int = 8) -> None:
        super().__init__(logging.WARNING)
        self.keep = keep
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()[:200]
        if message not in self.messages and len(self.messages) < self.keep:
            self.messages.append(message)


def _caused_by(exc: BaseException, *kinds: type[BaseException]) -> bool:
    """True when `exc` or an exception it was raised from is one of `kinds` (pypdf wraps
    RecursionError in PdfReadError)."""
    seen = 0
    while exc is not None and seen < 20:
        if isinstance(exc, kinds):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def _fail(kind: str, message: str) -> dict[str, Any]:
    return {"ok": False, "kind": kind, "message": message}


def _probe(page: Any) -> None:
    """Decode the page's content stream, so that a decompression bomb raises
    LimitReachedError here instead of reading as a blank page."""
    contents = page.get_contents()
    if contents is not None:
        contents.get_data()


def _extract_text(request: dict[str, Any]) -> dict[str, Any]:
    from pypdf import PasswordType, PdfReader

    collect = _Collect()
    logging.getLogger("pypdf").addHandler(collect)
    logging.getLogger("pypdf").propagate = False

    # 1. open; decrypt with the password given, or the empty user password many files use
    reader = PdfReader(request["path"], strict=False)
    encrypted = bool(reader.is_encrypted)
    if encrypted:
        password = request.get("password")
        try:
            result = reader.decrypt(password or "")
        except NotImplementedError as exc:  # unsupported crypt filter
            return _fail("encryption_unsupported", str(exc))
        if result == PasswordType.NOT_DECRYPTED:
            return _fail("wrong_password" if password else "encrypted", "cannot decrypt")

    # 2. count pages before touching their content
    pages = len(reader.pages)
    if pages > request["max_pages"]:
        return _fail("too_many_pages", str(pages))

    # 3. extract, page by page, until the character budget is spent
    max_chars = request["max_chars"]
    texts: list[str] = []
    total = 0
    truncated = False
    truncated_at = None
    for number, page in enumerate(reader.pages, start=1):
        if truncated:
            texts.append("")
            continue
        try:
            text = page.extract_text() or ""
            if not text.strip():
                _probe(page)  # pypdf hides stream errors behind an empty page; surface them
        except Exception as exc:
            if type(exc).__name__ in ("DependencyError", "LimitReachedError") or _caused_by(
                exc, RecursionError, MemoryError
            ):
                raise  # not one damaged page: the file or our installation
            collect.messages.append(f"page {number}: {type(exc).__name__}: {exc}"[:200])
            text = ""
        if total + len(text) > max_chars:
            text = text[: max(0, max_chars - total)]
            truncated = True
            truncated_at = number - 1
        total += len(text)
        texts.append(text)

    title = None
    try:
        if reader.metadata and reader.metadata.title:
            title = str(reader.metadata.title).strip() or None
    except Exception:  # metadata is optional and often broken
        title = None

    warnings = list(collect.messages)
    if truncated:
        warnings.append(f"text truncated at {max_chars} characters (pdf_max_chars)")
    return {
        "ok": True,
        "pages": pages,
        "title": title,
        "encrypted": encrypted,
        "page_texts": texts,
        "truncated_at": truncated_at,
        "warnings": warnings,
    }


def _ocr(request: dict[str, Any]) -> dict[str, Any]:
    """Render one page (pdfium draws what a viewer shows) and read it with RapidOCR."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(request["path"], password=request.get("password"))
    page = pdf[request["page"]]
    width, height = page.get_size()  # points
    # ~150 dpi, but never more than max_side pixels on the long side
    scale = min(150 / 72, request.get("max_side", 1800) / max(width, height, 1))
    image = page.render(scale=scale).to_pil().convert("RGB")
    low, high = image.convert("L").getextrema()
    if high - low < 16:  # one colour: nothing to read
        return {"ok": True, "lines": [], "blank": True}

    from rapidocr_onnxruntime import RapidOCR

    result, _elapsed = RapidOCR()(image)
    lines = []
    for points, text, score in result or []:
        xs = [float(p[0]) for p in points]
        ys = [float(p[1]) for p in points]
        lines.append([str(text), [min(xs), min(ys), max(xs), max(ys)], float(score)])
    return {"ok": True, "lines": lines, "blank": False}


def main() -> int:
    request = json.loads(sys.stdin.read())
    try:  # import first: the limits are for the PDF, not for loading libraries
        if request.get("mode") == "ocr":
            import pypdfium2  # noqa: F401
            import rapidocr_onnxruntime  # noqa: F401
        else:
            import pypdf  # noqa: F401
    except ImportError as exc:
        sys.stdout.write(json.dumps(_fail("internal", f"{type(exc).__name__}: {exc}")))
        return 0
    _set_limits(request["memory_mb"], request["cpu_s"])
    sys.setrecursionlimit(2000)
    try:
        result = _ocr(request) if request.get("mode") == "ocr" else _extract_text(request)
    except ImportError as exc:  # a lazy import under the memory limit, or our installation
        if "failed to map" in str(exc):
            result = _fail("memory", "ran out of memory")
        else:
            result = _fail("internal", f"{type(exc).__name__}: {exc}")
    except Exception as exc:
        name = type(exc).__name__
        if _caused_by(exc, MemoryError):
            result = _fail("memory", "ran out of memory")
        elif _caused_by(exc, RecursionError):
            result = _fail("recursion", "objects nested too deeply")
        elif name == "DependencyError":  # pypdf needs an optional package (cryptography)
            result = _fail("internal", str(exc))
        elif name == "LimitReachedError":
            result = _fail("limit", str(exc)[:300])
        else:
            result = _fail("broken", f"{name}: {exc}"[:300])
    sys.stdout.write(json.dumps(result))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
