"""What the HTTP service reads on a user's behalf, always as that owner (another owner's brief
is "not found"): one page of briefs, a brief's manifest and asset bytes (keys confined to the
brief's own folder in its store), its live events with a final one from the ledger, and
`serve`, which starts the HTTP service when its extra is installed."""

from __future__ import annotations

import base64
import json
import mimetypes
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from studio.config import Settings
from studio.context import open_context
from studio.dispatch import Dispatcher
from studio.domain import State
from studio.errors import ExtraMissingError, NotFoundError, StorageError, UserInputError
from studio.ledger import pages as ledger_pages
from studio.service.views import BriefView
from studio.store import read_url, store_of
from studio.store.base import check_key

STATES = tuple(s.value for s in State)  # planned, running, succeeded, failed, refused, cancelled


def page_briefs(
    *,
    settings: Settings,
    owner: str,
    limit: int = 20,
    state: str | None = None,
    after: str | None = None,
) -> tuple[list[BriefView], str | None]:
    """(the owner's briefs newest first, the cursor to pass as `after` for the next page or
    None at the end). `state` keeps only briefs in that state; `after` is the cursor the
    previous page returned (opaque: it names that page's last brief and when it was made)."""
    if state is not None and state not in STATES:
        raise UserInputError(
            f"unknown state {state!r}", hint=f"use one of {', '.join(STATES)}", field="state"
        )
    before = _read_cursor(after) if after is not None else None
    ledger = open_context(settings).ledger
    rows = ledger_pages.page_briefs(
        ledger, owner=owner, limit=limit + 1, state=state, before=before
    )
    page = rows[:limit]
    more = len(rows) > limit
    cursor = _cursor(page[-1].created_at, page[-1].id) if more else None
    return [BriefView.of(r, read=read_url) for r in page], cursor


def _cursor(created_at: datetime, brief_id: str) -> str:
    raw = f"{created_at.astimezone(UTC).isoformat()}|{brief_id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _read_cursor(cursor: str) -> tuple[datetime, str]:
    """(created_at, id) of the brief a cursor names; UserInputError when it names none."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, brief_id = raw.split("|", 1)
        created_at = datetime.fromisoformat(stamp)
        if created_at.tzinfo is None or not brief_id:
            raise ValueError(raw)
    except ValueError:  # binascii.Error and UnicodeDecodeError are ValueErrors
        raise UserInputError(
            "unknown cursor", hint="pass the `cursor` of the previous page", field="cursor"
        ) from None
    return created_at.astimezone(UTC), brief_id


def _brief_store(brief_id: str, *, settings: Settings, owner: str) -> tuple[Any, Any]:
    row = open_context(settings).ledger.get(brief_id, owner=owner)
    if not row.out_dir:
        raise NotFoundError(f"brief {brief_id!r} has no files yet")
    return row, store_of(row.out_dir)


def manifest(brief_id: str, *, settings: Settings, owner: str) -> dict[str, Any]:
    """A finished brief's manifest, as JSON (NotFoundError before it has one)."""
    row = open_context(settings).ledger.get(brief_id, owner=owner)
    if not row.manifest:
        raise NotFoundError(
            f"brief {brief_id!r} has no manifest yet", hint="it is written when the brief ends"
        )
    try:
        return json.loads(read_url(row.manifest))
    except StorageError as exc:
        raise NotFoundError(f"the manifest of brief {brief_id!r} is gone") from exc


def asset(brief_id: str, path: str, *, settings: Settings, owner: str) -> tuple[bytes, str]:
    """(the bytes, the media type) of one file in a brief's folder. `path` must be a safe key
    inside that folder; anything else is not found."""
    row, store = _brief_store(brief_id, settings=settings, owner=owner)
    try:
        check_key(f"{row.id}/{path}")
    except StorageError as exc:
        raise NotFoundError(f"no asset {path!r} in brief {brief_id!r}") from exc
    try:
        data = store.read(f"{row.id}/{path}")
    except StorageError as exc:
        raise NotFoundError(f"no asset {path!r} in brief {brief_id!r}") from exc
    media = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return data, media


def brief_events(
    brief_id: str,
    *,
    settings: Settings,
    owner: str,
    dispatcher: Dispatcher,
    after: int = 0,
    block_ms: int = 500,
    idle: float = 15.0,
) -> Iterator[tuple[int, dict[str, Any]] | None]:
    """A brief's events as (number, event), numbered from 1 in the order they happened; the
    last is always {"type": "end", "state": ...} from the ledger, so a reader that comes
    after the end still gets one. Only numbers above `after` are yielded (a reconnecting
    reader passes the last one it saw). None now and then while nothing happens (every
    `idle` seconds), so a caller can keep its connection alive."""
    ledger = open_context(settings).ledger
    ledger.get(brief_id, owner=owner)  # another owner's brief is not found
    reader = dispatcher.events(brief_id)
    seen = 0
    quiet = time.monotonic()
    while True:
        new = reader.read(block_ms=block_ms) if reader is not None else []
        if reader is None:
            time.sleep(block_ms / 1000)
        row = ledger.get(brief_id)
        if row.state.terminal and reader is not None:
            new += reader.read(block_ms=1)  # what was sent just before the end (0: forever)
        for event in new:
            seen += 1
            if seen > after:
                quiet = time.monotonic()
                yield seen, event
        if row.state.terminal:
            seen += 1
            if seen > after:
                yield (
                    seen,
                    {
                        "brief_id": brief_id,
                        "type": "end",
                        "state": row.state.value,
                        "error": row.error,
                    },
                )
            return
        if time.monotonic() - quiet > idle:
            quiet = time.monotonic()
            yield None


def serve(
    settings: Settings, *, host: str = "127.0.0.1", port: int = 8000, threads: int = 2
) -> None:
    """Run the HTTP service until it is stopped (needs the `api` extra)."""
    try:
        import uvicorn

        from studio.api import create_app
    except ImportError as exc:  # the base install has no FastAPI
        raise ExtraMissingError("the HTTP service", "api") from exc
    uvicorn.run(create_app(settings, threads=threads), host=host, port=port, log_level="info")
