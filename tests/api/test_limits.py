"""Limits over HTTP: a user's open briefs, images a day and spend a month are checked when a
brief is submitted (429 with the limit as `field` and a hint); requests a minute per API key
(429 with Retry-After)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from studio import service
from studio.api.limits import TokenBucket
from tests.api.conftest import Server, embedded_server, wait_until_ended

BRIEF = "A historical photograph of a harbour at dawn"


@contextmanager
def _server(tmp: pytest.TempPathFactory, **env: str) -> Iterator[Server]:
    with embedded_server(tmp.mktemp("limits"), **env) as running:
        yield running


@pytest.fixture(scope="module")
def priced(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Offline images at $0.25 each, no rate limit."""
    with _server(
        tmp_path_factory, STUDIO_PRICES='{"offline": 0.25}', STUDIO_API_RATE_PER_MINUTE="0"
    ) as running:
        yield running


@pytest.fixture(scope="module")
def rated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with _server(tmp_path_factory, STUDIO_API_RATE_PER_MINUTE="3") as running:
        yield running


def _limits(server: Server, **limits: object) -> None:
    service.set_limits(server.settings, "alice", service.UserLimits(**limits))


def _refused(r, field: str) -> dict:  # noqa: ANN001
    assert r.status_code == 429, r.text
    error = r.json()["error"]
    assert error["field"] == field and error["hint"], error
    return error


def test_open_briefs_are_limited(priced: Server) -> None:
    _limits(priced, max_concurrent_briefs=1)
    with priced.client() as c:
        first = c.post("/v1/briefs", json={"text": BRIEF, "review": True}).json()["id"]
        r = c.post("/v1/briefs", json={"text": BRIEF})
        error = _refused(r, "max_concurrent_briefs")
        assert "1" in error["message"]
        with priced.client("bob") as bob:  # another user's limits are his own
            assert bob.post("/v1/briefs", json={"text": BRIEF, "review": True}).status_code == 202
        assert c.post(f"/v1/briefs/{first}/cancel").status_code == 200
        r = c.post("/v1/briefs", json={"text": BRIEF, "size": "640x360"})
        assert r.status_code == 202, r.text
        wait_until_ended(c, r.json()["id"])
    _limits(priced)


def test_images_a_day_are_limited(priced: Server) -> None:
    with priced.client() as c:
        used = service.usage(priced.settings, "alice").images_today
        _limits(priced, images_per_day=used + 1)
        r = c.post("/v1/briefs", json={"text": BRIEF, "size": "640x360"})
        assert r.status_code == 202, r.text
        wait_until_ended(c, r.json()["id"])
        r = c.post("/v1/briefs", json={"text": BRIEF})
        _refused(r, "images_per_day")
        assert int(r.headers["retry-after"]) > 0
    _limits(priced)


def test_spend_a_month_is_limited(priced: Server) -> None:
    with priced.client() as c:
        spent = service.usage(priced.settings, "alice").spent_month_usd
        _limits(priced, budget_per_month_usd=spent + 0.30)
        r = c.post("/v1/briefs", json={"text": BRIEF, "review": True})
        assert r.status_code == 202, r.text
        bid = r.json()["id"]
        error = _refused(c.post("/v1/briefs", json={"text": BRIEF}), "budget_per_month_usd")
        assert "$0.25" in error["message"]
        _refused(c.post(f"/v1/briefs/{bid}/rerun"), "budget_per_month_usd")
        c.post(f"/v1/briefs/{bid}/cancel")
    _limits(priced)


def test_requests_a_minute_per_key(rated: Server) -> None:
    with rated.client() as c, rated.client("bob") as bob:
        codes = [c.get("/v1/briefs").status_code for _ in range(5)]
        assert codes[:3] == [200, 200, 200] and codes[3] == 429, codes
        r = c.get("/v1/briefs")
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
        assert r.json()["error"]["type"] == "RateLimited"
        assert bob.get("/v1/briefs").status_code == 200  # per key
        with rated.client(None) as anonymous:
            assert anonymous.get("/openapi.json").status_code == 200


def test_token_bucket_refills() -> None:
    bucket = TokenBucket(600)  # 10 a second
    assert all(bucket.take("k") == 0 for _ in range(600))
    wait = bucket.take("k")
    assert 0 < wait <= 0.11
    time.sleep(wait + 0.01)
    assert bucket.take("k") == 0
