"""`studio templates diff`: the rendered prompts of a template's examples and golden cases,
working copy against a git revision; and lint's warning for a change without a version bump."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from studio.errors import UserInputError
from studio.lint import warnings
from studio.prompts import Library
from studio.workbench.diff import diff_template
from tests.conftest import REPO

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                   cwd=repo, check=True, capture_output=True)  # fmt: skip


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A git repository holding a copy of prompts/, committed."""
    repo = tmp_path / "repo"
    shutil.copytree(REPO / "prompts", repo / "prompts")
    _git(repo, "init", "-q")
    _git(repo, "add", "prompts")
    _git(repo, "commit", "-q", "-m", "templates")
    return repo


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_no_change_since_head(checkout: Path) -> None:
    d = diff_template(Library(checkout / "prompts"), "web-banner")
    assert not d.changed and d.old_version == d.new_version == "1.0.0"
    assert d.path == "prompts/templates/web-banner.yaml"
    assert len(d.inputs) >= 5  # three example briefs and two golden cases


def test_a_changed_tag_shows_per_input_and_dialect(checkout: Path) -> None:
    path = checkout / "prompts" / "templates" / "web-banner.yaml"
    _edit(path, "(wide panoramic web banner:1.2)", "(ultra wide panoramic web banner:1.3)")
    _edit(path, 'version: "1.0.0"', 'version: "1.1.0"')
    d = diff_template(Library(checkout / "prompts"), "web-banner")
    assert d.changed and (d.old_version, d.new_version) == ("1.0.0", "1.1.0")
    assert d.old_hash != d.new_hash
    # only the sd prompt renders the tag: one change per example input, none in natural
    assert {(c.dialect, c.part) for c in d.changes} == {("sd", "prompt")}
    assert len(d.changes) == len(d.inputs)
    first = d.changes[0].diff.splitlines()
    assert first[0].startswith("--- HEAD: example 1: Web banner for our outdoor shop")
    changed = [line for line in first[2:] if line.startswith(("+", "-"))]
    assert changed == [
        "-(wide panoramic web banner:1.2),",
        "+(ultra wide panoramic web banner:1.3),",
    ]
    assert " (pair of hiking boots:1.3) on the right side," in first  # context, unchanged


def test_against_an_older_revision_and_the_cli(checkout: Path, cli, monkeypatch) -> None:
    path = checkout / "prompts" / "templates" / "event-poster.yaml"
    _edit(path, "calm empty space in the lower third", "calm empty space in the upper third")
    _git(checkout, "commit", "-q", "-am", "upper third")
    monkeypatch.setenv("STUDIO_PROMPTS_DIR", str(checkout / "prompts"))
    r = cli("templates", "diff", "event-poster")
    assert r.code == 0 and "no change in any rendered prompt" in r.out
    r = cli("templates", "diff", "event-poster", "--against", "HEAD~1")
    assert r.code == 1, r.err
    assert "+(calm empty space in the upper third:1.3)," in r.out
    assert "-(calm empty space in the lower third:1.3)," in r.out
    assert "the version is still 1.0.0" in r.err
    r = cli("templates", "diff", "event-poster", "--against", "no-such-rev")
    assert r.code == 2 and "'no-such-rev' is not a git revision" in r.err


def test_lint_warns_when_the_content_changed_but_the_version_did_not(checkout: Path) -> None:
    lib = Library(checkout / "prompts")
    path = checkout / "prompts" / "templates" / "social-post.yaml"
    _edit(path, "id: social-post\n", "# a comment changes nothing rendered\nid: social-post\n")
    assert warnings(lib) == []
    _edit(path, "(commercial advertising photo:1.2)", "(commercial advertising photo:1.3)")
    [warning] = warnings(lib)
    assert (
        warning.startswith(f"{path}:")
        and "changed since HEAD but its version is still 1.0.0" in warning
    )
    _edit(path, 'version: "1.0.0"', 'version: "1.0.1"')
    assert warnings(lib) == []


def test_a_new_template_diffs_against_nothing(checkout: Path) -> None:
    src = checkout / "prompts" / "templates" / "generic-image.yaml"
    text = src.read_text().replace("id: generic-image", "id: generic-copy")
    (checkout / "prompts" / "templates" / "generic-copy.yaml").write_text(text)
    d = diff_template(Library(checkout / "prompts"), "generic-copy")
    assert d.old_version is None and d.changed
    assert all(c.diff.count("\n+") >= 1 for c in d.changes)


def test_outside_a_git_checkout_is_a_clear_error(tmp_path: Path) -> None:
    shutil.copytree(REPO / "prompts", tmp_path / "prompts")
    with pytest.raises(UserInputError, match="is not inside a git checkout"):
        diff_template(Library(tmp_path / "prompts"), "web-banner")
    assert warnings(Library(tmp_path / "prompts")) == []  # lint compares nothing there
