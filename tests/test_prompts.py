import shutil
import time

import pytest

from studio.errors import TemplateError, VariableError
from studio.lint import lint
from studio.planner.routing import choose_template
from studio.prompts import BUILTIN_VARS, Library, coerce_variables, render, used_variables

from .conftest import REPO

LIB = Library(REPO / "prompts")
REQUIRED_TEMPLATES = {
    "earnings-infographic",
    "polaroid-storyboard",
    "whiteboard-explainer",
    "multilingual-labelled-scene",
    "landmark-blueprint",
    "recipe-infographic",
    "seek-and-find",
    "fashion-portrait",
    "double-exposure-poster",
    "historical-photograph",
    "generic-image",
}


def test_the_shipped_library_has_every_template_and_lints_clean() -> None:
    assert {t.id for t in LIB.templates()} >= REQUIRED_TEMPLATES
    assert lint(LIB) == []
    assert LIB.brand("default").palette["accent"].startswith("#")


@pytest.mark.parametrize("template", LIB.templates(), ids=lambda t: t.id)
def test_every_template_renders_in_both_dialects(template) -> None:
    variables = coerce_variables(
        template, {n: "Casablanca" for n, s in template.inputs.items() if s.required}
    )
    panel = (
        {"index": 2, "total": 8, "text": "the letters of transit"}
        if template.panel_prompt
        else None
    )
    natural = render(template, variables, dialect="natural", panel=panel)
    sd = render(template, variables, dialect="sd", panel=panel)
    assert len(natural.prompt) > 80 and natural.negative_prompt == ""
    assert sd.prompt and sd.negative_prompt, "sd dialect needs a prompt and a negative prompt"
    assert "\n" not in natural.prompt and "  " not in natural.prompt
    assert used_variables(template) - BUILTIN_VARS == set(template.inputs)
    if any(s.required for s in template.inputs.values()):
        assert "Casablanca" in natural.prompt + sd.prompt


@pytest.mark.parametrize(
    "template", [t for t in LIB.templates() if t.id != "generic-image"], ids=lambda t: t.id
)
def test_example_briefs_route_to_their_template(template) -> None:
    for example in template.examples:
        route = choose_template(example, LIB.templates(), has_document=template.needs_document)
        assert route.template_id == template.id, (example, route)


def test_a_brief_that_matches_nothing_gets_the_generic_template() -> None:
    route = choose_template("zxqv plorb", LIB.templates())
    assert route.template_id == "generic-image"


def test_missing_and_mistyped_variables_are_named() -> None:
    t = LIB.get("polaroid-storyboard")
    with pytest.raises(VariableError, match="'subject'"):
        coerce_variables(t, {})
    with pytest.raises(VariableError, match="count.*at most 16"):
        coerce_variables(t, {"subject": "x", "count": "99"})
    with pytest.raises(VariableError, match="no input named colour"):
        coerce_variables(t, {"subject": "x", "colour": "red"})
    with pytest.raises(TemplateError, match="unknown template 'nope'"):
        LIB.get("nope")
    with pytest.raises(TemplateError):
        LIB.get("../brands/default")


def test_templates_are_reread_when_they_change(tmp_path) -> None:
    shutil.copytree(REPO / "prompts", tmp_path / "prompts")
    lib = Library(tmp_path / "prompts")
    path = tmp_path / "prompts" / "templates" / "polaroid-storyboard.yaml"
    before = lib.get("polaroid-storyboard")
    time.sleep(0.01)
    path.write_text(
        path.read_text().replace("Polaroid storyboard on a cork board", "Edited title", 1)
    )
    after = lib.get("polaroid-storyboard")
    assert after.title == "Edited title" and after.content_hash != before.content_hash
    assert after.version == before.version == "1.0.0"  # the author did not bump it


def test_lint_reports_file_and_line(tmp_path) -> None:
    shutil.copytree(REPO / "prompts", tmp_path / "prompts")
    path = tmp_path / "prompts" / "templates" / "polaroid-storyboard.yaml"
    text = path.read_text()
    path.write_text(text.replace("{{ subject }}", "{{ subjet }}", 1))
    (tmp_path / "prompts" / "templates" / "broken.yaml").write_text(
        "id: broken\ntitle: x\nkind: nonsense\n"
    )
    problems = lint(Library(tmp_path / "prompts"))
    assert any(
        p.startswith(f"{path}:") and "'subjet' is used but not declared" in p for p in problems
    )
    broken = [p for p in problems if "broken.yaml" in p]
    assert broken and broken[0].split(":")[1].isdigit()
