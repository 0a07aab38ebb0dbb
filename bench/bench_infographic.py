"""Infographic render + OCR verification time, as ratios against a baseline measured in the
same process (PNG-encoding the finished infographic), at both deliverable sizes.

    .venv/bin/python bench/bench_infographic.py
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from studio.compose import compose_with_boxes  # noqa: E402
from studio.documents.ocr import _engine  # noqa: E402
from studio.prompts import Library  # noqa: E402
from studio.verify import check_facts  # noqa: E402
from tests.infographic_samples import SIZES, rich  # noqa: E402


def best(fn, runs: int = 3) -> float:  # noqa: ANN001
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    brand = Library(REPO / "prompts").brand("default")
    _engine()  # load the OCR models once, outside the timings
    print(
        f"{'size':>10} {'png-encode':>11} {'render':>8} {'verify':>8} {'render/png':>11} {'verify/png':>11}  facts"
    )
    for size in SIZES.values():
        comp = rich(width=size[0], height=size[1])
        image, boxes = compose_with_boxes(comp, [], brand)
        png = best(lambda image=image: image.save(io.BytesIO(), "PNG", compress_level=1))
        render = best(lambda comp=comp: compose_with_boxes(comp, [], brand))
        report = {}

        def verify(image=image, boxes=boxes, comp=comp, report=report) -> None:
            report.update(check_facts(image, comp.facts, boxes))

        ver = best(verify, runs=2)
        ok = sum(1 for f in report["facts"] if f["status"] == "ok")
        print(
            f"{size[0]}x{size[1]:<5} {png * 1000:9.0f}ms {render * 1000:6.0f}ms {ver * 1000:6.0f}ms "
            f"{render / png:10.2f}x {ver / png:10.2f}x  {ok}/{len(report['facts'])} verified"
        )


if __name__ == "__main__":
    main()
