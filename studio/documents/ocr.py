"""Optical character recognition: one engine for reading scanned PDF pages and for checking
the text on finished infographics.

Engine: RapidOCR (`rapidocr-onnxruntime`, PaddleOCR's PP-OCR detection and recognition
models run by onnxruntime). Why this one rather than Debian's tesseract:

- It installs with pip and its models ship inside the wheel, so a plain `pip install studio`
  is the whole setup on any machine, CI included; nothing is fetched at run time.
  Tesseract needs a system package (apt, brew, an installer on Windows) that a Python
  project cannot declare.
- PP-OCR's detector finds text on coloured cards, gradients and badges, which is what the
  verifier reads on a rendered infographic; tesseract expects black text on a clean white
  page and needs binarisation and page-segmentation tuning for anything else.
- It reports a box and a confidence for every line, which the verifier uses to say where
  a figure was (or was not) legible.

The cost is speed: a dense A4 page at 150 dpi takes several seconds on a laptop CPU, so
the reader OCRs only pages without a usable text layer, up to a page budget.

The engine is optional: without the extra installed, `available()` is False and
`ocr_image` raises `OcrUnavailableError` saying what to install.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from studio.errors import OcrUnavailableError, StudioError  # noqa: F401 (re-exported)

if TYPE_CHECKING:
    from PIL.Image import Image

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels
OcrLine = tuple[str, Box, float]  # text, box, confidence 0..1

INSTALL_HINT = "reinstall Studio's OCR dependencies: pip install rapidocr-onnxruntime pypdfium2"


def available() -> bool:
    try:
        import pypdfium2  # noqa: F401  (renders PDF pages for the reader)
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def _engine() -> Any:
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:
        raise OcrUnavailableError("OCR is not installed", hint=INSTALL_HINT) from exc
    return RapidOCR()


def ocr_image(image: Image) -> list[OcrLine]:
    """Read the text in `image`: one (text, box, confidence) per detected line, top to bottom."""
    image = image.convert("RGB")
    result, _elapsed = _engine()(image)
    lines: list[OcrLine] = []
    for points, text, score in result or []:
        xs = [float(p[0]) for p in points]
        ys = [float(p[1]) for p in points]
        lines.append((str(text), (min(xs), min(ys), max(xs), max(ys)), float(score)))
    lines.sort(key=lambda line: (line[1][1], line[1][0]))
    return lines


def lines_to_text(lines: list[OcrLine], *, min_confidence: float = 0.5) -> str:
    """Join OCR boxes into text lines: boxes whose vertical centres are within half a line
    height of each other are one line, read left to right."""
    rows: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda item: (item[1][1] + item[1][3]) / 2):
        if line[2] < min_confidence or not line[0].strip():
            continue
        x0, y0, x1, y1 = line[1]
        centre, height = (y0 + y1) / 2, max(y1 - y0, 1.0)
        if rows:
            last = rows[-1][0][1]
            if abs((last[1] + last[3]) / 2 - centre) < height / 2:
                rows[-1].append(line)
                continue
        rows.append([line])
    return "\n".join(
        " ".join(item[0] for item in sorted(row, key=lambda i: i[1][0])) for row in rows
    )
