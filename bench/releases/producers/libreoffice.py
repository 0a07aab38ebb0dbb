"""A word-processor document (flat OpenDocument text, .fodt) converted by LibreOffice.

All releases of a run are converted in one `soffice --headless --convert-to pdf` call, since
LibreOffice takes seconds to start. Plants are the kinds a word processor carries: white
text, 1 pt text, a small footnote, a visible paragraph and a white "restated" table.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from bench.releases.blocks import Heading, Para, Plant, Table, Title

if TYPE_CHECKING:
    from bench.releases.build import Release

NAME = "libreoffice"
SUPPORTS = {"white", "tiny", "footnote", "visible", "hidden_table"}
NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"'
)
# paragraph style name -> (font size pt, bold, italic, colour, align, space below in)
PARAGRAPHS = {
    "Title": (17, True, False, "#000000", "start", 0.12), "H": (12, True, False, "#112233", "start", 0.04),
    "Body": (10, False, False, "#000000", "start", 0.07), "Lead": (10, False, False, "#000000", "start", 0.07),
    "Bullet": (10, False, False, "#000000", "start", 0.03), "Quote": (10, False, True, "#000000", "start", 0.07),
    "Small": (7.5, False, False, "#333333", "start", 0.05), "Caption": (10.5, True, False, "#000000", "start", 0.0),
    "Note": (7.5, False, True, "#000000", "start", 0.03), "Cell": (8.5, False, False, "#000000", "start", 0.0),
    "CellR": (8.5, False, False, "#000000", "end", 0.0), "CellB": (8.5, True, False, "#000000", "start", 0.0),
    "CellBR": (8.5, True, False, "#000000", "end", 0.0), "White": (9, False, False, "#ffffff", "start", 0.0),
    "WhiteR": (8.5, False, False, "#ffffff", "end", 0.0), "Tiny": (1, False, False, "#000000", "start", 0.0),
}  # fmt: skip


def binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def missing() -> str | None:
    if binary() is None:
        return "LibreOffice (soffice) not found (install it with bench/setup.sh); skipping the libreoffice producer"
    return None


def _styles() -> str:
    out = []
    for name, (size, bold, italic, color, align, below) in PARAGRAPHS.items():
        indent = ' fo:margin-left="0.2in"' if name in ("Bullet", "Quote") else ""
        out.append(
            f'<style:style style:name="{name}" style:family="paragraph">'
            f'<style:paragraph-properties fo:text-align="{align}" fo:margin-bottom="{below}in"{indent}/>'
            f'<style:text-properties style:font-name="Liberation Sans" fo:font-family="Liberation Sans" '
            f'fo:font-size="{size}pt" fo:color="{color}"'
            + (' fo:font-weight="bold"' if bold else "")
            + (' fo:font-style="italic"' if italic else "")
            + "/></style:style>"
        )
    out.append('<style:style style:name="Tbl" style:family="table"><style:table-properties '
               'style:width="7in" table:align="left" fo:margin-bottom="0.15in"/></style:style>')  # fmt: skip
    out.append('<style:style style:name="ColA" style:family="table-column">'
               '<style:table-column-properties style:column-width="2.8in"/></style:style>')  # fmt: skip
    for n in range(1, 7):
        out.append(f'<style:style style:name="Col{n}" style:family="table-column">'
                   f'<style:table-column-properties style:column-width="{4.2 / n:.3f}in"/></style:style>')  # fmt: skip
    return "".join(out)


def _p(style: str, text: str) -> str:
    lead = len(text) - len(text.lstrip(" "))
    space = f'<text:s text:c="{lead}"/>' if lead else ""
    return f'<text:p text:style-name="{style}">{space}{escape(text.lstrip(" "))}</text:p>'


def _table(table: Table, index: int, white: bool = False) -> str:
    ncols = max(len(table.header[0]) if table.header else 0, 1 + len(table.rows[0].cells)) - 1
    out = [
        _p("White" if white else "Caption", table.caption),
        _p("White" if white else "Note", table.unit_note),
    ]
    out.append(f'<table:table table:name="Table{index}" table:style-name="Tbl">'
               f'<table:table-column table:style-name="ColA"/>'
               f'<table:table-column table:style-name="Col{ncols}" table:number-columns-repeated="{ncols}"/>')  # fmt: skip
    spans = {(r, f): last - f + 1 for r, f, last in table.spans}
    for r, header in enumerate(table.header):
        cells, skip = [], 0
        for i, text in enumerate(header + [""] * (ncols + 1 - len(header))):
            if skip:
                cells.append("<table:covered-table-cell/>")
                skip -= 1
                continue
            span = spans.get((r, i), 1)
            skip = span - 1
            attr = f' table:number-columns-spanned="{span}"' if span > 1 else ""
            style = "WhiteR" if white else "CellBR"
            cells.append(
                f'<table:table-cell{attr} office:value-type="string">{_p(style, text)}</table:table-cell>'
            )
        out.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    for row in table.rows:
        left = "White" if white else ("CellB" if row.bold else "Cell")
        right = "WhiteR" if white else ("CellBR" if row.bold else "CellR")
        cells = [_p(left, "    " * row.indent + row.label)] + [_p(right, c) for c in row.cells]
        cells += [_p(right, "")] * (ncols + 1 - len(cells))
        out.append("<table:table-row>" + "".join(
            f'<table:table-cell office:value-type="string">{c}</table:table-cell>' for c in cells
        ) + "</table:table-row>")  # fmt: skip
    out.append("</table:table>")
    return "".join(out)


def document(release: Release) -> str:
    body, footer = [], []
    for i, block in enumerate(release.blocks):
        if isinstance(block, Title):
            body.append(_p("Title", block.text))
        elif isinstance(block, Heading):
            body.append(_p("H", block.text))
        elif isinstance(block, Para):
            text = ("\u2022 " if block.style == "bullet" else "") + block.text
            body.append(_p(block.style.capitalize(), text))
        elif isinstance(block, Table):
            body.append(_table(block, i))
        elif isinstance(block, Plant):
            if block.kind == "hidden_table" and block.table is not None:
                body.append(_table(block.table, i, white=True))
            elif block.kind in ("white", "tiny", "visible"):
                body.append(
                    _p(
                        {"white": "White", "tiny": "Tiny", "visible": "Body"}[block.kind],
                        block.text,
                    )
                )
            elif block.kind == "footnote":
                footer.append(_p("Small", "\u00b9 " + block.text))
            else:
                raise NotImplementedError(f"{NAME} cannot draw a {block.kind!r} plant")
    title = release.blocks[0].text if release.blocks else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {NS} office:version="1.2" '
        f'office:mimetype="application/vnd.oasis.opendocument.text">'
        f'<office:meta><dc:title xmlns:dc="http://purl.org/dc/elements/1.1/">{escape(title)}</dc:title></office:meta>'
        f'<office:font-face-decls><style:font-face style:name="Liberation Sans" svg:font-family={quoteattr("Liberation Sans")} '
        f'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/></office:font-face-decls>'
        f"<office:automatic-styles>{_styles()}"
        '<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="8.5in" '
        'fo:page-height="11in" fo:margin-top="0.7in" fo:margin-bottom="0.7in" fo:margin-left="0.75in" '
        'fo:margin-right="0.75in"/></style:page-layout></office:automatic-styles>'
        '<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/>'
        "</office:master-styles><office:body><office:text>"
        + "".join(body + footer)
        + "</office:text></office:body></office:document>"
    )


def render(releases: list[Release], out_dir: Path) -> None:
    soffice = binary()
    if soffice is None:
        raise RuntimeError(missing())
    with tempfile.TemporaryDirectory(prefix="bench-lo-") as tmp:
        sources = []
        for release in releases:
            path = Path(tmp) / f"{release.name}.fodt"
            path.write_text(document(release), encoding="utf-8")
            sources.append(str(path))
        profile = Path(tmp) / "profile"
        command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                   "--convert-to", "pdf", "--outdir", str(out_dir), *sources]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True, timeout=600)
    for release in releases:
        if not (out_dir / f"{release.name}.pdf").is_file():
            raise RuntimeError(f"LibreOffice wrote no PDF for {release.name}")
