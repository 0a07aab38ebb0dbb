"""With STUDIO_REDIS_URL the service hands briefs to the workers: a real Redis and a real
Celery worker run the brief, the API answers at once, and the events come from the brief's
Redis stream, ending with the ledger's final state."""

from __future__ import annotations

from pathlib import Path

from tests.api.conftest import serving, wait_until_ended
from tests.api.test_events import _read
from tests.workers_support import make_cluster, need_redis_and_celery


def test_the_service_runs_briefs_on_the_workers(tmp_path: Path) -> None:
    need_redis_and_celery()
    cluster = make_cluster(tmp_path, {"STUDIO_DATABASE_URL": f"sqlite:///{tmp_path / 'ledger.db'}"})
    try:
        cluster.ensure_workers(1)
        settings = cluster.settings
        assert settings.redis_url
        with serving(settings) as server, server.client() as c:
            r = c.post("/v1/briefs", json={"text": "A historical photograph of a harbour at dawn"})
            assert r.status_code == 202, r.text
            bid = r.json()["id"]
            events = _read(c, bid)
            kinds = [(kind, data.get("stage")) for _, kind, data in events]
            assert kinds[0] == ("stage", "planned") and ("job_finished", None) in kinds
            assert events[-1][1] == "end" and events[-1][2]["state"] == "succeeded", kinds
            done = wait_until_ended(c, bid)
            assert done["state"] == "succeeded"
            url = c.get(f"/v1/briefs/{bid}").json()["deliverables"][0]["url"]
            png = c.get(url)
            assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
            with server.client("bob") as b:
                assert b.get(f"/v1/briefs/{bid}/events").status_code == 404
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{cluster.logs()}") from exc
    finally:
        cluster.shutdown()
