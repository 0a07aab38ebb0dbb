"""The brief-understanding benchmark (bench/eval_briefs.py, issue 10): its brief set meets the
coverage the issue asks for, its labels are self-consistent, and the scorer runs on real plans."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path

from studio.config import Settings
from studio.prompts import Library
from tests.conftest import REPO

LIB = Library(REPO / "prompts")


def _eval():  # noqa: ANN202 - the module under bench/, loaded by path (bench is not a package)
    spec = importlib.util.spec_from_file_location("eval_briefs", REPO / "bench" / "eval_briefs.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["eval_briefs"] = mod
    spec.loader.exec_module(mod)
    return mod


EVAL = _eval()
SETS = {
    name: EVAL.load_set(name) for name in ("dev", "dev2", "dev3", "dev4", "dev5", "test", "blind")
}
ALL = [b for items in SETS.values() for b in items]


def test_brief_set_meets_the_issue_minimums() -> None:
    tags = Counter(t for b in ALL for t in b.get("tags", []))
    langs = Counter(b["lang"] for b in ALL)
    assert len(ALL) >= 600 and all(len(items) >= 90 for items in SETS.values())
    assert langs["de"] >= 40 and langs["es"] >= 40 and set(langs) == {"en", "de", "es"}
    assert tags["format"] >= 40 and tags["text"] >= 40 and tags["words"] >= 30
    assert tags["digits"] >= 30 and tags["variations"] >= 20
    assert sum(bool(b.get("reference")) for b in ALL) >= 30
    assert {t.id for t in LIB.templates()} <= {b["template"] for b in ALL}


def test_labels_are_consistent_with_the_briefs_and_templates() -> None:
    allowed = {
        "text", "lang", "template", "subject", "count", "formats", "on_image_text",
        "languages", "reference", "document", "tags", "unscored", "future_template", "n",
    }  # fmt: skip
    ids = {t.id for t in LIB.templates()}
    texts = [b["text"] for b in ALL]
    assert len(texts) == len(set(texts)), "a brief appears twice"
    for b in ALL:
        assert set(b) <= allowed, b
        assert b["template"] in ids and b["lang"] in {"en", "de", "es"}
        assert set(b.get("unscored", [])) <= set(EVAL.FIELDS), b
        for s in b.get("formats", []):
            assert re.fullmatch(r"\d+x\d+", s), s
        for s in b.get("on_image_text", []):
            assert s in b["text"], f"on-image text {s!r} is not verbatim in {b['text']!r}"
        if "text" in b.get("tags", []):
            assert b.get("on_image_text") or "on_image_text" in b.get("unscored", []), b
        if "format" in b.get("tags", []):
            assert b.get("formats") or "formats" in b.get("unscored", []), b
        assert b.get("count") is None or isinstance(b["count"], int)


def test_subject_rule_accepts_the_label_and_at_most_two_extra_words() -> None:
    assert EVAL.subject_matches("Boeing 747 first flight", "the Boeing 747 first flight")
    assert not EVAL.subject_matches(
        "Boeing 747 first flight", "Boeing 747 first flight as polaroids on a pinboard"
    )
    assert not EVAL.subject_matches("garden", "Label the objects in a garden scene")
    assert not EVAL.subject_matches("wolf", None)


def test_scorer_plans_and_scores_five_briefs(tmp_path: Path) -> None:
    picked = [b for b in SETS["dev"] if b.get("reference")][:1] + SETS["dev"][:4]
    settings = Settings(prompts_dir=REPO / "prompts", planner="offline")
    results, crashes = EVAL.run_set(picked, LIB, settings, tmp_path)
    assert len(results) == 5 and isinstance(crashes, list)
    table = EVAL.summarise(results)
    assert table["template"][1] == 5 and table["formats"][1] == 5
    for res in results:
        for ok, _exp, _got in res.values():
            assert isinstance(ok, bool)


def test_a_planner_error_is_a_crash_scored_as_misses_not_raised(tmp_path: Path) -> None:
    """A plan over budget raises BudgetError inside make_plan: the run records it and goes on."""
    items = [dict(b) for b in SETS["dev"][:2]]
    settings = Settings(
        prompts_dir=REPO / "prompts", planner="offline", prices={"offline": 1.0}, max_cost=0.01
    )
    results, crashes = EVAL.run_set(items, LIB, settings, tmp_path)
    assert [n for n, _ in crashes] == [b["n"] for b in items]
    assert all("BudgetError" in what for _, what in crashes)
    assert all(not ok for res in results for ok, _e, _g in res.values())
