"""`studio templates ...`: the prompt engineer's view of prompts/ — list, show, render the
exact prompt a generator would get, lint."""

from __future__ import annotations

import json
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

    problems, n = service.lint_templates(settings=get_settings())
    for p in problems:
        err.print(plain(p), markup=False, highlight=False, soft_wrap=True)
    if problems:
        err.print(f"{len(problems)} problem(s) in {n} templates")
        raise typer.Exit(1)
    out.print(f"{n} templates OK")
