"""One typed reading of a brief (planner/brief_spec.py): what it depicts, counts only from
count phrases, formats at exact sizes, on-image copy with roles, label languages and the
language the brief is written in; and the agent planner held to the same reading."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from studio.config import Settings
from studio.domain import Brief, Manifest
from studio.planner import make_plan
from studio.planner.brief_spec import read_brief
from studio.planner.validate import PlanDraft, brief_asks
from studio.prompts import Library
from tests.conftest import REPO

LIB = Library(REPO / "prompts")
SETTINGS = Settings()


def spec(text: str, template: str | None = None):
    return read_brief(text, root=LIB.root, template=LIB.get(template) if template else None)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Polaroid storyboard of a Route 66 road trip, a dozen snapshots", 12),
        ("Erstelle ein Polaroid-Storyboard der Reise nach Lissabon mit acht Momenten", 8),
        ("Storyboard de polaroids del viaje a Machu Picchu con doce momentos", 12),
        ("Labelled kitchen scene, half a dozen objects", 6),
        ("A Polaroid storyboard of the Apollo 11 mission", None),
        ("Storyboard of the iPhone 15 launch as polaroids", None),
        ("Storyboard vom Mauerfall 1989", None),
    ],
)
def test_counts_come_from_count_phrases_in_any_language_never_from_names(text, count) -> None:
    assert spec(text).count == count


@pytest.mark.parametrize(
    ("text", "sizes"),
    [
        ("A fox in the snow, 1200x627", [(1200, 627)]),
        ("A fox in the snow for an Instagram story", [(1080, 1920)]),
        ("Un zorro en la nieve, historia de Instagram y publicación de LinkedIn",
         [(1080, 1920), (1200, 627)]),
        ("A fox in the snow, vertical for an Instagram story", [(1080, 1920)]),
    ],
)  # fmt: skip
def test_channel_formats_and_explicit_sizes_are_exact(text, sizes) -> None:
    assert [(f.width, f.height) for f in spec(text).formats] == sizes


def test_copy_roles_headline_subline_and_call_to_action() -> None:
    s = spec(
        'Instagram post for our summer sale: headline "Summer Sale", 30% off everything, '
        "with the call to action 'Shop the sale'"
    )
    assert [(c.text, c.role) for c in s.on_image_text] == [
        ("Summer Sale", "headline"),
        ("30% off everything", "subline"),
        ("Shop the sale", "cta"),
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ('Erstelle ein Foto einer Kaffeemühle auf Marmor mit dem Slogan "Fresh every day"', "de"),
        ("Haz una foto de un gato astronauta en la luna", "es"),
        ('A ceramic mug on marble with the headline "Guten Morgen"', "en"),
    ],
)
def test_the_language_of_the_brief_is_detected_without_its_copy(text, language) -> None:
    s = spec(text)
    assert s.language == language and s.language_detector in ("lingua", "stopwords")


@pytest.mark.parametrize(
    ("text", "template", "subject"),
    [
        ("Erstelle ein Foto einer Kaffeemühle auf Marmor im warmen Morgenlicht", "generic-image",
         "Kaffeemühle auf Marmor im warmen Morgenlicht"),
        ('Web banner for a coffee subscription with a steaming cup of espresso and the text '
         '"Your first box is free"', "web-banner", "steaming cup of espresso"),
        ('Instagram-Post für unseren Black-Friday-Sale: Sneaker auf orangem Hintergrund, Text '
         '"Bis zu 50% Rabatt"', "social-post", "Sneaker"),
        ("Use the attached sketch as a reference: a treehouse in an old oak, watercolour",
         "generic-image", "treehouse in an old oak"),
        ("Haz un storyboard de polaroids sobre el Mundial de 1982, siete momentos, formato 16:9",
         "polaroid-storyboard", "Mundial de 1982"),
        ("Whiteboard explainer of how a heat pump works in five steps, presentation slide",
         "whiteboard-explainer", "how a heat pump works"),
    ],
)  # fmt: skip
def test_the_subject_is_what_is_depicted_in_the_briefs_words(text, template, subject) -> None:
    assert spec(text, template).subject == subject


def test_a_thing_template_splits_the_setting_into_its_own_input() -> None:
    plan = make_plan(
        Brief(text="Fashion photo: woman in a yellow raincoat on a foggy London bridge at dawn"),
        library=LIB,
        settings=SETTINGS,
    )
    assert plan.variables["subject"] == "woman"
    assert plan.variables["outfit"] == "a yellow raincoat"
    assert plan.variables["setting"] == "on a foggy London bridge at dawn"
    assert "yellow raincoat" in plan.jobs[0].prompt
    assert "foggy London bridge" in plan.jobs[0].prompt
    assert "seamless" not in plan.jobs[0].prompt  # the studio default yields to the brief
    assert plan.brief_spec["language"] == "en"


def _draft(**kw) -> PlanDraft:
    return PlanDraft(template_id="social-post", rationale="test", **kw)


def test_the_agent_must_keep_the_briefs_copy_and_formats() -> None:
    brief = Brief(
        text='Instagram story and LinkedIn post for our webinar, headline "Scaling AI" and '
        '"Register now"'
    )
    template = LIB.get("social-post")
    errors = brief_asks(_draft(), brief, template, LIB)
    assert any("'Scaling AI'" in e for e in errors)
    assert any("'Register now'" in e for e in errors)
    assert any("Instagram story" in e for e in errors) and any("LinkedIn post" in e for e in errors)
    ok = _draft(
        on_image_text=["Scaling AI", "Register now"], formats=["Instagram story", "1200x627"]
    )
    assert brief_asks(ok, brief, template, LIB) == []
    invented = _draft(
        on_image_text=["Scaling AI", "Register now", "Free pizza"],
        formats=["Instagram story", "LinkedIn post"],
    )
    assert brief_asks(invented, brief, template, LIB) == [
        "on_image_text 'Free pizza' is not in the brief; only the brief's own words go on the image"
    ]


def test_three_formats_give_three_exact_deliverables_with_a_legible_headline(
    cli, studio_env: Path
) -> None:
    r = cli(
        "run",
        'Ad creative for our running shoe in 1:1, 9:16 and 16:9 with the headline "Run Further"',
    )
    assert r.code == 0, r.err
    folder = next(p for p in studio_env.iterdir() if p.is_dir())
    manifest = Manifest.model_validate_json((folder / "manifest.json").read_text())
    deliverables = [a for a in manifest.assets if a.kind == "deliverable"]
    sizes = sorted((a.width, a.height) for a in deliverables)
    assert sizes == [(1080, 1080), (1080, 1920), (1920, 1080)]
    for asset in deliverables:
        assert Image.open(folder / asset.path).size == (asset.width, asset.height)
        report = manifest.verification[asset.path]
        assert report["status"] == "verified", report
        assert [t["text"] for t in report["texts"]] == ["Run Further"]
    assert {c.layout for c in manifest.plan.compositions} == {"creative"}
    assert manifest.plan.brief_spec["on_image_text"] == [
        {"text": "Run Further", "role": "headline"}
    ]


def test_an_attached_product_becomes_the_product_of_a_product_shot(tmp_path: Path) -> None:
    from studio import attachments

    photo = tmp_path / "mug.png"
    Image.new("RGB", (64, 64), (200, 30, 160)).save(photo)
    ref = attachments.reference(str(photo))
    plan = make_plan(
        Brief(
            text="Use the attached photo of our ceramic mug: put it on a wooden breakfast table",
            references=[ref],
        ),
        library=LIB,
        settings=SETTINGS,
    )
    assert plan.template_id == "product-shot"
    assert plan.variables["subject"] == "ceramic mug"
    assert plan.jobs[0].references == [ref.sha256]
    assert "wooden breakfast table" in plan.jobs[0].prompt


@pytest.mark.parametrize(
    ("text", "template", "subject", "copy"),
    [
        ('quick one: 2 versions of an X post, our dog-treat brand "Woofles" — golden retriever '
         "catching a treat mid-air, copy: Snack o'clock!", "social-post",
         "golden retriever catching a treat mid-air", ["Snack o'clock!"]),
        ("Necesito tres carteles para la feria de empleo: uno en A4 y otro cuadrado. Título «Tu "
         "futuro empieza aquí», botón «Inscríbete». Que salga una mano estrechando otra.",
         "event-poster", "mano estrechando otra", ["Tu futuro empieza aquí", "Inscríbete"]),
    ],
)  # fmt: skip
def test_briefs_tried_late_read_as_written(text, template, subject, copy) -> None:
    s = spec(text, template)
    assert s.subject == subject and s.copy_texts() == copy


@pytest.mark.parametrize(
    ("text", "looks"),
    [
        ("warm faded colours", True),
        ("sauberes Produktfoto", True),
        ("estética de risografía", True),
        ("no text", True),
        ("dark background", True),
        ("little cat", False),
        ("noodles", False),
        ("vitamin C serum", False),
        ("Studio 54 themed staff party", False),
    ],
)
def test_words_for_how_a_picture_looks_are_never_its_subject(text: str, looks: bool) -> None:
    from studio.planner.subject import looks_only

    assert looks_only(text) is looks


def test_a_look_fragment_loses_to_the_thing_it_describes() -> None:
    s = spec("Product shot, bright studio, vitamin C serum in an amber bottle", "product-shot")
    assert s.subject.startswith("vitamin C serum")
