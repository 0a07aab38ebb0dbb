"""A failure that is not the client's is a 500 with a generic message in the one error shape:
never a traceback, never the exception's text."""

from __future__ import annotations

from pathlib import Path

import pytest


class BrokenDispatcher:
    name = "broken"

    def sinks(self) -> list:
        return []

    def submit(self, ctx, brief, plan) -> None:  # noqa: ANN001
        raise RuntimeError("secret detail /etc/passwd")

    def revoke(self, job_ids: list[str]) -> None: ...

    def listening(self, timeout: float = 1.0) -> None:
        return None

    def events(self, brief_id: str) -> None:
        return None


def test_an_unexpected_error_is_a_generic_500(studio_env: Path) -> None:
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from studio import service
    from studio.api import create_app
    from studio.config import get_settings

    settings = get_settings()
    service.add_user(settings, "ann")
    key = service.create_key(settings, "ann")[1]
    app = create_app(settings, dispatcher=BrokenDispatcher())
    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.post(
            "/v1/briefs",
            json={"text": "A historical photograph of a harbour at dawn"},
            headers={"Authorization": f"Bearer {key}", "Idempotency-Key": "once"},
        )
        assert r.status_code == 500
        assert r.json() == {
            "error": {
                "type": "InternalError",
                "message": "internal error",
                "field": None,
                "hint": None,
            }
        }
        assert "secret" not in r.text and "Traceback" not in r.text
        again = client.post(  # the failed request's Idempotency-Key was released, not stuck
            "/v1/briefs",
            json={"text": "A historical photograph of a harbour at dawn"},
            headers={"Authorization": f"Bearer {key}", "Idempotency-Key": "once"},
        )
        assert again.status_code == 500
