"""What every operation works in: settings, template library, store and ledger (and where
events go), and the one way to open it. The CLI, the workers, the HTTP service and the tests
all call `open_context`; nothing else builds a `Ledger` or a store for a run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studio.config import Settings
from studio.domain import utcnow
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
