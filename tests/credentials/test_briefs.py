"""A brief run end to end: with a key configured every job output and the deliverable carry
credentials that validate (and Studio's manifest hashes the signed bytes); without one the
brief runs the same and Studio says once that nothing was signed."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from studio import service
from studio.config import get_settings
from studio.service.credentials import verify

BRIEF = "A Polaroid storyboard of a harbour at dawn: three key moments"


def _run(size: str = "480x360") -> tuple[Path, dict]:
    view = service.run(service.BriefRequest(text=BRIEF, size=size, seed=5), settings=get_settings())
    assert view.succeeded, view.brief.error
    folder = Path(view.deliverables[0].url.removeprefix("file://")).parent
    return folder, json.loads((folder / "manifest.json").read_text())


def test_with_keys_every_output_and_the_deliverable_are_signed(signing_env: Path) -> None:
    pytest.importorskip("c2pa")
    folder, manifest = _run()
    settings = get_settings()
    outputs = [a for a in manifest["assets"] if a["kind"] == "job_output"]
    (deliverable,) = [a for a in manifest["assets"] if a["kind"] == "deliverable"]
    assert len(outputs) >= 2
    for asset in [*outputs, deliverable]:
        data = (folder / asset["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == asset["sha256"]  # the signed bytes
        view = verify(path=folder / asset["path"], settings=settings)
        assert view.trusted, (asset["path"], view.failures)
        assert view.signer == "Studio test signer"
        assert view.assertions["studio.manifest"]["brief_id"] == folder.name
    for asset in outputs:
        view = verify(path=folder / asset["path"], settings=settings)
        (created,) = view.actions
        assert created["action"] == "c2pa.created"
        assert created["digitalSourceType"] == asset["digital_source_type"]
        generation = view.assertions["studio.generation"]
        assert (
            generation["generator"] == "offline" and generation["template"] == "polaroid-storyboard"
        )
        assert generation["template_version"] == manifest["plan"]["template_version"]
    view = verify(path=folder / deliverable["path"], settings=settings)
    assert sorted(i.title for i in view.ingredients) == sorted(a["path"] for a in outputs)
    assert {i.relationship for i in view.ingredients} == {"componentOf"}
    assert view.actions[0]["digitalSourceType"] == deliverable["digital_source_type"]


def test_without_keys_the_brief_runs_and_says_once_that_nothing_was_signed(
    studio_env: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("INFO", logger="studio.credentials"):
        folder, manifest = _run()
    said = [r.getMessage() for r in caplog.records if r.name == "studio.credentials"]
    assert len(said) == 1 and "nothing is signed" in said[0] and "STUDIO_C2PA_CERT" in said[0]
    assert len(manifest["assets"]) >= 3
    for asset in manifest["assets"]:
        data = (folder / asset["path"]).read_bytes()
        assert b"caBX" not in data  # no C2PA manifest box in the PNG
        assert b"DigitalSourceType" in data  # the XMP provenance, as before
