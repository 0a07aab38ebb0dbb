"""Live events over Server-Sent Events: numbered, in order from `planned` to a terminal
event, resumable with Last-Event-ID, and a final event for a client that comes late."""

from __future__ import annotations

import json

from tests.api.conftest import Server, wait_until_ended

BRIEF = "A historical photograph of a harbour at dawn"


def _read(client, brief_id: str, last: int | None = None) -> list[tuple[int, str, dict]]:  # noqa: ANN001
    headers = {"Last-Event-ID": str(last)} if last is not None else {}
    events: list[tuple[int, str, dict]] = []
    with client.stream("GET", f"/v1/briefs/{brief_id}/events", headers=headers) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        block: dict[str, str] = {}
        for line in r.iter_lines():
            if line == "":
                if "id" in block:
                    events.append((int(block["id"]), block["event"], json.loads(block["data"])))
                block = {}
            elif not line.startswith(":"):
                name, _, value = line.partition(":")
                block[name] = value.removeprefix(" ")
    return events


def test_events_run_from_planned_to_the_end_and_resume(server: Server) -> None:
    with server.client() as c:
        bid = c.post("/v1/briefs", json={"text": BRIEF, "size": "320x240"}).json()["id"]
        events = _read(c, bid)  # connected while it runs; the stream ends with it
        ids = [n for n, _, _ in events]
        assert ids == list(range(1, len(ids) + 1))
        kinds = [(kind, data.get("stage")) for _, kind, data in events]
        assert kinds[0] == ("stage", "planned")
        assert ("job_started", None) in kinds and ("job_finished", None) in kinds
        assert kinds[-1] == ("end", None) and events[-1][2]["state"] == "succeeded"
        assert ("stage", "done") in kinds
        assert all(data["brief_id"] == bid for _, _, data in events)

        later = _read(c, bid, last=3)  # resume: only what came after event 3
        assert [n for n, _, _ in later] == ids[3:]
        assert later == events[3:]
        assert _read(c, bid, last=ids[-1]) == []  # nothing after the end


def test_a_late_client_still_gets_the_final_event(server: Server) -> None:
    with server.client() as c:
        bid = c.post("/v1/briefs", json={"text": BRIEF, "size": "256x256"}).json()["id"]
        wait_until_ended(c, bid)
        events = _read(c, bid)
        assert events[-1][1] == "end" and events[-1][2]["state"] == "succeeded"
        bad = c.get(f"/v1/briefs/{bid}/events", headers={"Last-Event-ID": "x"})
        assert bad.status_code == 400


def test_the_facts_of_a_pdf(server: Server) -> None:
    from tests.conftest import EXAMPLE_PDF

    with server.client() as c:
        r = c.post("/v1/facts", files={"file": ("q3.pdf", EXAMPLE_PDF.read_bytes())})
        assert r.status_code == 200, r.text
        sheet = r.json()
        assert sheet["company"] == "Northwind Robotics, Inc." and sheet["period"] == "Q3 FY2026"
        revenue = next(f for f in sheet["facts"] if f["key"] == "revenue")
        assert revenue["display"] == "$4.82 billion" and revenue["page"] == 1
        r = c.post("/v1/facts", files={"file": ("q3.pdf", b"hello")})
        assert r.status_code == 422 and r.json()["error"]["field"] == "file"
