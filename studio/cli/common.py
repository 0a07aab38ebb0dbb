"""What every command shares: the Typer apps, the consoles, the option types and the names
the CLI gives the request's fields."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Studio: briefs in, verified image assets and manifests out.",
)
templates_app = typer.Typer(no_args_is_help=True, help="The prompt template library (prompts/).")
app.add_typer(templates_app, name="templates")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

Pdfs = Annotated[list[Path] | None, typer.Option("--pdf", help="Attach a PDF (repeatable).")]
Refs = Annotated[
    list[Path] | None, typer.Option("--ref", help="Attach a reference image (repeatable).")
]
TemplateOpt = Annotated[
    str | None, typer.Option("--template", help="Template id (skips template choice).")
]
GeneratorOpt = Annotated[
    str | None, typer.Option("--generator", help="Generator name (default: auto).")
]
AspectOpt = Annotated[
    str | None, typer.Option("--aspect", help="Aspect ratio, e.g. 16:9, 3:4, 1:1.")
]
SizeOpt = Annotated[
    str | None, typer.Option("--size", help="Exact deliverable size WxH, e.g. 1920x1080.")
]
SeedOpt = Annotated[int | None, typer.Option("--seed", help="Seed (same seed, same images).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]
PasswordOpt = Annotated[str | None, typer.Option("--password", help="Password of encrypted PDFs.")]
BrandOpt = Annotated[str | None, typer.Option("--brand", help="Brand kit id from prompts/brands/.")]
MaxCostOpt = Annotated[
    float | None,
    typer.Option("--max-cost", help="Refuse the plan if its estimated cost (USD) is higher."),
]
PlannerOpt = Annotated[
    str | None,
    typer.Option(
        "--planner", help="offline, or provider:model, e.g. openai:gpt-4.1-mini (STUDIO_PLANNER)."
    ),
]


FLAGS = {  # request fields -> this front end's words for them
    "text": "the brief",
    "documents": "--pdf",
    "references": "--ref",
    "template": "--template",
    "generator": "--generator",
    "aspect": "--aspect",
    "size": "--size",
    "seed": "--seed",
    "brand": "--brand",
    "password": "--password",
    "budget": "--max-cost",
    "planner": "--planner",
    "variables": "--var",
    "dialect": "--dialect",
    "queues": "--queues",
}


def _state(s: str) -> str:
    color = {"succeeded": "green", "failed": "red", "refused": "magenta", "running": "yellow"}.get(
        s, "white"
    )
    return f"[{color}]{s}[/]"
