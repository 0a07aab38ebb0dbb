"""The source check (studio/verify_source.py) on real releases: of the facts Studio extracts,
how many does it find visible on their cited page, and how long does it take?

    .venv/bin/python bench/eval_source_check.py [--corpus ../shared/corpus/earnings] [DIR ...]
    .venv/bin/python bench/eval_source_check.py --planted bench/out/releases/adversarial

Every fact of a real release is printed on its page, so every `false` here is a false alarm
of the check (the figure would be dropped from the infographic and the deliverable marked
UNVERIFIED) — unless the extractor took it from text a person cannot see. `None` means the
check could not run. Per file: facts, visible, not visible (with the figure and where it was
looked for), seconds of the one worker call.

--planted DIR (an adversarial set from bench/make_releases.py): the extractor is not asked.
Each planted figure of truth.json ("planted": kinds and texts) becomes the fact a fooled
extractor would give (the plant's text as its quote, the page whose text layer holds it);
hidden kinds (white, tiny, offpage, covered, invisible, hidden_table) must come out not
visible, visible kinds (visible, footnote) visible.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "earnings"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dirs", nargs="*", type=Path)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=0, help="files per directory (0: all)")
    parser.add_argument("--planted", type=Path, help="an adversarial set with truth.json")
    args = parser.parse_args()
    if args.planted:
        return planted(args.planted)
    sys.path.insert(0, str(HERE.parent))
    from studio.config import get_settings
    from studio.documents import facts_for_path
    from studio.verify_source import SourceDocument, label, screen

    files: list[Path] = []
    for folder in args.dirs or [args.corpus]:
        found = sorted(folder.glob("*.pdf")) if folder.is_dir() else []
        files += found[: args.limit] if args.limit else found
    if not files:
        print(f"No PDFs in {', '.join(map(str, args.dirs or [args.corpus]))}; nothing to check.")
        return 0
    settings = get_settings()
    total = visible = hidden = unknown = 0
    badges = badges_seen = 0
    seconds = 0.0
    print(f"{'file':<58} {'facts':>5} {'seen':>5} {'not':>4} {'n/a':>4} {'s':>6}")
    for path in files:
        try:
            sheet = facts_for_path(path)
        except Exception as exc:  # a file the reader rejects has nothing to check
            print(f"{path.name[:58]:<58} skipped: {type(exc).__name__}")
            continue
        facts = sheet.facts
        if not facts:
            print(f"{path.name[:58]:<58} {0:>5}")
            continue
        t0 = time.perf_counter()
        doc = SourceDocument(name=path.name, path=path)
        out = screen(facts, {"doc": doc}, settings)
        took = time.perf_counter() - t0
        states = [r["source_visible"] for r in out.results]
        n_true, n_false = states.count(True), states.count(False)
        n_none = states.count(None)
        total, visible, hidden, unknown = (
            total + len(facts),
            visible + n_true,
            hidden + n_false,
            unknown + n_none,
        )
        seconds += took
        print(
            f"{path.name[:58]:<58} {len(facts):>5} {n_true:>5} {n_false:>4} {n_none:>4} "
            f"{took:>6.2f}"
        )
        for fact, r in zip(facts, out.results, strict=True):
            for name, ok in (r.get("badges_visible") or {}).items():
                badges += 1
                badges_seen += ok is True
                if ok is not True:
                    print(f"    {label(fact)}: its {name} badge judged {ok}")
            if r["source_visible"] is not True:
                src = r["source"]
                print(
                    f"    {label(fact)} p{fact.page}: {r['source_visible']} via {src.get('how')} "
                    f"box {src.get('box')} read {src.get('ocr', '')!r}; quote {fact.quote[:70]!r}"
                )
        if out.error:
            print(f"    error: {out.error}")
    share = visible / total if total else 0.0
    print(
        f"\n{total} facts in {len(files)} files: {visible} visible ({share:.1%}), {hidden} not "
        f"visible, {unknown} not checked; change badges {badges_seen}/{badges} visible; "
        f"source check {seconds:.1f} s in all ({seconds / max(1, len(files)):.2f} s per file)"
    )
    return 0


HIDDEN = {"white", "tiny", "offpage", "covered", "invisible", "hidden_table"}
_FIGURE = r"[$€£]\s?\d[\d,]*(?:\.\d+)?(?:\s(?:million|billion|thousand))?|\d[\d,]*(?:\.\d+)?%"


def _page_of(path: Path, text: str) -> int:
    """The 1-based page whose text layer holds `text` (hidden text included), else 1."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        for i in range(len(pdf)):
            textpage = pdf[i].get_textpage()
            if textpage.search(text).get_next() is not None:
                return i + 1
    finally:
        pdf.close()
    return 1


def planted(folder: Path) -> int:
    import json
    import re

    sys.path.insert(0, str(HERE.parent))
    from studio.config import get_settings
    from studio.domain import Fact
    from studio.verify_source import SourceDocument, screen

    truth_file = folder / "truth.json"
    if not truth_file.is_file():
        print(f"No truth.json in {folder}; nothing to check.")
        return 0
    truth = json.loads(truth_file.read_text())
    tally: dict[str, list[int]] = {}  # kind -> [figures, judged as expected]
    for name, t in sorted(truth.items()):
        plant = t.get("planted") or {}
        facts, kinds = [], []
        pairs = list(zip(plant.get("kinds", []), plant.get("text", []), strict=False))
        shown = {text for kind, text in pairs if kind not in HIDDEN}
        for kind, text in pairs:
            if kind in HIDDEN and text in shown:
                kind = "same text shown"  # the very sentence is also printed where it shows
            for figure in re.findall(_FIGURE, text):
                number = re.search(r"\d[\d,]*(?:\.\d+)?", figure).group()
                page = _page_of(folder / name, number)
                facts.append(Fact(key="planted", label=kind, display=figure, page=page, quote=text))
                kinds.append(kind)
        if not facts:
            continue
        doc = SourceDocument(name=name, path=folder / name)
        out = screen(facts, {"doc": doc}, get_settings())
        for fact, kind, r in zip(facts, kinds, out.results, strict=True):
            expected = kind not in HIDDEN
            good = r["source_visible"] is expected
            row = tally.setdefault(kind, [0, 0])
            row[0] += 1
            row[1] += good
            if not good:
                print(
                    f"{name}: {kind} {fact.display!r} p{fact.page} judged {r['source_visible']} "
                    f"({r['source'].get('how')}, read {r['source'].get('ocr', '')!r})"
                )
    print(f"{'plant kind':<14} {'figures':>7} {'as expected':>11}  expected")
    for kind, (n, good) in sorted(tally.items()):
        want = "not visible" if kind in HIDDEN else "visible"
        print(f"{kind:<14} {n:>7} {good:>11}  {want}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
