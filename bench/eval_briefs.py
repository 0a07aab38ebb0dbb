"""Brief understanding: does the offline planner read a marketing brief as it was written?

    .venv/bin/python bench/eval_briefs.py [--sets dev,dev2,dev3,dev4,dev5,test,blind] [--verbose]

Sets: dev (written with the planner), dev2 to dev5 (written by people who had not read the
planner; agency-style and marketing-heavy) are tuned on; test is measured only; blind was
written without reading the planner and is measured only — never look at its misses.

Each set is bench/briefs/<set>.yaml, a list of briefs with the expected reading (issue 10):

    text           the brief, as a marketing team would write it (en, de or es)
    lang           the language it is written in (a label; the plan has no field for it yet)
    template       the template id that should be chosen
    subject        what is depicted, in the brief's own words. Scored on the template's first
                   required `str` input. A prediction counts when it equals the label or
                   contains it and is at most two words longer (case and punctuation ignored).
                   Labels carry no leading article or possessive ("ceramic mug", not "our
                   ceramic mug") and keep the brief's inflection ("Hirsches", "Fußballspiels").
                   Templates with `subject_scope: thing` (fashion-portrait, product-shot,
                   social-post, web-banner, event-poster) have a `setting` input: their
                   subject is the person or thing without its setting ("bouquet of peonies",
                   not "... on a kitchen table"); scene templates keep the whole scene.
                   Templates with an `outfit` input (fashion-portrait): the person without
                   what they wear ("woman", not "woman in a yellow raincoat"), as the
                   independently written sets label it
    count          an int the brief asks for (panels, objects), or null: the brief names no
                   count, and then the template's default (or no count input) is correct
    formats        exact "WxH" sizes of the deliverables, one per format asked for, compared
                   as a set (variations repeat a size, they add no format); [] means the
                   template's default size
    on_image_text  strings that must be drawn on the image, verbatim; [] = none
    languages      label languages, in the order asked, as English names ("German" for
                   "Deutsch"/"alemán"); only labelled scenes carry it
    reference      true: the eval attaches a small generated PNG as a reference image
    document       true: the eval attaches a small generated earnings PDF
    tags           coverage categories: format, text, words (count in words), digits (names or
                   years with digits that are not counts), variations
    unscored       fields whose expected value is debatable and therefore not scored

Every exception while planning is a crash: counted, listed with its type and message, and the
brief's fields are all scored as misses. The exit status is always 0: this is a measurement.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from studio.config import Settings  # noqa: E402
from studio.domain import Attachment, Brief, Plan  # noqa: E402
from studio.prompts import Library, Template  # noqa: E402

BRIEFS = REPO / "bench" / "briefs"
FIELDS = ("template", "subject", "count", "formats", "on_image_text", "languages")
_WORD = re.compile(r"[\w'’]+", re.UNICODE)


def load_set(name: str, root: Path = BRIEFS) -> list[dict[str, Any]]:
    """The briefs of one set, each with its index in the file as `n` (for listing misses)."""
    items = yaml.safe_load((root / f"{name}.yaml").read_text(encoding="utf-8")) or []
    for n, item in enumerate(items, 1):
        item.setdefault("n", n)
    return items


def _words(text: str) -> list[str]:
    return _WORD.findall((text or "").lower())


def subject_matches(expected: str, got: str | None) -> bool:
    """Equal, or containing the label with at most two extra words: "the Boeing 747 first
    flight" for "Boeing 747 first flight" is right; "Boeing 747 first flight as polaroids on
    a pinboard" carries the template's vocabulary along and is wrong."""
    exp, pred = _words(expected), _words(got or "")
    if not exp or not pred:
        return False
    if exp == pred:
        return True
    n = len(exp)
    contains = any(pred[i : i + n] == exp for i in range(len(pred) - n + 1))
    return contains and len(pred) - n <= 2


def _size(w: int, h: int) -> str:
    return f"{w}x{h}"


def read_plan(plan: Plan, template: Template) -> dict[str, Any]:
    """The plan's reading of the brief, field by field, from where issue 10 says it lives."""
    inputs = template.inputs or {}
    subject_key = next(
        (k for k, s in inputs.items() if s.type == "str" and getattr(s, "required", False)),
        None,
    )
    count_key = template.composition.panels if template.composition else None
    if not count_key and "count" in inputs and inputs["count"].type == "int":
        count_key = "count"
    comps = [c for c in plan.compositions if c.layout != "contact_sheet"]
    text: list[str] = []
    for c in comps[:1]:
        text = [str(t) for t in (c.data.get("on_image_text") or [])]
    return {
        "template": plan.template_id,
        "subject": plan.variables.get(subject_key) if subject_key else None,
        "count": plan.variables.get(count_key) if count_key else None,
        "count_default": inputs[count_key].default if count_key and count_key in inputs else None,
        "formats": sorted({_size(c.width, c.height) for c in comps}),
        "on_image_text": text,
        "languages": list(plan.variables.get("languages") or []) or None,
    }


def expected_formats(item: dict[str, Any], library: Library) -> list[str]:
    formats = list(item.get("formats") or [])
    if formats:
        return sorted(set(formats))
    tpl = library.get(item["template"])
    return [_size(*tpl.outputs.sizes[tpl.outputs.default_aspect])]


def score(item: dict[str, Any], got: dict[str, Any] | None, library: Library) -> dict[str, Any]:
    """{field: (ok, expected, got)} for every scored field of one brief; a crash (got None)
    misses every field."""
    skip = set(item.get("unscored") or [])
    out: dict[str, Any] = {}

    def put(field: str, ok: bool, exp: Any, pred: Any) -> None:
        if field not in skip:
            out[field] = (ok, exp, pred)

    g = got or {}
    put("template", g.get("template") == item["template"], item["template"], g.get("template"))
    if item.get("subject") is not None:
        put(
            "subject",
            subject_matches(item["subject"], g.get("subject")),
            item["subject"],
            g.get("subject"),
        )
    exp_count = item.get("count")
    ok_count = g.get("count") == exp_count or (
        exp_count is None and got is not None and g.get("count") == g.get("count_default")
    )
    put("count", bool(got) and ok_count, exp_count, g.get("count"))
    exp_formats = expected_formats(item, library)
    put("formats", g.get("formats") == exp_formats, exp_formats, g.get("formats"))
    exp_text = list(item.get("on_image_text") or [])
    put(
        "on_image_text",
        bool(got) and g.get("on_image_text") == exp_text,
        exp_text,
        g.get("on_image_text"),
    )
    if item.get("languages") is not None:
        put(
            "languages",
            g.get("languages") == item["languages"],
            item["languages"],
            g.get("languages"),
        )
    return out


def _reference_png(folder: Path) -> Path:
    """A small product-like image (a mug shape on a plain backdrop), drawn here so the
    benchmark needs no files beyond the YAML."""
    from PIL import Image, ImageDraw

    path = folder / "reference.png"
    im = Image.new("RGB", (256, 256), (236, 232, 226))
    d = ImageDraw.Draw(im)
    d.rounded_rectangle((78, 70, 170, 200), radius=14, fill=(40, 90, 140))
    d.arc((150, 100, 200, 160), 270, 90, fill=(40, 90, 140), width=10)
    im.save(path)
    return path


def _earnings_pdf(folder: Path) -> Path:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    path = folder / "results.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    lines = [
        "Northwind Robotics Reports Third Quarter Fiscal 2025 Results",
        "Revenue was $412.5 million, up 18% year over year.",
        "Net income was $51.2 million; diluted earnings per share were $0.84.",
        "Operating cash flow was $77.0 million.",
    ]
    for i, line in enumerate(lines):
        c.drawString(72, 720 - 20 * i, line)
    c.save()
    return path


def run_set(
    items: list[dict[str, Any]], library: Library, settings: Settings, folder: Path
) -> tuple[list[dict[str, Any]], list[tuple[int, str]]]:
    """Plan and score every brief; a crash is recorded, never raised."""
    from studio.attachments import document, reference
    from studio.planner import make_plan

    ref: Attachment | None = None
    doc: Attachment | None = None
    results, crashes = [], []
    for item in items:
        got = None
        try:
            refs, docs = [], []
            if item.get("reference"):
                ref = ref or reference(_reference_png(folder))
                refs = [ref]
            if item.get("document"):
                doc = doc or document(_earnings_pdf(folder), settings)
                docs = [doc]
            brief = Brief(text=item["text"], references=refs, documents=docs)
            plan = make_plan(brief, library=library, settings=settings)
            got = read_plan(plan, library.get(plan.template_id))
        except Exception as exc:  # noqa: BLE001 - a crash is a result, not the end of the run
            msg = " ".join(str(exc).split())[:200]
            crashes.append((item["n"], f"{type(exc).__name__}: {msg}"))
        results.append(score(item, got, library))
    return results, crashes


def summarise(results: list[dict[str, Any]]) -> dict[str, tuple[int, int]]:
    table = {}
    for field in FIELDS:
        scored = [r[field][0] for r in results if field in r]
        table[field] = (sum(scored), len(scored))
    return table


def _pct(ok: int, n: int) -> str:
    return f"{100 * ok / n:5.1f}% ({ok}/{n})" if n else "   n/a"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default="dev,dev2,dev3,dev4,dev5,test,blind")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)
    settings = Settings(prompts_dir=REPO / "prompts", planner="offline")
    library = Library(REPO / "prompts")
    tables: dict[str, tuple[dict[str, tuple[int, int]], int, int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in [s.strip() for s in args.sets.split(",") if s.strip()]:
            try:
                items = load_set(name)
            except FileNotFoundError:
                print(f"[{name}] bench/briefs/{name}.yaml not found, skipped")
                continue
            t0 = time.perf_counter()
            results, crashes = run_set(items, library, settings, Path(tmp))
            secs = time.perf_counter() - t0
            tables[name] = (summarise(results), len(crashes), len(items))
            print(f"[{name}] {len(items)} briefs in {secs:.1f}s, {len(crashes)} crashes")
            for n, what in crashes:
                print(f"  CRASH #{n}: {what}")
            if args.verbose:
                for item, res in zip(items, results, strict=True):
                    for field, (ok, exp, got) in res.items():
                        if not ok:
                            print(f"  miss #{item['n']} {field}: expected {exp!r} got {got!r}")
                            print(f"      brief: {item['text']}")
    print()
    names = list(tables)
    print(f"{'field':<15}" + "".join(f"{n:>22}" for n in names))
    for field in FIELDS:
        print(f"{field:<15}" + "".join(f"{_pct(*tables[n][0][field]):>22}" for n in names))
    print(f"{'crashes':<15}" + "".join(f"{tables[n][1]:>22}" for n in names))
    print(f"{'briefs':<15}" + "".join(f"{tables[n][2]:>22}" for n in names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
