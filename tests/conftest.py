"""Shared fixtures: an isolated Studio (own output dir and SQLite ledger per test) and a way
to run the real CLI entry point in-process, capturing what a user would see."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from studio.config import reset_settings_cache

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLE_PDF = REPO / "examples" / "northwind-q3-fy2026-release.pdf"


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def json(self):  # noqa: ANN201
        return json.loads(self.out)


@pytest.fixture
def studio_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """STUDIO_* pointed at a fresh directory; returns the output root."""
    out = tmp_path / "out"
    for key in list(__import__("os").environ):
        if key.startswith("STUDIO_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("STUDIO_OUTPUT_DIR", str(out))
    monkeypatch.setenv("STUDIO_PROMPTS_DIR", str(REPO / "prompts"))
    from tests.workers_support import ledger_url_for_test, on_postgres

    if on_postgres():  # the same tests on a fresh PostgreSQL ledger (see `make test`)
        monkeypatch.setenv("STUDIO_DATABASE_URL", ledger_url_for_test(tmp_path))
    monkeypatch.chdir(tmp_path)  # no stray .env from the checkout
    reset_settings_cache()
    yield out
    reset_settings_cache()


@pytest.fixture
def cli(studio_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """cli("run", "brief", ...) -> CliResult, through studio.cli.main like the console script."""
    from studio.cli import main

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["studio", *args])
        reset_settings_cache()
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


# -- the ledger on both databases ------------------------------------------------------------
@pytest.fixture(scope="module")
def pg_database():  # noqa: ANN201
    """A fresh PostgreSQL database for this test module (skipped when none answers)."""
    import secrets

    from tests.workers_support import drop_postgres, postgres_url

    name = f"studio_test_{secrets.token_hex(5)}"
    url = postgres_url(name)
    if url is None:
        pytest.skip("no PostgreSQL at 127.0.0.1:5432 (or psycopg not installed)")
    yield url
    drop_postgres(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger(request: pytest.FixtureRequest, tmp_path: Path):  # noqa: ANN201
    """A Ledger on SQLite, then on PostgreSQL: every test that takes it runs on both."""
    from studio.ledger import Ledger

    if request.param == "sqlite":
        return Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    return Ledger(request.getfixturevalue("pg_database"))
