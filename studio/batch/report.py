"""A batch's report, from its rows (one per input file, read from the ledger and manifests by
studio/service/batches.py):

    report.csv         file, state, company, period, one column per headline fact (its key,
                       the displayed value), verification, deliverables, seconds, cost, brief
    report.html        a self-contained contact sheet: every deliverable as a data: URI
                       thumbnail with its file name and a VERIFIED / UNVERIFIED badge, failed
                       inputs with their reasons
    deliverables.zip   every deliverable as <input name>/<deliverable>, plus report.csv
"""

from __future__ import annotations

import base64
import csv
import html
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

Read = Callable[[str], bytes]  # a deliverable's bytes from its URL (a path or s3://...)
THUMB = 360  # the longest side of a thumbnail, in pixels


@dataclass
class Deliverable:
    path: str  # inside its brief's folder
    url: str
    width: int | None = None
    height: int | None = None
    verification: str | None = None  # verified | unverified | None (nothing to check)
    problem: str | None = None


@dataclass
class ReportRow:
    name: str
    state: str
    error: str | None = None
    brief_id: str | None = None
    company: str = ""
    period: str = ""
    facts: dict[str, str] = field(default_factory=dict)  # key -> display, as drawn
    deliverables: list[Deliverable] = field(default_factory=list)
    seconds: float | None = None
    cost_usd: float | None = None

    @property
    def verification(self) -> str:
        """verified when every deliverable is; unverified when one is not; '' without any."""
        if not self.deliverables:
            return ""
        ok = all(d.verification == "verified" for d in self.deliverables)
        return "verified" if ok else "unverified"


def fact_columns(rows: list[ReportRow]) -> list[str]:
    """Every fact key any row has, in the order they first appear."""
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row.facts))
    return list(columns)


def csv_text(rows: list[ReportRow]) -> str:
    facts = fact_columns(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["file", "state", "company", "period", *facts, "verification", "deliverables"]
        + ["seconds", "cost_usd", "brief_id", "error"]
    )
    for r in rows:
        writer.writerow(
            [r.name, r.state, r.company, r.period, *(r.facts.get(k, "") for k in facts)]
            + [r.verification, ";".join(d.url for d in r.deliverables)]
            + [
                "" if r.seconds is None else f"{r.seconds:.2f}",
                "" if r.cost_usd is None else f"{r.cost_usd:.4f}",
                r.brief_id or "",
                r.error or "",
            ]
        )
    return buffer.getvalue()


def thumbnail(data: bytes) -> str:
    """A data: URI of a small JPEG of the image."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image = image.convert("RGB")
        image.thumbnail((THUMB, THUMB))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=80)
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode()


_STYLE = """
body{font-family:system-ui,sans-serif;margin:24px;background:#f4f5f7;color:#1d2330}
h1{font-size:20px;margin:0 0 4px} .sub{color:#5b6475;margin-bottom:20px}
.grid{display:flex;flex-wrap:wrap;gap:16px}
.card{background:#fff;border-radius:10px;box-shadow:0 1px 4px #0002;padding:10px;width:360px}
.card img{display:block;max-width:360px;max-height:360px;margin:0 auto 8px;border-radius:4px}
.name{font-weight:600;word-break:break-all} .meta{color:#5b6475;font-size:12px}
.badge{display:inline-block;padding:2px 8px;border-radius:4px;font-weight:700;font-size:12px;color:#fff}
.verified{background:#1a7f37} .unverified{background:#cf222e} .failed{background:#6e7781}
.reason{color:#cf222e;font-size:13px;margin-top:6px}
"""


def html_text(batch_id: str, rows: list[ReportRow], read: Read, *, title: str = "") -> str:
    """The contact sheet. A deliverable that cannot be read shows its reason instead."""
    e = html.escape
    done = sum(r.state == "succeeded" for r in rows)
    cards = []
    for r in rows:
        if r.state != "succeeded" or not r.deliverables:
            cards.append(
                f'<div class="card item-{e(r.state)}"><div class="name">{e(r.name)}</div>'
                f'<span class="badge failed">{e(r.state.upper())}</span>'
                f'<div class="reason">{e(r.error or "no deliverable")}</div></div>'
            )
            continue
        for d in r.deliverables:
            badge = "verified" if d.verification == "verified" else "unverified"
            try:
                image = f'<img alt="{e(d.path)}" src="{thumbnail(read(d.url))}">'
            except Exception as exc:  # a moved or unreadable file: say so, keep the sheet
                image = f'<div class="reason">cannot read {e(d.url)}: {e(str(exc))}</div>'
            problem = f'<div class="reason">{e(d.problem)}</div>' if d.problem else ""
            cards.append(
                f'<div class="card item-{e(r.state)}">{image}<div class="name">{e(r.name)}</div>'
                f'<div class="meta">{e(d.path)} · {d.width}x{d.height}'
                f"{' · ' + e(r.company) if r.company else ''}"
                f"{' ' + e(r.period) if r.period else ''}</div>"
                f'<span class="badge {badge}">{badge.upper()}</span>{problem}</div>'
            )
    return (
        "<!doctype html>\n<html><head><meta charset='utf-8'>"
        f"<title>{e(title or batch_id)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{e(title or batch_id)}</h1>"
        f'<div class="sub">{done} of {len(rows)} inputs succeeded</div>'
        f'<div class="grid">{"".join(cards)}</div></body></html>\n'
    )


def zip_bytes(rows: list[ReportRow], read: Read) -> bytes:
    """Every readable deliverable as <input stem>/<deliverable name>, and report.csv."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:  # PNGs do not compress
        z.writestr("report.csv", csv_text(rows))
        for r in rows:
            for d in r.deliverables:
                try:
                    data = read(d.url)
                except Exception:  # noqa: S112 - the report says which ones are missing
                    continue
                z.writestr(f"{Path(r.name).stem}/{Path(d.path).name}", data)
    return out.getvalue()


def write(
    folder: Path, batch_id: str, rows: list[ReportRow], read: Read, *, zip_: bool
) -> dict[str, Path]:
    """report.csv, report.html (and deliverables.zip) in `folder`; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {"csv": folder / "report.csv", "html": folder / "report.html"}
    files["csv"].write_text(csv_text(rows), encoding="utf-8")
    files["html"].write_text(html_text(batch_id, rows, read), encoding="utf-8")
    if zip_:
        files["zip"] = folder / "deliverables.zip"
        files["zip"].write_bytes(zip_bytes(rows, read))
    return files
