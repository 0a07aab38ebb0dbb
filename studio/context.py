"""What every operation works in: settings, template library, store and ledger (and where
events go), and the one way to open it. The CLI, the workers, the HTTP service and the tests
all call `open_context`; nothing else builds a `Ledger` or a store for a run.

Opening is where an operator's mistakes show (an output directory that is a file or cannot
be written, a malformed STUDIO_DATABASE_URL, a read-only or damaged SQLite file, a database
that is down): each becomes a StudioError saying what is wrong and what to do, never a
driver's traceback, and never with the database password in it (`ledger_error`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studio.config import Settings
from studio.domain import utcnow
from studio.errors import ConfigError, LedgerError, StudioError
from studio.ledger import Ledger
from studio.prompts import Library
from studio.store import LocalStore, Store, open_store

EventFn = Callable[[dict[str, Any]], None]


@dataclass
class Context:
    settings: Settings
    library: Library
    store: Store
    ledger: Ledger
    events: list[EventFn] = field(default_factory=list)
    # plans and briefs never change once submitted: a worker parses each one once
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def emit(self, brief_id: str, type_: str, **data: Any) -> None:
        event = {"brief_id": brief_id, "type": type_, "at": utcnow().isoformat(), **data}
        for fn in self.events:
            fn(event)


def open_context(
    settings: Settings, *, out_dir: Path | None = None, events: list[EventFn] | None = None
) -> Context:
    """The ledger from STUDIO_DATABASE_URL and the store from STUDIO_STORAGE_URL (shared by
    every machine of a deployment), or `out_dir` as a local store for this run. (The CLI's
    `--out DIR` also sets the settings' output_dir, so that DIR/studio.db is the ledger when
    STUDIO_DATABASE_URL is not set.)"""
    store = LocalStore(Path(out_dir)) if out_dir else open_store(settings)
    if isinstance(store, LocalStore):
        store.open_root(
            hint="give --out a directory you can write"
            if out_dir
            else "set STUDIO_OUTPUT_DIR (or STUDIO_STORAGE_URL) to a directory you can write"
        )
    return Context(
        settings=settings,
        library=Library(settings.prompts_dir),
        store=store,
        ledger=open_ledger(settings.ledger_url, configured=bool(settings.database_url)),
        events=list(events or []),
    )


def open_ledger(url: str, *, configured: bool = True) -> Ledger:
    """`Ledger(url)`, its failures said as StudioErrors (`configured`: the URL came from
    STUDIO_DATABASE_URL rather than the output directory)."""
    try:
        return Ledger(url)
    except Exception as exc:
        problem = ledger_error(exc, url, configured=configured)
        if problem is None:
            raise
        raise problem from exc


def redact_url(url: str) -> str:
    """A database URL fit to print: its password replaced by ***."""
    return re.sub(r"(://[^:/@\s]*:)[^@\s]*@", r"\1***@", url)


def ledger_error(exc: BaseException, url: str, *, configured: bool = True) -> StudioError | None:
    """What an error of the ledger's database means for the operator, or None when it is
    not one (a bug). Used where the ledger is opened and by the CLI for later writes."""
    from sqlalchemy.exc import ArgumentError, DBAPIError

    shown = redact_url(url)
    password = _password(url)
    sqlite = url.startswith("sqlite")
    where = "STUDIO_DATABASE_URL" if configured else "--out or STUDIO_OUTPUT_DIR"
    if isinstance(exc, ArgumentError):
        return ConfigError(
            f"STUDIO_DATABASE_URL {shown!r} is not a database URL Studio can use",
            hint="e.g. sqlite:////abs/path/studio.db or postgresql+psycopg://user@host:5432/db",
        )
    if isinstance(exc, ImportError):
        return ConfigError(
            f"STUDIO_DATABASE_URL {shown!r} needs the database driver "
            f"{exc.name or 'for its scheme'}, which is not installed",
            hint="use postgresql+psycopg://... (psycopg 3) or sqlite:///..., "
            "or install that driver",
        )
    if isinstance(exc, OSError) and sqlite:
        folder = Path(_sqlite_path(url)).parent
        return LedgerError(
            f"cannot create the ledger's folder {folder}: {exc.strerror or exc}",
            hint=f"choose a writable place for it ({where})",
        )
    if not isinstance(exc, DBAPIError):
        return None
    reason = (str(exc.orig) if exc.orig is not None else str(exc)).strip().splitlines()
    reason_line = reason[0] if reason else type(exc).__name__
    if password:
        reason_line = reason_line.replace(password, "***")
    if not sqlite:
        return LedgerError(
            f"cannot use the ledger database {shown}: {reason_line}",
            hint="check STUDIO_DATABASE_URL and that the database is running and reachable",
        )
    path = _sqlite_path(url)
    low = reason_line.lower()
    if "readonly" in low or "read-only" in low:
        return LedgerError(
            f"the ledger {path} is read-only",
            hint=f"make it and its folder writable, or put the ledger elsewhere ({where})",
        )
    if "not a database" in low or "malformed" in low or "corrupt" in low:
        return LedgerError(
            f"the ledger {path} is not a SQLite database, or is damaged",
            hint=f"move it aside (a new one is made), or put the ledger elsewhere ({where})",
        )
    if "unable to open" in low:
        return LedgerError(
            f"cannot open the ledger {path}",
            hint=f"check that it and its folder exist and are writable ({where})",
        )
    return LedgerError(
        f"the ledger {path} failed: {reason_line}",
        hint=f"check the file and its folder, or put the ledger elsewhere ({where})",
    )


def _sqlite_path(url: str) -> str:
    return url.split(":///", 1)[-1].removeprefix("file:").split("?", 1)[0]


def _password(url: str) -> str | None:
    m = re.search(r"://[^:/@\s]*:([^@\s]*)@", url)
    return m.group(1) if m and m.group(1) else None
