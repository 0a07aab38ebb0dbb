"""`studio templates matrix`: one template across cases x generators x seeds x axis values,
like the X/Y/Z plot of the popular diffusion UIs. Every value is checked before the first
image is made (cases, variables, generators and whether they can run here, seeds, axes, size,
the grid's size); then every cell runs through the real generator in this process, and the
sheet (sheet.py) and a manifest are written to the output folder.

    rows    = cases (a cases file: `cases: [{name, variables}]`, a golden file, or a list)
    columns = generators x seeds x axis values (in that order, the last varying fastest)
    axes    = a generation parameter (steps, guidance, strength, scheduler) or a template
              input (`--axis lighting=softbox,rembrandt`)
"""

from __future__ import annotations

import itertools
import json
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field

from studio.config import Settings
from studio.domain import JobSpec
from studio.errors import GeneratorUnavailableError, StudioError, UserInputError, VariableError
from studio.prompts import Library, Template, coerce_variables, render

MAX_CELLS = 64
MAX_SIDE = 1024
# generation parameters an axis may vary: (type, lowest, highest)
PARAM_AXES: dict[str, tuple[type, float, float]] = {
    "steps": (int, 1, 500),
    "guidance": (float, 0, 30),
    "strength": (float, 0.01, 1),
}
TEXT_AXES = ("scheduler",)


class MatrixCase(BaseModel):
    name: str
    variables: dict[str, Any] = Field(default_factory=dict)


class MatrixColumn(BaseModel):
    generator: str
    seed: int
    axes: dict[str, Any] = Field(default_factory=dict)

    @property
    def label(self) -> list[str]:
        return [self.generator, f"seed {self.seed}"] + [f"{k}={v}" for k, v in self.axes.items()]


class MatrixPlan(BaseModel):
    """A validated grid, nothing run yet."""

    template_id: str
    cases: list[MatrixCase]
    columns: list[MatrixColumn]
    size: tuple[int, int]
    out_dir: Path

    @property
    def cells(self) -> int:
        return len(self.cases) * len(self.columns)


class MatrixCell(BaseModel):
    row: int
    col: int
    box: tuple[int, int, int, int]  # x, y, width, height on the sheet
    file: str  # cells/r{row}c{col}.png, relative to the output folder
    generator: str
    model: str | None = None
    seed: int
    dialect: str
    prompt: str
    negative_prompt: str
    params: dict[str, Any] = Field(default_factory=dict)
    variables: dict[str, Any] = Field(default_factory=dict)
    seconds: float = 0.0
    error: str | None = None


class MatrixResult(BaseModel):
    template_id: str
    template_version: str
    template_hash: str
    out_dir: Path
    sheet: Path
    manifest: Path
    size: tuple[int, int]
    rows: list[MatrixCase]
    columns: list[MatrixColumn]
    cells: list[MatrixCell]
    seconds: float
    created_at: datetime


# -- 1. reading and checking every value --------------------------------------------------------


def load_cases(path: Path) -> list[MatrixCase]:
    """Cases from a YAML file: `cases: [{name, variables}]` (a golden file works as is), or a
    plain list of them."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UserInputError(f"cannot read the cases file {path}: {exc.strerror}",
                             hint="pass an existing YAML file with `--vars`") from exc  # fmt: skip
    except yaml.YAMLError as exc:
        raise UserInputError(f"{path} is not valid YAML: {exc}") from exc
    items = data.get("cases") if isinstance(data, dict) else data
    if not isinstance(items, list) or not items:
        raise UserInputError(f"{path} holds no cases",
                             hint="write `cases:` with a list of {name, variables}")  # fmt: skip
    out = []
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict) or not isinstance(item.get("variables", {}), dict):
            raise UserInputError(f"{path}: case {i} must be a mapping with `variables`")
        out.append(MatrixCase(name=str(item.get("name") or f"case {i}"),
                              variables=item.get("variables") or {}))  # fmt: skip
    return out


def parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise UserInputError(f"size {text!r} is not WIDTHxHEIGHT", hint="e.g. 256x256") from None
    if not (64 <= w <= MAX_SIDE and 64 <= h <= MAX_SIDE) or w % 8 or h % 8:
        raise UserInputError(
            f"size {w}x{h}: each side must be a multiple of 8 between 64 and {MAX_SIDE}",
            hint="e.g. 256x256 or 512x384",
        )
    return w, h


def parse_axis(text: str, template: Template) -> tuple[str, list[Any]]:
    """'steps=20,30' -> ('steps', [20, 30]), each value checked."""
    name, sep, raw = text.partition("=")
    name = name.strip()
    values = [v.strip() for v in raw.split(",") if v.strip()]
    if not sep or not name or not values:
        raise UserInputError(f"axis {text!r} is not NAME=V1,V2", hint="e.g. --axis steps=20,30")
    if len(set(values)) != len(values):
        raise UserInputError(f"axis {name!r} repeats a value: {raw}")
    if name in PARAM_AXES:
        kind, low, high = PARAM_AXES[name]
        out = []
        for v in values:
            try:
                number = kind(v)
            except ValueError:
                raise UserInputError(f"axis {name}: {v!r} is not a {kind.__name__}") from None
            if not low <= number <= high:
                raise UserInputError(f"axis {name}: {v} is outside {low:g}..{high:g}")
            out.append(number)
        return name, out
    if name in TEXT_AXES:
        return name, values
    if name in template.inputs:
        for v in values:  # each value must be one the input accepts
            coerce_variables(template, {**_required_stub(template), name: v})
        return name, values
    known = ", ".join([*PARAM_AXES, *TEXT_AXES, *template.inputs])
    raise UserInputError(f"unknown axis {name!r} for template {template.id!r}",
                         hint=f"vary one of: {known}")  # fmt: skip


def _required_stub(template: Template) -> dict[str, Any]:
    return {n: "x" for n, s in template.inputs.items() if s.required and s.type == "str"}


def check_generators(names: list[str], settings: Settings) -> None:
    from studio.generators import get_generator
    from studio.generators import names as known

    if not names:
        raise UserInputError("no generators given", hint="e.g. --generators offline,diffusers")
    for name in names:
        if name not in known():
            raise GeneratorUnavailableError(f"unknown generator {name!r}",
                                            hint=f"choose from: {', '.join(known())}")  # fmt: skip
        ok, why = get_generator(name, settings).available()
        if not ok:
            raise GeneratorUnavailableError(f"generator {name!r} cannot run here: {why}",
                                            hint="leave it out of --generators")  # fmt: skip


def plan_matrix(
    library: Library,
    template_id: str,
    *,
    settings: Settings,
    cases: list[MatrixCase],
    generators: list[str],
    seeds: list[int],
    axes: list[str] | None = None,
    size: str = "256x256",
    out_dir: Path | None = None,
    max_cells: int = MAX_CELLS,
) -> MatrixPlan:
    """Every value checked, the grid counted: raises before anything runs."""
    template = library.get(template_id)
    if not cases:
        raise UserInputError("no cases given", hint="pass a cases file with `--vars`")
    for case in cases:
        try:
            coerce_variables(template, case.variables)
        except VariableError as exc:
            raise VariableError(f"case {case.name!r}: {exc.message}", hint=exc.hint) from exc
    check_generators(generators, settings)
    if not seeds or len(set(seeds)) != len(seeds) or any(s < 0 for s in seeds):
        raise UserInputError(f"seeds {seeds} must be distinct whole numbers of 0 or more",
                             hint="e.g. --seeds 1,2,3")  # fmt: skip
    parsed = [parse_axis(a, template) for a in axes or []]
    names = [n for n, _ in parsed]
    if len(set(names)) != len(names):
        raise UserInputError(f"an axis is given twice: {', '.join(names)}")
    wh = parse_size(size)
    columns = [
        MatrixColumn(generator=g, seed=s, axes=dict(zip(names, combo, strict=True)))
        for g, s, *combo in itertools.product(generators, seeds, *(v for _, v in parsed))
    ]
    n = len(cases) * len(columns)
    if n > max_cells:
        raise UserInputError(
            f"this matrix has {n} cells ({len(cases)} cases x {len(columns)} columns), "
            f"over the limit of {max_cells}",
            hint="use fewer cases, generators, seeds or axis values",
        )
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    out = Path(out_dir) if out_dir else matrix_root(settings) / template.id / stamp
    if out.exists() and not out.is_dir():
        raise UserInputError(f"{out} is a file, not a folder", hint="pick another --out")
    return MatrixPlan(template_id=template.id, cases=cases, columns=columns, size=wh, out_dir=out)


def matrix_root(settings: Settings) -> Path:
    return Path(settings.output_dir) / "matrix"


# -- 2. running every cell ----------------------------------------------------------------------


def _job(template: Template, case: MatrixCase, col: MatrixColumn, size: tuple[int, int],
         settings: Settings, tag: str) -> JobSpec:  # fmt: skip
    from studio.generators import get_generator

    generator = get_generator(col.generator, settings)
    inputs = {k: v for k, v in col.axes.items() if k in template.inputs}
    variables = coerce_variables(template, {**case.variables, **inputs})
    rendered = render(template, variables, dialect=generator.capabilities.dialect)  # type: ignore[arg-type]
    params = {k: v for k, v in template.generation.items() if k != "panel_size"}
    params["style"] = template.kind
    primary = next((n for n, s in template.inputs.items() if s.required and s.type == "str"), None)
    if primary and variables.get(primary):
        params["subject"] = str(variables[primary])
    params |= {k: v for k, v in col.axes.items() if k not in template.inputs}
    return JobSpec(
        id=tag, brief_id="matrix", template_id=template.id, template_version=template.version,
        prompt=rendered.prompt, negative_prompt=rendered.negative_prompt,
        dialect=rendered.dialect, generator=col.generator, width=size[0], height=size[1],
        seed=col.seed, params=params, queue=generator.capabilities.queue,
    )  # fmt: skip


def run_matrix(library: Library, plan: MatrixPlan, *, settings: Settings) -> MatrixResult:
    """Every cell through its generator, in this process; then the sheet and manifest."""
    from PIL import Image

    from studio.generators import get_generator
    from studio.workbench.sheet import compose_sheet, sheet_geometry

    template = library.get(plan.template_id)
    started = time.perf_counter()
    (plan.out_dir / "cells").mkdir(parents=True, exist_ok=True)
    geometry = sheet_geometry(plan)
    images: dict[tuple[int, int], Image.Image | None] = {}
    cells: list[MatrixCell] = []
    for r, case in enumerate(plan.cases):
        for c, col in enumerate(plan.columns):
            file = f"cells/r{r}c{c}.png"
            job = _job(template, case, col, plan.size, settings, f"matrix-r{r}c{c}")
            cell = MatrixCell(
                row=r, col=c, box=geometry.box(r, c), file=file, generator=col.generator,
                seed=col.seed, dialect=job.dialect, prompt=job.prompt,
                negative_prompt=job.negative_prompt, params=job.params, variables=case.variables,
            )  # fmt: skip
            t0 = time.perf_counter()
            try:
                out = get_generator(col.generator, settings).generate(job)[0]
                image = out.image.convert("RGB")
                image.save(plan.out_dir / file)
                cell.model = out.model
                images[(r, c)] = image
            except StudioError as exc:  # one failed cell is shown as failed; the rest go on
                cell.error = str(exc)
                images[(r, c)] = None
            cell.seconds = round(time.perf_counter() - t0, 3)
            cells.append(cell)
    sheet_path = plan.out_dir / "sheet.png"
    title = f"{template.id} v{template.version} ({template.content_hash})"
    compose_sheet(plan, geometry, images, title=title).save(sheet_path)
    result = MatrixResult(
        template_id=template.id, template_version=template.version,
        template_hash=template.content_hash, out_dir=plan.out_dir, sheet=sheet_path,
        manifest=plan.out_dir / "manifest.json", size=geometry.size, rows=plan.cases,
        columns=plan.columns, cells=cells, seconds=round(time.perf_counter() - started, 3),
        created_at=datetime.now(UTC),
    )  # fmt: skip
    result.manifest.write_text(
        json.dumps(result.model_dump(mode="json") | {"labels": [c.label for c in plan.columns]},
                   indent=2, ensure_ascii=False), encoding="utf-8",
    )  # fmt: skip
    return result


def last_sheet(settings: Settings, template_id: str) -> Path | None:
    """The newest matrix sheet of a template in the default output folder, if any."""
    root = matrix_root(settings) / template_id
    sheets = sorted(root.glob("*/sheet.png")) if root.is_dir() else []
    return sheets[-1] if sheets else None
