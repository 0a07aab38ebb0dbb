"""Words a text-capable model paints are read back by OCR and regenerated once on a miss
(studio/words/painted.py), with the scripted `lettering` generator: it letters the job's
strings with a real font, misspelling one word on its first calls."""

from __future__ import annotations

import secrets

from PIL import Image, ImageDraw

from studio.compose.lettering import draw_fitted, fit
from studio.config import Settings
from studio.domain import JobSpec
from studio.generators.testing import LetteringGenerator
from studio.words.check import check_strings, corrected_prompt
from studio.words.painted import check_painted

STRINGS = ["Classic French omelette", "Whisk three eggs", "Butter in a hot pan"]


def _job(**params: object) -> JobSpec:
    return JobSpec(
        id=f"b-test-{secrets.token_hex(4)}-j00",
        brief_id="b-test",
        template_id="recipe-infographic",
        template_version="t",
        prompt="A recipe card",
        generator="lettering",
        width=900,
        height=420,
        seed=1,
        params={"spell": STRINGS, **params},
    )


def _run(job: JobSpec) -> tuple[dict, int]:
    generator = LetteringGenerator(Settings(_env_file=None))
    calls = []

    def regenerate(retry: JobSpec) -> list:
        calls.append(retry)
        return generator.generate(retry)

    images, record = check_painted(job, generator.generate(job), regenerate, generator="lettering")
    assert images and images[0].image.size == (900, 420)
    return record, len(calls)


def test_a_misspelled_word_triggers_exactly_one_regeneration_then_the_composer() -> None:
    record, regenerations = _run(_job(misspell="eggs"))
    assert regenerations == 1 and record["regenerations"] == 1
    assert record["passed"] is False and record["outcome"] == "composer"
    first, second = record["attempts"]
    bad = [s for s in first["strings"] if s["status"] != "ok"]
    assert [(s["text"], s["status"], s["read"]) for s in bad] == [
        ("Whisk three eggs", "misspelled", "whisk three egs")
    ]
    assert "Whisk three eggs" in second["prompt"] and "e-g-g-s" in second["prompt"]


def test_a_second_take_that_reads_right_is_kept() -> None:
    record, regenerations = _run(_job(misspell="eggs", misspell_times=1))
    assert regenerations == 1
    assert record["passed"] is True and record["outcome"] == "model"
    assert all(s["status"] == "ok" for s in record["attempts"][-1]["strings"])


def test_right_the_first_time_means_no_regeneration() -> None:
    record, regenerations = _run(_job())
    assert regenerations == 0 and record["passed"] is True and len(record["attempts"]) == 1


def test_strings_the_ocr_cannot_read_are_unchecked_not_passed_and_not_regenerated() -> None:
    image = Image.new("RGB", (600, 200), "white")
    draw_fitted(
        ImageDraw.Draw(image), fit("Kitchen", 500, 80, max_size=40), (20, 20, 520, 100), (0, 0, 0)
    )
    report = check_strings(image, ["Kitchen", "кухня"])
    statuses = {s["text"]: s["status"] for s in report["strings"]}
    assert statuses["Kitchen"] == "ok"
    assert statuses["кухня"] in ("unchecked", "not_rendered")
    assert report["status"] == "unverified" and "кухня" in report["reason"]
    assert corrected_prompt("p", report) == "p"  # nothing a second take could fix
