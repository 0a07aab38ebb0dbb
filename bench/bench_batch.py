"""Batch throughput: N earnings PDFs through `studio batch`'s loop (studio.service.run_batch)
in this process, then on Celery workers, in one run.

    .venv/bin/python bench/bench_batch.py [--pdfs 100] [--workers 2] [--threads 2]
        [--formats 960x540]

The inputs are copies of examples/northwind-q3-fy2026-release.pdf and of the earnings PDFs in
/work/shared/corpus/earnings/ (when present), each with a PDF comment appended so that every
file has distinct bytes (a batch makes each content once). Each mode gets its own fresh
output folder and ledger, so nothing is reused between them.

1. In process: a LocalDispatcher with --threads threads (the CLI's default).
2. Celery: a private redis-server and --workers worker processes (`celery -A workers.app
   worker -c 1` on every queue), warmed up on one PDF first; the same inputs submitted to them.

Printed per mode: PDFs/minute (inputs that ended, succeeded or failed, over the wall time),
time to the first ended input, succeeded/failed counts; and the scaling ratio (Celery PDFs/min
over in-process PDFs/min). Nothing asserts a time.
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
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "earnings"


def make_inputs(folder: Path, n: int, tag: str = "bench") -> Path:
    """N PDFs with distinct bytes, cycling through the example and the corpus."""
    sources = [REPO / "examples" / "northwind-q3-fy2026-release.pdf"]
    if CORPUS.is_dir():
        sources += sorted(CORPUS.glob("*.pdf"))
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        src = sources[i % len(sources)]
        data = src.read_bytes() + f"\n% {tag} copy {i}\n".encode()
        (folder / f"{i:03d}-{src.name}").write_bytes(data)
    return folder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_mode(name: str, inputs: Path, formats: list[str], dispatcher, settings) -> dict:  # noqa: ANN001
    """One batch of `inputs` on `dispatcher`: wall time, first result, counts."""
    from studio import service

    request = service.BatchRequest(inputs=[str(inputs)], formats=formats)
    t0 = time.monotonic()
    first: list[float] = []

    def on_item(item) -> None:  # noqa: ANN001
        if item.state in ("succeeded", "failed", "cancelled") and not first:
            first.append(time.monotonic() - t0)

    started = service.start_batch(request, settings=settings)
    view = service.run_batch(
        started.batch.id, settings=settings, dispatcher=dispatcher, on_item=on_item
    )
    wall = time.monotonic() - t0
    ended = view.counts["succeeded"] + view.counts["failed"] + view.counts["cancelled"]
    out = {
        "mode": name,
        "wall_s": wall,
        "first_s": first[0] if first else float("nan"),
        "per_min": ended / wall * 60,
        "succeeded": view.counts["succeeded"],
        "failed": view.counts["failed"],
    }
    print(
        f"{name:<12} {len(view.items)} PDFs in {wall:7.1f} s: {out['per_min']:6.2f} PDFs/min, "
        f"first result after {out['first_s']:6.1f} s, "
        f"{out['succeeded']} succeeded, {out['failed']} failed",
        flush=True,
    )
    reasons: dict[str, list[str]] = {}
    for item in view.items:
        if item.state != "succeeded":
            reasons.setdefault((item.error or item.state)[:160], []).append(item.name)
    for reason, names in reasons.items():
        print(f"    {len(names)} x {reason}  ({', '.join(names[:3])})", flush=True)
    return out


def settings_for(folder: Path, env: dict[str, str]):  # noqa: ANN201
    from studio.config import get_settings, reset_settings_cache

    for key in [k for k in os.environ if k.startswith("STUDIO_")]:
        del os.environ[key]
    os.environ.update(env)
    reset_settings_cache()
    return get_settings()


def start_workers(n: int, env: dict[str, str], folder: Path) -> list[subprocess.Popen]:
    procs = []
    for i in range(n):
        log = open(folder / f"worker{i}.log", "wb")  # noqa: SIM115
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "workers.app", "worker"]
                + ["-Q", "gpu,api,cpu", "-c", "1", "-n", f"batch{i}@%h", "--loglevel", "warning"],
                env={**os.environ, **env},
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    return procs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pdfs", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--formats", default="960x540", help="comma-separated, as `--formats`")
    args = parser.parse_args()
    formats = [f for f in args.formats.split(",") if f]
    from studio import service

    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        folder = Path(tmp)
        inputs = make_inputs(folder / "inputs", args.pdfs)
        base = {"STUDIO_PROMPTS_DIR": str(REPO / "prompts")}
        print(f"{args.pdfs} PDFs, formats {','.join(formats)}; {os.cpu_count()} CPUs", flush=True)

        # 1. in process
        here = folder / "here"
        settings = settings_for(
            here,
            base
            | {
                "STUDIO_OUTPUT_DIR": str(here),
                "STUDIO_DATABASE_URL": f"sqlite:///{here / 'ledger.db'}",
            },
        )
        local = service.LocalDispatcher(threads=args.threads)
        baseline = run_mode(
            f"in process ({args.threads} threads)", inputs, formats, local, settings
        )
        local.shutdown(wait=False)

        # 2. Celery: a private Redis and W workers, warmed up on one PDF
        if shutil.which("redis-server") is None:
            raise SystemExit("redis-server is not installed: no Celery run")
        port = free_port()
        redis = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        shared = folder / "shared"
        env = base | {
            "STUDIO_OUTPUT_DIR": str(shared),
            "STUDIO_DATABASE_URL": f"sqlite:///{shared / 'ledger.db'}",
            "STUDIO_REDIS_URL": f"redis://127.0.0.1:{port}/0",
        }
        settings = settings_for(shared, env)
        procs = start_workers(args.workers, env, folder)
        try:
            time.sleep(1.0)
            celery = service.dispatcher_for(settings, queue=True)
            deadline = time.monotonic() + 120
            while len(celery.listening(timeout=2.0) or ()) < 3 and time.monotonic() < deadline:
                time.sleep(0.5)
            warm = make_inputs(folder / "warm", 1, tag="warm-up")  # bytes of its own
            with contextlib.redirect_stdout(open(os.devnull, "w")):  # noqa: SIM115
                run_mode("warm-up", warm, formats, celery, settings)
            queued = run_mode(f"celery ({args.workers} workers)", inputs, formats, celery, settings)
        finally:
            for p in procs:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(p.pid, signal.SIGKILL)
                p.wait()
            redis.kill()
            redis.wait()
        ratio = queued["per_min"] / baseline["per_min"]
        print(
            f"scaling: {ratio:.2f}x the in-process rate on {args.workers} workers "
            f"(time to first result {queued['first_s']:.1f} s vs {baseline['first_s']:.1f} s)"
        )


if __name__ == "__main__":
    main()
