"""Golden tests for prompts: every shipped template has meaningful cases that pass, and a
golden test fails when a template drops a phrase it requires."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from studio.prompts import Library
from studio.workbench.golden import Case, check_case, golden_dir, load_golden, run_golden
from tests.conftest import REPO

LIB = Library(REPO / "prompts")
GOLDEN = sorted(golden_dir(LIB).glob("*.yaml"))


def test_every_template_has_two_to_four_golden_cases() -> None:
    assert {p.stem for p in GOLDEN} == {t.id for t in LIB.templates()}
    for path in GOLDEN:
        cases = load_golden(path).cases
        assert 2 <= len(cases) <= 4, path
        for case in cases:  # each case asserts something of both dialects
            checks = check_case(LIB.get(path.stem), case)
            assert {r.dialect for r in checks} == {"natural", "sd"}, (path, case.name)


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_golden_file_passes(path: Path) -> None:
    results = run_golden(LIB, path.stem)
    failed = [f"{r.case} [{r.dialect}] {r.check}: {r.detail}" for r in results if not r.ok]
    assert results and not failed, "\n".join(failed)


def test_each_assertion_kind_can_fail() -> None:
    t = LIB.get("web-banner")
    case = Case.model_validate({
        "name": "wrong on purpose",
        "variables": {"subject": "running shoes"},
        "expect": {
            "both": {"contains": ["zebra"], "not_contains": ["running shoes"], "max_chars": 40,
                     "regex": ["^nothing"], "negative_contains": ["not in any negative"]},
            "sd": {"negative_not_contains": ["watermark"]},
        },
    })  # fmt: skip
    results = check_case(t, case)
    assert results and not any(r.ok for r in results)
    kinds = {r.check.split()[0] for r in results}
    assert kinds == {"contains", "not_contains", "max_chars", "regex", "negative_contains",
                     "negative_not_contains"}  # fmt: skip


def test_no_placeholders_catches_an_unfilled_hole() -> None:
    t = LIB.get("generic-image").model_copy(deep=True)
    t.prompt.sd = "{{ subject }}, {{ style or None }}, {{ [] }}, high detail"
    case = Case(name="holes", variables={"subject": "a lighthouse"},
                expect={"sd": {"no_placeholders": True}})  # fmt: skip
    [result] = check_case(t, case)
    assert not result.ok and "None" in result.detail


def test_a_golden_test_fails_when_a_template_drops_a_required_phrase(
    tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    prompts = tmp_path / "prompts"
    shutil.copytree(REPO / "prompts", prompts)
    path = prompts / "templates" / "web-banner.yaml"
    text = path.read_text(encoding="utf-8")
    assert "(empty negative space on the left:1.4)" in text
    path.write_text(text.replace("(empty negative space on the left:1.4), ", ""), encoding="utf-8")

    results = run_golden(Library(prompts), "web-banner")
    failed = [r for r in results if not r.ok]
    assert [(r.case, r.dialect, r.check) for r in failed] == [
        ("defaults", "sd", "contains '(empty negative space on the left:1.4)'")
    ]
    assert all(r.ok for r in run_golden(Library(REPO / "prompts"), "web-banner"))

    # the CLI: a table naming the failure, exit 1; the untouched library passes, exit 0
    monkeypatch.setenv("STUDIO_PROMPTS_DIR", str(prompts))
    r = cli("templates", "test", "web-banner")
    assert r.code == 1 and "FAIL" in r.out and "1 failed" in r.out
    monkeypatch.setenv("STUDIO_PROMPTS_DIR", str(REPO / "prompts"))
    r = cli("templates", "test")
    assert r.code == 0 and " 0 failed" in r.out and "15 templates" in r.out
