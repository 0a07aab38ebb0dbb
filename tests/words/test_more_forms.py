"""Forms of lists and facts found by briefs written after the reader was tuned (a second blind
set): lists separated by slashes, a quoted title, a method written as verb-first clauses, a
'ready in' time, and opened/completed/built kept apart."""

from __future__ import annotations

from studio.words.amounts import find_facts, find_times
from studio.words.lists import separated
from studio.words.verbs import method_clauses


def test_a_list_separated_by_slashes_keeps_its_items_whole() -> None:
    text = (
        'whiteboard for our onboarding deck - "Your first week" - Monday: laptop setup / '
        "Tuesday: meet the team / Wednesday: first ticket"
    )
    (found,) = separated(text)
    assert found.items == [
        "Monday: laptop setup",
        "Tuesday: meet the team",
        "Wednesday: first ticket",
    ]
    assert separated("drive at 50 km/h past the gate") == []


def test_verb_first_clauses_are_a_method_in_four_languages() -> None:
    cases = {
        "200g flour, 2 eggs. Mix everything, rest 10 minutes, fry each side 1 minute.": [
            "Mix everything",
            "Rest 10 minutes",
            "Fry each side 1 minute",
        ],
        "3 avocados and salt; mash, chop, mix, season.": ["Mash", "Chop", "Mix", "Season"],
        "400 g Nudeln, 1 Ei. Kochen, abgießen und servieren.": [
            "Kochen",
            "Abgießen",
            "Servieren",
        ],
        "Harina y agua. Mezclar, amasar y hornear.": ["Mezclar", "Amasar", "Hornear"],
    }
    for text, steps in cases.items():
        found = method_clauses(text, [])
        assert found is not None and found.items == steps, text
    assert method_clauses("A cosy kitchen, warm light, a wooden table.", []) is None


def test_ready_in_is_the_total_time() -> None:
    assert [(n, v) for n, v, _ in find_times("Ready in 10 minutes.")] == [("total", "10 minutes")]


def test_built_completed_and_opened_are_different_facts() -> None:
    def labels(text: str, lang: str = "en") -> list[tuple[str, str]]:
        return [(label, value) for label, value, _ in find_facts(text, lang)]

    assert labels("main span 1,280 m, opened 1937") == [("Span", "1,280 m"), ("Opened", "1937")]
    assert labels("height 96 m, completed 1859") == [("Height", "96 m"), ("Completed", "1859")]
    assert labels("built in 1889") == [("Built", "1889")]
    assert labels("Höhe 110 m, eröffnet 2017", "de") == [("Höhe", "110 m"), ("Eröffnet", "2017")]
    assert labels("Completed: 1889") == [("Completed", "1889")]  # the brief's own label


def test_other_english_names_of_an_object_find_its_labels() -> None:
    from studio.words import vocab

    assert vocab.object_key("hen") == "chicken" and vocab.object_key("Couch") == "sofa"
    assert vocab.labels("chicken", ["ar", "ja"]) == {"ar": "دجاجة", "ja": "ニワトリ"}


def test_an_italian_how_is_the_whiteboard_title() -> None:
    from studio.words.extract import find_title
    from studio.words.lists import find_lists

    text = (
        "Lavagna che spiega come funziona un vaccino: 1. il vaccino mostra l'antigene "
        "2. il corpo produce anticorpi"
    )
    assert find_title(text, find_lists(text))[0] == "Come funziona un vaccino"


def test_a_recipe_named_after_a_colon_is_the_dish() -> None:
    from studio.words.extract import _DISH, _DISH_STOP, _cut

    m = _DISH.search("Fiche recette : crêpes pour 4 personnes")
    assert m is not None and _cut(m.group("s"), _DISH_STOP) == "crêpes"
