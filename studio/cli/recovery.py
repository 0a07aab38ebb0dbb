"""`studio resume`: finish briefs that were interrupted (a process killed mid-run, a worker
lost, a message Redis dropped)."""

from __future__ import annotations

from typing import Annotated

import typer

from studio.cli.common import app, err, out
from studio.config import get_settings


@app.command()
def resume(
    brief_id: Annotated[
        str | None, typer.Argument(help="A brief id (default: every interrupted brief).")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every interrupted brief.")] = False,
) -> None:
    """Finish interrupted briefs: runs killed in their process are finished here; briefs on
    the workers get their lost jobs and fan-in sent again."""
    from rich.markup import escape

    from studio import service

    if brief_id is None and not all_:
        err.print("give a brief id, or --all for every interrupted brief")
        raise typer.Exit(2)
    view = service.resume(brief_id, settings=get_settings())
    for b in view.resumed_here:
        out.print(f"finished here: {b}")
    if view.requeued:
        out.print(f"sent again to the workers: {len(view.requeued)} job(s)")
    for b in view.settled:
        out.print(f"fan-in sent again: {b}")
    for b, why in view.skipped.items():
        out.print(f"left alone: {b} ({escape(why)})")
    if not (view.resumed_here or view.requeued or view.settled or view.skipped):
        out.print("nothing to resume")
