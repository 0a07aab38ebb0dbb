"""Facts that contradict each other are left out, each with a warning."""

from __future__ import annotations

from studio.documents.facts import extract_facts
from studio.documents.models import DocumentText

HEAD = "Kestrel Analytics Corp. today reported results for the third quarter of 2025.\n"


def _sheet(text: str):
    return extract_facts(DocumentText(sha256="0" * 64, pages=1, page_texts=[HEAD + text]))


def test_eps_and_net_income_of_opposite_signs_are_both_left_out() -> None:
    sheet = _sheet("Net loss was $51 million.\nDiluted earnings per share were $0.42.\n")
    assert sheet.get("net_income") is None and sheet.get("eps_diluted") is None
    assert any("sign disagrees" in w for w in sheet.warnings)


def test_free_cash_flow_above_operating_cash_flow_is_left_out() -> None:
    sheet = _sheet("Operating cash flow was $500 million.\nFree cash flow was $742 million.\n")
    assert sheet.get("free_cash_flow") is None and sheet.get("operating_cash_flow").value == 500e6


def test_revenue_guidance_of_another_order_is_left_out() -> None:
    sheet = _sheet(
        "Revenue was $1.00 billion, up 5% year over year.\nOutlook\n"
        "For the fourth quarter of 2025, the company expects revenue of $90 billion to $95 billion.\n"
    )
    assert sheet.get("guidance_revenue") is None
    sane = _sheet(
        "Revenue was $1.00 billion, up 5% year over year.\nOutlook\n"
        "For the fourth quarter of 2025, the company expects revenue of $1.05 billion to $1.10 billion.\n"
    )
    assert sane.get("guidance_revenue").high == 1.10e9


def test_consistent_facts_are_all_kept() -> None:
    sheet = _sheet(
        "Revenue was $1.00 billion. Net income was $120 million, or $0.42 per diluted share.\n"
        "Operating cash flow was $300 million and free cash flow was $250 million.\n"
    )
    keys = {f.key for f in sheet.facts}
    assert {"revenue", "net_income", "eps_diluted", "operating_cash_flow", "free_cash_flow"} <= keys
