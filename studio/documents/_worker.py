"""The sandboxed half of the PDF reader: runs in its own process, under resource limits.

    parent (studio.documents.reader)            this file, as `python -I _worker.py`
    ─────────────────────────────────           ──────────────────────────────────────
    request JSON  ──── stdin ────────────────►  1. set RLIMIT_AS / RLIMIT_CPU / RLIMIT_CORE
                                                2. run the request's mode: "text" reads the
                                                   visible glyphs with pdfium (visible.py) and
                                                   lays them out in lines (layout.py); "ocr"
                                                   renders a page and reads it with RapidOCR
    result JSON   ◄─── stdout (one line) ─────  3. print {"ok": true, ...} or
                                                   {"ok": false, "kind": ..., "message": ...}

A hostile PDF can make a parser loop, recurse, allocate without bound or crash in native
code. Here that ends the *worker*: the parent sees a limit error, a dead process or a wall
clock timeout and turns it into a clear `DocumentError`. This file imports nothing from
`studio` so that the worker starts fast and a broken package cannot confuse it; the sibling
modules it needs (visible.py, paint.py, layout.py) are standard library + pypdfium2 only and
are imported by `_load` as a package of their own, without studio/documents/__init__.py.

Request fields: mode (a key of MODES), path, password, max_pages, max_chars, memory_mb,
cpu_s; ocr also takes page (0-based) and max_side (pixels). A new mode is one function
taking the request and returning a result dict, plus one line in MODES.
"""

from __future__ import annotations

import importlib
import json
import resource
import sys
from pathlib import Path
from typing import Any


def _set_limits(memory_mb: int, cpu_s: int) -> None:
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


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


def _load(name: str) -> Any:
    """A sibling module, imported as `_studio_documents.<name>` from this folder without
    running studio/documents/__init__.py (the worker does not import `studio`); relative
    imports between siblings (`from . import paint`) work as in the package."""
    import types

    if "_studio_documents" not in sys.modules:
        package = types.ModuleType("_studio_documents")
        package.__path__ = [str(Path(__file__).parent)]
        sys.modules["_studio_documents"] = package
    return importlib.import_module(f"_studio_documents.{name}")


def _open(request: dict[str, Any]) -> tuple[Any, bool] | dict[str, Any]:
    """(the pdfium document, whether it is encrypted), or a failure result."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    password = request.get("password")
    try:
        pdf = pdfium.PdfDocument(request["path"], password=password)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == raw.FPDF_ERR_PASSWORD:
            return _fail("wrong_password" if password else "encrypted", "cannot decrypt")
        if code == raw.FPDF_ERR_SECURITY:
            return _fail("encryption_unsupported", "unsupported security handler")
        if code == raw.FPDF_ERR_SUCCESS:  # pdfium refuses a document without pages this way
            return _fail("no_pages", "the page tree is empty")
        return _fail("broken", str(exc)[:300])
    return pdf, raw.FPDF_GetSecurityHandlerRevision(pdf.raw) != -1


class _Pypdf:
    """pypdf, opened only when pdfium needs help with a page:

    - a page that shows no text: pdfium reads a decompression bomb or an absurdly nested
      page dictionary without complaint and returns a blank page, while pypdf stops at its
      limits (LimitReachedError, RecursionError); those become clear errors instead of a
      confusing "no readable text";
    - a glyph pdfium cannot map to Unicode: pypdf reads the font's /Differences, which name
      it (/dollarsign)."""

    def __init__(self, request: dict[str, Any]) -> None:
        self.request = request
        self._reader: Any = None
        self._differences: dict[int, dict[str, dict[int, str]]] = {}

    @property
    def reader(self) -> Any:
        if self._reader is None:
            import logging

            from pypdf import PdfReader

            logging.getLogger("pypdf").setLevel(logging.CRITICAL)
            self._reader = PdfReader(self.request["path"], strict=False)
            if self._reader.is_encrypted:
                self._reader.decrypt(self.request.get("password") or "")
        return self._reader

    def check(self, index: int) -> None:
        try:
            contents = self.reader.pages[index].get_contents()
            if contents is not None:
                contents.get_data()
        except Exception as exc:
            if type(exc).__name__ == "LimitReachedError" or _caused_by(
                exc, RecursionError, MemoryError
            ):
                raise
            # anything else pypdf dislikes is pdfium's call: it read the page

    def glyph_name(self, index: int, font: str, code: int) -> str | None:
        if index not in self._differences:
            self._differences[index] = self._page_differences(index)
        return self._differences[index].get(font, {}).get(code)

    def _page_differences(self, index: int) -> dict[str, dict[int, str]]:
        """base font name -> {code: glyph name} from the /Differences of the page's fonts."""
        out: dict[str, dict[int, str]] = {}
        try:
            fonts = self.reader.pages[index]["/Resources"]["/Font"]
            for ref in fonts.values():
                font = ref.get_object()
                name = str(font.get("/BaseFont", "")).lstrip("/")
                name = name.split("+", 1)[1] if len(name) > 7 and name[6] == "+" else name
                encoding = font.get("/Encoding")
                encoding = encoding.get_object() if encoding is not None else None
                if not hasattr(encoding, "get"):
                    continue
                code, names = 0, out.setdefault(name, {})
                for item in encoding.get("/Differences", [])[:512]:
                    if isinstance(item, int):
                        code = item
                    else:
                        names.setdefault(code, str(item).lstrip("/"))
                        code += 1
        except Exception as exc:  # a font dictionary pypdf cannot follow: no names, not fatal
            if _caused_by(exc, RecursionError, MemoryError):
                raise
        return out


def _title(pdf: Any) -> str | None:
    try:
        title = pdf.get_metadata_value("Title")
    except Exception:  # metadata is optional and often broken
        return None
    return str(title).strip() or None if title else None


def _extract_text(request: dict[str, Any]) -> dict[str, Any]:
    """Visible text, page by page, with line boxes and what was skipped as unseen."""
    visible = _load("visible")
    layout = _load("layout")

    # 1. open; pdfium decrypts with the password given, or the empty user password
    opened = _open(request)
    if isinstance(opened, dict):
        return opened
    pdf, encrypted = opened

    # 2. count pages before touching their content
    pages = len(pdf)
    if pages > request["max_pages"]:
        return _fail("too_many_pages", str(pages))

    # 3. read visible glyphs and lay them out, page by page, until the budget is spent
    max_chars = request["max_chars"]
    texts: list[str] = []
    lines: list[list[list[Any]]] = []
    sizes: list[list[float]] = []
    hidden: list[list[Any]] = []
    warnings: list[str] = []
    total = 0
    truncated_at = None
    helper = _Pypdf(request)
    for index in range(pages):
        if truncated_at is not None:
            texts.append("")
            lines.append([])
            sizes.append([0.0, 0.0])
            continue
        try:
            page = visible.read_page(pdf, index, helper.glyph_name)
        except Exception as exc:
            if _caused_by(exc, RecursionError, MemoryError):
                raise
            warnings.append(f"page {index + 1}: {type(exc).__name__}: {exc}"[:200])
            texts.append("")
            lines.append([])
            sizes.append([0.0, 0.0])
            continue
        if not page.glyphs and not page.hidden:
            helper.check(index)  # a blank page: make sure it is not a bomb pdfium swallowed
        page_lines = layout.page_lines(page.glyphs)
        text = layout.page_text(page_lines)
        for reason, skipped in page.hidden_text().items():
            if not skipped:
                continue
            count = len(skipped.replace(" ", ""))
            excerpt = skipped[:200]
            hidden.append([index + 1, reason, excerpt])
            short = skipped if len(skipped) <= 60 else skipped[:60] + "…"
            warnings.append(
                f"page {index + 1}: skipped {count} characters a reader cannot see "
                f'({visible.REASONS[reason]}): "{short}"'
            )
        if total + len(text) > max_chars:
            text = text[: max(0, max_chars - total)]
            truncated_at = index
            kept, used = [], 0
            for line in page_lines:  # the lines that fit in what is kept of the text
                used += len(line.text) + 1
                if used > len(text) + 1:
                    break
                kept.append(line)
            page_lines = kept
        total += len(text)
        texts.append(text)
        lines.append([line.as_list() for line in page_lines])
        sizes.append([round(page.width, 2), round(page.height, 2)])

    if truncated_at is not None:
        warnings.append(f"text truncated at {max_chars} characters (pdf_max_chars)")
    return {
        "ok": True,
        "pages": pages,
        "title": _title(pdf),
        "encrypted": encrypted,
        "page_texts": texts,
        "lines": lines,
        "page_sizes": sizes,
        "hidden": hidden,
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
        return {"ok": True, "lines": [], "blank": True, "scale": scale}

    from rapidocr_onnxruntime import RapidOCR

    result, _elapsed = RapidOCR()(image)
    lines = []
    for points, text, score in result or []:
        xs = [float(p[0]) for p in points]
        ys = [float(p[1]) for p in points]
        lines.append([str(text), [min(xs), min(ys), max(xs), max(ys)], float(score)])
    return {"ok": True, "lines": lines, "blank": False, "scale": scale}


MODES = {  # mode -> (what it runs, the libraries to import before the limits apply)
    "text": (_extract_text, ("pypdfium2", "pypdf")),
    "ocr": (_ocr, ("pypdfium2", "rapidocr_onnxruntime")),
    # source check (studio/verify_source.py): is each cited number visible on its page?
    "region": (lambda r: _load("_region").check_regions(r), ("pypdfium2", "rapidocr_onnxruntime")),
}


def main() -> int:
    request = json.loads(sys.stdin.read())
    run, libraries = MODES.get(request.get("mode") or "text", MODES["text"])
    try:  # import first: the limits are for the PDF, not for loading libraries
        for library in libraries:
            importlib.import_module(library)
    except ImportError as exc:
        sys.stdout.write(json.dumps(_fail("internal", f"{type(exc).__name__}: {exc}")))
        return 0
    _set_limits(request["memory_mb"], request["cpu_s"])
    sys.setrecursionlimit(2000)
    try:
        result = run(request)
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
