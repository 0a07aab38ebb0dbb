"""The documents room on the shared corpus (../shared/corpus): labelled earnings releases
and malformed PDFs. Skipped when the corpus is not there."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from studio.documents import facts_for_path, read_pdf
from studio.errors import DocumentError, EncryptedPdfError, NotAPdfError, PdfLimitError

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(
        not (CORPUS / "earnings" / "truth.json").is_file(), reason="../shared corpus absent"
    ),
]

# (file, key, value, display) read from the documents by hand; checked against truth.json too
EXPECTED = [
    ("meta_q2_2023_press_release_p1.pdf", "revenue", 32.0e9, "$32.0 billion"),
    ("meta_q2_2023_press_release_p1.pdf", "net_income", 7788e6, "$7,788 million"),
    ("intel_q1_2023_press_release.pdf", "net_income", -2.8e9, "-$2.8 billion"),  # p1 table, $B
    ("intel_q1_2023_press_release.pdf", "eps_diluted", -0.66, "-$0.66"),
    ("kroger_q2_2023_press_release_excerpt.pdf", "operating_income", -479e6, "-$479 million"),
    ("apple_fy23_q4_condensed_consolidated_statements.pdf", "eps_diluted", 1.46, "$1.46"),
    ("costco_q3_fy23_press_release.pdf", "revenue", 52.60e9, "$52.60 billion"),
]


@pytest.mark.parametrize(("name", "key", "value", "shown"), EXPECTED)
def test_headline_figures(name: str, key: str, value: float, shown: str) -> None:
    sheet = facts_for_path(CORPUS / "earnings" / name)
    fact = sheet.get(key)
    assert fact is not None, sheet.warnings
    assert fact.value == pytest.approx(value) and fact.display == shown
    number = shown.lstrip("-$").split()[0]
    assert number in fact.quote


def rounding(display: str) -> float:
    """Half of the last printed digit: '$32.0 billion' -> 0.05e9."""
    match = re.search(r"\d[\d,]*(?:\.(\d+))?\s*(thousand|million|billion)?", display)
    scale = {"thousand": 1e3, "million": 1e6, "billion": 1e9}.get(match.group(2) or "", 1.0)
    return 0.5 * 10 ** -len(match.group(1) or "") * scale


@pytest.mark.parametrize(
    "name", ["meta_q2_2023_press_release_p1.pdf", "ebay_q2_2023_press_release.pdf"]
)
def test_no_fact_contradicts_the_labels(name: str) -> None:
    label = json.loads((CORPUS / "earnings" / "truth.json").read_text())[name]
    sheet = facts_for_path(CORPUS / "earnings" / name)
    for key in ("revenue", "operating_income", "net_income", "eps_diluted", "eps_diluted_non_gaap"):
        fact = sheet.get(key)
        if fact is not None:
            assert label[key] is not None, f"{key} given but the document does not state it"
            assert abs(fact.value - label[key]) <= rounding(fact.display) + 1e-6, (
                key,
                fact.display,
            )


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("qpdf_bad1_not_a_pdf.pdf", NotAPdfError),
        ("unstructured_password_pw_password.pdf", EncryptedPdfError),
        ("unstructured_400_pages.pdf", PdfLimitError),
        ("qpdf_issue146_deeply_nested_array.pdf", DocumentError),
    ],
)
def test_malformed_files_end_in_clear_errors(name: str, error: type[DocumentError]) -> None:
    started = time.monotonic()
    with pytest.raises(error) as caught:
        read_pdf(CORPUS / "malformed" / name)
    assert caught.value.hint
    assert time.monotonic() - started < 10


def test_page_tree_loop_reads_the_page_it_holds() -> None:
    """pdfium walks a looping page tree once (pypdf refused it): the one real page is read."""
    doc = read_pdf(CORPUS / "malformed" / "qpdf_pages_loop.pdf")
    assert "Potato" in doc.page_texts[0]


def test_password_opens_the_encrypted_file() -> None:
    doc = read_pdf(
        CORPUS / "malformed" / "unstructured_password_pw_password.pdf", password="password"
    )
    assert "File with password" in doc.page_texts[0]
