"""Webhooks survive their deliverer: stopped mid-brief (or before the receiver accepts), a new
deliverer on the same ledger sends what was left, with the same ids, and nothing twice that
was accepted; a whole service restart (a new in-process event stream) loses none of them."""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from studio import service
from studio.config import Settings
from studio.domain import State, utcnow
from studio.ledger import Ledger
from studio.ledger import webhooks as hooks
from tests.api.conftest import embedded_server, wait_until_ended
from tests.workers_support import drop_postgres, postgres_url


class Receiver:
    """Records every POST; answers 503 while `up` is False, 204 after."""

    def __init__(self) -> None:
        self.up = False
        self.posts: list[dict] = []  # {"id", "status", "headers", "body", "raw"}
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                raw = self.rfile.read(int(self.headers["content-length"]))
                headers = {k.lower(): v for k, v in self.headers.items()}
                status = 204 if outer.up else 503
                with outer.lock:
                    outer.posts.append(
                        {
                            "id": headers["webhook-id"],
                            "status": status,
                            "headers": headers,
                            "body": json.loads(raw),
                            "raw": raw,
                        }
                    )
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hooks"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def accepted(self) -> list[dict]:
        with self.lock:
            return [p for p in self.posts if p["status"] == 204]

    def tried(self, msg_id: str) -> int:
        with self.lock:
            return sum(1 for p in self.posts if p["id"] == msg_id)


def _until(check: Callable[[], object], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    database_url = None
    if request.param == "postgresql":
        name = f"studio_hooks_{secrets.token_hex(4)}"
        database_url = postgres_url(name)
        if database_url is None:
            pytest.skip("no PostgreSQL at 127.0.0.1:5432 (or psycopg not installed)")
    yield Settings(
        output_dir=tmp_path / "out", database_url=database_url, webhook_allow_private=True
    )
    if database_url is not None:
        drop_postgres(name)


def test_a_stopped_deliverer_is_taken_over_mid_brief(settings: Settings) -> None:
    """Events come from the dispatcher's stream; the deliverer is stopped while the receiver
    refuses one, a second takes over (same stream), a third after a restart (new stream)."""
    ledger = Ledger(settings.ledger_url)
    service.add_user(settings, "ann")
    secret = service.webhook_secret(settings, "ann")
    b = f"b-{secrets.token_hex(6)}"
    ledger.create_brief(brief_id=b, owner="ann", text="t", created_at=utcnow())
    ledger.set_brief(b, state=State.running)
    receiver = Receiver()
    receiver.up = True
    dispatcher = service.LocalDispatcher()
    emit = dispatcher.hub

    def deliverer(on: service.Dispatcher) -> service.WebhookDeliverer:
        return service.WebhookDeliverer(settings, on, attempts=50, backoff_s=0.05)

    first = deliverer(dispatcher)
    first.subscribe(
        service.Subscription(b, "ann", receiver.url, ["planned", "job_finished", "finished"])
    )
    emit({"brief_id": b, "type": "stage", "stage": "planned"})  # 1
    emit({"brief_id": b, "type": "job_started", "job_id": "j0"})  # 2: not subscribed to
    emit({"brief_id": b, "type": "job_finished", "job_id": "j0"})  # 3
    _until(lambda: len(receiver.accepted()) == 2, "the first two deliveries")

    receiver.up = False  # the receiver goes away while the next event is on its way
    emit({"brief_id": b, "type": "job_finished", "job_id": "j1"})  # 4
    _until(lambda: receiver.tried(f"{b}.4") >= 2, "a retried delivery")
    first.stop()
    assert [d.id for d in hooks.deliveries(ledger, b, state="pending")] == [f"{b}.4"]
    tried = receiver.tried(f"{b}.4")
    time.sleep(0.3)
    assert receiver.tried(f"{b}.4") == tried  # stopped means stopped

    receiver.up = True
    emit({"brief_id": b, "type": "job_finished", "job_id": "j2"})  # 5: while nobody watches
    second = deliverer(dispatcher)
    assert b in second.resume()
    _until(lambda: len(receiver.accepted()) == 4, "the deliveries left")
    second.stop()

    # a restart: the new process's stream starts again at 1, the brief ends
    ledger.set_brief(b, state=State.succeeded)
    third = deliverer(service.LocalDispatcher())
    assert b in third.resume()
    _until(lambda: len(receiver.accepted()) == 5, "the final event")
    third.join()

    got = receiver.accepted()
    assert [p["id"] for p in got] == [f"{b}.{n}" for n in (1, 3, 4, 5, 6)]
    assert [p["body"]["type"] for p in got] == [
        "brief.planned",
        *["brief.job_finished"] * 3,
        "brief.finished",
    ]
    assert [p["body"]["data"].get("job_id") for p in got[1:4]] == ["j0", "j1", "j2"]
    assert got[-1]["body"]["data"]["state"] == "succeeded"
    assert all(service.verify(secret, p["headers"], p["raw"]) for p in receiver.posts)
    refused = [p for p in receiver.posts if p["id"] == f"{b}.4" and p["status"] == 503]
    assert refused and all(p["body"]["data"] == got[2]["body"]["data"] for p in refused)
    settled = [(d.id, d.state) for d in hooks.deliveries(ledger, b)]
    assert settled == [(p["id"], "delivered") for p in got]
    assert b not in [w.brief_id for w in hooks.unfinished_webhooks(ledger)]
    receiver.httpd.shutdown()


def test_a_restarted_service_delivers_what_the_last_one_had_not(tmp_path: Path) -> None:
    """A brief in review whose `planned` webhook the receiver refused; the service stops, the
    receiver comes back, a new service (same ledger) delivers it with the same id, and the
    rest of the brief after its approval: every event once, signed, in order."""
    receiver = Receiver()
    with embedded_server(tmp_path, STUDIO_WEBHOOK_ALLOW_PRIVATE="1") as first:
        secret = service.webhook_secret(first.settings, "alice")
        with first.client() as c:
            body = {"text": "A harbour at dawn", "size": "640x360", "review": True}
            r = c.post("/v1/briefs", json={**body, "webhook": receiver.url})
            assert r.status_code == 202, r.text
            bid = r.json()["id"]
        _until(lambda: any(p["id"].startswith(bid) for p in receiver.posts), "a first try")
    refused = [p["id"] for p in receiver.posts]
    assert refused and set(refused) == {refused[0]}, refused
    refused_data = receiver.posts[0]["body"]["data"]

    receiver.up = True
    with embedded_server(tmp_path, STUDIO_WEBHOOK_ALLOW_PRIVATE="1") as second:
        with second.client() as c:
            _until(lambda: receiver.accepted(), "the planned event after the restart")
            assert c.post(f"/v1/briefs/{bid}/approve").status_code == 202
            view = wait_until_ended(c, bid)
            assert view["state"] == "succeeded"
        _until(
            lambda: any(p["body"]["type"] == "brief.finished" for p in receiver.accepted()),
            "brief.finished",
        )
    got = receiver.accepted()
    ids = [p["id"] for p in got]
    assert ids[0] == refused[0] and got[0]["body"]["data"] == refused_data  # the same event
    assert len(ids) == len(set(ids)) and all(i.startswith(f"{bid}.") for i in ids)
    assert [int(i.rsplit(".", 1)[1]) for i in ids] == sorted(int(i.rsplit(".", 1)[1]) for i in ids)
    kinds = [p["body"]["type"] for p in got]
    generate = [j["id"] for j in view["jobs"] if j["kind"] == "generate"]
    # (an approved brief is planned again as its run starts: a second brief.planned)
    assert kinds[0] == "brief.planned" and kinds[-1] == "brief.finished", kinds
    assert set(kinds[1:-1]) <= {"brief.planned", "brief.job_finished"}, kinds
    finished = {
        p["body"]["data"].get("job_id") for p in got if p["body"]["type"].endswith("job_finished")
    }
    assert set(generate) <= finished, (generate, finished)
    assert all(service.verify(secret, p["headers"], p["raw"]) for p in receiver.posts)
    receiver.httpd.shutdown()
