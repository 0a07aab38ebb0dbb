"""Keeping the GPU fed (studio/executor/pipeline.py) on real workers: a GPU worker with two
task threads (`--pool threads --concurrency 2`) generates job N+1 while job N encodes,
writes and records; records still land in generation order, and a worker killed after a
job's generation but before its write loses nothing."""

from __future__ import annotations

import io
import sys
import time

import numpy as np
import pytest
from PIL import Image

from studio.domain import Plan, State
from studio.events import EventReader
from tests.workers_support import Cluster, Worker, make_cluster, need_redis_and_celery, storyboard

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory):
    need_redis_and_celery()
    c = make_cluster(tmp_path_factory.mktemp("overlap"), {})
    try:
        yield c
    finally:
        c.shutdown()


def start_gpu_worker(c: Cluster) -> Worker:
    """A GPU worker as it keeps its GPU fed: two task threads, one GPU line."""
    c.counter += 1
    name = f"gpu{c.counter}"
    cmd = [sys.executable, "-m", "celery", "-A", "workers.app", "worker", "-Q", "gpu,cpu"]
    cmd += ["-P", "threads", "-c", "2", "-n", f"{name}@%h", "--loglevel", "info"]
    cmd += ["--without-mingle", "--without-gossip", "--without-heartbeat"]
    log = c.folder / f"{name}.log"
    import subprocess

    with open(log, "wb") as fh:
        proc = subprocess.Popen(
            cmd, stdout=fh, stderr=subprocess.STDOUT, env=c.env, cwd=c.folder,
            start_new_session=True,
        )  # fmt: skip
    worker = Worker(name, proc, log)
    c.workers.append(worker)
    c.wait_ready([worker])
    return worker


def gpu_plan(plan: Plan, sides: list[int]) -> Plan:
    """Every job on the gpu queue, job i a noise image sides[i] pixels wide: a big one takes
    long to encode and write, a small one almost nothing."""
    jobs = [
        j.model_copy(
            update={
                "queue": "gpu",
                "width": sides[j.index],
                "height": sides[j.index],
                "params": {**j.params, "delay_ms": 200, "noise": True},
            }
        )
        for j in plan.jobs
    ]
    return plan.model_copy(update={"jobs": jobs})


def events(c: Cluster, brief_id: str) -> list[dict]:
    reader, out = EventReader(c.redis.url, brief_id), []
    while batch := reader.read(block_ms=200):
        out += batch
    return out


def test_records_land_in_generation_order_while_the_next_job_generates(cluster: Cluster) -> None:
    c = cluster
    worker = start_gpu_worker(c)
    try:
        brief, plan = storyboard(c.settings, panels=6, seed=21, generator="delay")
        # big (about half a second to encode and write) and small jobs, alternating: without
        # the line, a small job generated after a big one would be recorded before it
        plan = gpu_plan(plan, [2048, 96, 2048, 96, 2048, 96])
        c.submit(brief, plan)
        row = c.wait([brief.id], timeout=120)[brief.id]
        assert row.state is State.succeeded, (row.error, c.logs())
        seen = events(c, brief.id)
        generated = [e["job_id"] for e in seen if e["type"] == "job_generated"]
        recorded = [e["job_id"] for e in seen if e["type"] == "job_finished"]
        assert sorted(generated) == sorted(j.id for j in plan.jobs)
        # 1. recorded in the order generated: events, and the ledger's own finish times
        assert recorded == generated
        jobs = {j.id: j for j in row.jobs if j.kind == "generate"}
        assert sorted(jobs, key=lambda j: jobs[j].finished_at) == generated
        # 2. overlapped: some job finished generating before the one generated before it was
        #    recorded (a job's write and its successor's generation ran at the same time)
        position = {(e["type"], e.get("job_id")): n for n, e in enumerate(seen)}
        assert any(
            position[("job_generated", after)] < position[("job_finished", before)]
            for before, after in zip(generated, generated[1:], strict=False)
        ), [(e["type"], e.get("job_id")) for e in seen]
    finally:
        worker.kill()


def test_a_worker_killed_between_generation_and_write_loses_nothing(cluster: Cluster) -> None:
    c = cluster
    victim = start_gpu_worker(c)
    brief, plan = storyboard(c.settings, panels=2, seed=31, generator="delay")
    plan = gpu_plan(plan, [3072, 96])  # job 0 takes over a second to encode and write
    big = next(j for j in plan.jobs if j.width == 3072)
    c.submit(brief, plan)
    store, ledger = c.context().store, c.context().ledger
    record = f"{brief.id}/jobs/{big.id}.json"

    # 1. the big job's images exist: SIGKILL the worker before it has written them
    reader, deadline = EventReader(c.redis.url, brief.id), time.monotonic() + 60
    while not any(
        e["type"] == "job_generated" and e["job_id"] == big.id for e in reader.read(block_ms=20)
    ):
        assert time.monotonic() < deadline, c.logs()
    victim.kill()
    assert not store.exists(record), "killed too late: the job was already written"
    assert ledger.job(big.id)[0].state is State.running

    # 2. another worker: the unacknowledged message comes back (lease and visibility
    #    timeout), the job runs again and is written once
    start_gpu_worker(c)
    row = c.wait([brief.id], timeout=120)[brief.id]
    assert row.state is State.succeeded, (row.error, c.logs())
    killed, _ = ledger.job(big.id)
    assert (killed.state, killed.attempts) == (State.succeeded, 2)
    listed = store.list(brief.id)
    expected = {f"{brief.id}/{n}" for n in ("brief.json", "plan.json", "manifest.json")}
    expected |= {f"{brief.id}/polaroid-storyboard.png"}
    expected |= {f"{brief.id}/jobs/{j.id}-0.png" for j in plan.jobs}
    expected |= {f"{brief.id}/jobs/{j.id}.json" for j in plan.jobs}
    assert len(listed) == len(set(listed)) and set(listed) == expected
    # the stored output is the job's image, pixel for pixel (noise from its seed)
    stored = np.asarray(Image.open(io.BytesIO(store.read(f"{brief.id}/jobs/{big.id}-0.png"))))
    want = np.random.default_rng(big.seed).integers(0, 256, (3072, 3072, 3), dtype=np.uint8)
    assert np.array_equal(stored, want)
