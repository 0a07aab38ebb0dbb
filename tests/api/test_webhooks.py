"""Webhooks over HTTP: a receiver server in the test gets the brief's events (planned,
job_finished, finished), each signed the Standard Webhooks way with the user's secret;
a failed delivery is retried with the same webhook-id; only http(s) and, by default, no
private addresses."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from studio import service
from tests.api.conftest import Server, embedded_server, wait_until_ended

BRIEF = "A historical photograph of a harbour at dawn"


class Receiver:
    """An HTTP server that records deliveries and answers 500 to the first of each id."""

    def __init__(self, secret_of: dict[str, str]) -> None:
        self.received: list[dict] = []
        self.attempts: dict[str, int] = {}
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers["content-length"]))
                headers = {k.lower(): v for k, v in self.headers.items()}
                msg_id = headers.get("webhook-id", "")
                with outer.lock:
                    outer.attempts[msg_id] = outer.attempts.get(msg_id, 0) + 1
                    first = outer.attempts[msg_id] == 1
                    valid = service.verify(outer.secret_of["alice"], headers, body)
                    outer.received.append(
                        {"headers": headers, "body": json.loads(body), "valid": valid}
                    )
                self.send_response(500 if first else 204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.secret_of = secret_of
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hooks"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def accepted(self) -> dict[str, dict]:
        """The last delivery of each id (the one that got its 2xx)."""
        with self.lock:
            return {r["headers"]["webhook-id"]: r for r in self.received}


@pytest.fixture(scope="module")
def open_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The embedded service, allowed to deliver to this host's receiver."""
    folder = tmp_path_factory.mktemp("hooks")
    with embedded_server(folder, STUDIO_WEBHOOK_ALLOW_PRIVATE="1") as running:
        yield running


def _wait_for(receiver: Receiver, kind: str, brief_id: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(
            r["body"]["type"] == kind and r["body"]["data"]["brief_id"] == brief_id
            for r in receiver.accepted().values()
            if receiver.attempts[r["headers"]["webhook-id"]] > 1
        ):
            return
        time.sleep(0.1)
    raise AssertionError(f"no {kind} for {brief_id}: {receiver.received}")


def test_a_briefs_events_are_delivered_signed_and_retried(open_server: Server) -> None:
    secret = service.webhook_secret(open_server.settings, "alice")
    receiver = Receiver({"alice": secret})
    with open_server.client() as c:
        r = c.post(
            "/v1/briefs",
            json={"text": BRIEF, "size": "640x360", "review": True, "webhook": receiver.url},
        )
        assert r.status_code == 202, r.text
        bid = r.json()["id"]
        _wait_for(receiver, "brief.planned", bid)
        assert c.post(f"/v1/briefs/{bid}/approve").status_code == 202
        assert wait_until_ended(c, bid)["state"] == "succeeded"
        _wait_for(receiver, "brief.finished", bid)
    got = receiver.accepted()
    kinds = [r["body"]["type"] for r in got.values()]
    assert kinds[0] == "brief.planned" and kinds[-1] == "brief.finished", kinds
    assert "brief.job_finished" in kinds, kinds
    assert all(r["valid"] for r in receiver.received), "a bad signature"
    assert all(receiver.attempts[i] == 2 for i in got), receiver.attempts  # retried once
    assert all(i.startswith(f"{bid}.") for i in got)
    finished = next(r for r in got.values() if r["body"]["type"] == "brief.finished")
    assert finished["body"]["data"]["state"] == "succeeded"
    headers = finished["headers"]
    assert headers["webhook-signature"].startswith("v1,")
    # what the signature covers: "{id}.{timestamp}.{body}" — a changed body fails
    assert not service.verify(secret, headers, b"{}")
    receiver.httpd.shutdown()


def test_webhook_events_choose_what_is_sent(open_server: Server) -> None:
    receiver = Receiver({"alice": service.webhook_secret(open_server.settings, "alice")})
    with open_server.client() as c:
        r = c.post(
            "/v1/briefs",
            json={
                "text": BRIEF,
                "size": "640x360",
                "webhook": receiver.url,
                "webhook_events": ["finished"],
            },
        )
        assert r.status_code == 202, r.text
        bid = r.json()["id"]
        wait_until_ended(c, bid)
        _wait_for(receiver, "brief.finished", bid)
    assert {r["body"]["type"] for r in receiver.received} == {"brief.finished"}
    receiver.httpd.shutdown()


def test_only_http_urls_and_no_private_addresses(server: Server) -> None:
    with server.client() as c:
        for url in (
            "ftp://example.com/x",
            "file:///etc/passwd",
            "http://127.0.0.1:8000/x",
            "http://10.0.0.1/x",
            "http://[::1]/x",
            "not a url",
        ):
            r = c.post("/v1/briefs", json={"text": BRIEF, "webhook": url})
            assert r.status_code == 422, (url, r.text)
            assert r.json()["error"]["field"] == "webhook"
        r = c.post(
            "/v1/briefs",
            json={"text": BRIEF, "webhook": "https://example.com/x", "webhook_events": ["nope"]},
        )
        assert r.status_code == 422 and r.json()["error"]["field"] == "webhook_events"
