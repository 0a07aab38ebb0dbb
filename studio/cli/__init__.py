"""`studio ...` — the command line. Thin: parse options into a request, call studio.service,
render the view with Rich. Every StudioError becomes one line on stderr (its hint in the CLI's
words: request fields become flags) and a non-zero exit code; no tracebacks for users
(STUDIO_DEBUG=1 shows them).

    common.py     the Typer apps, consoles, shared options, field -> flag names
    briefs.py     run, plan, list, status, cancel, worker, facts
    templates.py  templates list / show / render / lint
"""

from __future__ import annotations

import os
import sys

from rich.markup import escape

from studio.cli import briefs, templates  # noqa: F401  (their commands register on `app`)
from studio.cli.common import FLAGS, app, err
from studio.errors import StudioError, name_fields

__all__ = ["app", "main"]


def main() -> None:
    try:
        app()
    except StudioError as exc:
        if os.environ.get("STUDIO_DEBUG"):
            raise
        err.print(f"[red]error:[/] {escape(name_fields(exc.message, FLAGS))}", highlight=False)
        if exc.hint:
            err.print(f"  {escape(name_fields(exc.hint, FLAGS))}", highlight=False)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as exc:  # a bug, not bad input: one line, details on request
        if os.environ.get("STUDIO_DEBUG"):
            raise
        err.print(
            f"[red]internal error:[/] {type(exc).__name__}: {escape(str(exc))}", highlight=False
        )
        err.print(
            "  this is a bug in Studio; rerun with STUDIO_DEBUG=1 for the traceback and report it"
        )
        sys.exit(70)


if __name__ == "__main__":
    main()
