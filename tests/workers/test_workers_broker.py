"""Workers survive their broker: a `studio worker` (which supervises the Celery worker and
starts it again when it exits on its own) keeps serving through many Redis restarts under
load, and every brief sent around them succeeds."""

from __future__ import annotations

import time

import pytest

from studio.domain import State
from tests.workers.test_workers_recovery import _batch, _succeeded_jobs, _wait_for
from tests.workers_support import Cluster, make_cluster, need_redis_and_celery

pytestmark = pytest.mark.timeout(240)
RESTARTS = 6


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory):
    need_redis_and_celery()
    folder = tmp_path_factory.mktemp("broker")
    c = make_cluster(folder, {"STUDIO_DATABASE_URL": f"sqlite:///{folder / 'ledger.db'}"})
    try:
        c.ensure_workers(2, studio_cli_first=True)
        yield c
    finally:
        c.shutdown()


def test_a_studio_worker_keeps_serving_through_many_redis_restarts(cluster: Cluster) -> None:
    c = cluster
    supervised = c.workers[0]
    sent = []
    for _ in range(RESTARTS):
        batch = _batch(c, briefs=2, panels=3, delay_ms=150)
        sent += batch
        _wait_for(lambda b=batch: _succeeded_jobs(c, b) >= 1, timeout=60)
        c.redis.stop()
        time.sleep(0.5)
        c.redis.start()
    rows = c.wait([b.id for b, _ in sent], timeout=150)
    assert {r.state for r in rows.values()} == {State.succeeded}, {
        b: (r.state, r.stage, r.error) for b, r in rows.items()
    }
    assert supervised.alive(), c.logs()  # the supervisor never gave up
    after = _batch(c, briefs=1, panels=2, delay_ms=50)  # and still serves
    rows = c.wait([b.id for b, _ in after], timeout=60)
    assert {r.state for r in rows.values()} == {State.succeeded}, c.logs()
