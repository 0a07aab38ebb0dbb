"""What an operator gets wrong is said as one line with a non-zero exit code that is not the
"internal error ... this is a bug" one (70): unusable output directories and ledgers, wrong
database and Redis URLs, brief text that is not UTF-8, budgets and sizes that make no sense.
Also: user text reaches the terminal without markup or escape sequences, `list` shows whole
ids, files a run writes have a normal tool's modes, the PDF password need not be on the
command line, and `--out DIR` keeps its ledger in DIR."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_PDF, CliResult

BRIEF = "a whiteboard that explains how diffusion models work"
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def one_line_problem(r: CliResult, *needles: str) -> None:
    """An operator's mistake: a non-zero exit that is not 70, an `error:` line saying what
    is wrong (its hint may follow), no traceback."""
    assert r.code not in (0, 70), (r.code, r.err)
    assert "Traceback" not in r.err and "internal error" not in r.err, r.err
    lines = r.err.strip().splitlines()
    errors = [line for line in lines if line.startswith("error:")]
    assert len(errors) == 1 and len(lines) <= 2, r.err
    for needle in needles:
        assert needle in errors[0], (needle, r.err)


# -- the output directory -------------------------------------------------------------------


def test_out_that_is_a_file(cli, tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("not a directory")
    one_line_problem(cli("run", BRIEF, "--out", str(afile)), str(afile), "is a file")
    one_line_problem(cli("run", BRIEF, "--out", str(afile / "sub")), "inside", str(afile))


def test_output_dir_setting_that_is_a_file(cli, studio_env: Path) -> None:
    studio_env.parent.mkdir(parents=True, exist_ok=True)
    studio_env.write_text("a file where the output directory should be")
    r = cli("list")
    one_line_problem(r, str(studio_env), "is a file")
    assert "STUDIO_OUTPUT_DIR" in r.err


def test_out_that_cannot_be_written(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    if ROOT:  # root writes anywhere: make the system say no the way it would to a user
        monkeypatch.setattr("studio.store.local._usable", lambda _folder: False)
    else:
        locked.chmod(0o500)
    try:
        one_line_problem(cli("run", BRIEF, "--out", str(locked)), str(locked), "writable")
    finally:
        locked.chmod(0o700)


def test_permission_denied_later_is_not_a_bug() -> None:
    from studio.cli import operator_problem
    from studio.errors import StorageError

    problem = operator_problem(PermissionError(13, "Permission denied", "/srv/out/x.png"))
    assert isinstance(problem, StorageError) and "/srv/out/x.png" in problem.message
    assert operator_problem(ValueError("a bug")) is None


# -- the ledger -----------------------------------------------------------------------------


def test_corrupt_sqlite_ledger(cli, studio_env: Path) -> None:
    studio_env.mkdir(parents=True)
    (studio_env / "studio.db").write_bytes(b"this is not a SQLite database at all" * 100)
    one_line_problem(cli("list"), str(studio_env / "studio.db"), "not a SQLite database")


def test_read_only_sqlite_ledger(cli, studio_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli("run", BRIEF, "--json").code == 0
    db = studio_env / "studio.db"
    if ROOT:  # root ignores file modes: open it read-only the way SQLite would for a user
        monkeypatch.setenv("STUDIO_DATABASE_URL", f"sqlite:///file:{db}?mode=ro&uri=true")
    else:
        db.chmod(0o444)
    try:
        one_line_problem(cli("run", BRIEF), "read-only", str(db))
    finally:
        db.chmod(0o644)


def test_database_url_that_is_no_url(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDIO_DATABASE_URL", "foo")
    r = cli("list")
    one_line_problem(r, "STUDIO_DATABASE_URL", "'foo'")
    assert r.code == 2


def test_database_driver_missing_hides_the_password(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDIO_DATABASE_URL", "mysql://studio:hunter2@db.internal/studio")
    r = cli("list")
    one_line_problem(r, "STUDIO_DATABASE_URL", "driver")
    assert "hunter2" not in r.err + r.out


def test_unreachable_database_hides_the_password(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("psycopg")
    monkeypatch.setenv("STUDIO_DATABASE_URL", "postgresql+psycopg://studio:hunter2@127.0.0.1:1/db")
    r = cli("list")
    one_line_problem(r, "cannot use the ledger database", "127.0.0.1")
    assert "hunter2" not in r.err + r.out and "STUDIO_DATABASE_URL" in r.err


# -- Redis ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("redis//queue.internal", "not a Redis URL"),
        ("http://queue.internal:6379/0", "not a Redis URL"),
        ("redis://:hunter2@queue.internal:abc/0", "port"),
        ("redis://:hunter2@/0", "no host"),
        ("redis://queue.internal/zero", "database"),
    ],
)
def test_malformed_redis_url(cli, monkeypatch: pytest.MonkeyPatch, url: str, says: str) -> None:
    pytest.importorskip("celery")
    monkeypatch.setenv("STUDIO_REDIS_URL", url)
    r = cli("run", BRIEF, "--queue", "--no-wait")
    one_line_problem(r, "STUDIO_REDIS_URL", says)
    assert r.code == 2 and "hunter2" not in r.err


def test_worker_with_a_malformed_redis_url(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("celery")
    monkeypatch.setenv("STUDIO_REDIS_URL", "redis://:hunter2@queue.internal:abc/0")
    r = cli("worker", "--queues", "cpu")
    one_line_problem(r, "STUDIO_REDIS_URL", "port")
    assert r.code == 2 and "hunter2" not in r.err


def test_good_redis_urls_pass() -> None:
    pytest.importorskip("celery")
    from workers.config import check_redis_url

    for url in ("redis://127.0.0.1:6379/0", "rediss://:pw@cache:6380/1", "redis://localhost"):
        check_redis_url(url)


# -- what the user typed --------------------------------------------------------------------


def test_brief_that_is_not_utf8(cli) -> None:
    # a shell with a non-UTF-8 locale: Python keeps the stray bytes as lone surrogates
    r = cli("run", "a whiteboard \udcff\udcfe of diffusion")
    one_line_problem(r, "the brief", "UTF-8")
    assert r.code == 2


@pytest.mark.parametrize("budget", ["nan", "inf", "-1"])
def test_budget_that_is_no_amount(cli, budget: str) -> None:
    r = cli("plan", BRIEF, "--max-cost", budget)
    one_line_problem(r, "--max-cost")
    assert r.code == 2


@pytest.mark.parametrize("size", ["4096x64", "64x4096", "2000x400"])
def test_size_beyond_the_aspect_limit(cli, size: str) -> None:
    r = cli("plan", BRIEF, "--size", size)
    one_line_problem(r, size, "too extreme")
    assert "1:4" in r.err and r.code == 2
    assert cli("plan", BRIEF, "--size", "1600x400").code == 0  # 4:1 is the limit, allowed


# -- what reaches the terminal --------------------------------------------------------------


def test_markup_and_escapes_in_a_brief_are_printed_as_text(cli) -> None:
    brief = "[/bold] whiteboard [red]diffusion[/red] \x1b[31mred\x1b[0m\x1b]0;t\x07 explained"
    ran = cli("run", brief, "--json")
    assert ran.code == 0, ran.err
    brief_id = ran.json()["brief"]["id"]

    listed = cli("list")
    assert listed.code == 0, listed.err
    assert "[/bold]" in listed.out and "\x1b" not in listed.out and "\x07" not in listed.out

    status = cli("status", brief_id)
    assert status.code == 0, status.err
    assert "[/bold] whiteboard [red]diffusion[/red] red explained" in status.out
    assert "\x1b" not in status.out + status.err


def test_list_shows_whole_ids(cli) -> None:
    ids = [
        cli("run", BRIEF, "--seed", str(seed), "--json").json()["brief"]["id"] for seed in (1, 2)
    ]
    listed = cli("list")
    assert listed.code == 0
    for brief_id in ids:
        assert brief_id in listed.out.split(), listed.out


def test_plain_strips_escapes_and_controls() -> None:
    from studio.cli.common import plain, shown

    text = "a\x1b[1;31mb\x1b[0m c\x1b]8;;http://x\x1b\\d\x07e\u202ef\udcff\ng"
    assert plain(text) == "ab cdef\ufffd\ng"
    assert plain(text, one_line=True) == "ab cdef\ufffd g"
    assert shown("[/bold]") == "\\[/bold]"


# -- files, passwords and --out -------------------------------------------------------------


def test_files_a_run_writes_are_readable_by_others(cli, studio_env: Path) -> None:
    old = os.umask(0o022)
    try:
        r = cli("run", BRIEF, "--json")
    finally:
        os.umask(old)
    assert r.code == 0, r.err
    folder = studio_env / r.json()["brief"]["id"]
    files = [p for p in folder.rglob("*") if p.is_file()]
    dirs = [folder, *(p for p in folder.rglob("*") if p.is_dir())]
    assert files and {oct(p.stat().st_mode & 0o777) for p in files} == {"0o644"}
    assert {oct(p.stat().st_mode & 0o777) for p in dirs} == {"0o755"}
    assert not [p for p in folder.rglob(".tmp-*")]


@pytest.fixture
def locked_pdf(tmp_path: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(EXAMPLE_PDF))
    writer.encrypt(user_password="s3cret", owner_password="owner")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    return locked


def test_pdf_password_from_the_environment(
    cli, locked_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one_line_problem(cli("facts", str(locked_pdf), "--json"), "password")
    monkeypatch.setenv("STUDIO_PDF_PASSWORD", "s3cret")
    r = cli("facts", str(locked_pdf), "--json")
    assert r.code == 0, r.err
    assert r.json()["facts"]
    from studio.config import Settings

    assert "s3cret" not in repr(Settings()) and "s3cret" not in Settings().model_dump_json()


def test_pdf_password_prompt(cli, locked_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[dict[str, object]] = []

    def prompt(text: str, **kwargs: object) -> str:
        asked.append(kwargs)
        return "s3cret"

    monkeypatch.setattr("studio.cli.common.typer.prompt", prompt)
    r = cli("facts", str(locked_pdf), "--json", "--password-prompt")
    assert r.code == 0, r.err
    assert asked and asked[0].get("hide_input") is True
    one_line_problem(
        cli("facts", str(locked_pdf), "--password", "x", "--password-prompt"), "not both"
    )


def test_out_keeps_its_ledger(cli, studio_env: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    r = cli("run", BRIEF, "--out", str(elsewhere), "--json")
    assert r.code == 0, r.err
    brief_id = r.json()["brief"]["id"]
    assert (elsewhere / "studio.db").is_file()
    assert not (studio_env / "studio.db").exists()

    listed = cli("list", "--out", str(elsewhere), "--json")
    assert [b["id"] for b in json.loads(listed.out)] == [brief_id]
    assert cli("list", "--json").json() == []  # the default ledger never saw it
    status = cli("status", brief_id, "--out", str(elsewhere), "--json")
    assert status.code == 0 and status.json()["state"] == "succeeded"
    assert cli("status", brief_id).code == 3
    cancelled = cli("cancel", brief_id, "--out", str(elsewhere))
    assert cancelled.code == 1 and "already succeeded" in cancelled.err


def test_facts_table_prints_document_words_as_text(cli) -> None:
    from rich.console import Console

    from studio.cli.common import plain
    from studio.documents.models import DocumentInfo, Fact, FactSheet
    from studio.documents.present import format_facts_table

    sheet = FactSheet(
        document=DocumentInfo(sha256="0" * 64, pages=1),
        company="[/bold] Inc",
        facts=[
            Fact(
                key="revenue",
                label="Revenue",
                value=1.0,
                display="$1",
                page=1,
                quote="up [/red] 12% \x1b[2J",
            )
        ],
    )
    console = Console(width=100, file=io.StringIO())
    console.print(format_facts_table(sheet, words=plain))
    printed = console.file.getvalue()
    assert "[/bold] Inc" in printed and "[/red]" in printed and "\x1b[2J" not in printed

    r = cli("facts", str(EXAMPLE_PDF))
    assert r.code == 0 and "Revenue" in r.out, r.err
