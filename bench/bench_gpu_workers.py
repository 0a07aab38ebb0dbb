"""Step 4 of bench/bench_gpu.py: the random pipeline through Studio. It is saved with
save_pretrained to a temporary folder, a private redis-server and one Celery worker on the
gpu queue load it through the `diffusers` generator (STUDIO_DIFFUSERS_MODEL), and one-image
jobs run through the real executor (ledger, PNG with provenance, durable writes, events).

    duty cycle = jobs x seconds per image (batch 1, in-process) / wall (submit -> last job)

The worker runs two task threads by default (the GPU worker's shape: one job generates while
the one before it encodes and writes, studio/executor/pipeline.py); one thread is the
sequential design (prefork, one task at a time)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.bench_gpu import GUIDANCE, PROMPT, REPO
from bench.bench_workers import free_port, jobs_plan, phases, wait_terminal


def gpu_plan(settings: Any, *, jobs: int, steps: int, size: int):  # noqa: ANN201
    return jobs_plan(
        settings,
        jobs,
        text=f"bench: {jobs} diffusers jobs",
        generator="diffusers",
        prompt=PROMPT,
        size=size,
        params={"steps": steps, "guidance": GUIDANCE},
        queue="gpu",
        sheet=False,
    )


def run_workers(
    pipe: Any,
    *,
    jobs: int,
    steps: int,
    size: int,
    seconds_per_image: float,
    threads: int,
    tiny: bool,
    compile_: bool,
) -> dict[str, Any]:
    redis_server = shutil.which("redis-server")
    if redis_server is None:
        print("studio     skipped: redis-server is not installed here")
        return {"skipped": "redis-server is not installed"}
    from studio.config import Settings
    from studio.context import open_context
    from workers.client import submit
    from workers.config import make_app

    folder = Path(tempfile.mkdtemp(prefix="studio-gpu-bench-"))
    procs: list[subprocess.Popen] = []
    try:
        t0 = time.perf_counter()
        pipe.save_pretrained(folder / "model")
        saved = time.perf_counter() - t0
        port = free_port()
        procs.append(
            subprocess.Popen(
                [redis_server, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
                + ["--appendonly", "yes", "--dir", str(folder)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )
        studio = {
            "STUDIO_REDIS_URL": f"redis://127.0.0.1:{port}/0",
            "STUDIO_OUTPUT_DIR": str(folder / "out"),
            "STUDIO_DATABASE_URL": f"sqlite:///{folder / 'ledger.db'}",
            "STUDIO_PROMPTS_DIR": str(REPO / "prompts"),
            "STUDIO_DIFFUSERS_MODEL": str(folder / "model"),
            "STUDIO_DIFFUSERS_DEVICE": "cpu" if tiny else "cuda",
            "STUDIO_DIFFUSERS_DTYPE": "float32" if tiny else "bfloat16",
            "STUDIO_DIFFUSERS_SDPA": "true",
            "STUDIO_DIFFUSERS_CHANNELS_LAST": "true",
            "STUDIO_DIFFUSERS_COMPILE": str(compile_).lower(),
        }
        env = {k: v for k, v in os.environ.items() if not k.startswith("STUDIO_")} | studio
        settings = Settings(
            _env_file=None, **{k.removeprefix("STUDIO_").lower(): v for k, v in studio.items()}
        )
        pool = ["-P", "threads", "-c", str(threads)] if threads > 1 else ["-c", "1"]
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "workers.app", "worker", "-Q", "gpu,cpu"]
                + [*pool, "-n", "gpubench@%h", "--loglevel", "warning"],
                env=env,
                cwd=REPO,
                stdout=open(folder / "worker.log", "wb"),  # noqa: SIM115
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
        ctx = open_context(settings)
        celery = make_app(settings)
        # warm: the worker loads the pipeline (and compiles it) on its first jobs
        warm, warm_plan = gpu_plan(settings, jobs=threads, steps=2, size=size)
        t0 = time.perf_counter()
        submit(ctx, warm, warm_plan, celery=celery)
        wait_terminal(ctx.ledger, warm.id, 600)
        loaded = time.perf_counter() - t0
        brief, plan = gpu_plan(settings, jobs=jobs, steps=steps, size=size)
        start = time.time()
        submit(ctx, brief, plan, celery=celery)
        wait_terminal(ctx.ledger, brief.id, 120 + 10 * jobs * seconds_per_image)
        wall, _, inside = phases(ctx.ledger, brief.id, start)
    except BaseException:
        with contextlib.suppress(OSError):
            print((folder / "worker.log").read_text(errors="replace")[-3000:], file=sys.stderr)
        raise
    finally:
        for p in reversed(procs):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGKILL)
            p.wait()
        shutil.rmtree(folder, ignore_errors=True)
    duty = jobs * seconds_per_image / wall
    print(
        f"studio     {jobs} jobs x {steps} steps, 1 worker on the gpu queue ({threads} task "
        f"thread{'s' if threads > 1 else ''}): {wall:.2f} s, {jobs / wall:.3f} images/s, "
        f"{inside / jobs:.3f} s inside each job; duty cycle {duty:.3f} (busy = jobs x "
        f"{seconds_per_image:.3f} s at batch 1); saved in {saved:.1f} s, loaded in {loaded:.1f} s"
    )
    return {"jobs": jobs, "threads": threads, "wall": wall, "duty_cycle": duty}
