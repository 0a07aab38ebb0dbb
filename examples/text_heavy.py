"""One example of each text-heavy layout (whiteboard, recipe card, labelled scene, blueprint)
at every size its template offers, made through the real CLI path on the embedded default (the
offline draft renderer: no key, no GPU). `make examples` runs it; the PNGs and manifests go to
examples/out/ (not committed), and a line per deliverable says whether OCR read every word.

    .venv/bin/python examples/text_heavy.py [--out examples/out] [--all-sizes]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
STUDIO = Path(sys.executable).parent / "studio"

BRIEFS = {
    "whiteboard-explainer": (
        "A whiteboard that explains how DNS resolution works: 1. browser asks the resolver "
        "2. resolver asks a root server 3. root points to the .com servers 4. the "
        "authoritative server answers 5. browser connects"
    ),
    "recipe-infographic": (
        "Recipe infographic for a classic French omelette, serves 2, prep 5 min, cook 3 min. "
        "Ingredients: 3 eggs, 15 g butter, a pinch of salt, 1 tbsp chives. Method: 1. Whisk "
        "the eggs with the salt 2. Melt the butter in a hot pan 3. Stir until just set "
        "4. Fold and serve at once"
    ),
    "multilingual-labelled-scene": (
        "A labelled kitchen scene for language learners, labels in English, Spanish, Japanese "
        "and Arabic: kettle, sink, fridge, chair, table, window"
    ),
    "landmark-blueprint": (
        "A blueprint of the Eiffel Tower in Paris: Height: 330 m, Base width: 125 m, "
        "Completed: 1889, Designer: Gustave Eiffel"
    ),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "examples" / "out")
    parser.add_argument("--all-sizes", action="store_true", help="every size the template offers")
    args = parser.parse_args()
    failed = 0
    for template, brief in BRIEFS.items():
        sizes = _sizes(template) if args.all_sizes else [None]
        for aspect in sizes:
            cmd = [
                str(STUDIO),
                "run",
                brief,
                "--template",
                template,
                "--out",
                str(args.out),
                "--json",
            ]
            if aspect:
                cmd += ["--aspect", aspect]
            run = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
            if run.returncode != 0:
                print(f"{template} {aspect or ''}: failed\n{run.stderr.strip()}")
                failed += 1
                continue
            manifest = json.loads(run.stdout)
            folder = args.out / manifest["brief"]["id"]
            for name, report in manifest["verification"].items():
                ok = sum(s["status"] == "ok" for s in report.get("strings", []))
                total = len(report.get("strings", []))
                print(
                    f"{report['status'].upper():10} {ok}/{total} strings read back  "
                    f"{folder / name}" + (f"  ({report['reason']})" if report.get("reason") else "")
                )
    return 1 if failed else 0


def _sizes(template: str) -> list[str]:
    import yaml

    data = yaml.safe_load((REPO / "prompts" / "templates" / f"{template}.yaml").read_text())
    return list(data["outputs"]["sizes"])


if __name__ == "__main__":
    raise SystemExit(main())
