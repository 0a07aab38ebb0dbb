"""One SQLAlchemy engine per database URL per process: SQLite pragmas, PostgreSQL idle pings,
the schema brought up to date (Alembic migrations under a lock, see
studio.ledger.migrations) when the engine is made, and what counts as the database being
away for now."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, DisconnectionError

from studio.ledger.migrations import upgrade

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def _engine(url: str) -> Engine:
    with _engines_lock:
        if url not in _engines:
            kwargs: dict[str, Any] = {"future": True}
            if url.startswith("sqlite"):
                kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
                path = url.split(":///", 1)[-1]
                if path and path != ":memory:":
                    Path(path).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, **kwargs)
            if url.startswith("sqlite"):
                event.listen(engine, "connect", _sqlite_pragmas)
            else:
                event.listen(engine, "checkout", _ping_if_idle)
                event.listen(engine, "checkin", _note_checkin)
            # several processes start at once: one migrates under a lock, the others wait
            upgrade(engine)
            _engines[url] = engine
        return _engines[url]


def dispose_engines() -> None:
    """Forget connections inherited through fork (Celery's prefork children call this)."""
    with _engines_lock:
        for engine in _engines.values():
            engine.dispose(close=False)


IDLE_PING_S = 10.0


def _ping_if_idle(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
    """Pre-ping, but only connections that sat idle (a database restart shows there): a busy
    worker checks a connection out several times per job, and a ping each time would cost a
    round trip each. A hot connection that broke fails its statement instead, and the worker
    retries that job later like after any infrastructure error."""
    last = record.info.get("checked_in")
    if last is not None and time.monotonic() - last < IDLE_PING_S:
        return
    try:
        cursor = dbapi_conn.cursor()
        cursor.execute("SELECT 1")
        cursor.close()
        dbapi_conn.rollback()  # leave it idle, as the pool hands it out
    except Exception as exc:
        raise DisconnectionError(f"stale database connection: {exc}") from exc


def _note_checkin(_dbapi_conn: Any, record: Any) -> None:
    record.info["checked_in"] = time.monotonic()


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")  # readers don't block the writer
    # WAL + NORMAL: commits survive any process crash and the file is never corrupted; only
    # an OS crash or power cut can roll back the last commits (PostgreSQL for fleets)
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def is_transient_database_error(exc: BaseException) -> bool:
    """The ledger's database unreachable or failing for now (any error the driver raised, as
    SQLAlchemy wraps it): retry later, it is not the job's fault."""
    return isinstance(exc, DBAPIError)
