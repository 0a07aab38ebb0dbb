"""Generate earnings releases from structured truth: the generalisation benchmark's documents.

    .venv/bin/python bench/make_releases.py [--out bench/out/releases] [--count 48]
        [--adversarial 24] [--producers platypus,canvas2col,chromium,libreoffice]
        [--sets dev,test,adversarial]

Writes OUT/<set>/<name>.pdf and OUT/<set>/truth.json (file name -> truth, the shape of the
corpus truth.json plus producer, set, seed, layout and, for adversarial releases, planted).

    dev          seeds 1000+, phrasing half "dev"   (tune the extractor on these)
    test         seeds 5000+, phrasing half "test"  (only ever measured)
    adversarial  seeds 9000+, hidden and AI-addressed plants; mostly canvas2col, a few
                 chromium and libreoffice
    blind        seeds 13000+, phrasing half "blind" (phrases_blind.py; not generated unless
                 asked for: --sets blind; report only its aggregate scores)
    blind2       seeds 17000+, phrasing half "blind2" (phrases_blind2.py; the same rules: only
                 with --sets blind2, aggregate scores only)
    blind3       seeds 21000+, phrasing half "blind3" (phrases_blind3.py; diagnosed since,
                 same rules: only with --sets blind3, aggregate scores only)
    blind4       seeds 25000+, phrasing half "blind4" (phrases_blind4.py; blind3 was diagnosed,
                 so this is the final clean measure: only with --sets blind4, aggregate only)

Releases are spread evenly over the producers. A producer whose tool is missing (Chromium,
LibreOffice: see bench/setup.sh) is skipped with a message. The reportlab producers' PDFs are
byte-for-byte reproducible from the seed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.releases.build import Release, make_release  # noqa: E402
from bench.releases.check import missing_plants, missing_printed  # noqa: E402
from bench.releases.plants import add_plants  # noqa: E402
from bench.releases.producers import PRODUCERS  # noqa: E402

SEEDS = {"dev": 1000, "test": 5000, "adversarial": 9000, "blind": 13000, "blind2": 17000,
         "blind3": 21000, "blind4": 25000}  # fmt: skip
HALF = {"dev": "dev", "test": "test", "adversarial": "dev", "blind": "blind", "blind2": "blind2",
        "blind3": "blind3", "blind4": "blind4"}  # fmt: skip
# adversarial releases: producer and plant kinds, cycling so every kind appears several times
ADVERSARIAL = [
    ("canvas2col", ["white", "visible"]), ("canvas2col", ["tiny", "footnote"]),
    ("canvas2col", ["offpage", "hidden_table"]), ("canvas2col", ["covered", "white"]),
    ("canvas2col", ["invisible", "visible"]), ("canvas2col", ["hidden_table", "tiny"]),
    ("chromium", ["white", "footnote"]), ("canvas2col", ["footnote", "offpage", "invisible"]),
    ("canvas2col", ["covered", "hidden_table"]), ("libreoffice", ["white", "visible"]),
    ("canvas2col", ["visible", "invisible", "tiny"]), ("chromium", ["tiny", "hidden_table"]),
    ("canvas2col", ["white", "covered", "footnote"]), ("chromium", ["covered", "hidden_table"]),
    ("canvas2col", ["offpage", "white"]), ("libreoffice", ["hidden_table", "tiny", "footnote"]),
    ("canvas2col", ["invisible", "hidden_table"]), ("chromium", ["visible", "white"]),
    ("canvas2col", ["tiny", "covered"]), ("canvas2col", ["footnote", "white", "hidden_table"]),
    ("libreoffice", ["white", "footnote"]), ("canvas2col", ["visible", "offpage"]),
    ("chromium", ["white", "footnote", "covered"]), ("canvas2col", ["invisible", "covered", "visible"]),
]  # fmt: skip


def plan(set_name: str, count: int, producers: list[str]) -> list[Release]:
    """The releases of one set, before rendering (producers decided by position)."""
    releases = []
    for i in range(count):
        seed = SEEDS[set_name] + i
        if set_name == "adversarial":
            producer, kinds = ADVERSARIAL[i % len(ADVERSARIAL)]
            if producer not in producers:
                continue
            release = make_release(seed, set_name, producer, HALF[set_name])  # type: ignore[arg-type]
            add_plants(random.Random(seed * 7 + 1), release, kinds)
        else:
            producer = producers[i % len(producers)]
            release = make_release(seed, set_name, producer, HALF[set_name])  # type: ignore[arg-type]
        releases.append(release)
    return releases


def generate(
    out: Path, sets: list[str], count: int, adversarial: int, producers: list[str]
) -> dict[str, int]:
    """Render every set into out/<set>/ and write its truth.json; returns documents per set."""
    ready = []
    for name in producers:
        if name not in PRODUCERS:
            raise SystemExit(f"unknown producer {name!r}; choose from {', '.join(PRODUCERS)}")
        reason = PRODUCERS[name].missing()
        if reason:
            print(f"-- {reason}")
        else:
            ready.append(name)
    written = {}
    for set_name in sets:
        started = time.perf_counter()
        directory = out / set_name
        directory.mkdir(parents=True, exist_ok=True)
        for old in directory.glob("*.pdf"):
            old.unlink()
        releases = plan(set_name, adversarial if set_name == "adversarial" else count, ready)
        for name in ready:
            batch = [r for r in releases if r.producer == name]
            if batch:
                PRODUCERS[name].render(batch, directory)
        truth = {f"{r.name}.pdf": r.truth for r in releases}
        for file, label in truth.items():  # truth never claims what the text layer lacks
            for problem in missing_printed(directory / file, label):
                print(f"!! {set_name}/{file}: truth says it prints {problem}, the PDF text has not")
            for text in missing_plants(directory / file, label):
                print(f"!! {set_name}/{file}: plant not in the PDF text: {text[:60]!r}")
        (directory / "truth.json").write_text(
            json.dumps(truth, indent=1, ensure_ascii=False) + "\n"
        )
        counts = {n: sum(r.producer == n for r in releases) for n in ready}
        print(
            f"{set_name:12s} {len(releases):3d} documents {counts} in {time.perf_counter() - started:.1f} s -> {directory}"
        )
        written[set_name] = len(releases)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=HERE / "out" / "releases")
    parser.add_argument(
        "--count", type=int, default=48, help="documents in each of dev, test and the blind sets"
    )
    parser.add_argument(
        "--adversarial", type=int, default=24, help="documents in the adversarial set"
    )
    parser.add_argument("--producers", default=",".join(PRODUCERS))
    parser.add_argument("--sets", default="dev,test,adversarial")
    args = parser.parse_args()
    sets = [s for s in args.sets.split(",") if s]
    unknown = set(sets) - set(SEEDS)
    if unknown:
        parser.error(f"unknown set(s) {sorted(unknown)}; choose from {', '.join(SEEDS)}")
    generate(
        args.out, sets, args.count, args.adversarial, [p for p in args.producers.split(",") if p]
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
