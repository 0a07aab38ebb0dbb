"""Facts in euros and pounds keep their currency; a mixed-currency text is never relabelled."""

from __future__ import annotations

from studio.documents.facts import extract_facts
from studio.documents.models import DocumentText


def _sheet(text: str):
    return extract_facts(DocumentText(sha256="0" * 64, pages=1, page_texts=[text]))


def test_pounds_are_read_and_said_in_pounds() -> None:
    sheet = _sheet(
        "Brightwater Foods plc (LSE: BWF) today reported results for the second quarter of 2024.\n"
        "Revenue was £812.4 million, up 7% year over year.\n"
        "Operating profit was £91.2 million and diluted earnings per share were £0.42."
    )
    revenue = sheet.get("revenue")
    assert (revenue.value, revenue.unit, revenue.display) == (812.4e6, "GBP", "£812.4 million")
    assert revenue.quote == "Revenue was £812.4 million, up 7% year over year."
    assert revenue.change.yoy_pct == 7
    eps = sheet.get("eps_diluted")
    assert (eps.value, eps.unit, eps.display) == (0.42, "GBP/share", "£0.42")


def test_euro_table_in_millions() -> None:
    sheet = _sheet(
        "Halvorsen Marine ASA announced results for the third quarter of 2024.\n"
        "(€ in millions, except per share data)\n"
        "Three Months Ended September 30,\n"
        "2024 2023\n"
        "Revenue € 1,204.5 € 1,100.2\n"
        "Net income 88.1 70.3\n"
    )
    revenue = sheet.get("revenue")
    assert revenue.value == 1204.5e6 and revenue.unit == "EUR" and "€" in revenue.quote
    assert sheet.get("net_income").value == 88.1e6


def test_a_text_with_dollars_and_euros_is_not_relabelled() -> None:
    sheet = _sheet(
        "Contoso Devices, Inc. today reported results for the third quarter of 2024.\n"
        "Revenue was $4.62 billion, up 12% year over year.\n"
        "Its European unit sold €300 million of devices."
    )
    assert sheet.get("revenue").unit == "USD" and sheet.get("revenue").display == "$4.62 billion"


def test_iso_codes_before_figures_and_in_table_headings() -> None:
    sheet = _sheet(
        "Lindqvist Tools AB (Nasdaq Stockholm: LINDQ) today published its interim report for "
        "the third quarter of 2025.\n"
        "Net sales amounted to EUR 1,204.5 million (1,100.2), an increase of 9 percent.\n"
        "Operating profit was EUR 150.3 million (130.0).\n"
        "Key figures, EUR million Q3 2025 Q3 2024\nNet sales 1,204.5 1,100.2\n"
    )
    revenue = sheet.get("revenue")
    assert (revenue.value, revenue.unit, revenue.display) == (
        1204.5e6,
        "EUR",
        "EUR 1,204.5 million",
    )
    assert revenue.quote.startswith("Net sales amounted to EUR 1,204.5 million")  # verbatim
    assert sheet.get("operating_income").value == 150.3e6
