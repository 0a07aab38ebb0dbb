"""Nothing is lost: a worker SIGKILLed mid-batch and Redis restarted mid-run, with real
worker processes on the production shape of storage: PostgreSQL ledger and an
S3-compatible store (moto's server on loopback). Without PostgreSQL or moto the same tests
run on SQLite and a local directory."""

from __future__ import annotations

import os
import secrets
import time

import pytest

from studio.domain import Manifest, State
from tests.workers_support import (
    Cluster,
    drop_postgres,
    free_port,
    make_cluster,
    need_redis_and_celery,
    postgres_url,
    storyboard,
)

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory):
    need_redis_and_celery()
    folder = tmp_path_factory.mktemp("recovery")
    db = f"studio_test_{secrets.token_hex(4)}"
    env = {"STUDIO_DATABASE_URL": postgres_url(db) or f"sqlite:///{folder / 'ledger.db'}"}
    server = None
    with pytest.MonkeyPatch.context() as mp:
        try:
            from moto.server import ThreadedMotoServer

            server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
            server.start()
            aws = {
                "AWS_ENDPOINT_URL": f"http://127.0.0.1:{server._port}",
                "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_DEFAULT_REGION": "us-east-1",
            }
            for k, v in aws.items():
                mp.setenv(k, v)
            import boto3

            boto3.client("s3", endpoint_url=aws["AWS_ENDPOINT_URL"]).create_bucket(
                Bucket="studio-assets"
            )
            env |= aws | {"STUDIO_STORAGE_URL": "s3://studio-assets/recovery"}
        except ImportError:
            pass
        c = make_cluster(folder, env)
        try:
            c.ensure_workers(2)
            yield c
        finally:
            c.shutdown()
            if server is not None:
                server.stop()
            if env["STUDIO_DATABASE_URL"].startswith("postgresql"):
                drop_postgres(db)


@pytest.fixture
def two_workers(cluster: Cluster) -> Cluster:
    cluster.ensure_workers(2)
    return cluster


def _batch(c: Cluster, briefs: int, panels: int, delay_ms: int) -> list:
    out = []
    for i in range(briefs):
        brief, plan = storyboard(
            c.settings,
            panels=panels,
            seed=100 + i,
            generator="delay",
            params={"delay_ms": delay_ms},
        )
        c.submit(brief, plan)
        out.append((brief, plan))
    return out


def _succeeded_jobs(c: Cluster, batch: list) -> int:
    ledger = c.context().ledger
    return sum(1 for b, _ in batch for j in ledger.get(b.id).jobs if j.state is State.succeeded)


def _wait_for(predicate, timeout: float = 30) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _assert_exactly_one_of_everything(c: Cluster, batch: list) -> None:
    """Every brief succeeded; its storage holds exactly the expected objects, once each;
    the manifest lists one asset per output and its hashes match what is stored."""
    from studio.store import sha256_bytes

    store = c.context().store
    for brief, plan in batch:
        expected = {
            f"{brief.id}/{name}"
            for name in ("brief.json", "plan.json", "manifest.json", "polaroid-storyboard.png")
        }
        expected |= {f"{brief.id}/jobs/{j.id}-0.png" for j in plan.jobs}
        expected |= {f"{brief.id}/jobs/{j.id}.json" for j in plan.jobs}
        listed = store.list(brief.id)
        assert len(listed) == len(set(listed)) and set(listed) == expected
        manifest = Manifest.model_validate_json(store.read(f"{brief.id}/manifest.json"))
        assert manifest.state is State.succeeded
        outputs = [a.path for a in manifest.assets if a.kind == "job_output"]
        assert sorted(outputs) == sorted(f"jobs/{j.id}-0.png" for j in plan.jobs)
        for asset in manifest.assets:
            assert sha256_bytes(store.read(f"{brief.id}/{asset.path}")) == asset.sha256


def running_victim(c: Cluster, batch: list) -> tuple:
    """A worker in the middle of a job, and the job (the job_started event names its
    process)."""
    from studio.events import EventReader

    ledger = c.context().ledger
    victim, job_id = None, None
    deadline = time.monotonic() + 10
    while victim is None and time.monotonic() < deadline:
        for brief, _ in batch:
            for e in EventReader(c.redis.url, brief.id).read(block_ms=1):
                if e["type"] != "job_started":
                    continue
                row, _ = ledger.job(e["job_id"])
                pid = int(e["source"].rsplit(":", 1)[1])
                owner = next((w for w in c.workers if _in_group(pid, w.proc.pid)), None)
                if row.state is State.running and owner is not None:
                    victim, job_id = owner, e["job_id"]
    assert victim is not None, "no job was running"
    return victim, job_id


def test_sigkill_a_worker_mid_batch_and_every_brief_still_succeeds(two_workers: Cluster) -> None:
    c = two_workers
    batch = _batch(c, briefs=4, panels=6, delay_ms=200)
    _wait_for(lambda: _succeeded_jobs(c, batch) >= 4)

    # 1. find a worker in the middle of a job
    ledger = c.context().ledger
    victim, job_id = running_victim(c, batch)

    # 2. SIGKILL it, pool process and all; the other worker carries on, and the killed job
    #    comes back from Redis once its visibility timeout has passed
    victim.kill()
    rows = c.wait([b.id for b, _ in batch], timeout=90)
    assert {r.state for r in rows.values()} == {State.succeeded}, {
        b: r.error for b, r in rows.items()
    }
    killed, _ = ledger.job(job_id)
    assert (killed.state, killed.attempts) == (State.succeeded, 2)
    _assert_exactly_one_of_everything(c, batch)


def _in_group(pid: int, group: int) -> bool:
    try:
        return os.getpgid(pid) == group
    except ProcessLookupError:
        return False


def test_restart_redis_mid_run_and_the_run_completes(two_workers: Cluster) -> None:
    c = two_workers
    batch = _batch(c, briefs=3, panels=6, delay_ms=200)
    _wait_for(lambda: _succeeded_jobs(c, batch) >= 3)
    c.redis.stop()  # SIGTERM: Redis writes its append-only file and exits
    time.sleep(1.0)
    c.redis.start()
    rows = c.wait([b.id for b, _ in batch], timeout=90)
    assert {r.state for r in rows.values()} == {State.succeeded}, {
        b: r.error for b, r in rows.items()
    }
    assert all(w.alive() for w in c.workers), c.logs()
    _assert_exactly_one_of_everything(c, batch)
