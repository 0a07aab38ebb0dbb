"""`studio templates matrix`: a 2 x 3 grid with the offline generator (every cell's pixels
where the manifest and the geometry say, labels that OCR reads back), and every bad value
refused before anything runs."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from studio import service
from studio.config import Settings
from studio.errors import GeneratorUnavailableError, UserInputError, VariableError
from studio.workbench.sheet import GAP, PAD, PAPER
from tests.conftest import REPO

CASES = """
cases:
  - name: Eiffel Tower
    variables: {landmark: the Eiffel Tower, city: Paris}
  - name: Golden Gate
    variables: {landmark: the Golden Gate Bridge}
"""


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(prompts_dir=REPO / "prompts", output_dir=tmp_path / "out")


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    path = tmp_path / "cases.yaml"
    path.write_text(CASES, encoding="utf-8")
    return path


def test_a_two_by_three_offline_matrix(settings: Settings, cases: Path, tmp_path: Path) -> None:
    out = tmp_path / "grid"
    result = service.template_matrix(
        "landmark-blueprint", settings=settings, cases_file=cases, generators=["offline"],
        seeds=[1, 2, 3], size="256x192", out_dir=out,
    )  # fmt: skip
    assert [c.error for c in result.cells] == [None] * 6
    sheet = np.asarray(Image.open(out / "sheet.png").convert("RGB"), dtype=np.int16)
    manifest = json.loads((out / "manifest.json").read_text())

    # 1. the sheet's size: two rows of 192 px, three columns of 256 px, gaps, labels, margins
    h, w = sheet.shape[:2]
    x0, y0 = result.cells[0].box[:2]
    assert (w, h) == (x0 + 3 * 256 + 2 * GAP + PAD, y0 + 2 * 192 + GAP + PAD)
    assert list(result.size) == [w, h] == manifest["size"]

    # 2. each cell: exactly its own image at its place, not blank, different from the others
    seen = []
    for cell in manifest["cells"]:
        x, y, cw, ch = cell["box"]
        assert (x, y) == (x0 + cell["col"] * (256 + GAP), y0 + cell["row"] * (192 + GAP))
        crop = sheet[y : y + ch, x : x + cw]
        own = np.asarray(Image.open(out / cell["file"]).convert("RGB"), dtype=np.int16)
        assert crop.shape == own.shape == (192, 256, 3)
        assert np.array_equal(crop, own)
        assert crop.std() > 10  # a picture, not a flat fill
        assert np.abs(crop - np.array(PAPER)).mean() > 30  # not the sheet's paper
        seen.append(crop)
        assert cell["generator"] == "offline" and cell["seed"] == [1, 2, 3][cell["col"]]
        assert (
            "Eiffel Tower" in cell["prompt"]
            if cell["row"] == 0
            else "Golden Gate" in cell["prompt"]
        )
    assert all(np.abs(a - b).mean() > 1 for i, a in enumerate(seen) for b in seen[i + 1 :])
    # the gap between two cells is paper
    gap = sheet[y0 : y0 + 192, x0 + 256 : x0 + 256 + GAP]
    assert np.all(gap == np.array(PAPER))

    # 3. the manifest: template version and hash, timing, prompts, labels
    assert manifest["template_version"] == "1.0.0" and len(manifest["template_hash"]) == 12
    assert manifest["labels"] == [["offline", f"seed {s}"] for s in (1, 2, 3)]
    assert all(c["seconds"] >= 0 and c["dialect"] == "natural" for c in manifest["cells"])


def test_labels_are_readable_by_ocr(settings: Settings, cases: Path, tmp_path: Path) -> None:
    from studio.documents.ocr import lines_to_text, ocr_image

    out = tmp_path / "grid"
    result = service.template_matrix(
        "landmark-blueprint", settings=settings, cases_file=cases, generators=["offline"],
        seeds=[1, 2, 3], axes=["steps=20"], size="256x256", out_dir=out,
    )  # fmt: skip
    sheet = Image.open(out / "sheet.png").convert("RGB")
    x0, y0 = result.cells[0].box[:2]
    for cell in result.cells[:3]:  # each column's own header, read where it stands
        x, _, cw, _ = cell.box
        read = ocr_image(sheet.crop((x, PAD, x + cw, y0)))
        text = "".join(t for t, _, conf in read if conf > 0.5).lower().replace(" ", "")
        for part in ("offline", f"seed{cell.seed}", "steps=20"):
            assert part in text, (cell.col, text)
    # the OCR model runs words together ("EiffelTower"): compared with spaces aside
    rows = lines_to_text(ocr_image(sheet.crop((0, y0, x0, sheet.height)))).replace(" ", "")
    assert rows.splitlines() == ["EiffelTower", "GoldenGate"], rows
    title = lines_to_text(ocr_image(sheet.crop((0, 0, sheet.width, PAD + 60)))).replace(" ", "")
    assert "landmark-blueprint" in title and "1.0.0" in title, title


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"generators": ["offline"], "seeds": list(range(1, 34))}, UserInputError,
         "this matrix has 66 cells (2 cases x 33 columns), over the limit of 64"),
        ({"generators": ["offline", "nope"]}, GeneratorUnavailableError, "unknown generator 'nope'"),
        ({"generators": ["diffusers"]}, GeneratorUnavailableError,
         "generator 'diffusers' cannot run here: no diffusion model configured"),
        ({"axes": ["stepz=1,2"]}, UserInputError, "unknown axis 'stepz'"),
        ({"axes": ["steps=20,abc"]}, UserInputError, "axis steps: 'abc' is not a int"),
        ({"axes": ["steps=0"]}, UserInputError, "axis steps: 0 is outside 1..500"),
        ({"axes": ["steps"]}, UserInputError, "is not NAME=V1,V2"),
        ({"size": "250x250"}, UserInputError, "must be a multiple of 8"),
        ({"seeds": [1, 1]}, UserInputError, "must be distinct"),
    ],
)  # fmt: skip
def test_bad_values_are_refused_before_anything_runs(
    settings: Settings, cases: Path, tmp_path: Path, kwargs: dict, error: type, message: str
) -> None:
    args = {"generators": ["offline"], "seeds": [1], "axes": [], "size": "256x256"} | kwargs
    out = tmp_path / "grid"
    with pytest.raises(error) as caught:
        service.template_matrix("landmark-blueprint", settings=settings.model_copy(
            update={"diffusers_model": None}), cases_file=cases, out_dir=out, **args)  # fmt: skip
    assert message in str(caught.value)
    assert not out.exists()


def test_an_unknown_variable_names_its_case(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "cases.yaml"
    path.write_text("cases:\n  - name: typo\n    variables: {landmrk: Big Ben}\n")
    with pytest.raises(
        VariableError, match="case 'typo': template 'landmark-blueprint' has no input named landmrk"
    ):
        service.template_matrix("landmark-blueprint", settings=settings, cases_file=path,
                                generators=["offline"], seeds=[1])  # fmt: skip


def test_the_cli_defaults_to_golden_cases_and_the_output_folder(cli, studio_env: Path) -> None:
    r = cli("templates", "matrix", "fashion-portrait", "--seeds", "1,2",
            "--axis", "lighting=softbox,rembrandt", "--size", "128x160")  # fmt: skip
    assert r.code == 0, r.err
    assert "12 cells (3 x 4)" in r.out and "0 failed" in r.out
    [sheet] = (studio_env / "matrix" / "fashion-portrait").glob("*/sheet.png")
    assert f"sheet: {sheet}" in r.out
    manifest = json.loads((sheet.parent / "manifest.json").read_text())
    rembrandt = [c for c in manifest["cells"] if "Rembrandt triangle" in c["prompt"]]
    assert {c["col"] for c in rembrandt} == {1, 3}  # the axis sets the input in its columns
    r = cli("templates", "matrix", "fashion-portrait", "--generators", "offline,openai")
    assert r.code != 0 and "generator 'openai' cannot run here" in r.err
