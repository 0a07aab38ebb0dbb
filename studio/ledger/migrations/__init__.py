"""The ledger's schema history (Alembic revisions in versions/, run programmatically: no
alembic.ini) and `upgrade`, which brings a ledger to the revision this Studio knows.

    0001  the tables as Studio first created them (metadata.create_all)
    0002  free text as TEXT (owner, template_id, planner, generator)
    0003  lease columns on briefs and jobs
    0004  accounts: users and their API keys (hashed)
    0005  webhooks and their settled deliveries; briefs indexed by (owner, created_at, id)
    0006  batches and their items (one brief per input file)

Every process that opens a ledger calls `upgrade` once. A ledger already at HEAD costs one
read. Otherwise the upgrade runs under a lock, so that any number of processes starting at
once on a new ledger all succeed and exactly one of them migrates: PostgreSQL's advisory
lock, or on SQLite one `BEGIN EXCLUSIVE` transaction on the database itself (SQLite's DDL is
transactional, so a crash mid-upgrade leaves the ledger as it was). A ledger made by
create_all (tables, no alembic_version) is stamped at 0001 first; one made by a newer Studio
(a revision this one does not know) is refused with a StudioError.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool

from studio.errors import StudioError

HEAD = "0006"  # the newest revision in versions/ (a test checks they agree)
FIRST = "0001"  # the schema metadata.create_all made before there were migrations
SCRIPTS = Path(__file__).resolve().parent
PG_LOCK_ID = 727274  # pg_advisory_xact_lock key: one migrator per database at a time


def upgrade(engine: Engine) -> None:
    """Bring the ledger behind `engine` to HEAD (creating its tables when it is new)."""
    if _versions(engine) == [HEAD]:
        return
    if engine.dialect.name == "sqlite":
        _upgrade_sqlite(engine)
        return
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            # several workers start at once: one migrates, the others wait, then see HEAD
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_ID})
        upgrade_connection(conn)


def _versions(conn_or_engine: Engine | Connection) -> list[str]:
    """The revisions the database is stamped with ([] when it has no alembic_version)."""
    if isinstance(conn_or_engine, Engine):
        with conn_or_engine.connect() as conn:
            return _versions(conn)
    if not inspect(conn_or_engine).has_table("alembic_version"):
        return []
    return list(conn_or_engine.execute(text("SELECT version_num FROM alembic_version")).scalars())


def _upgrade_sqlite(engine: Engine) -> None:
    database = engine.url.database
    if not database or database == ":memory:" or engine.url.query.get("mode") == "memory":
        with engine.begin() as conn:  # private to this process: nobody to race with
            upgrade_connection(conn)
        return
    # A connection of its own, where BEGIN EXCLUSIVE is the first thing sent (the driver
    # otherwise opens transactions lazily, and not before DDL) and foreign keys are off
    # (batch mode copies tables that other tables refer to).
    migrator = create_engine(
        engine.url,
        poolclass=NullPool,
        connect_args={"timeout": 120, "isolation_level": None, "check_same_thread": False},
    )

    @event.listens_for(migrator, "connect")
    def _foreign_keys_off(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute("PRAGMA foreign_keys=OFF")

    @event.listens_for(migrator, "begin")
    def _begin_exclusive(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN EXCLUSIVE")

    try:
        with migrator.begin() as conn:
            upgrade_connection(conn)
    finally:
        migrator.dispose()


def upgrade_connection(conn: Connection) -> None:
    """Upgrade to HEAD on `conn`, which already holds the lock and an open transaction."""
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    config = Config()
    config.set_main_option("script_location", str(SCRIPTS).replace("%", "%%"))
    config.attributes["connection"] = conn
    script = ScriptDirectory.from_config(config)
    current = _versions(conn)
    for revision in current:
        try:
            script.get_revision(revision)
        except CommandError:
            raise StudioError(
                f"the ledger at {conn.engine.url!r} was made by a newer Studio "
                f"(schema revision {revision!r}; this Studio knows up to {HEAD!r})",
                hint="upgrade Studio on this machine (every process sharing a ledger must "
                "run the same or a newer version)",
            ) from None
    if not current and inspect(conn).has_table("briefs"):
        command.stamp(config, FIRST)  # made by create_all before there were migrations
    command.upgrade(config, "head")
