"""Time POST /v1/briefs over loopback HTTP against the same work through the service layer in
the same process, as a ratio (what the HTTP layer costs: parsing, auth, limits, JSON views).

    .venv/bin/python bench/bench_api.py [--clients 8] [--requests 200]

Every brief is submitted with `review: true`: it is checked, planned and written to the ledger
and store, and nothing is rendered. The HTTP side runs the real service (uvicorn on a free
loopback port) with `--clients` concurrent clients sending `--requests` requests in all; the
in-process side calls service.submit_brief(review=True) on as many threads. Each prints p50,
p99 and requests/s; the ratio (HTTP/in-process) is what to compare across machines. Nothing
here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

BRIEF = "A historical photograph of a harbour at dawn"


def measure(fn: Callable[[int], None], clients: int, requests: int) -> tuple[list[float], float]:
    """(latencies in seconds, wall seconds) of fn(i) for i in range(requests) on `clients`."""
    times: list[float] = []
    lock = threading.Lock()

    def one(i: int) -> None:
        t = time.perf_counter()
        fn(i)
        with lock:
            times.append(time.perf_counter() - t)

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(one, range(requests)))
    return times, time.perf_counter() - start


def summary(name: str, times: list[float], wall: float) -> tuple[float, float, float]:
    ordered = sorted(times)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    rps = len(times) / wall
    print(f"{name:<12} p50 {p50 * 1000:7.1f} ms   p99 {p99 * 1000:7.1f} ms   {rps:7.1f} req/s")
    return p50, p99, rps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-api-"))
    for key in [k for k in os.environ if k.startswith("STUDIO_")]:
        del os.environ[key]
    os.environ.update(
        STUDIO_OUTPUT_DIR=str(tmp / "out"),
        STUDIO_PROMPTS_DIR=str(REPO / "prompts"),
        STUDIO_API_RATE_PER_MINUTE="0",
    )
    import httpx
    import uvicorn

    from studio import service
    from studio.api import create_app
    from studio.config import get_settings

    settings = get_settings()
    service.add_user(settings, "bench")
    key = service.create_key(settings, "bench")[1]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(settings, threads=2)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)

    local = threading.local()

    def over_http(i: int) -> None:
        if not hasattr(local, "client"):
            local.client = httpx.Client(
                base_url=f"http://127.0.0.1:{port}",
                headers={"Authorization": f"Bearer {key}"},
                timeout=60,
            )
        r = local.client.post("/v1/briefs", json={"text": BRIEF, "seed": i, "review": True})
        assert r.status_code == 202, r.text

    dispatcher = service.LocalDispatcher(threads=2)

    def in_process(i: int) -> None:
        request = service.BriefRequest(text=BRIEF, seed=i, owner="bench")
        service.submit_brief(request, settings=settings, dispatcher=dispatcher, review=True)

    warm = max(4, args.clients)
    measure(over_http, args.clients, warm)  # warm-up: imports, templates, the ledger
    measure(in_process, args.clients, warm)
    print(f"{args.requests} briefs (review: true), {args.clients} concurrent clients")
    http = summary("HTTP", *measure(over_http, args.clients, args.requests))
    inproc = summary("in-process", *measure(in_process, args.clients, args.requests))
    print(
        f"ratio HTTP/in-process: p50 {http[0] / inproc[0]:.2f}x   p99 {http[1] / inproc[1]:.2f}x"
        f"   throughput {http[2] / inproc[2]:.2f}x"
    )
    server.should_exit = True


if __name__ == "__main__":
    main()
