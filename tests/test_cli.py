"""The user's path through the real console entry point: run, status, list, templates, and
every bad input the foundation promises a clear one-line error for."""

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from studio.domain import Manifest

CASABLANCA = "A Polaroid storyboard of Casablanca: at least 8 key moments pinned to a cork board"


def _deliverable(manifest: Manifest) -> str:
    return next(a.path for a in manifest.assets if a.kind == "deliverable")


def test_storyboard_run_writes_a_board_a_manifest_and_ledger_rows(cli, studio_env: Path) -> None:
    r = cli("run", CASABLANCA, "--seed", "7")
    assert r.code == 0, r.err
    folder = next(p for p in studio_env.iterdir() if p.is_dir())
    manifest = Manifest.model_validate_json((folder / "manifest.json").read_text())
    board = folder / _deliverable(manifest)
    assert str(board) in r.out and str(folder / "manifest.json") in r.out
    assert (
        manifest.state.value == "succeeded" and manifest.plan.template_id == "polaroid-storyboard"
    )

    # the board: asked size, and 8 panels whose pixels differ
    with Image.open(board) as im:
        assert im.size == (2000, 1500)
        assert "compositeSynthetic" in im.info["XML:com.adobe.xmp"]
        assert im.info["StudioManifest"] == "manifest.json"
    panels = [a for a in manifest.assets if a.kind == "job_output"]
    assert len(panels) == 8
    pixels = [
        np.asarray(Image.open(folder / a.path).convert("RGB"), dtype=np.int16) for a in panels
    ]
    for a, b in zip(pixels, pixels[1:], strict=False):
        assert np.abs(a - b).mean() > 5
    # every hash and size in the manifest matches the file on disk
    for asset in manifest.assets:
        data = (folder / asset.path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == asset.sha256 and len(data) == asset.bytes
        with Image.open(folder / asset.path) as im:
            assert im.size == (asset.width, asset.height)
    # the manifest says how each job was made
    job = manifest.jobs[0]
    assert job.generator == "offline" and job.seeds == [7] and job.seconds is not None
    assert manifest.plan.jobs[0].prompt and manifest.templates[0].version

    status = cli("status", manifest.brief.id, "--json").json()
    assert status["id"] == manifest.brief.id and status["state"] == "succeeded"
    assert status["error"] is None and status["assets"] == [str(board)]
    assert len(status["jobs"]) == 9 and {j["state"] for j in status["jobs"]} == {"succeeded"}
    listed = cli("list", "--json").json()
    assert [b["id"] for b in listed] == [manifest.brief.id]


def test_same_seed_same_pixels(cli, studio_env: Path) -> None:
    args = ("run", "a whiteboard that explains how diffusion models work", "--seed", "3", "--json")
    first, second = cli(*args).json(), cli(*args).json()
    a, b = (Manifest.model_validate(m) for m in (first, second))
    pa = np.asarray(Image.open(studio_env / a.brief.id / _deliverable(a)))
    pb = np.asarray(Image.open(studio_env / b.brief.id / _deliverable(b)))
    assert np.array_equal(pa, pb)


def test_out_aspect_size_and_json_are_honoured(cli, tmp_path: Path) -> None:
    r = cli("run", CASABLANCA, "--out", str(tmp_path / "elsewhere"), "--size", "1200x900", "--json")
    assert r.code == 0, r.err
    manifest = Manifest.model_validate(json.loads(r.out))
    folder = tmp_path / "elsewhere" / manifest.brief.id
    with Image.open(folder / _deliverable(manifest)) as im:
        assert im.size == (1200, 900)
    r = cli("run", "a historical photograph of the moon landing", "--aspect", "1:1", "--json")
    m = Manifest.model_validate(json.loads(r.out))
    d = next(a for a in m.assets if a.kind == "deliverable")
    assert d.width == d.height


def test_templates_commands(cli) -> None:
    r = cli("templates", "list", "--json")
    assert r.code == 0 and "polaroid-storyboard" in {t["id"] for t in r.json()}
    r = cli(
        "templates",
        "render",
        "polaroid-storyboard",
        "--var",
        "subject=Casablanca",
        "--dialect",
        "sd",
    )
    assert r.code == 0 and "(polaroid photo:1.2)" in r.out and "negative_prompt: text" in r.out
    r = cli("templates", "show", "whiteboard-explainer")
    assert r.code == 0 and "concept" in r.out
    r = cli("templates", "lint")
    assert r.code == 0, r.err


def _not_a_pdf(tmp: Path) -> str:
    path = tmp / "report.pdf"
    path.write_text("this is a text file pretending to be a PDF\n")
    return str(path)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("run", CASABLANCA, "--template", "nope"), "unknown template 'nope'"),
        (("run", CASABLANCA, "--pdf", "missing.pdf"), "does not exist"),
        (("run", "Infographic from this earnings PDF", "--pdf", "NOTPDF"), "not a PDF"),
        (("run", CASABLANCA, "--size", "0x0"), "impossible"),
        (("run", CASABLANCA, "--size", "100000x100000"), "impossible"),
        (("run", CASABLANCA, "--size", "big"), "WIDTHxHEIGHT"),
        (("run", CASABLANCA, "--aspect", "16:0"), "aspect"),
        (("run", "   "), "brief is empty"),
        (("run", CASABLANCA, "--ref", "NOTPDF"), "not an image"),
        (("run", CASABLANCA, "--generator", "dalle9"), "unknown generator"),
        (("status", "b-nope"), "no brief"),
        (("templates", "render", "polaroid-storyboard"), "needs the variable 'subject'"),
        (
            (
                "templates",
                "render",
                "polaroid-storyboard",
                "--var",
                "subject=x",
                "--var",
                "count=0",
            ),
            "at least 1",
        ),
    ],
)
def test_bad_input_is_one_clear_line_and_leaves_nothing(
    cli, studio_env: Path, tmp_path: Path, args, needle
) -> None:
    args = tuple(_not_a_pdf(tmp_path) if a == "NOTPDF" else a for a in args)
    r = cli(*args)
    assert r.code != 0
    assert needle in r.err, r.err
    assert "Traceback" not in r.err + r.out
    assert r.err.strip().splitlines()[0].startswith("error:")
    briefs = [p for p in studio_env.iterdir() if p.is_dir()] if studio_env.exists() else []
    assert briefs == [], "a failed input must not leave a result behind"
