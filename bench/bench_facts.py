"""Fact extraction speed against plain pypdf text extraction, same files, one run.

    .venv/bin/python bench/bench_facts.py [--corpus ../shared/corpus/earnings] [--repeat 1]

Baseline: pypdf.PdfReader(path) and page.extract_text() for every page, in this process.
Studio: read_pdf + extract_facts (what facts_for_path does), i.e. the sandboxed worker (process start, limits), text
normalisation, OCR of unreadable pages where the OCR extra is installed, and extraction.
Files whose pages need OCR are reported apart, since OCR dominates their time.
"""

from __future__ import annotations

import argparse
import logging
import sys
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    files = sorted(args.corpus.glob("*.pdf")) if args.corpus.is_dir() else []
    if not files:
        print(f"No corpus at {args.corpus}; nothing to measure.")
        return 0
    logging.getLogger("pypdf").setLevel(logging.ERROR)

    from studio.documents import extract_facts, read_pdf, reader

    print(f"{'file':52s} {'pages':>5s} {'pypdf s':>8s} {'studio s':>9s} {'ratio':>6s}")
    totals = {"text": [0, 0.0, 0.0], "ocr": [0, 0.0, 0.0]}  # pages, pypdf s, studio s
    for path in files:
        base = studio = 0.0
        for _ in range(args.repeat):
            started = time.perf_counter()
            pages = plain_pypdf(path)
            base += time.perf_counter() - started
            reader._CACHE.clear()  # measure the read, not the cache
            started = time.perf_counter()
            doc = read_pdf(path)
            sheet = extract_facts(doc)
            studio += time.perf_counter() - started
        kind = "ocr" if doc.ocr else "text"
        totals[kind][0] += pages * args.repeat
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
