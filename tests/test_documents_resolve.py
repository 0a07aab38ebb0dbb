"""Readings are resolved, not dropped: tables split by their own headers, the example
release's segment table read by position."""

from __future__ import annotations

from pathlib import Path

from studio.documents.facts import extract_facts, facts_for_path
from studio.documents.models import DocumentText

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "northwind-q3-fy2026-release.pdf"


def _sheet(text: str):
    return extract_facts(DocumentText(sha256="0" * 64, pages=1, page_texts=[text]))


def test_a_header_line_starts_a_new_table() -> None:
    """Two tables with no running text between them: the segment table's rows are a block
    of their own, so they add up to revenue and become segments."""
    sheet = _sheet(
        "Kestrel Analytics Corp. today reported results for the third quarter of 2025.\n"
        "(in millions) Q3 2025 Q3 2024\n"
        "Revenue 1,000 900\n"
        "Operating income 120 100\n"
        "Segment revenue (in millions) Q3 2025 Q3 2024\n"
        "Cloud 600 500\n"
        "Devices 400 400\n"
        "Total revenue 1,000 900\n"
    )
    segments = {f.segment: f.value for f in sheet.all("segment_revenue")}
    assert segments == {"Cloud": 600e6, "Devices": 400e6}
    assert sheet.get("revenue").value == 1000e6


def test_the_example_release_has_its_segment_card() -> None:
    sheet = facts_for_path(EXAMPLE)
    segments = {f.segment: f.value for f in sheet.all("segment_revenue")}
    assert segments == {
        "Warehouse Automation": 2910e6,
        "Mobile Robots": 1240e6,
        "Software & Services": 670e6,
    }
    assert all(f.page == 2 for f in sheet.all("segment_revenue"))
