"""`studio run --generator diffusers` end to end against a local model directory: a tiny,
randomly initialised SD pipeline saved with save_pretrained, loaded through the real code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from studio.domain import Manifest

pytest.importorskip("torch")
pytest.importorskip("diffusers")
pytest.importorskip("compel")


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.generators.tiny_pipeline import build_sd

    return build_sd(tmp_path_factory.mktemp("models") / "tiny-sd")


def test_run_with_a_local_diffusion_model(
    cli, studio_env: Path, tiny_model: Path, monkeypatch
) -> None:
    monkeypatch.setenv("STUDIO_DIFFUSERS_MODEL", str(tiny_model))
    monkeypatch.setenv("STUDIO_DIFFUSERS_STEPS", "2")
    r = cli(
        "run",
        "a (red:1.4) lighthouse on a cliff at dusk",
        "--generator",
        "diffusers",
        "--template",
        "generic-image",
        "--size",
        "72x64",
        "--seed",
        "5",
        "--json",
    )
    assert r.code == 0, r.err
    m = Manifest.model_validate(json.loads(r.out))
    job, spec = m.jobs[0], m.plan.jobs[0]
    assert job.generator == "diffusers" and job.model and str(tiny_model) in job.model
    assert spec.dialect == "sd" and spec.negative_prompt and spec.queue == "gpu"
    (deliverable,) = [a for a in m.assets if a.kind == "deliverable"]
    with Image.open(studio_env / m.brief.id / deliverable.path) as im:
        assert im.size == (72, 64)
        assert "compositeWithTrainedAlgorithmicMedia" in im.info["XML:com.adobe.xmp"]
    with Image.open(studio_env / m.brief.id / m.jobs[0].outputs[0]) as im:
        assert "trainedAlgorithmicMedia" in im.info["DigitalSourceType"]
