"""What every command shares: the Typer apps, the consoles, the option types, the names
the CLI gives the request's fields, the settings of a command (its --out), the PDF password
(--password, --password-prompt or STUDIO_PDF_PASSWORD), and `shown`: user text (briefs,
errors, titles, paths) made safe to print with Rich: no markup, no terminal escapes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from studio.config import Settings

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
PasswordOpt = Annotated[
    str | None,
    typer.Option(
        "--password",
        help="Password of encrypted PDFs (visible in `ps`: prefer --password-prompt or "
        "STUDIO_PDF_PASSWORD).",
    ),
]
PasswordPromptOpt = Annotated[
    bool, typer.Option("--password-prompt", help="Ask for the PDF password (not echoed).")
]
OutOpt = Annotated[
    Path | None,
    typer.Option(
        "--out", help="Output root a run was given with --out (its ledger is OUT/studio.db)."
    ),
]
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
    return f"[{color}]{shown(s)}[/]"


# terminal escapes (CSI, OSC, DCS/PM/APC strings, two-byte ESC sequences, 8-bit CSI) and the
# remaining control characters (tab and newline stay), bidi overrides included
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[ -~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")

_SURROGATES = re.compile("[\ud800-\udfff]")


def plain(text: object, *, one_line: bool = False) -> str:
    """User text fit for a terminal: escape sequences and control characters removed, bytes
    that were not UTF-8 (lone surrogates) shown as U+FFFD; `one_line` folds line breaks."""
    s = str(text)
    s = _SURROGATES.sub("\ufffd", s)
    s = _CONTROLS.sub("", _ESCAPES.sub("", s))
    return " ".join(s.split()) if one_line else s


def shown(text: object, *, one_line: bool = False) -> str:
    """User text to put inside Rich markup: `plain`, then its square brackets escaped."""
    return escape(plain(text, one_line=one_line))


def settings_for(out_dir: Path | None) -> Settings:
    """The settings of a command: with --out DIR, DIR is the output directory, so the ledger
    is DIR/studio.db unless STUDIO_DATABASE_URL names another."""
    from studio.config import get_settings

    settings = get_settings()
    if out_dir is not None:
        settings = settings.model_copy(update={"output_dir": Path(out_dir)})
    _current["ledger_url"] = settings.ledger_url
    _current["configured"] = bool(settings.database_url)
    return settings


_current: dict[str, object] = {}  # the ledger the running command uses (for error lines)


def forget_ledger() -> None:
    """A new command starts: no ledger chosen yet."""
    _current.clear()


def current_ledger() -> tuple[str, bool]:
    """The ledger URL of the running command and whether STUDIO_DATABASE_URL named it."""
    if "ledger_url" not in _current:
        settings_for(None)
    return str(_current["ledger_url"]), bool(_current["configured"])


def pdf_password(password: str | None, prompt: bool, settings: Settings) -> str | None:
    """--password, else the answer to --password-prompt, else STUDIO_PDF_PASSWORD."""
    from studio.errors import UserInputError

    if password is not None and prompt:
        raise UserInputError(
            "give --password or --password-prompt, not both", hint="--password-prompt is safer"
        )
    if prompt:
        return typer.prompt("PDF password", hide_input=True, err=True)
    if password is not None:
        return password
    return settings.pdf_password.get_secret_value() if settings.pdf_password else None
