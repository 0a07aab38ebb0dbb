"""Time the offline renderer per style, against a baseline measured in the same process.

    .venv/bin/python bench/bench_offline.py [--repeats N]

For each size (768x768, 1920x1080) the baseline is PNG-encoding one finished draft of that
size (what every generated image costs to save anyway). Each style prints its best wall time
and best CPU time over a few seeds, and its ratio to the baseline in CPU time (steadier than
wall time on a busy machine): the ratio is what to compare across machines and runs.
Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Callable

from studio.domain import JobSpec
from studio.generators.offline import STYLES, OfflineGenerator

SIZES = ((768, 768), (1920, 1080))
PROMPT = "A harbour city at night, 1950s vintage"


def best_of(fn: Callable[[int], object], repeats: int) -> tuple[float, float]:
    """Best wall and best CPU seconds of fn(i) for i in range(repeats), after one warm-up."""
    fn(repeats)  # warm-up: fonts, caches
    wall = cpu = float("inf")
    for i in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        fn(i)
        wall, cpu = min(wall, time.perf_counter() - t), min(cpu, time.process_time() - c)
    return wall, cpu


def bench_size(generator: OfflineGenerator, w: int, h: int, repeats: int) -> None:
    def job(style: str, seed: int) -> JobSpec:
        return JobSpec(
            id="j",
            brief_id="b",
            template_id="t",
            template_version="1",
            prompt=PROMPT,
            width=w,
            height=h,
            seed=seed,
            params={"style": style},
        )

    size = f"{w}x{h}"
    # baseline: PNG-encode a finished draft of this size (default settings, as Studio saves)
    image = generator.generate(job("photo", 0))[0].image
    base_wall, base_cpu = best_of(lambda _i: image.save(io.BytesIO(), format="PNG"), repeats)
    print(
        f"{size:9s} {'png-encode':13s} wall {base_wall * 1000:7.1f} ms  cpu {base_cpu * 1000:7.1f} ms  (baseline)"
    )
    for style in STYLES:
        wall, cpu = best_of(lambda i, s=style: generator.generate(job(s, i)), repeats)
        print(
            f"{size:9s} {style:13s} wall {wall * 1000:7.1f} ms  cpu {cpu * 1000:7.1f} ms  "
            f"{cpu / base_cpu:5.2f}x png-encode (cpu)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5, help="seeds timed per style (best kept)")
    args = parser.parse_args()
    generator = OfflineGenerator()
    for w, h in SIZES:
        bench_size(generator, w, h, args.repeats)


if __name__ == "__main__":
    main()
