"""Readings are resolved, not dropped: tables split by their own headers, the example
release's segment table read by position."""

from __future__ import annotations

from pathlib import Path

from studio.documents.facts import extract_facts, facts_for_path
from studio.documents.models import DocumentText

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "northwind-q3-fy2026-release.pdf"


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


def test_a_headline_beside_a_segments_year_ago_figure_is_kept() -> None:
    """A segment's own 'Revenue' rows and its year-ago column sit in the same table as the
    total: the consolidated figure is resolved, not dropped as conflicting."""
    sheet = _sheet(
        "Kestrel Analytics Corp. today reported results for the third quarter of 2025.\n"
        "Revenue was $1.00 billion, compared with $952 million a year ago.\n"
        "Segment Results\n"
        "(in millions) Q3 2024 Q3 2025\n"
        "Cloud\n"
        "Revenue 550 600\n"
        "Devices\n"
        "Revenue 402 400\n"
        "Statement of Operations\n"
        "(in millions) Q3 2024 Q3 2025\n"
        "Total revenue 952 1,000\n"
        "Operating income 170 200\n"
    )
    revenue = sheet.get("revenue")
    assert revenue is not None and revenue.value == 1.0e9
    assert not any("conflicting" in w for w in sheet.warnings)
    assert sheet.get("operating_income").value == 200e6  # the current column, not year-ago


def test_segment_sentences_never_become_the_total() -> None:
    sheet = _sheet(
        "Kestrel Analytics Corp. today reported results for the third quarter of 2025.\n"
        "Business Segments\n"
        "Middle East and Africa: revenue of $55.0 million, up 36.5%.\n"
        "Statement of Operations\n"
        "(in thousands) Q3 2024 Q3 2025\n"
        "Total net revenue 97,871 129,731\n"
    )
    assert sheet.get("revenue").value == 129_731_000
    assert sheet.get("revenue_growth_pct") is None  # 36.5% was the segment's growth
