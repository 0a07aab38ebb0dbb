"""`studio worker --queues gpu` (what docker-compose's gpu worker runs) starts one process with
two task threads, so a job generates while the one before it is written
(studio/executor/pipeline.py); a worker for other queues keeps the prefork pool."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest

from tests.workers_support import VENV_BIN, make_cluster, need_redis_and_celery

pytestmark = pytest.mark.timeout(120)


def _banner(cluster, queues: str, tmp_path) -> str:  # noqa: ANN001
    log = tmp_path / f"{queues}.log"
    with open(log, "wb") as fh:
        proc = subprocess.Popen(
            [str(VENV_BIN / "studio"), "worker", "--queues", queues, "--hostname", f"{queues}@%h"],
            stdout=fh,
            stderr=subprocess.STDOUT,
            env=cluster.env,
            cwd=cluster.folder,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while " ready." not in log.read_text(errors="replace") and time.monotonic() < deadline:
            assert proc.poll() is None, log.read_text(errors="replace")
            time.sleep(0.2)
        return log.read_text(errors="replace")
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def test_a_gpu_worker_runs_two_task_threads_and_a_cpu_worker_prefork(tmp_path) -> None:  # noqa: ANN001
    need_redis_and_celery()
    cluster = make_cluster(tmp_path, {"STUDIO_DATABASE_URL": f"sqlite:///{tmp_path / 'l.db'}"})
    try:
        gpu = _banner(cluster, "gpu", tmp_path)
        assert "concurrency: 2 (thread)" in gpu, gpu
        cpu = _banner(cluster, "cpu", tmp_path)
        assert "(prefork)" in cpu, cpu
    finally:
        cluster.shutdown()
