"""Duty cycle and per-job overhead of the Celery path against the in-process executor, in one
run, with the `delay` test generator standing in for a GPU (a fixed time per image).

    .venv/bin/python bench/bench_workers.py [--jobs 100] [--delay-ms 200] [--workers 2]
        [--repeats N] [--database-url URL] [--storage-url URL] [--redis-url URL] [--png]

1. Baseline: the plan (N jobs of one image each, then a contact sheet of all of them) runs
   in this process.
2. Celery: a private redis-server (AOF on, as in production; or --redis-url), W worker
   processes (`celery -A workers.app worker -c 1`, warmed up on a small brief first), the
   same plan under a new brief id submitted to them.

    generating  = N x delay                  (what the GPU would be busy with)
    duty cycle  = generating / (wall x W)    wall: submit -> last job finished (and -> done)
    overhead    = (wall x W - generating) / N   per job, per worker process

3. The floor: N tasks that only sleep the same time, on the same workers and settings
   (acks_late, prefetch 1, prefork): Celery's own share; the rest is Studio's bookkeeping
   (ledger, durable writes, events, fan-in check).

--png: keeping the GPU fed. Each job is a 1024x1024 image of noise on the gpu queue (encoded
as PNG, about 3 MB, and written durably: fsync), and the same plan runs on W workers of each
design in turn:

    sequential   the current design: prefork, one task at a time; encode, write and record
                 sit between one generation and the next
    overlapped   two task threads per worker (--pool threads --concurrency 2): job N encodes,
                 writes and records while job N+1 generates (studio/executor/pipeline.py)

Ledger SQLite and a local store in a temporary directory unless given. Nothing asserts a time.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def jobs_plan(  # noqa: ANN201
    settings,  # noqa: ANN001
    jobs: int,
    *,
    text: str,
    generator: str,
    prompt: str,
    size: int,
    params: dict,
    queue: str,
    sheet: bool = True,
):
    """N one-image jobs of `generator` (frame i: prompt ", frame i", seed 1 + 101 i), with a
    contact sheet of all of them when `sheet`."""
    from studio.domain import Brief, BriefOptions, Composition, JobSpec, Plan

    brief = Brief(text=text, owner=settings.user, options=BriefOptions(generator=generator, seed=1))
    specs = [
        JobSpec(
            id=f"{brief.id}-j{i:03d}",
            brief_id=brief.id,
            template_id="bench",
            template_version="1",
            role="panel",
            index=i,
            prompt=f"{prompt}, frame {i}" if prompt else f"frame {i}",
            generator=generator,
            width=size,
            height=size,
            seed=1 + 101 * i,
            params=dict(params),
            queue=queue,
        )
        for i in range(jobs)
    ]
    comps = [
        Composition(
            id=f"{brief.id}-c00",
            layout="contact_sheet",
            output="contact-sheet.png",
            width=1200,
            height=900,
            inputs=[j.id for j in specs],
            title="bench",
            captions=[str(i) for i in range(jobs)],
        )
    ]
    plan = Plan(
        brief_id=brief.id,
        template_id="bench",
        template_version="1",
        jobs=specs,
        compositions=comps if sheet else [],
    )
    return brief, plan


def bench_plan(settings, jobs: int, delay_ms: int, *, png: bool = False):  # noqa: ANN001, ANN201
    """N one-image jobs on the delay generator (64x64; with `png` 1024x1024 noise on the gpu
    queue) and a contact sheet of all of them."""
    return jobs_plan(
        settings,
        jobs,
        text=f"bench: {jobs} jobs of {delay_ms} ms",
        generator="delay",
        prompt="",
        size=1024 if png else 64,
        params={"delay_ms": delay_ms, "noise": png},
        queue="gpu" if png else "cpu",
    )


def epoch(value: datetime | None) -> float:
    return value.timestamp() if value else float("nan")


def phases(ledger, brief_id: str, t0: float) -> tuple[float, float, float]:  # noqa: ANN001
    """(jobs wall, end-to-end wall, sum of job seconds) from the ledger's own timestamps."""
    row = ledger.get(brief_id)
    generate = [j for j in row.jobs if j.kind == "generate"]
    assert all(j.state.value == "succeeded" for j in generate), [
        (j.id, j.state, j.error) for j in generate if j.state.value != "succeeded"
    ]
    last_job = max(epoch(j.finished_at) for j in generate)
    return last_job - t0, epoch(row.finished_at) - t0, sum(j.seconds or 0 for j in generate)


def start_workers(
    n: int, env: dict[str, str], folder: Path, *, overlapped: bool = False
) -> list[subprocess.Popen]:
    """W Celery workers on every queue: prefork with one process, or (`overlapped`) two task
    threads sharing the process's GPU line."""
    pool = ["-P", "threads", "-c", "2"] if overlapped else ["-c", "1"]
    procs = []
    for i in range(n):
        log = open(folder / f"worker{i}.log", "wb")  # noqa: SIM115
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "workers.app",
                    "worker",
                    "-Q",
                    "gpu,api,cpu",
                    *pool,
                    "-n",
                    f"bench{i}{'t' if overlapped else ''}@%h",
                    "--loglevel",
                    "warning",
                ],
                env=env,
                cwd=folder,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    return procs


def celery_floor(celery, jobs: int, seconds: float) -> float:  # noqa: ANN001
    """Wall time of `jobs` bare sleep tasks: from sending to the last acknowledgement."""
    import redis

    client = redis.Redis.from_url(celery.conf.broker_url)
    t0 = time.time()
    with celery.producer_or_acquire() as producer:
        for _ in range(jobs):
            celery.send_task("studio.bench_sleep", (seconds,), queue="cpu", producer=producer)
    while client.llen("cpu") or client.hlen("unacked"):
        time.sleep(0.02)
    return time.time() - t0


def stop_workers(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(p.pid, signal.SIGKILL)
        p.wait()


def feed(args: argparse.Namespace, env: dict[str, str], folder: Path, ctx, load: float) -> None:  # noqa: ANN001
    """--png: the same plan of 1024x1024 noise jobs on W sequential workers, then on W
    overlapped ones (fresh workers each round, warmed up first); the best round of each."""
    from workers.client import submit
    from workers.config import make_app

    settings = ctx.settings
    celery = make_app(settings)
    n, w = args.jobs, args.workers
    generating = n * args.delay_ms / 1000
    rounds: dict[str, list[tuple[float, float, float]]] = {"sequential": [], "overlapped": []}
    for _ in range(args.repeats):
        for design in rounds:
            procs = start_workers(w, env, folder, overlapped=design == "overlapped")
            try:
                warm, warm_plan = bench_plan(settings, 2 * w, 10, png=True)
                submit(ctx, warm, warm_plan, celery=celery)
                wait_terminal(ctx.ledger, warm.id, 120)
                brief, plan = bench_plan(settings, n, args.delay_ms, png=True)
                t0 = time.time()
                submit(ctx, brief, plan, celery=celery)
                wait_terminal(ctx.ledger, brief.id, 120 + 5 * generating)
                rounds[design].append(phases(ctx.ledger, brief.id, t0))
            finally:
                stop_workers(procs)
    print(
        f"{n} jobs x {args.delay_ms} ms (`delay` generator), each a 1024x1024 noise PNG "
        f"encoded and written durably; {w} worker processes; ledger "
        f"{settings.ledger_url.split(':', 1)[0]}, store {settings.storage_url or 'local'}; "
        f"{os.cpu_count()} CPUs; best of {args.repeats} round(s), load average before {load:.2f}"
    )
    duty = {}
    for design, results in rounds.items():
        jobs_s, total_s, job_s = min(results)
        duty[design] = generating / (jobs_s * w)
        print(
            f"{design:<12} jobs {jobs_s:7.2f} s   overhead/job "
            f"{(jobs_s * w - generating) / n * 1000:6.1f} ms   duty cycle {duty[design]:.3f} "
            f"({w} processes)   time inside jobs {job_s / n * 1000:6.1f} ms   end to end "
            f"{total_s:6.2f} s"
        )
    print(
        f"ratio        overlapped/sequential duty cycle "
        f"{duty['overlapped'] / duty['sequential']:.2f}x (same plan, same run)"
    )


def wait_terminal(ledger, brief_id: str, timeout: float) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not ledger.brief_state(brief_id).terminal:
        if time.monotonic() > deadline:
            raise SystemExit(f"brief {brief_id} did not finish in {timeout:g} s")
        time.sleep(0.5)  # slow polling: this process must not steal the workers' CPU


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=100)
    parser.add_argument("--delay-ms", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", help="ledger (default: SQLite in a temporary directory)")
    parser.add_argument("--storage-url", help="store (default: a temporary directory)")
    parser.add_argument("--redis-url", help="use this Redis instead of starting one")
    parser.add_argument(
        "--repeats",
        type=int,
        default=1,
        help="rounds of both paths, alternating; the best round of each is kept",
    )
    parser.add_argument(
        "--png",
        action="store_true",
        help="keeping the GPU fed: 1024x1024 noise PNGs written durably, sequential workers "
        "against overlapped ones",
    )
    args = parser.parse_args()

    load = os.getloadavg()[0]
    folder = Path(tempfile.mkdtemp(prefix="studio-bench-"))
    redis_proc = None
    redis_url = args.redis_url
    if redis_url is None:
        if shutil.which("redis-server") is None:
            raise SystemExit("redis-server is not installed; pass --redis-url")
        port = free_port()
        redis_proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--appendonly",
                "yes",
                "--dir",
                str(folder),
                "--save",
                "",
                "--maxmemory-policy",
                "noeviction",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        redis_url = f"redis://127.0.0.1:{port}/0"
    env = {k: v for k, v in os.environ.items() if not k.startswith("STUDIO_")}
    env |= {
        "STUDIO_REDIS_URL": redis_url,
        "STUDIO_OUTPUT_DIR": str(folder / "out"),
        "STUDIO_DATABASE_URL": args.database_url or f"sqlite:///{folder / 'ledger.db'}",
        "STUDIO_PROMPTS_DIR": str(REPO / "prompts"),
        "STUDIO_TEST_GENERATORS": "1",
    }
    if args.storage_url:
        env["STUDIO_STORAGE_URL"] = args.storage_url
    os.environ.update({k: v for k, v in env.items() if k.startswith("STUDIO_")})

    from studio import executor
    from studio.config import get_settings
    from studio.context import open_context
    from studio.generators.testing import register_all
    from workers.client import submit
    from workers.config import make_app

    register_all()
    settings = get_settings()
    ctx = open_context(settings)
    if args.png:
        try:
            feed(args, env, folder, ctx, load)
        finally:
            if redis_proc is not None:
                redis_proc.kill()
            shutil.rmtree(folder, ignore_errors=True)
        return
    procs = start_workers(args.workers, env, folder)
    try:
        # 1. workers up and warm (imports, first plan parsed), then idle during the baseline
        celery = make_app(settings)
        warm, warm_plan = bench_plan(settings, 2 * args.workers, 10)
        submit(ctx, warm, warm_plan, celery=celery)
        wait_terminal(ctx.ledger, warm.id, 120)

        base, dist, floor = [], [], []
        for _ in range(args.repeats):
            # 2. in-process baseline
            brief, plan = bench_plan(settings, args.jobs, args.delay_ms)
            t0 = time.time()
            executor.run_inprocess(ctx, brief, plan)
            base.append(phases(ctx.ledger, brief.id, t0))

            # 3. Celery: the same plan under a new brief id
            brief, plan = bench_plan(settings, args.jobs, args.delay_ms)
            t0 = time.time()
            submit(ctx, brief, plan, celery=celery)
            wait_terminal(ctx.ledger, brief.id, 60 + 3 * args.jobs * args.delay_ms / 1000)
            dist.append(phases(ctx.ledger, brief.id, t0))

            # 4. the floor: tasks that only sleep, same workers, same delivery settings
            floor.append(celery_floor(celery, args.jobs, args.delay_ms / 1000))
        # a shared machine only ever adds time: the best round is the closest to the truth
        base_jobs, base_total, base_job_s = min(base)
        jobs_s, total_s, job_s = min(dist)
        floor_s = min(floor)
    finally:
        for p in procs:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGKILL)
        if redis_proc is not None:
            redis_proc.kill()

    # 4. the figures
    n, w = args.jobs, args.workers
    generating = n * args.delay_ms / 1000
    base_overhead = (base_jobs - generating) / n
    overhead = (jobs_s * w - generating) / n
    print(
        f"{n} jobs x {args.delay_ms} ms (`delay` generator), {w} worker processes; "
        f"ledger {settings.ledger_url.split(':', 1)[0]}, store {settings.storage_url or 'local'}; "
        f"{os.cpu_count()} CPUs; best of {args.repeats} round(s), load average before "
        f"{load:.2f}"
    )
    print(
        f"in-process   jobs {base_jobs:7.2f} s   overhead/job {base_overhead * 1000:6.1f} ms   "
        f"duty cycle {generating / base_jobs:.3f} (1 process)   end to end {base_total:6.2f} s"
    )
    print(
        f"celery       jobs {jobs_s:7.2f} s   overhead/job {overhead * 1000:6.1f} ms   "
        f"duty cycle {generating / (jobs_s * w):.3f} ({w} processes)   end to end {total_s:6.2f} s "
        f"(duty {generating / (total_s * w):.3f})"
    )
    floor_overhead = (floor_s * w - generating) / n
    print(
        f"floor        jobs {floor_s:7.2f} s   overhead/job {floor_overhead * 1000:6.1f} ms   "
        f"duty cycle {generating / (floor_s * w):.3f} (Celery alone: tasks that only sleep)"
    )
    print(
        f"ratio        celery/in-process overhead per job {overhead / base_overhead:.2f}x: "
        f"{overhead * 1000:.1f} ms = Celery's own {floor_overhead * 1000:.1f} ms (floor) + "
        f"Studio's {(overhead - floor_overhead) * 1000:.1f} ms (in-process: "
        f"{base_overhead * 1000:.1f} ms); time inside jobs {job_s / n * 1000:.1f} ms vs "
        f"{base_job_s / n * 1000:.1f} ms in-process"
    )
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
