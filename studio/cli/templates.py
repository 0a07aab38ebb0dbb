"""`studio templates ...`: the prompt engineer's view of prompts/ — list, show, render the
exact prompt a generator would get, lint; and the workbench: test (golden tests), diff (what
an edit does to the rendered prompts), matrix (a labelled grid of images)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from studio.cli.common import JsonOpt, err, out, plain, shown, templates_app
from studio.config import get_settings


@templates_app.command("list")
def templates_list(as_json: JsonOpt = False) -> None:
    """Every template with its id, version, layout and title."""
    from studio import service

    views = service.templates(settings=get_settings())
    if as_json:
        out.print_json(json.dumps([v.model_dump() for v in views]))
        return
    table = Table("id", "version", "layout", "title")
    for t in views:
        table.add_row(shown(t.id), shown(t.version), shown(t.layout), shown(t.title))
    out.print(table)


@templates_app.command("show")
def templates_show(template_id: str, as_json: JsonOpt = False) -> None:
    """One template: description, inputs, sizes, examples, and its file."""
    from studio import service

    t = service.template(template_id, settings=get_settings())
    if as_json:
        out.print_json(t.model_dump_json())
        return
    out.print(f"[bold]{shown(t.title)}[/] ({shown(t.id)} v{shown(t.version)}) — {shown(t.path)}")
    out.print(shown(t.description.strip()))
    table = Table("input", "type", "default", "description")
    for name, spec in t.inputs.items():
        default = "(required)" if spec.required else json.dumps(spec.default)
        table.add_row(shown(name), shown(spec.type), shown(default[:40]), shown(spec.description))
    out.print(table)
    out.print(
        "sizes: "
        + ", ".join(f"{shown(a)} {w}x{h}" for a, (w, h) in t.outputs.sizes.items())
        + f" (default {shown(t.outputs.default_aspect)}); layout {shown(t.composition.layout)}"
    )
    for ex in t.examples:
        out.print(f"  e.g. {shown(ex, one_line=True)}")


@templates_app.command("render")
def templates_render(
    template_id: str,
    var: Annotated[list[str] | None, typer.Option("--var", help="key=value (repeatable).")] = None,
    dialect: Annotated[
        str, typer.Option(help="natural (hosted models) or sd (diffusion).")
    ] = "natural",
    panel: Annotated[
        int | None, typer.Option(help="Render panel N of a multi-panel template.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Print the exact prompt and negative prompt a generator would receive."""
    from studio import service
    from studio.errors import VariableError

    given: dict[str, str] = {}
    for item in var or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise VariableError(
                f"--var {item!r} is not key=value", hint="e.g. --var subject=Casablanca"
            )
        given[key.strip()] = value
    t, rendered, panel_ctx = service.render_template(
        template_id, settings=get_settings(), variables=given, dialect=dialect, panel=panel
    )
    if as_json:
        out.print_json(rendered.model_dump_json())
        return
    print(
        f"# {plain(t.id)} v{plain(t.version)} · dialect {plain(dialect)}"
        + (f" · panel {panel_ctx['index']}" if panel_ctx else "")
    )
    print("prompt:", plain(rendered.prompt))
    print("negative_prompt:", plain(rendered.negative_prompt))


@templates_app.command("lint")
def templates_lint() -> None:
    """Validate every file in prompts/: schema, variables, renders, example routing."""
    from studio import service

    settings = get_settings()
    problems, n = service.lint_templates(settings=settings)
    for p in problems:
        err.print(plain(p), markup=False, highlight=False, soft_wrap=True)
    for w in service.lint_warnings(settings=settings):
        err.print("warning: " + plain(w), markup=False, highlight=False, soft_wrap=True)
    if problems:
        err.print(f"{len(problems)} problem(s) in {n} templates")
        raise typer.Exit(1)
    out.print(f"{n} templates OK")


@templates_app.command("test")
def templates_test(
    template_id: Annotated[str | None, typer.Argument(help="One template (default: all).")] = None,
    failures_only: Annotated[
        bool, typer.Option("--failures", help="List only the failed checks.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Run the golden tests in prompts/tests/: a pass/fail table; exit 1 on any failure."""
    from studio import service

    results = service.golden_tests(settings=get_settings(), template_id=template_id)
    failed = [r for r in results if not r.ok]
    if as_json:
        out.print_json(json.dumps([r.model_dump() for r in results]))
    else:
        table = Table("template", "case", "dialect", "check", "result")
        for r in failed if failures_only else results:
            verdict = "[green]pass[/]" if r.ok else f"[red]FAIL[/] {shown(r.detail)}"
            table.add_row(shown(r.template), shown(r.case), r.dialect, shown(r.check), verdict)
        out.print(table)
        cases = {(r.template, r.case) for r in results}
        out.print(
            f"{len(results) - len(failed)} passed, {len(failed)} failed "
            f"({len(cases)} cases, {len({r.template for r in results})} templates)"
        )
    if failed or not results:
        raise typer.Exit(1)


@templates_app.command("diff")
def templates_diff(
    template_id: str,
    against: Annotated[
        str, typer.Option("--against", help="Git revision to compare with.")
    ] = "HEAD",
    as_json: JsonOpt = False,
) -> None:
    """What changed in the rendered prompts of the template's examples and golden cases,
    per dialect, between REV and the working copy; exit 1 when anything did."""
    from studio import service

    d = service.diff_template(template_id, settings=get_settings(), against=against)
    if as_json:
        out.print_json(d.model_dump_json())
    else:
        old = f"v{d.old_version} ({d.old_hash})" if d.old_version else "(not in that revision)"
        print(f"# {plain(d.template_id)}: {plain(against)} {plain(old)} -> working copy "
              f"v{plain(d.new_version)} ({d.new_hash}); {len(d.inputs)} example inputs")  # fmt: skip
        for change in d.changes:
            print(plain(change.diff))
        if not d.changes:
            print("no change in any rendered prompt")
        elif d.old_version == d.new_version:
            err.print(f"warning: the prompts changed but the version is still {d.new_version}")
    if d.changed:
        raise typer.Exit(1)


def _ints(text: str, what: str) -> list[int]:
    from studio.errors import UserInputError

    try:
        return [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise UserInputError(f"{what} {text!r} must be whole numbers", hint="e.g. 1,2,3") from None


@templates_app.command("matrix")
def templates_matrix(
    template_id: str,
    vars_file: Annotated[
        Path | None,
        typer.Option("--vars", help="Cases YAML (cases: [{name, variables}]); default: golden."),
    ] = None,
    generators: Annotated[
        str, typer.Option("--generators", help="Comma-separated generators.")
    ] = "offline",
    seeds: Annotated[str, typer.Option("--seeds", help="Comma-separated seeds.")] = "1",
    axis: Annotated[
        list[str] | None,
        typer.Option("--axis", help="NAME=V1,V2: a parameter or template input (repeatable)."),
    ] = None,
    size: Annotated[str, typer.Option("--size", help="Each cell's size.")] = "256x256",
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Output folder (default OUTPUT/matrix/ID/TIME).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """A labelled contact sheet: one row per case, one column per generator/seed/axis value,
    every cell made by the real generator here; plus manifest.json."""
    from studio import service

    result = service.template_matrix(
        template_id, settings=get_settings(), cases_file=vars_file,
        generators=[g.strip() for g in generators.split(",") if g.strip()],
        seeds=_ints(seeds, "seeds"), axes=axis or [], size=size, out_dir=out_dir,
    )  # fmt: skip
    if as_json:
        out.print_json(result.model_dump_json())
        return
    failed = [c for c in result.cells if c.error]
    out.print(
        f"{len(result.cells)} cells ({len(result.rows)} x {len(result.columns)}) in "
        f"{result.seconds:.1f}s, {len(failed)} failed"
    )
    for c in failed:
        err.print(f"cell r{c.row}c{c.col} ({shown(c.generator)}): {shown(c.error)}")
    print(f"sheet: {plain(result.sheet)}")
    print(f"manifest: {plain(result.manifest)}")
    if failed:
        raise typer.Exit(1)
