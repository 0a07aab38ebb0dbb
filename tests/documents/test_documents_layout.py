"""Lines by position: a platypus Table whose cells pypdf reads one per line comes out one
line per row, two-column prose is read column by column, a plain page reads as before."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

from studio.documents.layout import page_lines
from studio.documents.reader import read_pdf
from studio.documents.visible import Glyph

ROWS = [
    ["", "Three Months Ended", ""],
    ["(in millions)", "October 27, 2024", "October 29, 2023"],
    ["Total net revenue", "$ 4,623", "$ 4,120"],
    ["Operating income", "1,204", "(87)"],
    ["Net income", "812", "—"],
]


def table_pdf(path: Path) -> Path:
    doc = SimpleDocTemplate(str(path), pagesize=letter)
    style = getSampleStyleSheet()["BodyText"]
    doc.build([Paragraph("Contoso Devices, Inc. reports third quarter results.", style),
               Table(ROWS)])  # fmt: skip
    return path


def test_table_cells_drawn_one_by_one_read_as_rows(tmp_path: Path) -> None:
    path = table_pdf(tmp_path / "table.pdf")
    plain = PdfReader(path).pages[0].extract_text()
    assert "Total net revenue\n$ 4,623" in plain  # what stream order gives: a cell per line

    doc = read_pdf(path)
    lines = doc.page_texts[0].split("\n")
    assert "Total net revenue $ 4,623 $ 4,120" in lines
    assert "Operating income 1,204 (87)" in lines
    assert "Net income 812 —" in lines
    header = lines.index("Three Months Ended")
    assert lines[header + 1] == "(in millions) October 27, 2024 October 29, 2023"
    assert lines.index("Total net revenue $ 4,623 $ 4,120") > header + 1
    row = next(line for line in doc.lines[0] if line.text.startswith("Total net revenue"))
    assert row.x1 > row.x0 + 200  # the box spans the whole row


LEFT = (
    "Contoso Devices reported record revenue in the third quarter of fiscal 2025, driven by "
    "strong demand for its cloud appliances and a recovery in consumer hardware across Europe "
    "and North America, while gross margin expanded on a better product mix."
)
RIGHT = (
    "Looking ahead, management expects fourth quarter revenue between four and four point two "
    "billion dollars and continues to invest in research, manufacturing capacity and the "
    "partner programme announced at the annual developer conference in May."
)


def two_column_pdf(path: Path) -> Path:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(72, 730, "Contoso Devices Reports Third Quarter Results")
    pdf.setFont("Times-Roman", 10)
    left, right = textwrap.wrap(LEFT, 44), textwrap.wrap(RIGHT, 44)
    for i in range(max(len(left), len(right))):  # drawn across both columns, line by line
        y = 700 - 13 * i
        if i < len(left):
            pdf.drawString(72, y, left[i])
        if i < len(right):
            pdf.drawString(324, y, right[i])
    pdf.setFont("Times-Roman", 10)
    pdf.drawString(72, 560, "About Contoso: a full-width paragraph under both columns.")
    pdf.showPage()
    pdf.save()
    path.write_bytes(buffer.getvalue())
    return path


def test_two_column_prose_is_not_interleaved(tmp_path: Path) -> None:
    doc = read_pdf(two_column_pdf(tmp_path / "columns.pdf"))
    text = doc.page_texts[0]
    assert text.startswith("Contoso Devices Reports Third Quarter Results\n")
    flat = " ".join(text.split())
    assert flat.count(LEFT) == 1 and flat.count(RIGHT) == 1
    assert flat.index(LEFT) < flat.index(RIGHT)
    assert text.rstrip().endswith("About Contoso: a full-width paragraph under both columns.")


def test_a_plain_page_reads_line_by_line(tmp_path: Path) -> None:
    lines = [
        "Acme Corp Reports Second Quarter 2023 Results",
        "Revenue was $1.2 billion, up 8% from a year ago.",
        "Diluted earnings per share were $0.42.",
    ]
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    for i, line in enumerate(lines):
        pdf.drawString(72, 720 - 16 * i, line)
    pdf.showPage()
    pdf.save()
    path = tmp_path / "plain.pdf"
    path.write_bytes(buffer.getvalue())
    assert read_pdf(path).page_texts[0] == "\n".join(lines)


def glyphs(text: str, x: float, top: float, size: float = 10.0) -> list[Glyph]:
    width = size * 0.5
    return [
        Glyph(ch, x + i * width, top, x + (i + 1) * width, top + size, size, True)
        for i, ch in enumerate(text)
        if ch != " "
    ] + [Glyph(" ", 0, top, 0, top + size, size, True)]


def test_a_numeric_table_beside_short_labels_is_not_split_into_columns() -> None:
    page = []
    for row, label in enumerate(["Revenue growth in the period", "Operating margin in the period",
                                 "Free cash flow in the period", "Gross margin in the period"]):  # fmt: skip
        page += glyphs(label, 72, 100 + 14 * row)
        page += glyphs("12.5%", 330, 100 + 14 * row)
        page += glyphs("11.0%", 420, 100 + 14 * row)
    lines = [line.text for line in page_lines(page)]
    assert lines[0] == "Revenue growth in the period   12.5%   11.0%"
    assert len(lines) == 4


def test_a_rotated_page_reads_as_a_viewer_shows_it(tmp_path: Path) -> None:
    """/Rotate 90 with text drawn running up the page: upright on screen, read line by line."""
    lines = ["Landscape statement of operations", "Total net revenue   4,623   4,120"]
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    pdf.setPageRotation(90)
    for i, line in enumerate(lines):
        pdf.saveState()
        pdf.translate(100 + 20 * i, 72)  # later lines further right: lower once rotated
        pdf.rotate(90)
        pdf.drawString(0, 0, line)
        pdf.restoreState()
    pdf.showPage()
    pdf.save()
    path = tmp_path / "rotated.pdf"
    path.write_bytes(buffer.getvalue())
    doc = read_pdf(path)
    assert doc.page_texts[0] == "Landscape statement of operations\nTotal net revenue 4,623 4,120"
    assert doc.page_sizes == [(612.0, 792.0)]  # a 792 x 612 MediaBox, turned a quarter
