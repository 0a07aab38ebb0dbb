"""What the batch tests share: input folders of small earnings PDFs (copies of the example
release, each with distinct bytes: a PDF comment appended), a broken PDF among them, and the
real CLI as a subprocess with its own output folder and ledger (SQLite, or PostgreSQL when
STUDIO_TEST_DATABASE=postgresql)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLE_PDF, REPO
from tests.workers_support import ledger_url_for_test, on_postgres

STUDIO = str(Path(sys.executable).parent / "studio")
SIZE = "640x360"  # the smallest 16:9 the infographic layout draws (320 px a side at least)


def release_copy(path: Path, n: int) -> Path:
    """The example release with a PDF comment appended: the same document, distinct bytes."""
    path.write_bytes(EXAMPLE_PDF.read_bytes() + f"% batch copy {n}\n".encode())
    return path


def broken_pdf(path: Path) -> Path:
    """A PDF cut short: its header is there, its body is not."""
    path.write_bytes(EXAMPLE_PDF.read_bytes()[:600])
    return path


def inputs(folder: Path, good: int, *, broken_at: int | None = None) -> Path:
    """`good` releases named q1.pdf, q2.pdf, ... and a broken one at position `broken_at`."""
    folder.mkdir(parents=True, exist_ok=True)
    names = [f"q{i + 1}.pdf" for i in range(good)]
    if broken_at is not None:
        names.insert(broken_at, "q2-broken.pdf")
    for n, name in enumerate(names):
        if "broken" in name:
            broken_pdf(folder / name)
        else:
            release_copy(folder / name, n)
    return folder


def studio_env(folder: Path, **extra: str) -> dict[str, str]:
    """The environment of a `studio` subprocess: no STUDIO_* of the caller's but these."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STUDIO_", "AWS_"))}
    env |= {"STUDIO_PROMPTS_DIR": str(REPO / "prompts"), "PYTHONUNBUFFERED": "1"}
    if on_postgres():
        env["STUDIO_DATABASE_URL"] = ledger_url_for_test(folder)
    return env | extra


def studio(
    *args: str, env: dict[str, str], cwd: Path, timeout: float = 600
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [STUDIO, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout
    )


def batch_json(out: Path, batch_id: str, env: dict[str, str]) -> dict:
    done = studio("batch", "status", batch_id, "--json", "--out", str(out), env=env, cwd=out.parent)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def deliverables(out: Path) -> dict[str, tuple[float, bytes]]:
    """Every deliverable under `out` (relative path -> mtime, bytes)."""
    return {
        str(p.relative_to(out)): (p.stat().st_mtime, p.read_bytes())
        for p in sorted(out.glob("b-*/infographic-*.png"))
    }
