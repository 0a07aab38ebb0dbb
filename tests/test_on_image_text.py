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

    from .conftest import REPO

    plan = make_plan(
        Brief(text='Banner with the slogan "Think different"'),
        library=Library(REPO / "prompts"),
        settings=Settings(prompts_dir=REPO / "prompts"),
    )
    assert all("uncluttered" in j.prompt or "negative space" in j.prompt for j in plan.jobs)
    assert plan.compositions[0].title == "Think different"
