"""Template versions and hot reload: a declared version beside the content hash, both in the
plan and the manifest; an edit on disk is used by the next render and the next plan of the
same process; older manifests still read."""

from __future__ import annotations

import shutil
from pathlib import Path

from studio import service
from studio.config import Settings
from studio.domain import Manifest, TemplateRef
from studio.lint import warnings
from studio.prompts import Library, coerce_variables, render
from tests.conftest import REPO


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "prompts", tmp_path / "prompts")
    return tmp_path / "prompts"


def test_every_shipped_template_declares_a_version() -> None:
    for t in Library(REPO / "prompts").templates():
        assert t.declared_version and t.version == "1.0.0", t.id
        assert len(t.content_hash) == 12 and t.content_hash != t.version


def test_an_edit_on_disk_is_used_by_the_next_render_in_the_same_process(tmp_path: Path) -> None:
    prompts = _copy(tmp_path)
    path = prompts / "templates" / "web-banner.yaml"
    settings = Settings(prompts_dir=prompts, output_dir=tmp_path / "out")
    before = Library(prompts).get("web-banner")
    _, first, _ = service.render_template("web-banner", settings=settings,
                                          variables={"subject": "shoes"}, dialect="sd")  # fmt: skip
    assert "(wide panoramic web banner:1.2)" in first.prompt

    text = path.read_text(encoding="utf-8")  # same length: only the mtime and inode may tell
    edited = text.replace("(wide panoramic web banner:1.2)", "(tall panoramic web banner:1.2)")
    edited = edited.replace("A very wide panoramic web banner", "A very tall panoramic web banner")
    edited = edited.replace('version: "1.0.0"', 'version: "1.0.1"')
    assert len(edited) == len(text)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(edited, encoding="utf-8")
    tmp.replace(path)  # an editor's save: a new file renamed over the old one

    after = Library(prompts).get("web-banner")
    assert (after.version, before.version) == ("1.0.1", "1.0.0")
    assert after.content_hash != before.content_hash
    _, second, _ = service.render_template("web-banner", settings=settings,
                                           variables={"subject": "shoes"}, dialect="sd")  # fmt: skip
    assert "(tall panoramic web banner:1.2)" in second.prompt

    # the next plan records the new version and hash, and so does its manifest's TemplateRef
    from studio.service.request import BriefRequest

    plan = service.plan(BriefRequest(text="A web banner of running shoes", template="web-banner"),
                        settings=settings)  # fmt: skip
    assert plan.template_version == plan.plan.template_version == "1.0.1"
    assert plan.plan.template_hash == after.content_hash
    assert [j.template_version for j in plan.plan.jobs] == ["1.0.1"]
    assert plan.plan.jobs[0].prompt.startswith("A very tall panoramic web banner")


def test_plans_and_manifests_record_version_and_hash(cli, studio_env: Path) -> None:
    r = cli("run", "A web banner of running shoes on a track", "--template", "web-banner")
    assert r.code == 0, r.err
    manifest_path = next(studio_env.glob("*/manifest.json"))
    manifest = Manifest.model_validate_json(manifest_path.read_text())
    t = Library(REPO / "prompts").get("web-banner")
    assert manifest.plan.template_version == "1.0.0" == manifest.templates[0].version
    assert manifest.plan.template_hash == t.content_hash == manifest.templates[0].content_hash
    assert {j.template_version for j in manifest.plan.jobs} == {"1.0.0"}

    # a manifest written before versions were declared still reads
    old = manifest.model_dump(mode="json")
    old["templates"] = [{"id": "web-banner", "version": "0123456789ab"}]
    del old["plan"]["template_hash"]
    again = Manifest.model_validate(old)
    assert again.templates[0] == TemplateRef(id="web-banner", version="0123456789ab")
    assert again.plan.template_hash == ""


def test_a_template_without_a_version_uses_its_hash_and_lint_warns(tmp_path: Path) -> None:
    prompts = _copy(tmp_path)
    path = prompts / "templates" / "event-poster.yaml"
    path.write_text(path.read_text().replace('version: "1.0.0"\n', ""), encoding="utf-8")
    t = Library(prompts).get("event-poster")
    assert not t.declared_version and t.version == t.content_hash
    assert any("event-poster.yaml:1: declares no version" in w for w in warnings(Library(prompts)))
    t2 = Library(prompts).get("web-banner")
    variables = coerce_variables(t2, {"subject": "x"})
    assert render(t2, variables, dialect="sd").prompt  # others unaffected


def test_a_malformed_version_is_an_error_with_its_line(tmp_path: Path) -> None:
    import pytest

    from studio.errors import TemplateError

    prompts = _copy(tmp_path)
    path = prompts / "templates" / "event-poster.yaml"
    path.write_text(path.read_text().replace('version: "1.0.0"', "version: one"), "utf-8")
    with pytest.raises(TemplateError, match=r"event-poster.yaml:2: version"):
        Library(prompts).get("event-poster")
