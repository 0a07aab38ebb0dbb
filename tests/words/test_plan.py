"""The offline planner end to end: the brief's words reach the plan's variables, and the
rationale says where each came from."""

from __future__ import annotations

from studio.config import Settings
from studio.domain import Brief
from studio.planner import make_plan
from studio.prompts import Library
from tests.conftest import REPO

LIB = Library(REPO / "prompts")
SETTINGS = Settings(prompts_dir=REPO / "prompts")

DNS = (
    "A whiteboard that explains how DNS resolution works: 1. browser asks resolver 2. resolver "
    "asks root 3. root points to .com 4. authoritative server answers"
)


def plan(text: str):  # noqa: ANN201
    return make_plan(Brief(text=text), library=LIB, settings=SETTINGS)


def test_the_dns_whiteboard_has_its_title_and_four_steps() -> None:
    p = plan(DNS)
    assert p.template_id == "whiteboard-explainer"
    assert p.variables["concept"] == "How DNS resolution works"
    assert p.variables["steps"] == [
        "browser asks resolver",
        "resolver asks root",
        "root points to .com",
        "authoritative server answers",
    ]
    assert "steps: 4 listed in the brief (numbered)" in p.rationale
    assert not any(r.startswith("details from the brief") for r in p.rationale)


def test_a_recipe_plan_in_german() -> None:
    p = plan(
        "Rezept-Infografik für Pfannkuchen für 4 Personen. Zutaten: 200 g Mehl, 2 Eier, 300 ml "
        "Milch, eine Prise Salz. Zubereitung: 1. Teig rühren 2. ruhen lassen 3. ausbacken."
    )
    assert p.template_id == "recipe-infographic"
    assert p.variables["dish"] == "Pfannkuchen" and p.variables["servings"] == 4
    assert p.variables["ingredients"] == ["200 g Mehl", "2 Eier", "300 ml Milch", "eine Prise Salz"]
    assert p.variables["steps"] == ["Teig rühren", "ruhen lassen", "ausbacken"]


def test_a_labelled_scene_plan_keeps_the_languages_in_order() -> None:
    p = plan("Label every object in a kitchen in English, Japanese and Arabic")
    assert p.template_id == "multilingual-labelled-scene"
    assert p.variables["languages"] == ["English", "Japanese", "Arabic"]
    assert p.variables["scene"] == "kitchen"


def test_other_templates_keep_their_reading() -> None:
    # a template without `words:` is read as before: its list input gets the listed lines,
    # and the details keep what they had (the words step never runs for it)
    p = plan(
        "A Polaroid storyboard of Casablanca:\n1. Rick's Café\n2. the airport farewell\n3. the piano"
    )
    assert p.template_id == "polaroid-storyboard"
    assert p.variables["moments"] == ["Rick's Café", "the airport farewell", "the piano"]
    assert "moments: 3 listed items" in p.rationale
    assert "1. Rick's Café" in p.variables["details"]
