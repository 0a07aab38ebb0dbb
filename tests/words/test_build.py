"""build_words: plan variables -> typed words, and notes on what could not be supplied."""

from __future__ import annotations

from studio.words import required_strings
from studio.words.build import build_words
from studio.words.model import Blueprint, LabelledScene, Recipe, Whiteboard


def test_a_whiteboard_without_steps_says_who_writes_them() -> None:
    words, notes = build_words(
        "whiteboard", {"concept": "How DNS works", "steps": []}, brief_text="x"
    )
    assert isinstance(words, Whiteboard) and words.title == "How DNS works" and words.steps == []
    assert notes == [
        "steps: the brief lists none; the agent planner writes them, or list them in the brief"
    ]


def test_a_whiteboard_step_too_long_is_left_out_with_a_note_never_cut() -> None:
    long = "word " * 60
    words, notes = build_words(
        "whiteboard", {"concept": "Tea", "steps": ["boil", long]}, brief_text=""
    )
    assert isinstance(words, Whiteboard) and [s.caption for s in words.steps] == ["boil"]
    assert any("longer than 240 characters left out" in n for n in notes)


def test_a_recipe_parses_quantities_and_shows_only_the_servings_the_brief_gave() -> None:
    variables = {
        "dish": "omelette",
        "servings": 4,  # the template's default
        "ingredients": ["3 eggs", "½ cup milk", "salt"],
        "steps": ["whisk"],
        "times": ["prep 5 min"],
    }
    words, notes = build_words("recipe", variables, brief_text="An omelette recipe")
    assert isinstance(words, Recipe)
    assert [(i.quantity, i.item) for i in words.ingredients] == [
        ("3", "eggs"),
        ("½ cup", "milk"),
        (None, "salt"),
    ]
    assert words.servings is None and words.times == {"prep": "5 min"}
    assert "servings: the brief gives none; none shown" in notes
    words, _ = build_words("recipe", variables, brief_text="Eine Omelette für 2 Personen")
    assert isinstance(words, Recipe) and words.servings == "Für 2 Personen"
    assert required_strings(words)[:3] == ["Omelette", "Für 2 Personen", "3 eggs"]


def test_scene_labels_come_from_the_vocabulary_and_gaps_are_named() -> None:
    variables = {
        "scene": "a kitchen",
        "languages": ["English", "Japanese", "Dutch"],
        "objects": ["kettle", "spaceship"],
    }
    words, notes = build_words("labelled_scene", variables, brief_text="")
    assert isinstance(words, LabelledScene) and words.languages == ["en", "ja", "nl"]
    assert words.objects[0].labels == {"en": "kettle", "ja": "やかん"}
    assert words.objects[1].labels == {"en": "spaceship"}
    assert any(n.startswith("labels in Dutch could not be supplied") for n in notes)
    assert (
        "objects not in the vocabulary (spaceship): English label only; Japanese, Dutch could not be supplied"
        in notes
    )


def test_a_scene_without_objects_takes_the_scene_kinds_common_objects() -> None:
    variables = {"scene": "una cocina", "languages": ["Spanish", "ar"], "objects": [], "count": 5}
    words, notes = build_words("labelled_scene", variables, brief_text="")
    assert isinstance(words, LabelledScene) and len(words.objects) == 5
    assert words.objects[0].labels == {"es": "hervidor", "ar": "غلاية"}
    assert notes == ["objects: 5 common objects of a kitchen from the bundled vocabulary"]


def test_blueprint_facts_get_labels_values_and_the_brief_as_source() -> None:
    variables = {
        "landmark": "Eiffel Tower",
        "city": "Paris",
        "facts": ["Height: 330 m", "built in 1889", "Weight: 7,300 t", "pretty"],
    }
    words, notes = build_words(
        "blueprint", variables, brief_text="The Eiffel Tower, 330 m tall, built in 1889"
    )
    assert isinstance(words, Blueprint) and words.location == "Paris"
    assert [(f.label, f.value, f.source) for f in words.facts] == [
        ("Height", "330 m", "the brief"),
        ("Built", "1889", "the brief"),
        ("Weight", "7,300 t", None),
    ]
    assert "facts: Weight '7,300 t' has no source (the brief does not give it)" in notes
    assert "facts: 'pretty' is not 'label: value' (e.g. 'Height: 330 m'); left out" in notes


def test_no_title_no_words() -> None:
    words, notes = build_words("whiteboard", {"concept": "", "steps": ["a"]}, brief_text="")
    assert words is None and notes[0].startswith("title: none found")
