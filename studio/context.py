"""One way to open what every operation works in: settings, template library, store and
ledger (and where events go). The CLI, the workers, the HTTP service and the tests all call
`open_context`; nothing else builds a `Ledger` or a store for a run."""

from __future__ import annotations

from pathlib import Path

from studio.config import Settings
from studio.executor import Context, EventFn
from studio.ledger import Ledger
from studio.prompts import Library
from studio.store import LocalStore, open_store


def open_context(
    settings: Settings, *, out_dir: Path | None = None, events: list[EventFn] | None = None
) -> Context:
    """The ledger from STUDIO_DATABASE_URL and the store from STUDIO_STORAGE_URL (shared by
    every machine of a deployment), or `out_dir` as a local store for this run."""
    store = LocalStore(Path(out_dir)) if out_dir else open_store(settings)
    if isinstance(store, LocalStore):
        store.root.mkdir(parents=True, exist_ok=True)
    return Context(
        settings=settings,
        library=Library(settings.prompts_dir),
        store=store,
        ledger=Ledger(settings.ledger_url),
        events=list(events or []),
    )
