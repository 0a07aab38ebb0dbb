"""`studio batch` end to end through the real CLI: four inputs with a broken PDF in the middle
(its item fails with the reason, the others make their infographics), the report (CSV columns
and rows, the HTML contact sheet's badges and thumbnails, the zip), and the same command run
again (nothing made twice, only the failed input tried again)."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.batch.conftest import SIZE, batch_json, deliverables, inputs, studio, studio_env


@dataclass
class FirstRun:
    folder: Path
    out: Path
    env: dict[str, str]
    code: int
    stdout: str
    stderr: str
    batch_id: str
    made: dict[str, tuple[float, bytes]]


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> FirstRun:
    folder = tmp_path_factory.mktemp("batch")
    src = inputs(folder / "releases", good=3, broken_at=1)
    out = folder / "out"
    env = studio_env(folder)
    done = studio(
        "batch", str(src), "--template", "earnings-infographic", "--formats", SIZE,
        "--out", str(out), "--zip", env=env, cwd=folder,
    )  # fmt: skip
    found = re.search(r"batch-\d{8}-\d{6}-[0-9a-f]{8}", done.stderr)
    assert found, done.stderr
    return FirstRun(
        folder, out, env, done.returncode, done.stdout, done.stderr, found.group(0),
        deliverables(out),
    )  # fmt: skip


def _report(first: FirstRun, name: str) -> Path:
    return first.out / "batches" / first.batch_id / name


def test_a_broken_input_fails_with_its_reason_and_the_others_go_on(first: FirstRun) -> None:
    assert first.code == 1, first.stderr  # some failed
    view = batch_json(first.out, first.batch_id, first.env)
    states = {i["name"]: i["state"] for i in view["items"]}
    assert states == {
        "q1.pdf": "succeeded",
        "q2-broken.pdf": "failed",
        "q2.pdf": "succeeded",
        "q3.pdf": "succeeded",
    }
    broken = next(i for i in view["items"] if i["name"] == "q2-broken.pdf")
    assert "damaged" in broken["error"] and broken["brief_id"] is None
    assert view["state"] == "failed" and view["counts"]["succeeded"] == 3
    assert "✗ q2-broken.pdf failed" in first.stderr and "damaged" in first.stderr
    assert len(first.made) == 3  # one infographic per good input


def test_report_csv_has_one_row_per_input_with_its_facts(first: FirstRun) -> None:
    rows = list(csv.DictReader(io.StringIO(_report(first, "report.csv").read_text())))
    assert [r["file"] for r in rows] == ["q1.pdf", "q2-broken.pdf", "q2.pdf", "q3.pdf"]
    header = list(rows[0])
    assert header[:4] == ["file", "state", "company", "period"]
    assert header[-6:] == [
        "verification",
        "deliverables",
        "seconds",
        "cost_usd",
        "brief_id",
        "error",
    ]
    for column in ("revenue", "net_income", "eps_diluted"):
        assert column in header
    good = [r for r in rows if r["state"] == "succeeded"]
    for r in good:
        assert r["company"] == "Northwind Robotics, Inc." and r["period"] == "Q3 FY2026"
        assert (r["revenue"], r["net_income"], r["eps_diluted"]) == (
            "$4.82 billion",
            "$688 million",
            "$1.42",
        )
        assert r["verification"] in ("verified", "unverified")
        assert Path(r["deliverables"]).is_file() and r["brief_id"].startswith("b-")
        assert float(r["seconds"]) > 0 and float(r["cost_usd"]) == 0.0
    bad = rows[1]
    assert bad["state"] == "failed" and "damaged" in bad["error"]
    assert bad["revenue"] == "" and bad["deliverables"] == "" and bad["verification"] == ""


def test_report_html_is_a_contact_sheet_with_badges(first: FirstRun) -> None:
    page = _report(first, "report.html").read_text()
    rows = list(csv.DictReader(io.StringIO(_report(first, "report.csv").read_text())))
    verified = sum(r["verification"] == "verified" for r in rows)
    assert page.count('class="badge verified">VERIFIED') == verified
    assert page.count('class="badge unverified">UNVERIFIED') == 3 - verified
    assert page.count('src="data:image/jpeg;base64,') == 3  # self-contained thumbnails
    assert 'class="badge failed">FAILED' in page and "q2-broken.pdf" in page
    assert "damaged" in page and "3 of 4 inputs succeeded" in page


def test_zip_holds_every_deliverable_and_the_csv(first: FirstRun) -> None:
    with zipfile.ZipFile(_report(first, "deliverables.zip")) as z:
        names = sorted(z.namelist())
        assert names == [
            "q1/infographic-q1.png",
            "q2/infographic-q2.png",
            "q3/infographic-q3.png",
            "report.csv",
        ]
        assert z.read("q1/infographic-q1.png")[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_same_command_again_makes_nothing_twice(first: FirstRun) -> None:
    before = batch_json(first.out, first.batch_id, first.env)
    again = studio(
        "batch", str(first.folder / "releases"), "--template", "earnings-infographic",
        "--formats", SIZE, "--out", str(first.out), env=first.env, cwd=first.folder,
    )  # fmt: skip
    assert again.returncode == 1  # the broken input is still broken
    assert first.batch_id in again.stderr and "3 already made, 1 to retry" in again.stderr
    after = batch_json(first.out, first.batch_id, first.env)
    assert deliverables(first.out) == first.made  # same files, same bytes, same mtimes
    by_name = {i["name"]: i for i in before["items"]}
    for item in after["items"]:
        old = by_name[item["name"]]
        assert item["brief_id"] == old["brief_id"]  # no new brief
        retried = item["name"] == "q2-broken.pdf"
        assert item["attempts"] == old["attempts"] + (1 if retried else 0)
    listed = studio("list", "--json", "--out", str(first.out), env=first.env, cwd=first.folder)
    assert len(json.loads(listed.stdout)) == 3  # three briefs, ever
