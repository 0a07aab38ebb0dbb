"""A brief that names a format plans a deliverable of that shape, for every template's example
brief: no format word ever crashes the planner (issue 10's first bug)."""

from __future__ import annotations

import pytest

from studio import attachments
from studio.config import Settings
from studio.domain import Brief, BriefOptions
from studio.planner import make_plan
from studio.prompts import Library
from tests.conftest import REPO

LIB = Library(REPO / "prompts")
SETTINGS = Settings(prompts_dir=REPO / "prompts")
FORMATS = {  # format words -> the shape of the deliverable
    "in 16:9": "landscape",
    "in widescreen": "landscape",
    "as a banner": "landscape",
    "in 9:16": "portrait",
    "vertical": "portrait",
    "for a poster": "portrait",
    "in square format": "square",
    "1:1": "square",
}
EXAMPLES = [(t.id, ex) for t in LIB.templates() for ex in t.examples]
PDF = REPO / "examples" / "northwind-q3-fy2026-release.pdf"


def _shape(width: int, height: int) -> str:
    return "square" if width == height else "landscape" if width > height else "portrait"


@pytest.mark.parametrize(("template_id", "example"), EXAMPLES)
def test_every_example_brief_with_every_format_word(template_id: str, example: str) -> None:
    needs_pdf = "pdf" in example.lower() or "earnings" in template_id
    documents = [attachments.document(PDF, SETTINGS)] if needs_pdf else []
    for words, shape in FORMATS.items():
        text = f"{example.rstrip('. ')}, {words}"
        plan = make_plan(
            Brief(text=text, options=BriefOptions(), documents=documents),
            library=LIB,
            settings=SETTINGS,
        )
        deliverables = [c for c in plan.compositions if c.layout != "contact_sheet"]
        assert deliverables, text
        # an example that names a format of its own ('Web banner ...') keeps it and adds this
        # one: a deliverable of each; otherwise the one deliverable has the asked shape
        sizes = [(c.width, c.height) for c in deliverables]
        assert shape in {_shape(w, h) for w, h in sizes}, f"{text!r} -> {sizes}"
        if len(deliverables) == 1:
            width, height = sizes[0]
            assert any("deliverable" in r and f"{width}x{height}" in r for r in plan.rationale)


def test_the_aspect_option_still_wins_over_the_brief() -> None:
    plan = make_plan(
        Brief(text="A whiteboard that explains DNS, vertical", options=BriefOptions(aspect="16:9")),
        library=LIB,
        settings=SETTINGS,
    )
    assert any("(16:9)" in r for r in plan.rationale if r.startswith("deliverable"))


@pytest.mark.parametrize(
    ("text", "name", "subject"),
    [
        ("Show the story of the Boeing 747 first flight as polaroids on a pinboard", "subject",
         "Boeing 747 first flight"),
        ("Seek-and-find illustration: a busy ski resort packed with tiny details", "setting",
         "busy ski resort"),
        ("Label the objects in a garden scene in German, Italian and Dutch", "scene", "garden"),
        ("Label every object in a kitchen in German, Italian and Dutch", "scene", "kitchen"),
        ("A Polaroid storyboard of Casablanca: at least 8 key moments pinned to a cork board",
         "subject", "Casablanca"),
    ],
)  # fmt: skip
def test_the_subject_is_what_is_depicted_not_the_templates_words(
    text: str, name: str, subject: str
) -> None:
    plan = make_plan(Brief(text=text), library=LIB, settings=SETTINGS)
    assert str(plan.variables[name]).startswith(subject)
    assert "polaroid" not in str(plan.variables[name]).lower()
    assert "illustration" not in str(plan.variables[name]).lower()
    assert "label" not in str(plan.variables[name]).lower()


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Storyboard of our summer road trip along Route 66 as polaroids with strings", None),
        ("Apollo 11 photos storyboard", None),
        ("Boeing 747 first flight photos", None),
        ("Apollo 11 mission in 6 polaroids", 6),
        ("Pin 10 polaroid photos of the key scenes", 10),
        ("a dozen polaroids of Rome", 12),
    ],
)
def test_counts_only_from_count_phrases_never_from_names(text: str, count: int | None) -> None:
    from studio.planner.extract import find_count

    assert find_count(text)[0] == count


@pytest.mark.parametrize(
    ("text", "first_beat"),
    [
        ("Show the story of the Boeing 747 first flight as polaroids on a pinboard", "The world before"),
        ("Storyboard of our summer road trip along Route 66 as polaroids", "Setting off"),
        ("Polaroid storyboard of the launch of our new smartwatch", "The problem"),
        ("A Polaroid storyboard of Casablanca: 8 key moments pinned to a cork board", "The opening scene"),
    ],
)  # fmt: skip
def test_story_beats_fit_the_kind_of_story(text: str, first_beat: str) -> None:
    plan = make_plan(Brief(text=text), library=LIB, settings=SETTINGS)
    (board,) = [c for c in plan.compositions if c.layout == "polaroid_board"]
    assert board.captions[0] == first_beat


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("A whiteboard that explains how DNS works, as an Instagram story", (1080, 1920)),
        ("Product photo of a ceramic mug on marble for a LinkedIn post", (1200, 627)),
        ("A Polaroid storyboard of Casablanca for a YouTube thumbnail", (1280, 720)),
        ("A poster for our summer sale, leaderboard", (728, 90)),
    ],
)
def test_named_channel_formats_give_exact_sizes(text: str, size: tuple[int, int]) -> None:
    plan = make_plan(Brief(text=text), library=LIB, settings=SETTINGS)
    deliverable = next(c for c in plan.compositions if c.layout != "contact_sheet")
    assert (deliverable.width, deliverable.height) == size
    assert not any(w in str(plan.variables).lower() for w in ("youtube", "instagram", "linkedin"))


def test_the_size_option_wins_over_a_named_format() -> None:
    plan = make_plan(
        Brief(
            text="A whiteboard that explains DNS as an Instagram story",
            options=BriefOptions(width=800, height=600),
        ),
        library=LIB,
        settings=SETTINGS,
    )
    deliverable = next(c for c in plan.compositions if c.layout != "contact_sheet")
    assert (deliverable.width, deliverable.height) == (800, 600)


def test_variations_differ_on_named_axes() -> None:
    plan = make_plan(
        Brief(text="4 variations of a photo of a ceramic mug on marble"),
        library=LIB,
        settings=SETTINGS,
    )
    images = [j for j in plan.jobs if j.role == "image"]
    assert len(images) == 4 and len({j.prompt for j in images}) == 4  # not one prompt, four seeds
    (sheet,) = [c for c in plan.compositions if c.layout == "contact_sheet"]
    assert sheet.captions[1].startswith("2 · a closer") and "low camera angle" in sheet.captions[2]
    assert any(r.startswith("variations vary") for r in plan.rationale)


@pytest.mark.parametrize(
    ("text", "languages"),
    [
        ("Label the objects in a garden scene in German, Italian and Dutch", ["German", "Italian", "Dutch"]),
        ("Bildwörterbuch einer Küche, beschriftet auf Deutsch, Englisch und Türkisch", ["German", "English", "Turkish"]),
        ("Diccionario visual de una playa con etiquetas en inglés, francés y alemán", ["English", "French", "German"]),
    ],
)  # fmt: skip
def test_languages_in_the_order_asked_whatever_the_briefs_language(
    text: str, languages: list[str]
) -> None:
    plan = make_plan(Brief(text=text), library=LIB, settings=SETTINGS)
    assert plan.template_id == "multilingual-labelled-scene"
    assert plan.variables["languages"] == languages


def test_a_board_in_two_formats_is_composed_twice_from_the_same_panels(cli, studio_env) -> None:
    from studio.domain import Manifest

    text = "Polaroid storyboard of a trip to Lisbon, four moments, for a LinkedIn post and an Instagram story"
    plan = make_plan(Brief(text=text), library=LIB, settings=SETTINGS)
    boards = [c for c in plan.compositions if c.layout == "polaroid_board"]
    assert sorted((c.width, c.height) for c in boards) == [(1080, 1920), (1200, 627)]
    assert len(plan.jobs) == 4 and boards[0].inputs == boards[1].inputs
    r = cli("run", text)
    assert r.code == 0, r.err
    folder = next(p for p in studio_env.iterdir() if p.is_dir())
    manifest = Manifest.model_validate_json((folder / "manifest.json").read_text())
    sizes = sorted((a.width, a.height) for a in manifest.assets if a.kind == "deliverable")
    assert sizes == [(1080, 1920), (1200, 627)]
