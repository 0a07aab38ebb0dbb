"""The ledger's schema migrations (studio/ledger/migrations) on SQLite and on the PostgreSQL
on this machine (skipped when it is not reachable): what users and planners write fits its
columns, many processes can open a new ledger at once, a ledger made before migrations is
upgraded in place with its rows, and a ledger from a newer Studio is refused clearly."""

from __future__ import annotations

import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    inspect,
    text,
)
from sqlalchemy.engine import Engine

from studio.domain import State, utcnow
from studio.errors import StudioError
from studio.ledger import Ledger
from studio.ledger.migrations import FIRST, HEAD, SCRIPTS
from studio.ledger.schema import metadata
from tests.workers_support import drop_postgres, postgres_url

REPO = Path(__file__).resolve().parents[2]
VENV_PYTHON = REPO / ".venv" / "bin" / "python"


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty ledger database (not yet opened by any Ledger in this process)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.db'}"
        return
    name = f"studio_migrations_{secrets.token_hex(4)}"
    pg = postgres_url(name)
    if pg is None:
        pytest.skip("no PostgreSQL at 127.0.0.1:5432 (or psycopg not installed)")
    try:
        yield pg
    finally:
        drop_postgres(name)


def _old_metadata() -> MetaData:
    """The tables exactly as metadata.create_all made them before there were migrations."""
    old = MetaData()
    Table(
        "briefs",
        old,
        Column("id", String(64), primary_key=True),
        Column("owner", String(128), nullable=False, index=True),
        Column("text", Text, nullable=False),
        Column("state", String(16), nullable=False),
        Column("stage", String(32), nullable=False),
        Column("error", Text),
        Column("template_id", String(64)),
        Column("planner", String(64)),
        Column("out_dir", Text),
        Column("manifest", Text),
        Column("plan_json", Text),
        Column("jobs_total", Integer, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("started_at", DateTime(timezone=True)),
        Column("finished_at", DateTime(timezone=True)),
    )
    Table(
        "jobs",
        old,
        Column("id", String(96), primary_key=True),
        Column("brief_id", String(64), ForeignKey("briefs.id"), nullable=False, index=True),
        Column("kind", String(16), nullable=False),
        Column("state", String(16), nullable=False),
        Column("generator", String(64)),
        Column("attempts", Integer, nullable=False),
        Column("error", Text),
        Column("outputs_json", Text),
        Column("started_at", DateTime(timezone=True)),
        Column("finished_at", DateTime(timezone=True)),
        Column("seconds", Float),
    )
    return old


def _plan(ledger: Ledger, brief_id: str, *, owner: str = "ann", planner: str = "offline") -> None:
    ledger.create_brief(brief_id=brief_id, owner=owner, text="t", created_at=utcnow())
    ledger.record_plan(
        brief_id,
        plan_json="{}",
        template_id="t",
        planner=planner,
        out_dir="/o",
        jobs_spec=[
            (f"{brief_id}-j00", "generate", "offline"),
            (f"{brief_id}-c00", "compose", None),
        ],
    )


def _type(type_: object, engine: Engine) -> str:
    """A column type as the dialect writes it; PostgreSQL's FLOAT is DOUBLE PRECISION."""
    name = type_.compile(dialect=engine.dialect)  # type: ignore[attr-defined]
    return "DOUBLE PRECISION" if engine.dialect.name == "postgresql" and name == "FLOAT" else name


def _schema(engine: Engine) -> dict[str, object]:
    """Each table's columns (name, type as this dialect writes it, nullable), indexes and
    foreign keys, as the database reports them."""
    with engine.connect() as conn:
        insp = inspect(conn)
        return {
            table: {
                "columns": [
                    (c["name"], _type(c["type"], engine), c["nullable"])
                    for c in insp.get_columns(table)
                ],
                "indexes": sorted(
                    (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                    for i in insp.get_indexes(table)
                ),
                "foreign_keys": sorted(
                    (
                        tuple(f["constrained_columns"]),
                        f["referred_table"],
                        tuple(f["referred_columns"]),
                    )
                    for f in insp.get_foreign_keys(table)
                ),
            }
            for table in sorted(insp.get_table_names())
            if table != "alembic_version"
        }


def _declared(engine: Engine) -> dict[str, object]:
    """The same, for the tables schema.py declares."""
    return {
        table.name: {
            "columns": [(c.name, _type(c.type, engine), c.nullable) for c in table.c],
            "indexes": sorted(
                (i.name, tuple(c.name for c in i.columns), bool(i.unique)) for i in table.indexes
            ),
            "foreign_keys": sorted(
                ((f.parent.name,), f.column.table.name, (f.column.name,))
                for f in table.foreign_keys
            ),
        }
        for table in sorted(metadata.tables.values(), key=lambda t: t.name)
    }


def _version(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())


def test_head_is_the_newest_revision() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    script = ScriptDirectory.from_config(config)
    assert script.get_heads() == [HEAD]
    assert [r.revision for r in script.walk_revisions()] == [
        "0006",
        "0005",
        "0004",
        "0003",
        "0002",
        FIRST,
    ]


def test_long_planner_labels_and_owners_are_stored(url: str) -> None:
    ledger = Ledger(url)
    planner = ("offline (agent fallback: OpenAIConnectionError: Connection error.) " * 5)[:300]
    owner = "o" * 200
    _plan(ledger, "b-long", owner=owner, planner=planner)
    ledger.set_brief("b-long", state=State.failed, error="e" * 5000)
    row = ledger.get("b-long", owner=owner)
    assert (row.planner, row.owner, len(row.error)) == (planner, owner, 5000)
    assert [b.id for b in ledger.list(owner=owner)] == ["b-long"]


def test_a_new_ledger_has_exactly_the_declared_tables(url: str) -> None:
    ledger = Ledger(url)
    assert _version(ledger.engine) == [HEAD]
    assert _schema(ledger.engine) == _declared(ledger.engine)


def test_an_old_ledger_is_upgraded_in_place_and_keeps_its_rows(url: str) -> None:
    old = create_engine(url)
    try:
        _old_metadata().create_all(old)
        with old.begin() as conn:  # a brief with its jobs, as the old Studio wrote them
            conn.execute(
                text(
                    "INSERT INTO briefs (id, owner, text, state, stage, planner, jobs_total,"
                    " created_at) VALUES ('b-old', 'ann', 'old text', 'succeeded', 'done',"
                    " 'offline', 1, :now)"
                ),
                {"now": utcnow()},
            )
            conn.execute(
                text(
                    "INSERT INTO jobs (id, brief_id, kind, state, generator, attempts,"
                    " outputs_json) VALUES ('b-old-j00', 'b-old', 'generate', 'succeeded',"
                    " 'offline', 1, '[\"b-old/j.png\"]')"
                )
            )
        with old.connect() as conn:
            assert not inspect(conn).has_table("alembic_version")
    finally:
        old.dispose()

    ledger = Ledger(url)
    assert _version(ledger.engine) == [HEAD]
    assert _schema(ledger.engine) == _declared(ledger.engine)
    row = ledger.get("b-old", owner="ann")
    assert (row.text, row.state, row.planner, row.jobs_total) == (
        "old text",
        State.succeeded,
        "offline",
        1,
    )
    assert [(j.id, j.state, j.outputs) for j in row.jobs] == [
        ("b-old-j00", State.succeeded, ["b-old/j.png"])
    ]
    _plan(ledger, "b-new", planner="p" * 300)  # the widened columns take long values now
    assert ledger.get("b-new").planner == "p" * 300


def test_a_ledger_from_a_newer_studio_is_refused(url: str) -> None:
    engine = create_engine(url)
    try:
        _old_metadata().create_all(engine)
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
            conn.execute(text("INSERT INTO alembic_version VALUES ('9999')"))
    finally:
        engine.dispose()
    with pytest.raises(StudioError, match="newer Studio") as err:
        Ledger(url)
    assert "upgrade Studio" in str(err.value)


def test_downgrade_to_nothing_and_back(url: str) -> None:
    """Every revision's downgrade works (a rollback of Studio can step its ledger back)."""
    from alembic import command
    from alembic.config import Config

    engine = Ledger(url).engine
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        config.attributes["connection"] = conn
        command.downgrade(config, FIRST)
        command.downgrade(config, "base")
        command.upgrade(config, "head")
    assert _version(engine) == [HEAD]
    assert _schema(engine) == _declared(engine)


def test_processes_opening_a_new_sqlite_ledger_at_once_all_succeed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'out' / 'studio.db'}"
    python = str(VENV_PYTHON if VENV_PYTHON.exists() else Path(sys.executable))
    code = (
        "import sys; from studio.domain import utcnow; from studio.ledger import Ledger; "
        f"Ledger({url!r}).create_brief(brief_id='b-' + sys.argv[1], owner='ann', text='t', "
        "created_at=utcnow()); print('ok')"
    )
    procs = [
        subprocess.Popen(
            [python, "-c", code, str(i)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(24)
    ]
    outs = [p.communicate(timeout=180) for p in procs]
    assert [o.strip() for o, _ in outs] == ["ok"] * 24, [e for _, e in outs if e]
    ledger = Ledger(url)
    assert sorted(b.id for b in ledger.list(limit=100)) == sorted(f"b-{i}" for i in range(24))
    assert _version(ledger.engine) == [HEAD]
