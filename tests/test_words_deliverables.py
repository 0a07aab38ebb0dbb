"""Text-heavy templates end to end, in process: a brief with explicit content is planned by
the offline planner, painted, composed and verified; OCR reads every required string back on
the deliverable. And a scripted text-capable generator that misspells a word: exactly one
regeneration, then the composer's overlay."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.config import Settings
from studio.context import open_context
from studio.domain import Brief, BriefOptions, Plan
from studio.executor import run_inprocess
from studio.generators.testing import register_all
from studio.planner import make_plan

pytest.importorskip("rapidocr_onnxruntime")

BRIEFS = {
    "whiteboard-explainer": (
        "A whiteboard that explains how DNS resolution works: 1. browser asks resolver "
        "2. resolver asks root 3. root points to .com 4. authoritative server answers",
        (1280, 720),
    ),
    "recipe-infographic": (
        "Recipe infographic for a classic French omelette, serves 2, prep 5 min, cook 3 min. "
        "Ingredients: 3 eggs, 15 g butter, a pinch of salt. Method: 1. Whisk the eggs "
        "2. Melt the butter 3. Cook and fold",
        (1080, 1350),
    ),
    "multilingual-labelled-scene": (
        "A labelled kitchen scene with labels in English, Spanish and Chinese: kettle, sink, "
        "fridge, chair",
        (1600, 1200),
    ),
    "landmark-blueprint": (
        "A blueprint of the Eiffel Tower in Paris: Height: 330 m, Completed: 1889",
        (1600, 1200),
    ),
}


def _settings(tmp_path: Path) -> Settings:
    return Settings(_env_file=None, output_dir=tmp_path, database_url=None)


def _plan(settings: Settings, text: str, size: tuple[int, int], **options) -> tuple[Brief, Plan]:
    from studio.prompts import Library

    brief = Brief(text=text, options=BriefOptions(width=size[0], height=size[1], **options))
    return brief, make_plan(brief, library=Library(settings.prompts_dir), settings=settings)


def _manifest(settings: Settings, brief: Brief) -> dict:
    return json.loads((settings.output_dir / brief.id / "manifest.json").read_text())


@pytest.mark.parametrize("template", sorted(BRIEFS))
def test_every_required_string_reads_back_on_the_deliverable(tmp_path: Path, template: str) -> None:
    settings = _settings(tmp_path)
    text, size = BRIEFS[template]
    brief, plan = _plan(settings, text, size)
    assert plan.template_id == template
    comp = plan.compositions[0]
    assert comp.data["words"]["kind"] and comp.data["text_by"] == "composer"
    run_inprocess(open_context(settings), brief, plan)
    manifest = _manifest(settings, brief)
    assert manifest["state"] == "succeeded", manifest.get("error")
    report = manifest["verification"][comp.output]
    statuses = {s["text"]: s["status"] for s in report["strings"]}
    assert statuses and set(statuses) == set(comp.data["on_image_text"])
    if template == "landmark-blueprint":  # the brief gave the figures: sourced "the brief"
        assert all(f["source"] for f in comp.data["words"]["facts"])
    assert all(s == "ok" for s in statuses.values()), report
    assert report["status"] == "verified" and report["text_by"] == "composer"
    if template == "multilingual-labelled-scene":
        assert "冰箱" in statuses  # the Chinese label of the fridge, read back by OCR
    deliverable = next(a for a in manifest["assets"] if a["kind"] == "deliverable")
    assert (deliverable["width"], deliverable["height"]) == size
    assert deliverable["verification"] == "verified"


def test_a_model_that_misspells_twice_is_regenerated_once_then_the_composer_draws(
    tmp_path: Path,
) -> None:
    register_all()
    settings = _settings(tmp_path)
    text, size = BRIEFS["whiteboard-explainer"]
    brief, plan = _plan(settings, text, size, generator="lettering")
    comp = plan.compositions[0]
    assert comp.data["text_by"] == "model"
    job = plan.jobs[0]
    assert job.params["spell"] == comp.data["on_image_text"]
    assert all(s in job.prompt for s in job.params["spell"])  # the prompt spells every string
    plan = plan.model_copy(
        update={"jobs": [job.model_copy(update={"params": {**job.params, "misspell": "root"}})]}
    )
    run_inprocess(open_context(settings), brief, plan)
    manifest = _manifest(settings, brief)
    check = manifest["jobs"][0]["text_check"]
    assert check["regenerations"] == 1 and len(check["attempts"]) == 2
    assert check["passed"] is False and check["outcome"] == "composer"
    report = manifest["verification"][comp.output]
    assert report["text_by"] == "composer" and report["status"] == "verified", report
    assert report["painted"][0]["regenerations"] == 1


def test_a_model_that_letters_right_is_the_deliverable(tmp_path: Path) -> None:
    register_all()
    settings = _settings(tmp_path)
    text, size = BRIEFS["whiteboard-explainer"]
    brief, plan = _plan(settings, text, size, generator="lettering")
    run_inprocess(open_context(settings), brief, plan)
    manifest = _manifest(settings, brief)
    assert manifest["jobs"][0]["text_check"]["regenerations"] == 0
    report = manifest["verification"][plan.compositions[0].output]
    assert report["text_by"] == "model" and report["status"] == "verified", report
