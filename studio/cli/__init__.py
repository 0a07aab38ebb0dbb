"""`studio ...` — the command line. Thin: parse options into a request, call studio.service,
render the view with Rich. Every StudioError becomes one line on stderr (its hint in the CLI's
words: request fields become flags) and a non-zero exit code; no tracebacks for users
(STUDIO_DEBUG=1 shows them). So does what an operator can fix that the service lets through
(the ledger's database failing on a write, no permission, a full disk); only the rest is
"internal error ... a bug" (exit 70). User text is printed without markup or terminal escapes.

    common.py     the Typer apps, consoles, shared options, field -> flag names
    briefs.py     run, plan, list, status, cancel, worker, facts
    templates.py  templates list / show / render / lint
    serve.py      serve (the HTTP API)
    accounts.py   users add / list / revoke / limits, keys create / list / revoke / dev-cert
    verify.py     verify (an image's Content Credentials)
"""

from __future__ import annotations

import errno
import os
import sys

# the command modules register their commands on `app` when imported
from studio.cli import (  # noqa: F401
    accounts,
    batch,
    briefs,
    recovery,
    serve,
    templates,
    verify,
)
from studio.cli.common import FLAGS, app, current_ledger, err, forget_ledger, shown
from studio.errors import StorageError, StudioError, name_fields

__all__ = ["app", "main"]


def _stop_on_sigterm() -> None:
    """SIGTERM ends a run like Ctrl-C: the brief is ended `cancelled` with the reason."""
    import signal

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt("SIGTERM")

    signal.signal(signal.SIGTERM, stop)


def main() -> None:
    forget_ledger()
    _stop_on_sigterm()
    try:
        app()
    except StudioError as exc:
        if os.environ.get("STUDIO_DEBUG"):
            raise
        _fail(exc)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as exc:  # a bug, not bad input: one line, details on request
        if os.environ.get("STUDIO_DEBUG"):
            raise
        problem = operator_problem(exc)
        if problem is not None:
            _fail(problem)
        err.print(
            f"[red]internal error:[/] {type(exc).__name__}: {shown(exc, one_line=True)}",
            highlight=False,
        )
        err.print(
            "  this is a bug in Studio; rerun with STUDIO_DEBUG=1 for the traceback and report it"
        )
        sys.exit(70)


def _fail(exc: StudioError) -> None:
    err.print(
        f"[red]error:[/] {shown(name_fields(exc.message, FLAGS), one_line=True)}", highlight=False
    )
    if exc.hint:
        err.print(f"  {shown(name_fields(exc.hint, FLAGS), one_line=True)}", highlight=False)
    sys.exit(exc.exit_code)


# the system refusing a write: the operator's to fix (permissions, a read-only mount, space)
_REFUSED = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, getattr(errno, "EDQUOT", -1)}


def operator_problem(exc: BaseException) -> StudioError | None:
    """An error the service let through that an operator can fix, said as a StudioError:
    the ledger's database failing (read-only, damaged, gone), or the system refusing a
    write. None for anything else (a bug)."""
    from sqlalchemy.exc import SQLAlchemyError

    from studio.service import ledger_error

    if isinstance(exc, SQLAlchemyError):
        url, configured = current_ledger()
        return ledger_error(exc, url, configured=configured)
    if isinstance(exc, OSError) and exc.errno in _REFUSED:
        where = f" {exc.filename}" if exc.filename else ""
        return StorageError(
            f"cannot write{where}: {exc.strerror or exc}",
            hint="fix the permissions or free some space, or choose another --out "
            "(STUDIO_OUTPUT_DIR, STUDIO_STORAGE_URL)",
        )
    return None


if __name__ == "__main__":
    main()
