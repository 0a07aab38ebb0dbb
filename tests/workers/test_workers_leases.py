"""A SIGKILLed worker's job is taken over through its lease, long before Redis would hand its
message back (the visibility timeout stays at its default of two hours here), and the
message Redis hands back much later finds the job done. Real workers, real Redis."""

from __future__ import annotations

import secrets
import time

import pytest

from studio.domain import State
from tests.workers.test_workers_recovery import (
    _batch,
    _succeeded_jobs,
    _wait_for,
    running_victim,
)
from tests.workers_support import (
    Cluster,
    drop_postgres,
    make_cluster,
    need_redis_and_celery,
    postgres_url,
)

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory):
    need_redis_and_celery()
    folder = tmp_path_factory.mktemp("leases")
    db = f"studio_test_{secrets.token_hex(4)}"
    env = {
        "STUDIO_DATABASE_URL": postgres_url(db) or f"sqlite:///{folder / 'ledger.db'}",
        "STUDIO_VISIBILITY_TIMEOUT_S": "7200",  # the default: recovery must not wait for it
        "STUDIO_JOB_TIME_LIMIT_S": "3600",
        "STUDIO_LEASE_S": "4",
    }
    c = make_cluster(folder, env)
    try:
        c.ensure_workers(2)
        yield c
    finally:
        c.shutdown()
        if env["STUDIO_DATABASE_URL"].startswith("postgresql"):
            drop_postgres(db)


def test_a_sigkilled_workers_job_is_taken_over_by_its_lease(cluster: Cluster) -> None:
    c = cluster
    batch = _batch(c, briefs=3, panels=4, delay_ms=400)
    _wait_for(lambda: _succeeded_jobs(c, batch) >= 2)
    ledger = c.context().ledger
    victim, job_id = running_victim(c, batch)
    killed_at = time.monotonic()
    victim.kill()
    rows = c.wait([b.id for b, _ in batch], timeout=90)
    took = time.monotonic() - killed_at
    assert {r.state for r in rows.values()} == {State.succeeded}, {
        b: r.error for b, r in rows.items()
    }
    killed, _ = ledger.job(job_id)
    assert (killed.state, killed.attempts) == (State.succeeded, 2)
    assert took < 60  # lease (4 s) + sweep (1 s) + the rest of the batch, not 7200 s
