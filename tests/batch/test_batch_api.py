"""/v1/batches on the real HTTP service (embedded mode): a batch of uploaded PDFs runs to its
report, and another user's batch is 404 everywhere."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.conftest import Server, embedded_server
from tests.batch.conftest import SIZE, broken_pdf, release_copy


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with embedded_server(tmp_path_factory.mktemp("batch-api")) as running:
        yield running


def _upload(client, path: Path) -> str:  # noqa: ANN001
    r = client.post("/v1/uploads", files={"file": (path.name, path.read_bytes())})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def test_a_batch_of_uploads_runs_to_its_report_and_is_its_owners_only(
    server: Server, tmp_path: Path
) -> None:
    good = release_copy(tmp_path / "q3-release.pdf", 1)
    broken = broken_pdf(tmp_path / "cut.pdf")
    with server.client("alice") as a, server.client("bob") as b:
        ids = [_upload(a, good), _upload(a, broken)]
        r = a.post("/v1/batches", json={"documents": ids, "formats": [SIZE]})
        assert r.status_code == 202, r.text
        batch = r.json()
        assert batch["id"].startswith("batch-") and batch["report_dir"] is None
        assert [i["name"] for i in batch["items"]] == ["q3-release.pdf", "cut.pdf"]
        url = batch["urls"]["self"]
        # another user's batch: not found, whatever the route
        assert b.get(url).status_code == 404
        assert b.get(f"{url}/report.csv").status_code == 404
        assert b.get(f"{url}/report.html").status_code == 404
        assert b.post(f"{url}/cancel").status_code == 404
        assert b.post("/v1/batches", json={"documents": ids}).status_code == 404  # her uploads
        deadline = time.monotonic() + 300
        while (view := a.get(url).json())["state"] == "running":
            assert time.monotonic() < deadline, view
            time.sleep(0.5)
        states = {i["name"]: i["state"] for i in view["items"]}
        assert states == {"q3-release.pdf": "succeeded", "cut.pdf": "failed"}
        assert view["state"] == "failed" and view["items"][0]["brief"].startswith("/v1/briefs/")
        rows = list(csv.DictReader(io.StringIO(a.get(f"{url}/report.csv").text)))
        assert [(r["file"], r["state"]) for r in rows] == [
            ("q3-release.pdf", "succeeded"),
            ("cut.pdf", "failed"),
        ]
        assert rows[0]["revenue"] == "$4.82 billion" and "damaged" in rows[1]["error"]
        page = a.get(f"{url}/report.html")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert "data:image/jpeg;base64," in page.text and "FAILED" in page.text
        # the same request again is the same batch: nothing new runs
        again = a.post("/v1/batches", json={"documents": ids, "formats": [SIZE]}).json()
        assert again["id"] == batch["id"] and again["new"] is False
        assert (
            a.get(f"/v1/batches/{batch['id']}").json()["items"][0]["brief_id"]
            == (view["items"][0]["brief_id"])
        )
        assert a.get("/v1/batches/batch-nope").status_code == 404
        # resume (after a service restart, or to retry): only the failed input runs again
        assert b.post(f"{url}/resume").status_code == 404
        r = a.post(f"{url}/resume")
        assert r.status_code == 202, r.text
        deadline = time.monotonic() + 300
        while (again := a.get(url).json())["state"] == "running":
            assert time.monotonic() < deadline, again
            time.sleep(0.5)
        assert [i["state"] for i in again["items"]] == ["succeeded", "failed"]
        assert again["items"][0]["brief_id"] == view["items"][0]["brief_id"]
