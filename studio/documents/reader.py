"""Read a PDF safely: `read_pdf(path) -> DocumentText`.

PDFs are hostile input. The parse runs in a separate process (`_worker.py`) with an
address-space limit, a CPU-time limit and a wall-clock timeout, so a decompression bomb,
an xref loop, a deeply nested object or a crash in native code ends as a clear
`DocumentError` subclass, never as a hang or a dead caller:

    1. the file: exists (AttachmentError), size (PdfLimitError), %PDF- header (NotAPdfError)
    2. the worker: pdfium opens, decrypts, counts pages, reads the glyphs a person can see
       (visible.py; the rest is reported in `hidden` and `warnings`) and lays them out in
       lines by position (layout.py), all under the limits; a blank page is re-read with
       pypdf, whose limits catch the decompression bombs and deep nesting pdfium swallows,
       and pdfium's abort on a failed allocation (SIGABRT) reads as the memory limit
    3. normalise each page (ligatures, glyph names, split words; see normalise.py)
    4. pages with no text layer or garbage text are rendered (pdfium) and read with OCR
       (RapidOCR, see ocr.py), each in its own worker, within a page and time budget
    5. no readable text anywhere: NoTextError
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from studio.config import Settings, get_settings
from studio.documents import ocr
from studio.documents.models import DocumentText, HiddenText, TextLine
from studio.documents.normalise import normalise_text
from studio.documents.vocab import STOPWORDS
from studio.errors import (
    AttachmentError,
    DocumentError,
    EncryptedPdfError,
    NotAPdfError,
    NoTextError,
    PdfLimitError,
)

WORKER = Path(__file__).with_name("_worker.py")
HEADER_WINDOW = 1024  # readers accept junk before %PDF- within the first 1 KiB
OCR_MAX_PAGES = 4  # pages OCR'd per document; headline figures live on the first pages
OCR_MEMORY_MB = 3072  # onnxruntime reserves far more address space than it touches
_CACHE: dict[tuple[Any, ...], DocumentText] = {}
_CACHE_SIZE = 8
REPAIR_HINT = "open it in a PDF viewer and save or print it to a new PDF, then attach that"

_MAGIC = [
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/Excel/PowerPoint file)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
    (b"{\\rtf", "an RTF document"),
]


def read_pdf(
    path: str | os.PathLike[str],
    *,
    password: str | None = None,
    settings: Settings | None = None,
) -> DocumentText:
    """The text of the PDF at `path`, one string per page, read under the limits in settings."""
    settings = settings or get_settings()
    path = Path(path)
    name = path.name

    # 1. the file itself
    if not path.exists():
        raise AttachmentError(f"{path} does not exist", hint="check the path and try again")
    if not path.is_file():
        raise AttachmentError(f"{path} is not a file", hint="attach a PDF file, not a folder")
    size = path.stat().st_size
    if size > settings.pdf_max_bytes:
        raise PdfLimitError(
            f"{name} is {size / 1e6:.1f} MB, more than the {settings.pdf_max_bytes / 1e6:.1f} MB limit",
            hint="attach a smaller excerpt, or raise STUDIO_PDF_MAX_BYTES",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise AttachmentError(
            f"cannot read {path}: {exc.strerror}", hint="check its permissions"
        ) from exc
    _check_header(data, name)
    sha256 = hashlib.sha256(data).hexdigest()
    key = (sha256, password, settings.pdf_max_pages, settings.pdf_max_chars, settings.pdf_timeout_s,
           settings.pdf_max_memory_mb)  # fmt: skip
    if key in _CACHE:  # attaching a PDF reads it, planning reads it again: OCR once
        return _CACHE[key].model_copy(deep=True)

    # 2. parse in the sandboxed worker
    result = _run_worker(
        {"mode": "text", "path": str(path.resolve()), "password": password}, name, settings
    )
    if result["pages"] == 0:
        raise NoTextError(f"{name} has no pages", hint="attach the complete document")

    # 3. normalise
    texts = [normalise_text(text) for text in result["page_texts"]]
    lines = [_lines(page) for page in result["lines"]]
    sizes = [(float(w), float(h)) for w, h in result["page_sizes"]]
    hidden = [HiddenText(page=p, reason=reason, text=text) for p, reason, text in result["hidden"]]
    warnings = list(result["warnings"])

    # 4. OCR for pages without a usable text layer
    last = result["truncated_at"] if result["truncated_at"] is not None else len(texts)
    unreadable = [i for i, text in enumerate(texts[:last]) if not is_readable(text)]
    ocr_pages: list[int] = []
    if unreadable:
        ocr_pages = _ocr_pages(path, password, unreadable, texts, lines, warnings, settings)

    # 5. something must be readable
    if not any(is_readable(text) for text in texts):
        stopped = [w for w in warnings if w.startswith(("OCR stopped", "OCR of page"))]
        if ocr.available() and stopped:  # not "no text": OCR did not get to read it
            hint = (
                f"OCR could not finish ({stopped[0]}); try again when the machine is less "
                f"busy, or raise STUDIO_PDF_TIMEOUT_S (now {settings.pdf_timeout_s:g} s)"
            )
        elif ocr.available():
            hint = (
                "OCR found no text either; check that the pages are not blank or images of nothing"
            )
        else:
            hint = f"it may be a scan: {ocr.INSTALL_HINT}"
        raise NoTextError(
            f"{name} has no readable text on its {result['pages']} page(s)", hint=hint
        )

    doc = DocumentText(
        sha256=sha256,
        pages=result["pages"],
        title=result["title"],
        page_texts=texts,
        lines=lines,
        page_sizes=sizes,
        hidden=hidden,
        ocr=bool(ocr_pages),
        ocr_pages=ocr_pages,
        warnings=warnings,
    )
    _CACHE[key] = doc
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    return doc.model_copy(deep=True)


def is_readable(text: str) -> bool:
    """True when `text` looks like words rather than an empty layer or glyph-code garbage
    (a font without a Unicode map gives "/0 /1/2/3..." or shifted letters)."""
    tokens = text.split()
    if not any(ch.isalnum() for ch in text):
        return False
    tokens = [t for t in tokens if any(ch.isalnum() for ch in t)]  # "*", "-", "$" say nothing
    wordlike = [t for t in tokens if _WORDLIKE.fullmatch(t)]
    numeric = [t for t in tokens if _NUMERIC.fullmatch(t)]
    if (len(wordlike) + len(numeric)) / len(tokens) < 0.5:
        return False
    alpha = [t.lower().strip(".,;:()“”\"'") for t in wordlike]
    # many letters but hardly a "the" or "and": a font with a shifted encoding (tables of
    # figures have few function words, so they are not judged this way)
    prose = len(alpha) >= 40 and len(alpha) >= 2 * len(numeric)
    return not (prose and sum(1 for t in alpha if t in STOPWORDS) / len(alpha) < 0.03)


_WORDLIKE = re.compile(r"[(\[“\"'‘$]*[A-Za-z][A-Za-z’'&.-]*[)\]”\"',.;:!?%*]*")
_NUMERIC = re.compile(r"[($-]*\$?\d[\d,./%-]*\)?[%,.;:*$]*")


def _check_header(data: bytes, name: str) -> None:
    if b"%PDF-" in data[:HEADER_WINDOW]:
        return
    if not data:
        raise NotAPdfError(f"{name} is empty (0 bytes), not a PDF", hint="attach the PDF itself")
    kind = next((what for magic, what in _MAGIC if data.startswith(magic)), None)
    if kind is None:
        head = data[:512].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html")):
            kind = "an HTML page (a download link saved instead of the file?)"
        elif all(32 <= b < 127 or b in b"\r\n\t" for b in data[:512]):
            kind = "plain text"
        else:
            kind = "binary data of an unknown kind"
    raise NotAPdfError(
        f"{name} is not a PDF: it has no %PDF- header and looks like {kind}",
        hint="attach the PDF itself (export or print the document to PDF)",
    )


def _run_worker(request: dict[str, Any], name: str, settings: Settings) -> dict[str, Any]:
    """Run _worker.py on `request` under the limits; its JSON result, or a DocumentError."""
    request = {
        "max_pages": settings.pdf_max_pages,
        "max_chars": settings.pdf_max_chars,
        "memory_mb": settings.pdf_max_memory_mb,
        "cpu_s": int(settings.pdf_timeout_s) + 1,
        **request,
    }
    timeout = settings.pdf_timeout_s
    proc = subprocess.Popen(
        [sys.executable, "-I", "-B", str(WORKER)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, so a timeout kills all of it
    )
    try:
        stdout, stderr = proc.communicate(json.dumps(request).encode(), timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise PdfLimitError(
            f"reading {name} took longer than {timeout:.3g} s and was stopped",
            hint="the file may be damaged or built to stall readers; re-save it as a new PDF, "
            "or raise STUDIO_PDF_TIMEOUT_S",
        ) from None
    if proc.returncode != 0 or not stdout:
        raise _died(proc.returncode, stderr, name, settings)
    try:
        result = json.loads(stdout)
    except json.JSONDecodeError:
        raise DocumentError(
            f"the PDF reader returned garbage while reading {name}", hint=REPAIR_HINT
        ) from None
    if not result["ok"]:
        raise _failure(result, name, settings)
    return result


def _kill(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()


def _died(returncode: int, stderr: bytes, name: str, settings: Settings) -> DocumentError:
    if returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        return PdfLimitError(
            f"reading {name} used more than {settings.pdf_timeout_s:.0f} s of CPU and was stopped",
            hint="the file may be built to stall readers; re-save it as a new PDF, "
            "or raise STUDIO_PDF_TIMEOUT_S",
        )
    if returncode == -signal.SIGABRT:  # pdfium aborts when an allocation fails
        return PdfLimitError(
            f"reading {name} needed more than {settings.pdf_max_memory_mb} MB of memory and was stopped",
            hint="the file may be a decompression bomb; re-save it as a new PDF, "
            "or raise STUDIO_PDF_MAX_MEMORY_MB",
        )
    if returncode < 0:
        what = signal.Signals(-returncode).name
        return DocumentError(f"the PDF reader crashed on {name} ({what})", hint=REPAIR_HINT)
    last = stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
    return DocumentError(f"the PDF reader failed on {name}: {last[0][:200]}", hint=REPAIR_HINT)


def _failure(result: dict[str, Any], name: str, settings: Settings) -> DocumentError:
    kind, message = result["kind"], result["message"]
    if kind == "encrypted":
        return EncryptedPdfError(
            f"{name} is encrypted and needs a password",
            hint="pass it with `password`",
            field="password",
        )
    if kind == "wrong_password":
        return EncryptedPdfError(
            f"the password given for {name} is wrong",
            hint="check it and pass the right one with `password`",
            field="password",
        )
    if kind == "encryption_unsupported":
        return EncryptedPdfError(
            f"{name} uses an encryption method Studio cannot open ({message})",
            hint="save an unencrypted copy and attach that",
        )
    if kind == "no_pages":
        return NoTextError(f"{name} has no pages", hint="attach the complete document")
    if kind == "too_many_pages":
        return PdfLimitError(
            f"{name} has {message} pages, more than the limit of {settings.pdf_max_pages}",
            hint="attach only the pages you need, or raise STUDIO_PDF_MAX_PAGES",
        )
    if kind == "memory":
        return PdfLimitError(
            f"reading {name} needed more than {settings.pdf_max_memory_mb} MB of memory and was stopped",
            hint="the file may be a decompression bomb; re-save it as a new PDF, "
            "or raise STUDIO_PDF_MAX_MEMORY_MB",
        )
    if kind == "recursion":
        return PdfLimitError(f"{name} nests objects too deeply to read safely", hint=REPAIR_HINT)
    if kind == "internal":
        return DocumentError(
            f"the PDF reader could not start ({message})",
            hint="install the package named there (pip install cryptography for AES-encrypted PDFs)",
        )
    if kind == "limit":
        return PdfLimitError(
            f"{name} is too large to read safely ({message})",
            hint="it may be a decompression bomb or a damaged file; re-save it as a new PDF",
        )
    return DocumentError(f"{name} is damaged and cannot be read ({message})", hint=REPAIR_HINT)


def _ocr_pages(
    path: Path,
    password: str | None,
    unreadable: list[int],
    texts: list[str],
    page_lines: list[list[TextLine]],
    warnings: list[str],
    settings: Settings,
) -> list[int]:
    """OCR up to OCR_MAX_PAGES unreadable pages in place, each in its own sandboxed worker,
    within a total budget of pdf_timeout_s; the 1-based pages whose text came from OCR."""
    if not ocr.available():
        warnings.append(
            f"page(s) {_pages(unreadable)} have no readable text layer and OCR is not installed "
            f"({ocr.INSTALL_HINT})"
        )
        return []
    todo = unreadable[:OCR_MAX_PAGES]
    if len(unreadable) > len(todo):
        warnings.append(
            f"OCR limited to {OCR_MAX_PAGES} pages; page(s) {_pages(unreadable[len(todo) :])} skipped"
        )
    done: list[int] = []
    deadline = time.monotonic() + settings.pdf_timeout_s
    for index in todo:
        left = deadline - time.monotonic()
        if left < 1:
            warnings.append(
                f"OCR stopped before page {index + 1}: time budget spent (pdf_timeout_s)"
            )
            break
        limits = settings.model_copy(
            update={
                "pdf_timeout_s": left,
                "pdf_max_memory_mb": max(settings.pdf_max_memory_mb, OCR_MEMORY_MB),
            }
        )
        try:
            cpu_s = int(left * (os.cpu_count() or 1)) + 1  # onnxruntime runs a thread per core
            result = _run_worker(
                {
                    "mode": "ocr",
                    "path": str(path.resolve()),
                    "password": password,
                    "page": index,
                    "cpu_s": cpu_s,
                },
                path.name,
                limits,
            )
        except DocumentError as exc:
            warnings.append(f"OCR of page {index + 1} failed: {exc.message}")
            continue
        lines = [(text, tuple(box), score) for text, box, score in result["lines"]]
        text = normalise_text(ocr.lines_to_text(lines))
        if is_readable(text):
            texts[index] = text
            scale = float(result.get("scale") or 0)
            page_lines[index] = _ocr_lines(lines, scale) if scale > 0 else []
            done.append(index + 1)
    if done:
        warnings.append(f"text of page(s) {_pages([p - 1 for p in done])} comes from OCR")
    return done


def _lines(raw: list[list[Any]]) -> list[TextLine]:
    """The worker's [text, x0, top, x1, bottom, size] rows, each text normalised alone (so
    a quote taken from page_texts can be found in a line)."""
    out = []
    for text, x0, top, x1, bottom, size in raw:
        clean = normalise_text(text)
        if clean:
            out.append(TextLine(text=clean, x0=x0, top=top, x1=x1, bottom=bottom, size=size))
    return out


def _ocr_lines(lines: list[tuple[str, tuple[float, ...], float]], scale: float) -> list[TextLine]:
    """OCR boxes (pixels of a page rendered at `scale` pixels per point) as lines in points."""
    out = []
    for text, (x0, top, x1, bottom), _score in sorted(lines, key=lambda line: line[1][1]):
        clean = normalise_text(text)
        if clean:
            out.append(TextLine(text=clean, x0=x0 / scale, top=top / scale, x1=x1 / scale,
                                bottom=bottom / scale,
                                size=min(bottom - top, x1 - x0) / scale))  # fmt: skip
    return out


def _pages(indices: list[int]) -> str:
    return ", ".join(str(i + 1) for i in indices)
