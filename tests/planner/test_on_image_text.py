"""Words a brief wants on the image are kept verbatim, drawn by the composer and read back
by OCR (issue 10, first step: the single-image layouts)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from studio.domain import Manifest
from studio.planner.extract import find_on_image_text


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('Instagram post for our summer sale: "Summer Sale", 30% off everything, Shop now',
         ["Summer Sale", "30% off everything", "Shop now"]),
        ("Ad for a coffee grinder with the headline: Grind fresh every morning. Price $49.99, order today!",
         ["Grind fresh every morning", "$49.99", "order today!"]),
        ("Banner with the slogan 'Think different'", ["Think different"]),
        ("Poster „Sommerfest 2026“ mit dem Text: Jetzt anmelden", ["Sommerfest 2026", "Jetzt anmelden"]),
        ("A photo of a ceramic mug on marble", []),
        ("A Polaroid storyboard of Casablanca's key moments", []),
    ],
)  # fmt: skip
def test_on_image_text_is_found_verbatim(text: str, words: list[str]) -> None:
    assert find_on_image_text(text)[0] == words


def test_the_headline_offer_and_call_to_action_are_drawn_and_read_back(
    cli, studio_env: Path
) -> None:
    r = cli(
        "run", 'Instagram post for our summer sale: "Summer Sale", 30% off everything, Shop now'
    )
    assert r.code == 0, r.err
    folder = next(p for p in studio_env.iterdir() if p.is_dir())
    manifest = Manifest.model_validate_json((folder / "manifest.json").read_text())
    deliverable = next(a for a in manifest.assets if a.kind == "deliverable")
    assert (deliverable.width, deliverable.height) == (1080, 1080)  # an Instagram post
    report = manifest.verification[deliverable.path]
    assert report["status"] == "verified", report["reason"]
    assert [t["text"] for t in report["texts"]] == ["Summer Sale", "30% off everything", "Shop now"]
    assert Image.open(folder / deliverable.path).size == (1080, 1080)
    assert manifest.plan.compositions[0].title == "Summer Sale"


def test_the_image_leaves_room_for_the_words() -> None:
    from studio.config import Settings
    from studio.domain import Brief
    from studio.planner import make_plan
    from studio.prompts import Library
    from tests.conftest import REPO

    plan = make_plan(
        Brief(text='Banner with the slogan "Think different"'),
        library=Library(REPO / "prompts"),
        settings=Settings(prompts_dir=REPO / "prompts"),
    )
    assert all("uncluttered" in j.prompt or "negative space" in j.prompt for j in plan.jobs)
    assert plan.compositions[0].title == "Think different"


def test_a_three_format_brief_gives_three_deliverables_with_readable_headlines(
    cli, studio_env: Path
) -> None:
    r = cli("run", 'Summer sale ad with the headline "Summer Sale", 30% off, in 1:1, 9:16 and 16:9')
    assert r.code == 0, r.err
    folder = next(p for p in studio_env.iterdir() if p.is_dir())
    manifest = Manifest.model_validate_json((folder / "manifest.json").read_text())
    deliverables = [a for a in manifest.assets if a.kind == "deliverable"]
    sizes = sorted((a.width, a.height) for a in deliverables)
    assert len(deliverables) == 3 and sizes[1] == (1080, 1920) and sizes[2] == (1920, 1080)
    assert sizes[0][0] == sizes[0][1]  # the square one
    for asset in deliverables:
        assert Image.open(folder / asset.path).size == (asset.width, asset.height)
        report = manifest.verification[asset.path]
        assert report["status"] == "verified", (asset.path, report["reason"])
        assert report["texts"][0] == {"text": "Summer Sale", "status": "ok"}
    jobs = manifest.plan.jobs
    assert len({j.seed for j in jobs}) == 1 and len({j.prompt for j in jobs}) == 1  # one creative


def test_spanish_and_german_offers_calls_to_action_and_channels() -> None:
    from studio.planner.extract import find_formats

    text = (
        "Publicación de Instagram para nuestra rebaja de verano con el texto «Rebajas de verano», "
        "20% de descuento, ¡Compra ya!"
    )
    assert find_on_image_text(text)[0] == ["Rebajas de verano", "20% de descuento", "¡Compra ya!"]
    assert [f[2] for f in find_formats(text, Path(__file__).parents[2] / "prompts")] == [
        (1080, 1080)
    ]
    text = "Plakat: Sommerfest, 30% Rabatt auf alles, jetzt kaufen!"
    assert find_on_image_text(text)[0] == ["30% Rabatt auf alles", "jetzt kaufen!"]
