"""The prompt engineer's workbench (studio/workbench/), as operations the CLI and the web
studio call: golden tests, prompt diffs between revisions, version warnings, matrices of
images, and what a template's page shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from studio.config import Settings
from studio.prompts import Library


def golden_tests(*, settings: Settings, template_id: str | None = None) -> list[Any]:
    """Every golden check (CheckResult) of every template, or of one."""
    from studio.workbench.golden import run_golden

    return run_golden(Library(settings.prompts_dir), template_id)


def diff_template(template_id: str, *, settings: Settings, against: str = "HEAD") -> Any:
    """What changed in the rendered prompts of the template's example inputs since git
    revision `against` (a TemplateDiff; `.changed` says whether anything did)."""
    from studio.workbench.diff import diff_template as diff

    return diff(Library(settings.prompts_dir), template_id, against=against)


def lint_warnings(*, settings: Settings, against: str = "HEAD") -> list[str]:
    """Lint's warnings: no declared version, no golden tests, content changed since `against`
    without a version bump."""
    from studio.lint import warnings

    return warnings(Library(settings.prompts_dir), against=against)


def template_matrix(
    template_id: str,
    *,
    settings: Settings,
    cases_file: Path | None,
    generators: list[str],
    seeds: list[int],
    axes: list[str] | None = None,
    size: str = "256x256",
    out_dir: Path | None = None,
    max_cells: int | None = None,
) -> Any:
    """Run the grid (cases x generators x seeds x axis values) in this process and write its
    sheet and manifest (a MatrixResult). Every value is checked before the first image; with
    no cases file the template's golden cases are the rows."""
    from studio.workbench import matrix

    library = Library(settings.prompts_dir)
    if cases_file is not None:
        cases = matrix.load_cases(cases_file)
    else:
        from studio.workbench.golden import golden_cases

        cases = [
            matrix.MatrixCase(name=c.name, variables=c.variables)
            for c in golden_cases(library, library.get(template_id).id)
        ]
    plan = matrix.plan_matrix(
        library, template_id, settings=settings, cases=cases, generators=generators,
        seeds=seeds, axes=axes, size=size, out_dir=out_dir,
        max_cells=max_cells or matrix.MAX_CELLS,
    )  # fmt: skip
    return matrix.run_matrix(library, plan, settings=settings)


def last_matrix_sheet(template_id: str, *, settings: Settings) -> Path | None:
    """The newest matrix sheet of the template under the output folder, if any."""
    from studio.workbench.matrix import last_sheet

    Library(settings.prompts_dir).get(template_id)  # an unknown id is an error, not "none"
    return last_sheet(settings, template_id)


def template_page(template_id: str, *, settings: Settings) -> dict[str, Any]:
    """What a template's web page shows: the template, its inputs, its first example input
    rendered in each dialect, and whether a matrix sheet exists."""
    from studio.errors import StudioError
    from studio.prompts import coerce_variables, render
    from studio.workbench.examples import example_inputs

    library = Library(settings.prompts_dir)
    t = library.get(template_id)
    examples = example_inputs(library, t)
    example = examples[0] if examples else None
    rendered: dict[str, Any] = {}
    for dialect in ("natural", "sd"):
        try:
            values = coerce_variables(t, dict(example.variables) if example else {})
            r = render(t, values, dialect=dialect, extra=example.extra if example else None)  # type: ignore[arg-type]
            rendered[dialect] = {"prompt": r.prompt, "negative_prompt": r.negative_prompt}
        except StudioError as exc:
            rendered[dialect] = {"prompt": f"(does not render: {exc})", "negative_prompt": ""}
    return {
        "template": t,
        "example": example,
        "rendered": rendered,
        "sheet": last_matrix_sheet(template_id, settings=settings),
    }
