"""Builds examples/northwind-q3-fy2026-release.pdf, the small earnings release that
`make run` turns into an infographic. The company and its figures are fictional.

    python examples/make_example_pdf.py   (needs reportlab: pip install -e '.[dev]')
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

OUT = Path(__file__).with_name("northwind-q3-fy2026-release.pdf")

PROSE = [
    "<b>Northwind Robotics Reports Third Quarter Fiscal 2026 Results</b>",
    "SEATTLE, October 29, 2026 -- Northwind Robotics, Inc. (NASDAQ: NWRB) today announced "
    "financial results for its third quarter of fiscal 2026, ended September 30, 2026.",
    "Revenue for the third quarter was $4.82 billion, up 18% year over year, compared with "
    "$4.08 billion in the third quarter of fiscal 2025.",
    "Operating income was $912 million, compared with $701 million a year ago. "
    "Net income was $688 million, or $1.42 per diluted share, compared with $534 million, "
    "or $1.09 per diluted share, in the prior-year quarter. Non-GAAP diluted earnings per "
    "share were $1.61.",
    "Gross margin was 46.3%, compared with 44.1% in the third quarter of fiscal 2025.",
    "Operating cash flow was $1.05 billion and free cash flow was $742 million. During the "
    "quarter the company repurchased $300 million of its common stock.",
    '"Demand for our warehouse automation platform accelerated as three of the five largest '
    'US grocers expanded their deployments," said Chief Executive Officer Dana Reyes.',
    "Growth was driven by record orders for the Atlas fulfilment system and by recurring "
    "software subscriptions, which grew 31% year over year.",
    "<b>Outlook</b>",
    "For the fourth quarter of fiscal 2026, Northwind expects revenue between $5.00 billion "
    "and $5.20 billion.",
    "Supply constraints for precision actuators could limit shipments in the fourth quarter.",
]

TABLE = [
    ["(in millions, except per share amounts)", "Q3 FY2026", "Q3 FY2025"],
    ["Revenue", "4,820", "4,080"],
    ["Cost of revenue", "2,588", "2,281"],
    ["Gross profit", "2,232", "1,799"],
    ["Operating income", "912", "701"],
    ["Net income", "688", "534"],
    ["Diluted earnings per share", "1.42", "1.09"],
]

SEGMENTS = [
    ["Segment revenue (in millions)", "Q3 FY2026", "Q3 FY2025"],
    ["Warehouse Automation", "2,910", "2,402"],
    ["Mobile Robots", "1,240", "1,105"],
    ["Software & Services", "670", "573"],
    ["Total revenue", "4,820", "4,080"],
]


def build(path: Path = OUT) -> Path:
    styles = getSampleStyleSheet()
    story = []
    for text in PROSE:
        story += [Paragraph(text, styles["BodyText"]), Spacer(1, 8)]
    story.append(PageBreak())
    story.append(
        Paragraph("<b>Condensed Consolidated Statements of Operations</b>", styles["BodyText"])
    )
    for rows in (TABLE, SEGMENTS):
        table = Table(rows, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                ]
            )
        )
        story += [Spacer(1, 12), table]
    doc = SimpleDocTemplate(
        str(path),
        pagesize=letter,
        title="Northwind Robotics Q3 FY2026 results",
        author="Northwind Robotics (fictional)",
        creator="Studio example",
    )
    doc.build(story)
    return path


if __name__ == "__main__":
    print(build())
