"""Text-layer and fact extraction speed against plain pypdf text extraction, same files, one run.

    .venv/bin/python bench/bench_facts.py [--corpus ../shared/corpus/earnings] [--repeat 1]

Files: the labelled corpus when ../shared is there, otherwise PDFs built here with reportlab
(platypus paragraphs and tables, several pages each).

1. Text layer (the number the issue holds to <= 1.3x): for every page, pypdf's
   `page.extract_text()` against what the sandboxed worker runs for the page, in this
   process: pdfium glyphs judged for visibility (visible.read_page) and laid out in lines
   (layout.page_lines, layout.page_text). No process start, no normalisation, no OCR.
2. End to end: read_pdf + extract_facts (what facts_for_path does): the worker process and
   its limits, normalisation, OCR of unreadable pages where the OCR extra is installed, and
   extraction. Files whose pages need OCR are reported apart, since OCR dominates their time.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "earnings"


def plain_pypdf(path: Path) -> int:
    from pypdf import PdfReader

    reader = PdfReader(path)
    for page in reader.pages:
        page.extract_text()
    return len(reader.pages)


def studio_text_layer(path: Path) -> int:
    import pypdfium2 as pdfium

    from studio.documents import layout, visible

    pdf = pdfium.PdfDocument(path)
    try:
        for index in range(len(pdf)):
            page = visible.read_page(pdf, index)
            layout.page_text(layout.page_lines(page.glyphs))
        return len(pdf)
    finally:
        pdf.close()


def built_pdfs(folder: Path, count: int = 8) -> list[Path]:
    """Earnings-release-like PDFs: paragraphs and a table per page, five pages each."""
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table

    style = getSampleStyleSheet()["BodyText"]
    sentence = (
        "Revenue for the quarter was $4,623 million, up 12% from a year ago, as demand for "
        "cloud appliances grew and operating expenses stayed flat. "
    )
    rows = [["(in millions)", "Q3 2025", "Q3 2024"]] + [
        [f"Line item {i}", f"{1000 + 37 * i:,}", f"{900 + 29 * i:,}"] for i in range(25)
    ]
    paths = []
    for n in range(count):
        story = []
        for _page in range(5):
            story += [Paragraph(sentence * 6, style) for _ in range(3)]
            story += [Table(rows), PageBreak()]
        path = folder / f"built_{n}.pdf"
        SimpleDocTemplate(str(path), pagesize=letter).build(story)
        paths.append(path)
    return paths


def text_layer(files: list[Path], repeat: int) -> None:
    print("1. text layer: pypdf extract_text() vs pdfium glyphs + visibility + layout")
    print(f"{'file':52s} {'pages':>5s} {'pypdf s':>8s} {'studio s':>9s} {'ratio':>6s}")
    total_pages, total_base, total_studio = 0, 0.0, 0.0
    for path in files:
        base = studio = 0.0
        pages = 0
        for _ in range(repeat):
            started = time.perf_counter()
            pages = plain_pypdf(path)
            base += time.perf_counter() - started
            started = time.perf_counter()
            studio_text_layer(path)
            studio += time.perf_counter() - started
        total_pages += pages * repeat
        total_base += base
        total_studio += studio
        print(f"{path.name[:52]:52s} {pages:5d} {base:8.2f} {studio:9.2f} {studio / base:5.2f}x")
    print(
        f"\ntext layer, {total_pages} pages: pypdf {total_base:.2f} s, studio {total_studio:.2f} s; "
        f"studio takes {total_studio / total_base:.2f}x the time of plain pypdf (issue: <= 1.3x)\n"
    )


def end_to_end(files: list[Path], repeat: int) -> None:
    from studio.documents import extract_facts, read_pdf, reader

    print("2. end to end: read_pdf (sandboxed worker) + extract_facts")
    print(f"{'file':52s} {'pages':>5s} {'pypdf s':>8s} {'studio s':>9s} {'ratio':>6s}")
    totals = {"text": [0, 0.0, 0.0], "ocr": [0, 0.0, 0.0]}  # pages, pypdf s, studio s
    for path in files:
        base = studio = 0.0
        pages = 0
        for _ in range(repeat):
            started = time.perf_counter()
            pages = plain_pypdf(path)
            base += time.perf_counter() - started
            reader._CACHE.clear()  # measure the read, not the cache
            started = time.perf_counter()
            doc = read_pdf(path)
            sheet = extract_facts(doc)
            studio += time.perf_counter() - started
        kind = "ocr" if doc.ocr else "text"
        totals[kind][0] += pages * repeat
        totals[kind][1] += base
        totals[kind][2] += studio
        note = " (OCR)" if kind == "ocr" else ""
        print(f"{path.name[:52]:52s} {pages:5d} {base:8.2f} {studio:9.2f} {studio / base:5.1f}x{note}"
              f"  {len(sheet.facts)} facts")  # fmt: skip
    print()
    for kind, label in (("text", "files with a text layer"), ("ocr", "files needing OCR")):
        pages, base, studio = totals[kind]
        if not pages:
            continue
        print(
            f"{label:26s} {pages:4d} pages: pypdf {pages / base:6.1f} pages/s, "
            f"studio facts {pages / studio:6.1f} pages/s; studio takes {studio / base:.2f}x the time of plain pypdf"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    files = sorted(args.corpus.glob("*.pdf")) if args.corpus.is_dir() else []
    with tempfile.TemporaryDirectory() as folder:
        if not files:
            print(f"No corpus at {args.corpus}; timing PDFs built with reportlab.\n")
            files = built_pdfs(Path(folder))
        text_layer(files, args.repeat)
        end_to_end(files, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
