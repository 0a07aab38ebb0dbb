"""HTML printed to PDF by headless Chromium (Debian's `chromium`), a few at a time.

Hidden plants are the CSS kinds a web page can carry into a PDF's text layer: white text,
font-size 1px, an element covered by a positioned opaque div, and a white "restated" table;
visible ones are a small footnote and a body paragraph. Chromium culls text it would draw
outside the page or inside a clip (left:-2000px, overflow:hidden, clip-path, opacity:0 all
leave no text in the PDF), so off-page plants come from canvas2col only.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from bench.releases.blocks import Heading, Para, Plant, Table, Title

if TYPE_CHECKING:
    from bench.releases.build import Release

NAME = "chromium"
SUPPORTS = {"white", "tiny", "covered", "footnote", "visible", "hidden_table"}
BINARY = "chromium"
CSS = """
@page { size: Letter; margin: 0.75in; }
body { font-family: 'DejaVu Sans', 'Liberation Sans', sans-serif; font-size: 10pt; line-height: 1.35; }
h1 { font-size: 17pt; margin: 0 0 10pt; } h2 { font-size: 12pt; margin: 12pt 0 4pt; color: #123; }
p { margin: 0 0 6pt; } p.quote { font-style: italic; margin-left: 16pt; }
p.small, p.footnote { font-size: 7.5pt; color: #333; }
ul { margin: 0 0 6pt; padding-left: 18pt; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 2pt 0 12pt; }
th { font-weight: bold; text-align: right; padding: 1pt 4pt; border-bottom: 0.6pt solid #000; }
td { text-align: right; padding: 1pt 4pt; } td:first-child { text-align: left; width: 45%; }
tr.bold td { font-weight: bold; border-top: 0.4pt solid #888; }
.ghost, .ghost * { color: #ffffff; border-color: #ffffff !important; }
.caption { font-weight: bold; font-size: 10.5pt; margin-top: 12pt; } .note { font-style: italic; font-size: 7.5pt; }
"""


def missing() -> str | None:
    if shutil.which(BINARY) is None:
        return "chromium not found (install it with bench/setup.sh); skipping the chromium producer"
    return None


def table_html(table: Table, css_class: str = "") -> str:
    out = [f'<div class="{css_class}"><p class="caption">{escape(table.caption)}</p>',
           f'<p class="note">{escape(table.unit_note)}</p><table>']  # fmt: skip
    spans = {(r, f): last - f + 1 for r, f, last in table.spans}
    for r, header in enumerate(table.header):
        cells = []
        for i, text in enumerate(header):
            if (
                i
                and not text
                and any(f < i <= f + n - 1 for (rr, f), n in spans.items() if rr == r)
            ):
                continue
            span = spans.get((r, i), 1)
            align = ' style="text-align:center"' if span > 1 else ""
            cells.append(f'<th colspan="{span}"{align}>{escape(text)}</th>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    for row in table.rows:
        pad = f' style="padding-left:{4 + 10 * row.indent}pt"' if row.indent else ""
        cells = f"<td{pad}>{escape(row.label)}</td>" + "".join(
            f"<td>{escape(c)}</td>" for c in row.cells
        )
        out.append(f'<tr class="{"bold" if row.bold else ""}">{cells}</tr>')
    return "\n".join(out) + "</table></div>"


PLANT_HTML = {
    "white": '<p style="color:#ffffff">{text}</p>',
    "tiny": '<p style="font-size:1px;line-height:1px;margin:0">{text}</p>',
    "covered": ('<div style="position:relative"><p>{text}</p>'
                '<div style="position:absolute;left:-4px;top:-4px;right:-4px;bottom:-4px;background:#ffffff"></div></div>'),
    "footnote": '<p class="footnote">\u00b9 {text}</p>',
    "visible": "<p>{text}</p>",
}  # fmt: skip


def page(release: Release) -> str:
    body, bullets, footer = [], [], []
    for block in release.blocks:
        if not (isinstance(block, Para) and block.style == "bullet") and bullets:
            body.append("<ul>" + "".join(bullets) + "</ul>")
            bullets = []
        if isinstance(block, Title):
            body.append(f"<h1>{escape(block.text)}</h1>")
        elif isinstance(block, Heading):
            body.append(f"<h2>{escape(block.text)}</h2>")
        elif isinstance(block, Para) and block.style == "bullet":
            bullets.append(f"<li>{escape(block.text)}</li>")
        elif isinstance(block, Para):
            body.append(f'<p class="{block.style}">{escape(block.text)}</p>')
        elif isinstance(block, Table):
            body.append(table_html(block))
        elif isinstance(block, Plant):
            if block.kind == "hidden_table" and block.table is not None:
                body.append(table_html(block.table, "ghost"))
            elif block.kind in PLANT_HTML:
                html = PLANT_HTML[block.kind].format(text=escape(block.text))
                (footer if block.kind == "footnote" else body).append(html)
            else:
                raise NotImplementedError(f"{NAME} cannot draw a {block.kind!r} plant")
    if bullets:
        body.append("<ul>" + "".join(bullets) + "</ul>")
    title = escape(release.blocks[0].text) if release.blocks else ""
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{CSS}</style></head><body>{''.join(body + footer)}</body></html>")  # fmt: skip


def _print(html_path: Path, pdf_path: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-chromium-") as profile:
        command = [
            BINARY, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", f"--print-to-pdf={pdf_path}", "--no-pdf-header-footer",
            html_path.as_uri(),
        ]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True, timeout=120)
    if not pdf_path.is_file():
        raise RuntimeError(f"chromium wrote no PDF for {html_path.name}")


def render(releases: list[Release], out_dir: Path, workers: int = 3) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-html-") as tmp:
        jobs = []
        for release in releases:
            html_path = Path(tmp) / f"{release.name}.html"
            html_path.write_text(page(release), encoding="utf-8")
            jobs.append((html_path, out_dir / f"{release.name}.pdf"))
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(lambda job: _print(*job), jobs))
