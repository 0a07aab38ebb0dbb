"""read_pdf on PDFs built here: plain text, encrypted, not-a-PDF, broken and hostile ones.
Every failure must be a DocumentError subclass with a message that says what to do."""

from __future__ import annotations

import hashlib
import io
import time
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from studio.config import Settings
from studio.documents import ocr
from studio.documents.normalise import normalise_text
from studio.documents.reader import is_readable, read_pdf
from studio.errors import (
    AttachmentError,
    DocumentError,
    EncryptedPdfError,
    NotAPdfError,
    NoTextError,
    PdfLimitError,
)


def text_pdf(path: Path, pages: list[list[str]], *, title: str | None = "Test release") -> Path:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    if title:
        pdf.setTitle(title)
    for lines in pages:
        y = 720
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 16
        pdf.showPage()
    pdf.save()
    path.write_bytes(buffer.getvalue())
    return path


def raw_pdf(path: Path, objects: list[bytes]) -> Path:
    """A PDF written by hand: objects 1..n, a correct xref table, /Root 1 0 R."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    path.write_bytes(bytes(out))
    return path


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
ONE_PAGE = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"


@pytest.fixture
def release(tmp_path: Path) -> Path:
    return text_pdf(
        tmp_path / "release.pdf",
        [
            ["Acme Corp Reports Second Quarter 2023 Results", "Revenue was $1.2 billion."],
            ["Page two"],
        ],
    )


def test_reads_text_title_and_hash(release: Path) -> None:
    doc = read_pdf(release)
    assert doc.pages == 2
    assert doc.title == "Test release"
    assert doc.sha256 == hashlib.sha256(release.read_bytes()).hexdigest()
    assert "Revenue was $1.2 billion." in doc.page_texts[0]
    assert doc.page_texts[1] == "Page two"
    assert doc.ocr is False


def test_leading_junk_before_header_is_accepted(tmp_path: Path, release: Path) -> None:
    junky = tmp_path / "junky.pdf"
    junky.write_bytes(b"garbage from a mail gateway\n" + release.read_bytes())
    assert "Revenue was $1.2 billion." in read_pdf(junky).page_texts[0]


def test_missing_file_is_an_attachment_error(tmp_path: Path) -> None:
    with pytest.raises(AttachmentError, match="does not exist"):
        read_pdf(tmp_path / "nope.pdf")


@pytest.mark.parametrize(
    ("data", "looks_like"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG image"),
        (b"<!DOCTYPE html><html><body>Sign in</body></html>", "HTML page"),
        (b"oops\n", "plain text"),
        (b"", "empty"),
    ],
)
def test_not_a_pdf_says_what_it_looks_like(tmp_path: Path, data: bytes, looks_like: str) -> None:
    path = tmp_path / "fake.pdf"
    path.write_bytes(data)
    with pytest.raises(NotAPdfError, match=looks_like) as caught:
        read_pdf(path)
    assert "not a PDF" in str(caught.value)


def test_encrypted_needs_password_then_reads(tmp_path: Path, release: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(release))
    writer.encrypt(user_password="s3cret", owner_password="owner")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)

    with pytest.raises(EncryptedPdfError, match="needs a password") as caught:
        read_pdf(locked)
    # the fix is named as a request field; the CLI says it as its flag
    from studio.cli.common import FLAGS
    from studio.errors import describe

    assert caught.value.field == "password"
    assert "--password" in describe(caught.value, names=FLAGS)
    with pytest.raises(EncryptedPdfError, match="wrong"):
        read_pdf(locked, password="guess")
    assert "Revenue was $1.2 billion." in read_pdf(locked, password="s3cret").page_texts[0]


def test_broken_pdf_is_a_clear_document_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n%%garbage")
    with pytest.raises(DocumentError, match="damaged") as caught:
        read_pdf(path)
    assert "save or print it to a new PDF" in str(caught.value)


def test_truncated_pdf_ends_cleanly(tmp_path: Path, release: Path) -> None:
    data = release.read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 2])
    try:
        doc = read_pdf(path)
    except DocumentError as exc:  # rejected with a message ...
        assert exc.hint
    else:  # ... or recovered by the tolerant parser
        assert doc.pages >= 1


def test_zero_pages_is_no_text(tmp_path: Path) -> None:
    path = raw_pdf(tmp_path / "empty.pdf", [CATALOG, b"<< /Type /Pages /Kids [] /Count 0 >>"])
    with pytest.raises(NoTextError, match="no pages"):
        read_pdf(path)


def test_blank_page_has_no_readable_text(tmp_path: Path) -> None:
    path = text_pdf(tmp_path / "blank.pdf", [[]])
    with pytest.raises(NoTextError, match="no readable text"):
        read_pdf(path)


def test_too_many_pages(tmp_path: Path) -> None:
    path = text_pdf(tmp_path / "long.pdf", [["one"], ["two"], ["three"]])
    with pytest.raises(PdfLimitError, match="3 pages, more than the limit of 2") as caught:
        read_pdf(path, settings=Settings(pdf_max_pages=2))
    assert "STUDIO_PDF_MAX_PAGES" in str(caught.value)


def test_page_tree_bomb_is_refused(tmp_path: Path) -> None:
    kids = b"3 0 R " * 200_000  # one page object listed 200,000 times
    pages = b"<< /Type /Pages /Kids [" + kids + b"] /Count 200000 >>"
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"
    path = raw_pdf(tmp_path / "pages-bomb.pdf", [CATALOG, pages, page])
    started = time.monotonic()
    with pytest.raises(PdfLimitError):
        read_pdf(path)
    assert time.monotonic() - started < 20


def test_deeply_nested_array_is_refused(tmp_path: Path) -> None:
    nested = b"[" * 50_000 + b"]" * 50_000
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Junk " + nested + b" >>"
    path = raw_pdf(tmp_path / "nested.pdf", [CATALOG, ONE_PAGE, page])
    with pytest.raises(PdfLimitError, match="nests objects too deeply"):
        read_pdf(path)


def test_decompression_bomb_is_refused(tmp_path: Path) -> None:
    payload = zlib.compress(b"0" * (200 * 1024 * 1024), 9)  # 200 MB of zeros in ~200 KB
    stream = (
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(payload) + payload + b"\nendstream"
    )
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>"
    path = raw_pdf(tmp_path / "bomb.pdf", [CATALOG, ONE_PAGE, page, stream])
    with pytest.raises(PdfLimitError, match="too large to read safely|memory"):
        read_pdf(path)


def test_memory_limit_stops_the_parser(tmp_path: Path, release: Path) -> None:
    with pytest.raises(PdfLimitError, match="MB of memory") as caught:
        read_pdf(release, settings=Settings(pdf_max_memory_mb=45))
    assert "STUDIO_PDF_MAX_MEMORY_MB" in str(caught.value)


def test_wall_clock_timeout_kills_the_parser(release: Path) -> None:
    started = time.monotonic()
    with pytest.raises(PdfLimitError, match="took longer than"):
        read_pdf(release, settings=Settings(pdf_timeout_s=0.01))
    assert time.monotonic() - started < 5


def test_file_size_limit(release: Path) -> None:
    with pytest.raises(PdfLimitError, match="MB limit"):
        read_pdf(release, settings=Settings(pdf_max_bytes=100))


def test_character_limit_truncates_with_a_warning(release: Path) -> None:
    doc = read_pdf(release, settings=Settings(pdf_max_chars=30))
    assert sum(len(text) for text in doc.page_texts) <= 30
    assert any("truncated" in warning for warning in doc.warnings)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Products /dollarsign 67,184 /dollarsign 70,958", "Products $ 67,184 $ 70,958"),
        ("Total  net  sal es (1) 89,498", "Total net sales (1) 89,498"),
        ("Total  operat i ng expenses", "Total operating expenses"),
        (
            "GAAP an d Non-GAAP EPS per diluted sha re of $0.32",
            "GAAP and Non-GAAP EPS per diluted share of $0.32",
        ),
        ("the  rst 36 weeks of  scal 2023", "the first 36 weeks of fiscal 2023"),
        ("Gross pro\x00t 1,822", "Gross profit 1,822"),
        ("\ufb01nancial \ufb02ow", "financial flow"),
        ("/uni0024 12.5 /f_i", "$ 12.5 fi"),
        ("a loss of \u2212$1.5\u00a0billion", "a loss of -$1.5 billion"),
        ("an increase of 7% year-over-\nyear.", "an increase of 7% year-over-year."),
        ("Net loss $(2,758) and (1.2)%", "Net loss $(2,758) and (1.2)%"),
    ],
)
def test_normalise_text(raw: str, clean: str) -> None:
    assert normalise_text(raw) == clean


def test_cell_per_line_tables_are_joined() -> None:
    raw = "Net sales\n \n$\n2,529.8\n \n$\n2,297.1\nComparable sales\n \n8.0%\n \n14.4%\n$\n"
    assert normalise_text(raw).splitlines()[:2] == [
        "Net sales $ 2,529.8 $ 2,297.1",
        "Comparable sales 8.0% 14.4% $",
    ]


def test_readability() -> None:
    assert is_readable("Revenue was $1.2 billion, up 5% year over year.")
    assert is_readable("Potato")
    assert not is_readable("")
    assert not is_readable("/0 /1/2/3/4/3/5/i255/7/7/8/9/i255 " * 20)
    shifted = " ".join(["Uif", "dpnqboz", "sfqpsufe", "sfwfovf", "pg", "%2/3", "cjmmjpo"] * 10)
    assert not is_readable(shifted)


@pytest.mark.skipif(not ocr.available(), reason="OCR extra not installed")
def test_scanned_page_falls_back_to_ocr(tmp_path: Path) -> None:
    import matplotlib
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (900, 160), "white")
    draw = ImageDraw.Draw(image)
    font_file = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    font = ImageFont.truetype(str(font_file), 44)
    draw.text((20, 50), "Revenue was $12.5 billion", fill="black", font=font)
    scan = tmp_path / "scan.png"
    image.save(scan)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(450, 80))
    pdf.drawImage(str(scan), 0, 0, width=450, height=80)
    pdf.showPage()
    pdf.save()
    path = tmp_path / "scan.pdf"
    path.write_bytes(buffer.getvalue())

    doc = read_pdf(path)
    assert doc.ocr and doc.ocr_pages == [1]
    assert "$12.5 billion" in doc.page_texts[0]
    assert any("OCR" in warning for warning in doc.warnings)


def test_ligature_repair_never_invents_words_on_a_sound_page() -> None:
    """'5% ash' and 'oat glass' are what the page says; only a page whose font drops its
    ligature glyphs ('bene ts', 'pro t') has word starts repaired, and never across the
    wide gaps that separate table cells."""
    from studio.documents.normalise import normalise_text

    assert normalise_text("margin 5% ash") == "margin 5% ash"
    assert normalise_text("oat glass") == "oat glass"
    assert normalise_text("cash flow   less capex") == "cash flow less capex"
    assert normalise_text("the  rst 36 weeks of  scal 2023") == "the first 36 weeks of fiscal 2023"


@pytest.mark.skipif(not ocr.available(), reason="OCR extra not installed")
def test_ocr_that_ran_out_of_time_says_so_not_no_text(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """A scan whose OCR was stopped by the time budget (a busy machine) is not reported as
    "OCR found no text": the error says OCR could not finish and what to do."""
    from studio.documents import reader
    from studio.errors import NoTextError, PdfLimitError

    pdf = canvas.Canvas(str(tmp_path / "scan.pdf"), pagesize=(450, 80))
    pdf.rect(10, 10, 100, 40, fill=1)  # a picture, no text layer
    pdf.showPage()
    pdf.save()
    real = reader._run_worker

    def slow_ocr(request: dict, name: str, settings):  # noqa: ANN001, ANN202
        if request["mode"] == "ocr":  # what the sandbox raises when OCR overruns its budget
            raise PdfLimitError(f"reading {name} took longer than 30 s and was stopped")
        return real(request, name, settings)

    monkeypatch.setattr(reader, "_run_worker", slow_ocr)
    with pytest.raises(NoTextError) as caught:
        read_pdf(tmp_path / "scan.pdf")
    assert "OCR could not finish" in caught.value.hint
    assert "STUDIO_PDF_TIMEOUT_S" in caught.value.hint
