"""Does the PDF print what its truth says it prints? A guard against the generator rotting.

truth["printed"] lists, per stated field, each string that states it (a sentence's "$4.62
billion", a table's "$4,618" cell). Each must appear in the PDF's text layer as pypdf reads
it (whitespace collapsed, since producers break lines anywhere). A field whose printed forms
are missing means the truth claims more than the document shows.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    text = " ".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", text)


def missing_printed(path: Path, truth: dict[str, Any]) -> list[str]:
    """'revenue: "$4.62 billion"' for every printed form not found in the PDF's text."""
    text = pdf_text(path).replace(" ", "")
    return [
        f"{field}: {form!r}"
        for field, forms in truth.get("printed", {}).items()
        for form in forms
        if re.sub(r"\s+", "", form) not in text
    ]


def missing_plants(path: Path, truth: dict[str, Any]) -> list[str]:
    """Plant texts that never reached the text layer (a plant a reader cannot even meet
    tests nothing; Chromium, for one, drops text it would draw off the page)."""
    text = pdf_text(path).replace(" ", "")
    planted = truth.get("planted") or {}
    return [t for t in planted.get("text", []) if re.sub(r"\s+", "", t)[:40] not in text]
